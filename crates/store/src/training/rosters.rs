//! Duty rosters: who is on duty at a community's hall on which day.

use crate::{now_ms, Result, Store, StoreError};
use quanke_domain::org::OrgCode;
use serde::Serialize;
use sqlx::Row;

/// One worker on duty on one day.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Shift {
    pub day: String,
    pub user_id: String,
}

impl Store {
    /// Put a worker on duty (on = true) or take them off. The worker must belong to the
    /// community (their scope at or below it).
    pub async fn set_shift(
        &self,
        community: &OrgCode,
        day: chrono::NaiveDate,
        user_id: &str,
        on: bool,
        actor: &str,
    ) -> Result<()> {
        let user = self
            .user_by_id(user_id)
            .await?
            .ok_or(StoreError::NotFound("account"))?;
        if !community.contains(&user.scope) {
            return Err(StoreError::Invalid(
                "this worker does not belong to the community".into(),
            ));
        }
        if on {
            sqlx::query(
                "INSERT INTO roster_shifts (community_code, day, user_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (community_code, day, user_id) DO NOTHING",
            )
            .bind(community.as_str())
            .bind(day.to_string())
            .bind(user_id)
            .bind(actor)
            .bind(now_ms())
            .execute(self.pool())
            .await?;
        } else {
            sqlx::query(
                "DELETE FROM roster_shifts WHERE community_code = $1 AND day = $2 AND user_id = $3",
            )
            .bind(community.as_str())
            .bind(day.to_string())
            .bind(user_id)
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    /// The shifts of a community from `from` to `to` (inclusive), by day.
    pub async fn shifts(
        &self,
        community: &OrgCode,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<Shift>> {
        let rows = sqlx::query(
            "SELECT day, user_id FROM roster_shifts WHERE community_code = $1 AND day >= $2 AND day <= $3 ORDER BY day, user_id",
        )
        .bind(community.as_str())
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Shift {
                    day: r.try_get("day")?,
                    user_id: r.try_get("user_id")?,
                })
            })
            .collect()
    }
}
