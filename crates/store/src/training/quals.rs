//! Qualifications: granted by exams (or set for the demo), read per worker and per scope, flagged
//! for a refresher when a guide of their category changes in substance, and the intake check.

use super::{below, split};
use crate::{new_id, now_ms, Result, Store, StoreError};
use chrono::NaiveDate;
use quanke_domain::org::OrgCode;
use quanke_domain::training::qualification::{Qualification, Standing};
use sqlx::Row;

fn date(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|_| StoreError::Invalid(format!("stored date {s:?} is not YYYY-MM-DD")))
}

fn qual(r: &sqlx::any::AnyRow) -> Result<Qualification> {
    Ok(Qualification {
        user_id: r.try_get("user_id")?,
        category_code: r.try_get("category_code")?,
        qualified_on: date(&r.try_get::<String, _>("qualified_on")?)?,
        expires_on: date(&r.try_get::<String, _>("expires_on")?)?,
        refresher_guides: split(&r.try_get::<String, _>("refresher_guides")?),
    })
}

const COLUMNS: &str =
    "q.user_id, q.category_code, q.qualified_on, q.expires_on, q.refresher_guides";

/// Grant (or renew) a qualification; a renewal clears any pending refresher.
pub(crate) async fn upsert(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    category: &str,
    on: NaiveDate,
    expires: NaiveDate,
    sitting_id: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO qualifications (user_id, category_code, qualified_on, expires_on, refresher_guides, sitting_id, updated_at) \
         VALUES ($1, $2, $3, $4, '', $5, $6) ON CONFLICT (user_id, category_code) DO UPDATE SET \
         qualified_on = excluded.qualified_on, expires_on = excluded.expires_on, refresher_guides = '', \
         sitting_id = excluded.sitting_id, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(category)
    .bind(on.to_string())
    .bind(expires.to_string())
    .bind(sitting_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// A passed refresher on `guides`: those guides no longer call for one.
pub(crate) async fn clear_refresher(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    category: &str,
    guides: &[String],
) -> Result<()> {
    let current: Option<String> = sqlx::query_scalar(
        "SELECT refresher_guides FROM qualifications WHERE user_id = $1 AND category_code = $2",
    )
    .bind(user_id)
    .bind(category)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(current) = current else {
        return Ok(());
    };
    let left: Vec<String> = split(&current)
        .into_iter()
        .filter(|g| !guides.contains(g))
        .collect();
    sqlx::query(
        "UPDATE qualifications SET refresher_guides = $1, updated_at = $2 WHERE user_id = $3 AND category_code = $4",
    )
    .bind(left.join(","))
    .bind(now_ms())
    .bind(user_id)
    .bind(category)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A guide of `category` changed in substance: every qualification of that category now needs a
/// refresher on it. Called inside the transaction that publishes the guide. Returns how many
/// qualifications were flagged.
pub async fn flag_refreshers(
    conn: &mut sqlx::AnyConnection,
    guide_code: &str,
    category: &str,
) -> Result<u64> {
    let rows = sqlx::query(
        "SELECT user_id, refresher_guides FROM qualifications WHERE category_code = $1",
    )
    .bind(category)
    .fetch_all(&mut *conn)
    .await?;
    let mut n = 0;
    for r in &rows {
        let user: String = r.try_get("user_id")?;
        let mut guides = split(&r.try_get::<String, _>("refresher_guides")?);
        if guides.iter().any(|g| g == guide_code) {
            continue;
        }
        guides.push(guide_code.to_string());
        sqlx::query(
            "UPDATE qualifications SET refresher_guides = $1, updated_at = $2 WHERE user_id = $3 AND category_code = $4",
        )
        .bind(guides.join(","))
        .bind(now_ms())
        .bind(&user)
        .bind(category)
        .execute(&mut *conn)
        .await?;
        n += 1;
    }
    Ok(n)
}

impl Store {
    /// Set a qualification directly (the demo, an import of earlier paper results).
    pub async fn set_qualification(
        &self,
        user_id: &str,
        category: &str,
        on: NaiveDate,
        expires: NaiveDate,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        upsert(&mut conn, user_id, category, on, expires, None).await
    }

    /// A worker's qualifications, by category.
    pub async fn qualifications_of(&self, user_id: &str) -> Result<Vec<Qualification>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM qualifications q WHERE q.user_id = $1 ORDER BY q.category_code"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(qual).collect()
    }

    /// The qualifications of every account within `scope`.
    pub async fn qualifications_within(&self, scope: &OrgCode) -> Result<Vec<Qualification>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM qualifications q JOIN users u ON u.id = q.user_id \
             WHERE u.scope_code = $1 OR u.scope_code LIKE $2 ORDER BY q.user_id, q.category_code"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(below(scope.as_str()))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(qual).collect()
    }

    /// Where a worker stands in a category on `today`: the check intake makes before accepting
    /// a case of that category.
    pub async fn qualification_for(
        &self,
        user_id: &str,
        category_code: &str,
        today: NaiveDate,
    ) -> Result<Standing> {
        let sql = format!(
            "SELECT {COLUMNS} FROM qualifications q WHERE q.user_id = $1 AND q.category_code = $2"
        );
        let r = sqlx::query(&sql)
            .bind(user_id)
            .bind(category_code)
            .fetch_optional(self.pool())
            .await?;
        let q = r.as_ref().map(qual).transpose()?;
        Ok(quanke_domain::training::qualification::standing(
            q.as_ref(),
            today,
        ))
    }

    /// Record that a worker not qualified for a guide's category took a case of it.
    pub async fn record_qualification_warning(
        &self,
        user_id: &str,
        guide_code: &str,
        category_code: &str,
        standing: Standing,
        case_ref: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO qualification_warnings (id, user_id, guide_code, category_code, standing, case_ref, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(user_id)
        .bind(guide_code)
        .bind(category_code)
        .bind(standing.code())
        .bind(case_ref)
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// How many intake warnings a worker has had (for the matrix and tests).
    pub async fn qualification_warnings_of(&self, user_id: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM qualification_warnings WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(self.pool())
                .await?,
        )
    }
}
