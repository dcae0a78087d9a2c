//! Practice: which guides a worker studied, their SM-2 cards, every answer, and the measures
//! built on them (progress per category, the weakest guides).

use crate::{new_id, Result, Store};
use quanke_domain::org::OrgCode;
use quanke_domain::training::srs::Card;
use quanke_domain::training::TrainingQuestion;
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// A count per worker and category (e.g. questions learned).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CategoryCount {
    pub user_id: String,
    pub category_code: String,
    pub count: i64,
}

/// A guide and how often its questions were missed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WeakGuide {
    pub guide_code: String,
    pub category_code: String,
    pub wrong: i64,
    pub total: i64,
}

fn card(r: &sqlx::any::AnyRow) -> Result<Card> {
    Ok(Card {
        reps: r.try_get::<i64, _>("reps")? as u32,
        interval_days: r.try_get::<i64, _>("interval_days")? as u32,
        ease_milli: r.try_get::<i64, _>("ease_milli")? as u32,
        lapses: r.try_get::<i64, _>("lapses")? as u32,
        due_at: r.try_get("due_at")?,
    })
}

impl Store {
    /// Note that a worker studied a guide (opening it in the course).
    pub async fn mark_studied(&self, user_id: &str, guide_code: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO training_studied (user_id, guide_code, at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, guide_code) DO NOTHING",
        )
        .bind(user_id)
        .bind(guide_code)
        .bind(crate::now_ms())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The guides a worker has studied.
    pub async fn studied_guides(&self, user_id: &str) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT guide_code FROM training_studied WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// A worker's cards by question id.
    pub async fn training_cards(&self, user_id: &str) -> Result<HashMap<String, Card>> {
        let rows = sqlx::query(
            "SELECT question_id, reps, interval_days, ease_milli, lapses, due_at FROM training_cards WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("question_id")?, card(r)?)))
            .collect()
    }

    /// Record a practice answer: the card moves on (SM-2) and the answer is kept. Returns the
    /// card after the answer.
    pub async fn record_practice(
        &self,
        user_id: &str,
        q: &TrainingQuestion,
        right: bool,
        now: i64,
    ) -> Result<Card> {
        let mut tx = self.pool().begin().await?;
        let old = sqlx::query(
            "SELECT reps, interval_days, ease_milli, lapses, due_at FROM training_cards WHERE user_id = $1 AND question_id = $2",
        )
        .bind(user_id)
        .bind(&q.id)
        .fetch_optional(&mut *tx)
        .await?;
        let before = match old {
            Some(r) => card(&r)?,
            None => Card::default(),
        };
        let c = before.review(right, now);
        sqlx::query(
            "INSERT INTO training_cards (user_id, question_id, guide_code, category_code, reps, interval_days, ease_milli, lapses, due_at, last_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (user_id, question_id) DO UPDATE SET \
             reps = excluded.reps, interval_days = excluded.interval_days, ease_milli = excluded.ease_milli, \
             lapses = excluded.lapses, due_at = excluded.due_at, last_at = excluded.last_at",
        )
        .bind(user_id)
        .bind(&q.id)
        .bind(&q.guide_code)
        .bind(&q.category_code)
        .bind(i64::from(c.reps))
        .bind(i64::from(c.interval_days))
        .bind(i64::from(c.ease_milli))
        .bind(i64::from(c.lapses))
        .bind(c.due_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_answer(&mut tx, user_id, q, right, "practice", now).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Questions learned (answered right at least once in a row now) per worker and category,
    /// for the workers within `scope`.
    pub async fn learned_within(&self, scope: &OrgCode) -> Result<Vec<CategoryCount>> {
        let rows = sqlx::query(
            "SELECT c.user_id, c.category_code, COUNT(*) AS n FROM training_cards c JOIN users u ON u.id = c.user_id \
             WHERE c.reps >= 1 AND (u.scope_code = $1 OR u.scope_code LIKE $2) GROUP BY c.user_id, c.category_code",
        )
        .bind(scope.as_str())
        .bind(super::below(scope.as_str()))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CategoryCount {
                    user_id: r.try_get("user_id")?,
                    category_code: r.try_get("category_code")?,
                    count: r.try_get("n")?,
                })
            })
            .collect()
    }

    /// The guides whose questions are missed most, by workers within `scope`, worst first.
    pub async fn weakest_guides(&self, scope: &OrgCode, limit: i64) -> Result<Vec<WeakGuide>> {
        let rows = sqlx::query(
            "SELECT a.guide_code, a.category_code, \
             CAST(SUM(CASE WHEN a.correct = 0 THEN 1 ELSE 0 END) AS BIGINT) AS wrong, COUNT(*) AS total \
             FROM training_answers a JOIN users u ON u.id = a.user_id \
             WHERE u.scope_code = $1 OR u.scope_code LIKE $2 \
             GROUP BY a.guide_code, a.category_code HAVING SUM(CASE WHEN a.correct = 0 THEN 1 ELSE 0 END) > 0 ORDER BY wrong DESC, total DESC, a.guide_code LIMIT $3",
        )
        .bind(scope.as_str())
        .bind(super::below(scope.as_str()))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(WeakGuide {
                    guide_code: r.try_get("guide_code")?,
                    category_code: r.try_get("category_code")?,
                    wrong: r.try_get("wrong")?,
                    total: r.try_get("total")?,
                })
            })
            .collect()
    }
}

/// Keep one answer (practice or exam).
pub(crate) async fn insert_answer(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    q: &TrainingQuestion,
    right: bool,
    source: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO training_answers (id, user_id, question_id, guide_code, category_code, correct, source, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(user_id)
    .bind(&q.id)
    .bind(&q.guide_code)
    .bind(&q.category_code)
    .bind(i64::from(right))
    .bind(source)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
