//! Cases (办件): intake, the workflow's actions, the append-only event log, one-time notices,
//! attachments, work lists, public tracking and ratings.
//!
//! A case row holds its state (status, current step, deadlines, `version`); every change is an
//! `UPDATE … WHERE version = $expected` plus an appended `case_events` row in one transaction, so
//! two workers acting at once cannot both win ([`StoreError::Stale`] for the second).

mod act;
mod read;
mod track;

pub use act::{ActionInput, NewAttachment};
pub use read::{AttachmentInfo, CaseEvent, CaseFilter, NoticeRecord};
pub use track::{RatingRecord, TrackFailures};

use crate::{new_id, now_ms, Result, Store, StoreError};
use chrono::NaiveDate;
use quanke_domain::calendar::{Calendar, DateRange};
use quanke_domain::cases::{case_deadline, CaseNumber, Status};
use quanke_domain::catalog::vocab::StepRole;
use quanke_domain::catalog::Guide;
use quanke_domain::org::OrgCode;
use serde::Serialize;

/// A case as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    #[serde(skip)]
    pub id: String,
    pub number: String,
    pub guide_code: String,
    pub guide_version: i64,
    pub applicant_id: String,
    pub org_code: String,
    pub name_masked: String,
    #[serde(skip)]
    pub phone_last4: String,
    pub status: Status,
    pub current_step: i64,
    pub step_role: StepRole,
    pub assignee_id: Option<String>,
    pub promised_days: i64,
    pub step_days: i64,
    pub accepted_on: Option<NaiveDate>,
    pub step_started_on: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub step_deadline: Option<NaiveDate>,
    pub provisional: bool,
    pub paused_since: Option<NaiveDate>,
    pub pauses: Vec<DateRange>,
    pub received: Vec<String>,
    pub result: String,
    #[serde(skip)]
    pub track_token: String,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub version: i64,
}

/// Who does something to a case.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// What intake records.
pub struct NewCase<'a> {
    pub guide: &'a Guide,
    pub guide_version: i64,
    pub applicant_id: &'a str,
    pub org_code: &'a OrgCode,
    pub name_masked: &'a str,
    pub phone_last4: &'a str,
    pub received: &'a [String],
    /// Required materials not received: non-empty gives a one-time notice instead of acceptance.
    pub missing: &'a [String],
    /// The eligibility answers and the conditions ticked by hand, kept with the intake event.
    pub eligibility: serde_json::Value,
    /// A warning to record with the case (e.g. the worker lacks the category's qualification).
    pub warning: Option<String>,
    pub today: NaiveDate,
    pub calendar: &'a Calendar,
    pub actor: Actor<'a>,
}

/// Today in Beijing (the days that deadlines count).
pub fn today() -> NaiveDate {
    let tz = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

pub(crate) fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub(crate) fn json_text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// The acting role of step `i` of `guide` (the last step's when past the end).
pub(crate) fn step_of(guide: &Guide, i: usize) -> (StepRole, u32) {
    guide
        .steps
        .get(i)
        .or_else(|| guide.steps.last())
        .map(|s| (s.role, s.days))
        .unwrap_or((StepRole::Worker, 0))
}

/// An event to append inside a transaction.
pub(crate) struct EventRow<'a> {
    pub case_id: &'a str,
    /// None for the resident (a rating) or the system (a recomputed deadline).
    pub actor: Option<Actor<'a>>,
    /// The name recorded when there is no actor.
    pub who: &'a str,
    pub kind: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub step: i64,
    pub note: &'a str,
    pub detail: String,
}

