//! The resident's side: finding a case by number and the phone's last four digits (or the
//! receipt's QR token), counting failed look-ups against guessing, and the rating (好差评).

use super::{append_event, read::from_row, read::COLUMNS, Case, EventRow};
use crate::{new_id, now_ms, Result, Store, StoreError};
use quanke_domain::cases::{Rating, Status};
use sqlx::Row;

/// Failed look-ups in the window asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackFailures {
    pub by_ip: i64,
    pub by_number: i64,
}

/// A rating as stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RatingRecord {
    pub rating: Rating,
    pub comment: String,
    pub rated_at: i64,
}

impl Store {
    /// The case with `number` whose applicant's phone ends in `last4` (none when either is wrong,
    /// so a guess learns nothing about which).
    pub async fn case_for_tracking(&self, number: &str, last4: &str) -> Result<Option<Case>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM cases WHERE number = $1 AND phone_last4 = $2 AND phone_last4 <> ''"
        );
        let row = sqlx::query(&sql)
            .bind(number)
            .bind(last4)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The case whose receipt carries `token`.
    pub async fn case_by_track_token(&self, token: &str) -> Result<Option<Case>> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE track_token = $1");
        let row = sqlx::query(&sql)
            .bind(token)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Remember a failed look-up.
    pub async fn record_track_failure(&self, ip: &str, number: &str) -> Result<()> {
        sqlx::query("INSERT INTO track_failures (id, ip, number, at) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(ip)
            .bind(number)
            .bind(now_ms())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Failed look-ups since `since_ms` from `ip` and on `number`.
    pub async fn track_failures_since(
        &self,
        ip: &str,
        number: &str,
        since_ms: i64,
    ) -> Result<TrackFailures> {
        let by_ip: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM track_failures WHERE ip = $1 AND at >= $2")
                .bind(ip)
                .bind(since_ms)
                .fetch_one(self.pool())
                .await?;
        let by_number: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM track_failures WHERE number = $1 AND at >= $2",
        )
        .bind(number)
        .bind(since_ms)
        .fetch_one(self.pool())
        .await?;
        Ok(TrackFailures { by_ip, by_number })
    }

    /// The rating of a case, if it has one.
    pub async fn case_rating(&self, case_id: &str) -> Result<Option<RatingRecord>> {
        let row =
            sqlx::query("SELECT rating, comment, rated_at FROM case_ratings WHERE case_id = $1")
                .bind(case_id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|r| {
            let rating: String = r.try_get("rating")?;
            Ok(RatingRecord {
                rating: Rating::parse(&rating)
                    .ok_or_else(|| StoreError::Invalid(format!("unknown rating {rating}")))?,
                comment: r.try_get("comment")?,
                rated_at: r.try_get("rated_at")?,
            })
        })
        .transpose()
    }

    /// The resident rates a completed case, once. [`StoreError::Invalid`] before completion,
    /// [`StoreError::Conflict`] when it was rated already.
    pub async fn rate_case(&self, case: &Case, rating: Rating, comment: &str) -> Result<()> {
        if case.status != Status::Completed {
            return Err(StoreError::Invalid(
                "a case can be rated once it is completed".into(),
            ));
        }
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO case_ratings (case_id, rating, score, comment, rated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&case.id)
        .bind(rating.as_str())
        .bind(rating.score())
        .bind(comment.trim())
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(crate::conflict("a rating of this case"))?;
        append_event(
            &mut tx,
            &EventRow {
                case_id: &case.id,
                actor: None,
                who: "resident",
                kind: "rate",
                from: case.status.as_str(),
                to: case.status.as_str(),
                step: case.current_step,
                note: comment.trim(),
                detail: serde_json::json!({ "rating": rating.as_str() }).to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
