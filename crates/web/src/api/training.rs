//! Training over the API:
//! `POST /api/v1/training/sittings/{id}/answers` `{"position": 0, "choice": [1]}` saves one exam
//! answer at once (the exam page calls it on every change);
//! `GET /api/v1/training/questions?guide=CODE` (or `?all=true`) the bank with the answer key
//! (administrators only); `GET /api/v1/training/me` the caller's qualifications.

use crate::auth::ApiUser;
use crate::error::{ApiError, FieldError};
use crate::pages::training_support::{bank, current_sitting, finish_sitting, today};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use quanke_domain::training::qualification::standing;
use quanke_domain::training::TrainingQuestion;
use serde::Deserialize;

#[derive(Deserialize)]
struct AnswerBody {
    position: Option<i64>,
    choice: Option<Vec<i64>>,
}

fn field(f: &str, m: &str) -> FieldError {
    FieldError {
        field: f.into(),
        message: m.into(),
    }
}

async fn answer(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
    body: Result<Json<AnswerBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) = body.map_err(|e| {
        ApiError::Invalid(vec![field(
            "",
            &format!("send JSON like {{\"position\": 0, \"choice\": [1]}}: {e}"),
        )])
    })?;
    let s = st
        .store
        .sitting(&id)
        .await?
        .filter(|s| s.user_id == me.user.id)
        .ok_or_else(|| ApiError::NotFound(format!("no sitting {id} of yours")))?;
    let e = st
        .store
        .exam(&s.exam_id)
        .await?
        .ok_or_else(|| ApiError::NotFound("exam not found".into()))?;
    // Close it first if the time ran out: then the answer is refused below.
    let s = current_sitting(&st, &e, &me.user.id)
        .await?
        .ok_or_else(|| ApiError::NotFound("sitting not found".into()))?;
    if s.is_finished() {
        return Ok((
            axum::http::StatusCode::CONFLICT,
            Json(serde_json::json!({
                "error": "the exam is closed (time is up or it was submitted); your saved answers were graded",
                "closed": true
            })),
        )
            .into_response());
    }
    let mut errors = Vec::new();
    let pos = match b.position {
        Some(p) if p >= 0 && (p as usize) < s.questions.len() => p as usize,
        _ => {
            errors.push(field(
                "position",
                &format!(
                    "a question number from 0 to {}",
                    s.questions.len().saturating_sub(1)
                ),
            ));
            0
        }
    };
    let choice = b.choice.unwrap_or_default();
    if errors.is_empty() {
        let q = &s.questions[pos];
        if choice
            .iter()
            .any(|&c| c < 0 || c as usize >= q.options.len())
        {
            errors.push(field(
                "choice",
                &format!("option numbers from 0 to {}", q.options.len() - 1),
            ));
        } else if !q.is_multiple() && choice.len() > 1 {
            errors.push(field("choice", "this question takes one option"));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let choice: Vec<usize> = choice.into_iter().map(|c| c as usize).collect();
    let now = quanke_store::now_ms();
    st.store.save_exam_answer(&s.id, pos, &choice, now).await?;
    Ok(Json(serde_json::json!({
        "saved": true,
        "position": pos,
        "remaining_seconds": ((s.deadline_at - now) / 1000).max(0),
    }))
    .into_response())
}

/// Finish the caller's sitting now (the API twin of the page's submit button).
async fn submit(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let s = st
        .store
        .sitting(&id)
        .await?
        .filter(|s| s.user_id == me.user.id)
        .ok_or_else(|| ApiError::NotFound(format!("no sitting {id} of yours")))?;
    let e = st
        .store
        .exam(&s.exam_id)
        .await?
        .ok_or_else(|| ApiError::NotFound("exam not found".into()))?;
    if !s.is_finished() {
        finish_sitting(&st, &s, &e, "submitted").await?;
    }
    let s = st
        .store
        .sitting(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound("sitting not found".into()))?;
    Ok(Json(serde_json::json!({
        "finished": true,
        "correct": s.correct,
        "total": s.total,
        "percent": s.percent,
        "passed": s.passed,
    })))
}

#[derive(Deserialize)]
struct QuestionsQuery {
    guide: Option<String>,
    all: Option<String>,
}

async fn questions(
    State(st): State<AppState>,
    Query(q): Query<QuestionsQuery>,
) -> Result<Json<Vec<TrainingQuestion>>, ApiError> {
    let b = bank(&st);
    match (q.guide.as_deref(), q.all.as_deref()) {
        (Some(code), _) if !code.is_empty() => {
            if st.catalog.get().catalog.guide(code).is_none() {
                return Err(ApiError::NotFound(format!("no guide has the code {code}")));
            }
            Ok(Json(
                b.iter().filter(|x| x.guide_code == code).cloned().collect(),
            ))
        }
        (_, Some("true")) => Ok(Json(b.to_vec())),
        _ => Err(ApiError::Invalid(vec![field(
            "guide",
            "give guide=CODE (e.g. guide=MZ-001-01) or all=true",
        )])),
    }
}

async fn me_quals(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let quals = st.store.qualifications_of(&me.user.id).await?;
    let day = today();
    let view = st.catalog.get();
    let list: Vec<serde_json::Value> = view
        .catalog
        .categories
        .iter()
        .map(|c| {
            let q = quals.iter().find(|q| q.category_code == c.code);
            serde_json::json!({
                "category": c.code,
                "standing": standing(q, day).code(),
                "qualified_on": q.map(|q| q.qualified_on.to_string()),
                "expires_on": q.map(|q| q.expires_on.to_string()),
                "refresher_guides": q.map(|q| q.refresher_guides.clone()).unwrap_or_default(),
            })
        })
        .collect();
    let codes: Vec<String> = view
        .catalog
        .categories
        .iter()
        .map(|c| c.code.clone())
        .collect();
    Ok(Json(serde_json::json!({
        "general": quanke_domain::training::qualification::is_general(&quals, &codes, day),
        "categories": list,
    })))
}

/// Routes for every learner.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/training/sittings/{id}/answers", post(answer))
        .route("/api/v1/training/sittings/{id}/submit", post(submit))
        .route("/api/v1/training/me", get(me_quals))
}

/// Routes for administrators (the answer key).
pub(super) fn admin_router() -> Router<AppState> {
    Router::new().route("/api/v1/training/questions", get(questions))
}
