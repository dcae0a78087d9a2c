//! Acting on a case: the domain decides whether an action is allowed ([`quanke_domain::cases`]);
//! here the new state, the moved deadlines and the event are written in one transaction that
//! succeeds only if nobody changed the case since it was read.

use super::{append_event, date_text, json_text, step_of, Actor, Case, EventRow};
use crate::{new_id, now_ms, Result, Store, StoreError};
use chrono::NaiveDate;
use quanke_domain::calendar::Calendar;
use quanke_domain::cases::{case_deadline, pause_range, Action, Status, Transition};
use quanke_domain::catalog::Guide;

/// A scanned file to keep with the event (already checked for size and type by the caller).
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// The bytes, base64.
    pub data_b64: String,
}

/// An allowed action and everything to record with it.
pub struct ActionInput<'a> {
    pub action: Action,
    pub transition: Transition,
    pub note: &'a str,
    /// The version the actor saw.
    pub version: i64,
    /// For a transfer: the account the current step goes to.
    pub assignee: Option<(&'a str, &'a str)>,
    pub attachments: Vec<NewAttachment>,
    pub today: NaiveDate,
    pub calendar: &'a Calendar,
    pub actor: Actor<'a>,
}

impl Store {
    /// Record an action on `case` (of `guide`, the case's own version). [`StoreError::Stale`]
    /// when the case changed since the actor read `input.version`.
    pub async fn act_on_case(
        &self,
        case: &Case,
        guide: &Guide,
        input: ActionInput<'_>,
    ) -> Result<Case> {
        if case.version != input.version {
            return Err(StoreError::Stale);
        }
        let t = input.transition;
        let today = input.today;
        let mut next = case.clone();
        next.status = t.status;
        next.current_step = t.step as i64;
        if t.pauses {
            next.paused_since = Some(today);
        }
        if t.resumes {
            if let Some(r) = case.paused_since.and_then(|s| pause_range(s, today)) {
                next.pauses.push(r);
            }
            next.paused_since = None;
        }
        if input.action == Action::Accept {
            next.accepted_on = Some(today);
            for m in guide.required_materials() {
                if !next.received.contains(&m.key) {
                    next.received.push(m.key.clone());
                }
            }
        }
        if t.new_step {
            let (role, days) = step_of(guide, t.step);
            next.step_role = role;
            next.step_days = i64::from(days);
            next.step_started_on = Some(today);
            next.assignee_id = None;
        }
        if input.action == Action::Transfer {
            next.assignee_id = input.assignee.map(|(id, _)| id.to_string());
        }
        if t.status == Status::Completed {
            next.result = input.note.trim().to_string();
        }
        let closing = t.status.is_final();
        if let Some(accepted) = next.accepted_on.filter(|_| !closing) {
            let d = case_deadline(
                input.calendar,
                accepted,
                u32::try_from(next.promised_days).unwrap_or(0),
                &next.pauses,
                next.paused_since,
                today,
            );
            let s = case_deadline(
                input.calendar,
                next.step_started_on.unwrap_or(accepted),
                u32::try_from(next.step_days).unwrap_or(0),
                &next.pauses,
                next.paused_since,
                today,
            );
            next.deadline = Some(d.date);
            next.step_deadline = Some(s.date);
            next.provisional = d.provisional || s.provisional;
        }
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE cases SET status = $1, current_step = $2, step_role = $3, assignee_id = $4, step_days = $5, \
             accepted_on = $6, step_started_on = $7, deadline = $8, step_deadline = $9, provisional = $10, \
             paused_since = $11, pauses = $12, received = $13, result = $14, updated_at = $15, \
             closed_at = $16, version = version + 1 WHERE id = $17 AND version = $18",
        )
        .bind(next.status.as_str())
        .bind(next.current_step)
        .bind(next.step_role.code())
        .bind(next.assignee_id.as_deref())
        .bind(next.step_days)
        .bind(date_text(next.accepted_on))
        .bind(date_text(next.step_started_on))
        .bind(date_text(next.deadline))
        .bind(date_text(next.step_deadline))
        .bind(i64::from(next.provisional))
        .bind(date_text(next.paused_since))
        .bind(json_text(&next.pauses))
        .bind(json_text(&next.received))
        .bind(&next.result)
        .bind(now)
        .bind(if closing { Some(now) } else { None })
        .bind(&case.id)
        .bind(input.version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Stale);
        }
        let detail = match input.assignee {
            Some((id, name)) => serde_json::json!({ "to_id": id, "to": name }),
            None => serde_json::json!({}),
        };
        let event_id = append_event(
            &mut tx,
            &EventRow {
                case_id: &case.id,
                actor: Some(input.actor),
                who: "",
                kind: input.action.as_str(),
                from: case.status.as_str(),
                to: next.status.as_str(),
                step: case.current_step,
                note: input.note.trim(),
                detail: detail.to_string(),
            },
        )
        .await?;
        for a in &input.attachments {
            sqlx::query(
                "INSERT INTO case_attachments (id, case_id, event_id, file_name, content_type, size, data, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(new_id())
            .bind(&case.id)
            .bind(&event_id)
            .bind(&a.file_name)
            .bind(&a.content_type)
            .bind(a.size)
            .bind(&a.data_b64)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.case_by_id(&case.id)
            .await?
            .ok_or(StoreError::NotFound("case"))
    }

    /// Recompute the deadlines of running cases marked provisional with `calendar` (after a year
    /// was loaded). Returns how many changed. The case's version is kept: nobody's work is made
    /// stale by a new calendar.
    pub async fn recompute_provisional(
        &self,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<u64> {
        let sql = format!(
            "SELECT {} FROM cases WHERE provisional = 1 AND status IN ('accepted', 'returned', 'suspended')",
            super::read::COLUMNS
        );
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        let mut changed = 0;
        for r in &rows {
            let c = super::read::from_row(r)?;
            let Some(accepted) = c.accepted_on else {
                continue;
            };
            let d = case_deadline(
                calendar,
                accepted,
                u32::try_from(c.promised_days).unwrap_or(0),
                &c.pauses,
                c.paused_since,
                today,
            );
            let s = case_deadline(
                calendar,
                c.step_started_on.unwrap_or(accepted),
                u32::try_from(c.step_days).unwrap_or(0),
                &c.pauses,
                c.paused_since,
                today,
            );
            let mut tx = self.pool().begin().await?;
            sqlx::query(
                "UPDATE cases SET deadline = $1, step_deadline = $2, provisional = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(date_text(Some(d.date)))
            .bind(date_text(Some(s.date)))
            .bind(i64::from(d.provisional || s.provisional))
            .bind(now_ms())
            .bind(&c.id)
            .execute(&mut *tx)
            .await?;
            let note = format!(
                "{} → {}",
                c.deadline.map(|d| d.to_string()).unwrap_or_default(),
                d.date
            );
            append_event(
                &mut tx,
                &EventRow {
                    case_id: &c.id,
                    actor: None,
                    who: "system",
                    kind: "deadline",
                    from: c.status.as_str(),
                    to: c.status.as_str(),
                    step: c.current_step,
                    note: &note,
                    detail: serde_json::json!({ "calendar": "loaded" }).to_string(),
                },
            )
            .await?;
            tx.commit().await?;
            changed += 1;
        }
        Ok(changed)
    }
}
