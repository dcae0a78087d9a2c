//! Exams, their candidates and sittings. A sitting keeps the candidate's own draw as shown and
//! the server's deadline; each answer is saved as it is given; finishing grades it and grants
//! the qualifications it earned, in one transaction.

use super::{below, split};
use crate::{new_id, Result, Store, StoreError};
use quanke_domain::org::OrgCode;
use quanke_domain::training::exam::Grade;
use quanke_domain::training::TrainingQuestion;
use serde::Serialize;
use sqlx::Row;

/// An exam as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Exam {
    pub id: String,
    pub title: String,
    /// `exam` or `refresher`.
    pub kind: String,
    pub categories: Vec<String>,
    pub guides: Vec<String>,
    pub question_count: i64,
    pub minutes: i64,
    pub pass_percent: i64,
    pub valid_months: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub scope_code: String,
    pub created_by: String,
    pub created_at: i64,
}

impl Exam {
    /// True while candidates may start it.
    pub fn is_open(&self, now: i64) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

/// What it takes to create an exam.
pub struct NewExam<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub categories: &'a [String],
    pub guides: &'a [String],
    pub question_count: i64,
    pub minutes: i64,
    pub pass_percent: i64,
    pub valid_months: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub scope: &'a OrgCode,
    pub created_by: &'a str,
    pub candidates: &'a [String],
}

/// A sitting as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Sitting {
    pub id: String,
    pub exam_id: String,
    pub user_id: String,
    pub questions: Vec<TrainingQuestion>,
    pub started_at: i64,
    pub deadline_at: i64,
    pub finished_at: Option<i64>,
    pub finish_kind: Option<String>,
    pub correct: Option<i64>,
    pub total: i64,
    pub percent: Option<i64>,
    pub passed: Option<bool>,
}

impl Sitting {
    /// True once submitted or timed out.
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }
}

/// A candidate's line on an exam's results.
#[derive(Debug, Clone, Serialize)]
pub struct SittingLine {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub sitting_id: Option<String>,
    pub finished: bool,
    pub deadline_at: Option<i64>,
    pub percent: Option<i64>,
    pub passed: Option<bool>,
}

/// An exam with its numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ExamStats {
    pub exam: Exam,
    pub candidates: i64,
    pub finished: i64,
    pub passed: i64,
}

impl ExamStats {
    /// Passed among those who finished, in percent.
    pub fn pass_rate(&self) -> Option<i64> {
        (self.finished > 0).then(|| self.passed * 100 / self.finished)
    }
}

const EXAM_COLUMNS: &str =
    "e.id, e.title, e.kind, e.categories, e.guides, e.question_count, e.minutes, e.pass_percent, \
    e.valid_months, e.opens_at, e.closes_at, e.scope_code, e.created_by, e.created_at";