pub(crate) async fn append_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    e: &EventRow<'_>,
) -> Result<String> {
    let seq: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = $1")
            .bind(e.case_id)
            .fetch_one(&mut **tx)
            .await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO case_events (id, case_id, seq, at, actor_id, actor_name, kind, from_status, to_status, step, note, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(e.case_id)
    .bind(seq)
    .bind(now_ms())
    .bind(e.actor.map(|a| a.id))
    .bind(e.actor.map(|a| a.name).unwrap_or(e.who))
    .bind(e.kind)
    .bind(e.from)
    .bind(e.to)
    .bind(e.step)
    .bind(e.note)
    .bind(&e.detail)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

fn random_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 18];
    rand::thread_rng().fill_bytes(&mut b);
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

impl Store {
    /// Take in an application: a case with its number, accepted (with its deadline) when nothing
    /// required is missing, otherwise with a one-time notice of everything missing. A warning is
    /// recorded as an event of its own.
    pub async fn create_case(&self, new: &NewCase<'_>) -> Result<Case> {
        if new.guide.steps.is_empty() {
            return Err(StoreError::Invalid(format!(
                "guide {} has no process steps",
                new.guide.code
            )));
        }
        let mut tx = self.pool().begin().await?;
        let day = new.today.format("%Y%m%d").to_string();
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO case_counters (day, n) VALUES ($1, 1) \
             ON CONFLICT (day) DO UPDATE SET n = case_counters.n + 1 RETURNING n",
        )
        .bind(&day)
        .fetch_one(&mut *tx)
        .await?;
        let number = CaseNumber::new(new.today, u32::try_from(seq).unwrap_or(u32::MAX));
        let accepted = new.missing.is_empty();
        let status = if accepted {
            Status::Accepted
        } else {
            Status::NoticeIssued
        };
        let (role, step_days) = step_of(new.guide, 0);
        let (accepted_on, deadline, step_deadline, provisional) = if accepted {
            let d = case_deadline(
                new.calendar,
                new.today,
                new.guide.promised_days,
                &[],
                None,
                new.today,
            );
            let s = case_deadline(new.calendar, new.today, step_days, &[], None, new.today);
            (
                Some(new.today),
                Some(d.date),
                Some(s.date),
                d.provisional || s.provisional,
            )
        } else {
            (None, None, None, false)
        };
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO cases (id, number, guide_code, guide_version, applicant_id, org_code, name_masked, phone_last4, \
             status, current_step, step_role, promised_days, step_days, accepted_on, step_started_on, deadline, \
             step_deadline, provisional, received, track_token, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $13, $14, $15, $16, $17, $18, $19, $20, $20)",
        )
        .bind(&id)
        .bind(number.as_str())
        .bind(&new.guide.code)
        .bind(new.guide_version)
        .bind(new.applicant_id)
        .bind(new.org_code.as_str())
        .bind(new.name_masked)
        .bind(new.phone_last4)
        .bind(status.as_str())
        .bind(role.code())
        .bind(i64::from(new.guide.promised_days))
        .bind(i64::from(step_days))
        .bind(date_text(accepted_on))
        .bind(date_text(deadline))
        .bind(date_text(step_deadline))
        .bind(i64::from(provisional))
        .bind(json_text(&new.received))
        .bind(random_token())
        .bind(new.actor.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({
            "received": new.received,
            "missing": new.missing,
            "eligibility": new.eligibility,
        });
        append_event(
            &mut tx,
            &EventRow {
                case_id: &id,
                actor: Some(new.actor),
                who: "",
                kind: if accepted { "accept" } else { "notice" },
                from: "",
                to: status.as_str(),
                step: 0,
                note: "",
                detail: detail.to_string(),
            },
        )
        .await?;
        if !accepted {
            sqlx::query(
                "INSERT INTO case_notices (id, case_id, missing, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(new_id())
            .bind(&id)
            .bind(json_text(&new.missing))
            .bind(new.actor.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(w) = &new.warning {
            append_event(
                &mut tx,
                &EventRow {
                    case_id: &id,
                    actor: Some(new.actor),
                    who: "",
                    kind: "warning",
                    from: status.as_str(),
                    to: status.as_str(),
                    step: 0,
                    note: w,
                    detail: "{}".into(),
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.case_by_id(&id)
            .await?
            .ok_or(StoreError::NotFound("case"))
    }
}
