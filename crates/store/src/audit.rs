//! The audit log: who did what, to what, when, from where, and with what result. Rows are only
//! ever appended; nothing in Quanke updates or deletes them.

use crate::{new_id, now_ms, Result, Store};
use serde::Serialize;
use sqlx::Row;

/// One entry to append. Never put personal data other than the actor's user name in `detail`.
#[derive(Debug, Clone, Default)]
pub struct NewAudit<'a> {
    pub actor_id: Option<&'a str>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub detail: &'a str,
    pub ip: &'a str,
    /// `ok`, `denied`, `failed`, `locked`, …
    pub result: &'a str,
}

/// An entry as stored.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub detail: String,
    pub ip: String,
    pub result: String,
}

/// Which entries to list. Empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

impl Store {
    /// Append one entry.
    pub async fn audit(&self, e: &NewAudit<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, actor_name, action, object_type, object_id, detail, ip, result) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(new_id())
        .bind(now_ms())
        .bind(e.actor_id)
        .bind(e.actor_name)
        .bind(e.action)
        .bind(e.object_type)
        .bind(e.object_id)
        .bind(e.detail)
        .bind(e.ip)
        .bind(e.result)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Entries matching `f`, newest first, one page of `limit` from `offset`; and the total count.
    pub async fn audit_entries(
        &self,
        f: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditEntry>, i64)> {
        // Each filter is a parameter that is either NULL (no filter) or the value, so the SQL text
        // stays the same whatever is filtered.
        const WHERE: &str = "($1 IS NULL OR action = $1) AND ($2 IS NULL OR actor_name = $2) \
             AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4)";
        let count_sql = format!("SELECT COUNT(*) FROM audit_log WHERE {WHERE}");
        let total: i64 = sqlx::query_scalar(&count_sql)
            .bind(f.action.as_deref())
            .bind(f.actor.as_deref())
            .bind(f.from_ms)
            .bind(f.to_ms)
            .fetch_one(self.pool())
            .await?;
        let sql = format!(
            "SELECT id, at, actor_id, actor_name, action, object_type, object_id, detail, ip, result \
             FROM audit_log WHERE {WHERE} ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6"
        );
        let rows = sqlx::query(&sql)
            .bind(f.action.as_deref())
            .bind(f.actor.as_deref())
            .bind(f.from_ms)
            .bind(f.to_ms)
            .bind(limit)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        let entries = rows
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get("actor_id")?,
                    actor_name: r.try_get("actor_name")?,
                    action: r.try_get("action")?,
                    object_type: r.try_get("object_type")?,
                    object_id: r.try_get("object_id")?,
                    detail: r.try_get("detail")?,
                    ip: r.try_get("ip")?,
                    result: r.try_get("result")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((entries, total))
    }

    /// The distinct actions recorded so far, for the filter list.
    pub async fn audit_actions(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Used by tests and health checks: the newest entry's time, if any.
    pub async fn audit_latest_at(&self) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT MAX(at) AS m FROM audit_log")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("m")?)
    }
}
