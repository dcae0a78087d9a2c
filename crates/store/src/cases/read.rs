//! Reading cases: one by number within scope, its history, its notice and attachments, and the
//! lists (a person's work, what is due in a unit).

use super::Case;
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use quanke_domain::account::Role;
use quanke_domain::cases::{may_act, Status};
use quanke_domain::catalog::vocab::StepRole;
use quanke_domain::org::OrgCode;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

pub(crate) const COLUMNS: &str = "id, number, guide_code, guide_version, applicant_id, org_code, name_masked, phone_last4, \
    status, current_step, step_role, assignee_id, promised_days, step_days, accepted_on, step_started_on, \
    deadline, step_deadline, provisional, paused_since, pauses, received, result, track_token, created_by, \
    created_at, updated_at, closed_at, version";

fn date(r: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    let s: Option<String> = r.try_get(col)?;
    Ok(s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

fn invalid(what: &str, v: &str) -> StoreError {
    StoreError::Invalid(format!("stored case has an unknown {what} {v:?}"))
}

pub(crate) fn from_row(r: &AnyRow) -> Result<Case> {
    let status: String = r.try_get("status")?;
    let role: String = r.try_get("step_role")?;
    let pauses: String = r.try_get("pauses")?;
    let received: String = r.try_get("received")?;
    Ok(Case {
        id: r.try_get("id")?,
        number: r.try_get("number")?,
        guide_code: r.try_get("guide_code")?,
        guide_version: r.try_get("guide_version")?,
        applicant_id: r.try_get("applicant_id")?,
        org_code: r.try_get("org_code")?,
        name_masked: r.try_get("name_masked")?,
        phone_last4: r.try_get("phone_last4")?,
        status: Status::parse(&status).ok_or_else(|| invalid("status", &status))?,
        current_step: r.try_get("current_step")?,
        step_role: StepRole::parse(&role).ok_or_else(|| invalid("step role", &role))?,
        assignee_id: r.try_get("assignee_id")?,
        promised_days: r.try_get("promised_days")?,
        step_days: r.try_get("step_days")?,
        accepted_on: date(r, "accepted_on")?,
        step_started_on: date(r, "step_started_on")?,
        deadline: date(r, "deadline")?,
        step_deadline: date(r, "step_deadline")?,
        provisional: r.try_get::<i64, _>("provisional")? != 0,
        paused_since: date(r, "paused_since")?,
        pauses: serde_json::from_str(&pauses).unwrap_or_default(),
        received: serde_json::from_str(&received).unwrap_or_default(),
        result: r.try_get("result")?,
        track_token: r.try_get("track_token")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        closed_at: r.try_get("closed_at")?,
        version: r.try_get("version")?,
    })
}

/// One entry of a case's history.
#[derive(Debug, Clone, Serialize)]
pub struct CaseEvent {
    #[serde(skip)]
    pub id: String,
    pub seq: i64,
    pub at: i64,
    pub actor: String,
    pub kind: String,
    pub from_status: String,
    pub to_status: String,
    pub step: i64,
    pub note: String,
    pub detail: serde_json::Value,
    pub attachments: Vec<AttachmentInfo>,
}

/// An attachment without its content.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentInfo {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// The one-time notice of a case.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeRecord {
    pub missing: Vec<String>,
    pub issued_by: String,
    pub issued_at: i64,
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub status: Option<Status>,
    /// Only running cases (accepted, returned, suspended).
    pub running: bool,
}

/// The scope condition on `org_code` with placeholders `$a`, `$b`.
fn scope_sql(a: usize, b: usize) -> String {
    format!("(org_code = ${a} OR org_code LIKE ${b})")
}

impl Store {
    /// A case by its id (no scope: for code that already checked it).
    pub async fn case_by_id(&self, id: &str) -> Result<Option<Case>> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A case by number within `scope`; outside it the case is "not found".
    pub async fn case_by_number(&self, number: &str, scope: &OrgCode) -> Result<Case> {
        let sql = format!(
            "SELECT {COLUMNS} FROM cases WHERE number = $1 AND {}",
            scope_sql(2, 3)
        );
        let row = sqlx::query(&sql)
            .bind(number)
            .bind(scope.as_str())
            .bind(format!("{}-%", scope.as_str()))
            .fetch_optional(self.pool())
            .await?;
        row.as_ref()
            .map(from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("case"))
    }

    /// A case's history, oldest first, each entry with its attachments.
    pub async fn case_events(&self, case_id: &str) -> Result<Vec<CaseEvent>> {
        let rows = sqlx::query(
            "SELECT id, seq, at, actor_name, kind, from_status, to_status, step, note, detail \
             FROM case_events WHERE case_id = $1 ORDER BY seq",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        let files = sqlx::query(
            "SELECT id, event_id, file_name, content_type, size FROM case_attachments WHERE case_id = $1 ORDER BY created_at, id",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get("id")?;
                let detail: String = r.try_get("detail")?;
                let attachments = files
                    .iter()
                    .filter(|f| {
                        f.try_get::<String, _>("event_id").ok().as_deref() == Some(id.as_str())
                    })
                    .map(|f| {
                        Ok(AttachmentInfo {
                            id: f.try_get("id")?,
                            file_name: f.try_get("file_name")?,
                            content_type: f.try_get("content_type")?,
                            size: f.try_get("size")?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(CaseEvent {
                    id,
                    seq: r.try_get("seq")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor_name")?,
                    kind: r.try_get("kind")?,
                    from_status: r.try_get("from_status")?,
                    to_status: r.try_get("to_status")?,
                    step: r.try_get("step")?,
                    note: r.try_get("note")?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                    attachments,
                })
            })
            .collect()
    }

    /// The one-time notice of a case, if it was given one.
    pub async fn case_notice(&self, case_id: &str) -> Result<Option<NoticeRecord>> {
        let row = sqlx::query(
            "SELECT n.missing, n.issued_at, u.display_name FROM case_notices n JOIN users u ON u.id = n.issued_by \
             WHERE n.case_id = $1 ORDER BY n.issued_at LIMIT 1",
        )
        .bind(case_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            let missing: String = r.try_get("missing")?;
            Ok(NoticeRecord {
                missing: serde_json::from_str(&missing).unwrap_or_default(),
                issued_by: r.try_get("display_name")?,
                issued_at: r.try_get("issued_at")?,
            })
        })
        .transpose()
    }

    /// One attachment's name, type and bytes (base64), if it belongs to `case_id`.
    pub async fn case_attachment(
        &self,
        case_id: &str,
        id: &str,
    ) -> Result<Option<(String, String, String)>> {
        let row = sqlx::query(
            "SELECT file_name, content_type, data FROM case_attachments WHERE case_id = $1 AND id = $2",
        )
        .bind(case_id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok((
                r.try_get("file_name")?,
                r.try_get("content_type")?,
                r.try_get("data")?,
            ))
        })
        .transpose()
    }

    /// Cases within `scope`, soonest deadline first (cases without one last), newest first among
    /// those, at most `limit`.
    pub async fn cases_within(
        &self,
        scope: &OrgCode,
        filter: &CaseFilter,
        limit: i64,
    ) -> Result<Vec<Case>> {
        let mut sql = format!("SELECT {COLUMNS} FROM cases WHERE {}", scope_sql(1, 2));
        if filter.running {
            sql.push_str(" AND status IN ('accepted', 'returned', 'suspended')");
        }
        if filter.status.is_some() {
            sql.push_str(" AND status = $4");
        }
        sql.push_str(
            " ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, created_at DESC LIMIT $3",
        );
        let mut q = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(format!("{}-%", scope.as_str()))
            .bind(limit);
        if let Some(s) = filter.status {
            q = q.bind(s.as_str());
        }
        let rows = q.fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }

    /// The work waiting for one person: running cases in their scope whose current step their
    /// role acts on, not transferred to someone else, soonest deadline first.
    pub async fn work_list(
        &self,
        user_id: &str,
        role: Role,
        scope: &OrgCode,
        limit: i64,
    ) -> Result<Vec<Case>> {
        let roles: Vec<String> = StepRole::ALL
            .iter()
            .filter(|s| may_act(role, **s))
            .map(|s| format!("'{}'", s.code()))
            .collect();
        if roles.is_empty() {
            return Ok(Vec::new());
        }
        // The role codes are fixed identifiers from the vocabulary, never user input.
        let sql = format!(
            "SELECT {COLUMNS} FROM cases WHERE {} AND status IN ('accepted', 'returned', 'suspended') \
             AND step_role IN ({}) AND (assignee_id IS NULL OR assignee_id = $3) \
             ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, created_at LIMIT $4",
            scope_sql(1, 2),
            roles.join(", ")
        );
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(format!("{}-%", scope.as_str()))
            .bind(user_id)
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }
}