fn exam(r: &sqlx::any::AnyRow) -> Result<Exam> {
    Ok(Exam {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        kind: r.try_get("kind")?,
        categories: split(&r.try_get::<String, _>("categories")?),
        guides: split(&r.try_get::<String, _>("guides")?),
        question_count: r.try_get("question_count")?,
        minutes: r.try_get("minutes")?,
        pass_percent: r.try_get("pass_percent")?,
        valid_months: r.try_get("valid_months")?,
        opens_at: r.try_get("opens_at")?,
        closes_at: r.try_get("closes_at")?,
        scope_code: r.try_get("scope_code")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

const SITTING_COLUMNS: &str =
    "id, exam_id, user_id, questions, started_at, deadline_at, finished_at, finish_kind, \
    correct, total, percent, passed";

fn sitting(r: &sqlx::any::AnyRow) -> Result<Sitting> {
    let qs: String = r.try_get("questions")?;
    Ok(Sitting {
        id: r.try_get("id")?,
        exam_id: r.try_get("exam_id")?,
        user_id: r.try_get("user_id")?,
        questions: serde_json::from_str(&qs)
            .map_err(|e| StoreError::Invalid(format!("stored sitting does not parse: {e}")))?,
        started_at: r.try_get("started_at")?,
        deadline_at: r.try_get("deadline_at")?,
        finished_at: r.try_get("finished_at")?,
        finish_kind: r.try_get("finish_kind")?,
        correct: r.try_get("correct")?,
        total: r.try_get("total")?,
        percent: r.try_get("percent")?,
        passed: r.try_get::<Option<i64>, _>("passed")?.map(|p| p != 0),
    })
}

impl Store {
    /// Create an exam and its candidates (all in one transaction).
    pub async fn create_exam(&self, e: &NewExam<'_>) -> Result<String> {
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO exams (id, title, kind, categories, guides, question_count, minutes, pass_percent, valid_months, \
             opens_at, closes_at, scope_code, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&id)
        .bind(e.title)
        .bind(e.kind)
        .bind(e.categories.join(","))
        .bind(e.guides.join(","))
        .bind(e.question_count)
        .bind(e.minutes)
        .bind(e.pass_percent)
        .bind(e.valid_months)
        .bind(e.opens_at)
        .bind(e.closes_at)
        .bind(e.scope.as_str())
        .bind(e.created_by)
        .bind(crate::now_ms())
        .execute(&mut *tx)
        .await?;
        for u in e.candidates {
            sqlx::query("INSERT INTO exam_candidates (exam_id, user_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(u)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// One exam.
    pub async fn exam(&self, id: &str) -> Result<Option<Exam>> {
        let sql = format!("SELECT {EXAM_COLUMNS} FROM exams e WHERE e.id = $1");
        let r = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        r.as_ref().map(exam).transpose()
    }

    /// The exams a worker is a candidate of, newest first.
    pub async fn exams_for(&self, user_id: &str) -> Result<Vec<Exam>> {
        let sql = format!(
            "SELECT {EXAM_COLUMNS} FROM exams e JOIN exam_candidates c ON c.exam_id = e.id \
             WHERE c.user_id = $1 ORDER BY e.opens_at DESC, e.id"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(exam).collect()
    }

    /// True when the worker is a candidate of the exam.
    pub async fn is_candidate(&self, exam_id: &str, user_id: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM exam_candidates WHERE exam_id = $1 AND user_id = $2",
        )
        .bind(exam_id)
        .bind(user_id)
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// The exams made within `scope`, newest first, with their numbers.
    pub async fn exams_within(&self, scope: &OrgCode) -> Result<Vec<ExamStats>> {
        let sql = format!(
            "SELECT {EXAM_COLUMNS}, \
             (SELECT COUNT(*) FROM exam_candidates c WHERE c.exam_id = e.id) AS n_candidates, \
             (SELECT COUNT(*) FROM exam_sittings s WHERE s.exam_id = e.id AND s.finished_at IS NOT NULL) AS n_finished, \
             (SELECT COUNT(*) FROM exam_sittings s WHERE s.exam_id = e.id AND s.passed = 1) AS n_passed \
             FROM exams e WHERE e.scope_code = $1 OR e.scope_code LIKE $2 ORDER BY e.opens_at DESC, e.id"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(below(scope.as_str()))
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ExamStats {
                    exam: exam(r)?,
                    candidates: r.try_get("n_candidates")?,
                    finished: r.try_get("n_finished")?,
                    passed: r.try_get("n_passed")?,
                })
            })
            .collect()
    }

    /// Every candidate of an exam with their sitting, if any.
    pub async fn exam_results(&self, exam_id: &str) -> Result<Vec<SittingLine>> {
        let rows = sqlx::query(
            "SELECT u.id AS user_id, u.username, u.display_name, s.id AS sitting_id, s.finished_at, s.deadline_at, s.percent, s.passed \
             FROM exam_candidates c JOIN users u ON u.id = c.user_id \
             LEFT JOIN exam_sittings s ON s.exam_id = c.exam_id AND s.user_id = c.user_id \
             WHERE c.exam_id = $1 ORDER BY u.username",
        )
        .bind(exam_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SittingLine {
                    user_id: r.try_get("user_id")?,
                    username: r.try_get("username")?,
                    display_name: r.try_get("display_name")?,
                    sitting_id: r.try_get("sitting_id")?,
                    finished: r.try_get::<Option<i64>, _>("finished_at")?.is_some(),
                    deadline_at: r.try_get("deadline_at")?,
                    percent: r.try_get("percent")?,
                    passed: r.try_get::<Option<i64>, _>("passed")?.map(|p| p != 0),
                })
            })
            .collect()
    }

    /// The worker's sitting of an exam, if started.
    pub async fn sitting_of(&self, exam_id: &str, user_id: &str) -> Result<Option<Sitting>> {
        let sql = format!(
            "SELECT {SITTING_COLUMNS} FROM exam_sittings WHERE exam_id = $1 AND user_id = $2"
        );
        let r = sqlx::query(&sql)
            .bind(exam_id)
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        r.as_ref().map(sitting).transpose()
    }

    /// One sitting by id.
    pub async fn sitting(&self, id: &str) -> Result<Option<Sitting>> {
        let sql = format!("SELECT {SITTING_COLUMNS} FROM exam_sittings WHERE id = $1");
        let r = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        r.as_ref().map(sitting).transpose()
    }

    /// Start the worker's sitting with their draw, or return the one already started (a reload
    /// or a second tab never draws again).
    pub async fn start_sitting(
        &self,
        exam_id: &str,
        user_id: &str,
        questions: &[TrainingQuestion],
        now: i64,
        deadline_at: i64,
    ) -> Result<Sitting> {
        let json =
            serde_json::to_string(questions).map_err(|e| StoreError::Invalid(e.to_string()))?;
        sqlx::query(
            "INSERT INTO exam_sittings (id, exam_id, user_id, questions, started_at, deadline_at, total) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (exam_id, user_id) DO NOTHING",
        )
        .bind(new_id())
        .bind(exam_id)
        .bind(user_id)
        .bind(json)
        .bind(now)
        .bind(deadline_at)
        .bind(questions.len() as i64)
        .execute(self.pool())
        .await?;
        self.sitting_of(exam_id, user_id)
            .await?
            .ok_or(StoreError::NotFound("sitting"))
    }

    /// Save one answer (replacing an earlier one at that position). Refused once the sitting is
    /// finished or its deadline has passed.
    pub async fn save_exam_answer(
        &self,
        sitting_id: &str,
        position: usize,
        choice: &[usize],
        now: i64,
    ) -> Result<()> {
        let choice = choice
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut tx = self.pool().begin().await?;
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT COUNT(*) FROM exam_sittings WHERE id = $1 AND finished_at IS NULL AND deadline_at > $2",
        )
        .bind(sitting_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if open.unwrap_or(0) == 0 {
            return Err(StoreError::Invalid(
                "the exam is closed: time is up or it was submitted".into(),
            ));
        }
        sqlx::query(
            "INSERT INTO exam_answers (sitting_id, position, choice, saved_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sitting_id, position) DO UPDATE SET choice = excluded.choice, saved_at = excluded.saved_at",
        )
        .bind(sitting_id)
        .bind(position as i64)
        .bind(choice)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The answers saved so far, by position (`None` = not answered).
    pub async fn exam_answers(&self, s: &Sitting) -> Result<Vec<Option<Vec<usize>>>> {
        let rows = sqlx::query("SELECT position, choice FROM exam_answers WHERE sitting_id = $1")
            .bind(&s.id)
            .fetch_all(self.pool())
            .await?;
        let mut out = vec![None; s.questions.len()];
        for r in &rows {
            let pos: i64 = r.try_get("position")?;
            let choice: String = r.try_get("choice")?;
            if let Some(slot) = out.get_mut(pos as usize) {
                *slot = Some(choice.split(',').filter_map(|c| c.parse().ok()).collect());
            }
        }
        Ok(out)
    }

    /// Close a sitting with its grade and grant what it earned: a passed exam qualifies its
    /// categories from `today` for the exam's period; a passed refresher clears the refresher
    /// flags of its categories. Does nothing when it was already finished (returns false).
    #[allow(clippy::too_many_arguments)]
    pub async fn finish_sitting(
        &self,
        s: &Sitting,
        exam: &Exam,
        grade: &Grade,
        kind: &str,
        now: i64,
        today: chrono::NaiveDate,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE exam_sittings SET finished_at = $1, finish_kind = $2, correct = $3, percent = $4, passed = $5 \
             WHERE id = $6 AND finished_at IS NULL",
        )
        .bind(now)
        .bind(kind)
        .bind(grade.correct as i64)
        .bind(i64::from(grade.percent))
        .bind(i64::from(grade.passed))
        .bind(&s.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        for (i, q) in s.questions.iter().enumerate() {
            let right = !grade.missed.contains(&i);
            super::practice::insert_answer(&mut tx, &s.user_id, q, right, "exam", now).await?;
        }
        for cat in &grade.qualifies {
            if exam.kind == "refresher" {
                super::quals::clear_refresher(&mut tx, &s.user_id, cat, &exam.guides).await?;
            } else {
                let expires =
                    quanke_domain::training::qualification::expiry(today, exam.valid_months as u32);
                super::quals::upsert(&mut tx, &s.user_id, cat, today, expires, Some(&s.id)).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }
}
