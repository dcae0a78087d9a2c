//! Cases over JSON:
//! `POST /api/v1/cases` (intake) → 201 `{number, status, deadline, missing}`;
//! `GET /api/v1/cases` (my work list, soonest deadline first);
//! `GET /api/v1/cases/{number}` → the case with guide version, status, current step, deadline,
//! full history and `version`;
//! `POST /api/v1/cases/{number}/actions` `{action, note, version, to?}` → 403 for a role that does
//! not act on the current step, 409 for a stale version, 422 for an action the state refuses.

use crate::auth::ApiUser;
use crate::casework::{self, ActRequest};
use crate::error::{ApiError, FieldError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use quanke_store::cases::today;
use serde::Deserialize;

#[derive(Deserialize)]
struct IntakeBody {
    guide_code: Option<String>,
    applicant_id: Option<String>,
    materials: Option<Vec<String>>,
    #[serde(default)]
    conditions_checked: Vec<String>,
}

fn body_error(e: axum::extract::rejection::JsonRejection) -> ApiError {
    ApiError::Invalid(vec![FieldError {
        field: String::new(),
        message: format!("the body is not the expected JSON: {}", e.body_text()),
    }])
}

async fn create(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    body: Result<Json<IntakeBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) = body.map_err(body_error)?;
    let mut errors = Vec::new();
    let guide_code = b.guide_code.unwrap_or_default();
    if guide_code.trim().is_empty() {
        errors.push(FieldError {
            field: "guide_code".into(),
            message: "the guide's code, e.g. MZ-004-01".into(),
        });
    }
    let applicant_id = b.applicant_id.unwrap_or_default();
    if applicant_id.trim().is_empty() {
        errors.push(FieldError {
            field: "applicant_id".into(),
            message: "the resident's id (GET /api/v1/residents?q=…)".into(),
        });
    }
    let Some(materials) = b.materials else {
        errors.push(FieldError {
            field: "materials".into(),
            message: "the keys of the materials received, [] when none".into(),
        });
        return Err(ApiError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let (case, missing) = casework::take_in(
        &st,
        &me,
        guide_code.trim(),
        applicant_id.trim(),
        &materials,
        &b.conditions_checked,
    )
    .await?;
    let body = serde_json::json!({
        "number": case.number,
        "status": case.status,
        "deadline": case.deadline,
        "provisional": case.provisional,
        "missing": missing,
        "version": case.version,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

async fn one(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(number): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let case = st
        .store
        .case_by_number(number.trim(), &me.user.scope)
        .await
        .map_err(|_| ApiError::NotFound(format!("no case {number} within your scope")))?;
    let guide = casework::guide_of(&st, &case).await?;
    let events = st.store.case_events(&case.id).await?;
    let notice = st.store.case_notice(&case.id).await?;
    let calendar = st.store.calendar().await?;
    let urgency = casework::urgency(&calendar, &case, today());
    Ok(Json(casework::case_json(
        &case,
        &guide,
        &events,
        notice.as_ref(),
        urgency,
    )))
}

async fn mine(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let list = st
        .store
        .work_list(&me.user.id, me.user.role, &me.user.scope, 200)
        .await?;
    let calendar = st.store.calendar().await?;
    let today = today();
    let rows: Vec<serde_json::Value> = list
        .iter()
        .map(|c| {
            serde_json::json!({
                "number": c.number,
                "guide_code": c.guide_code,
                "status": c.status,
                "current_step": c.current_step,
                "step_role": c.step_role,
                "deadline": c.deadline,
                "urgency": casework::urgency(&calendar, c, today),
                "version": c.version,
            })
        })
        .collect();
    Ok(Json(serde_json::Value::Array(rows)))
}

#[derive(Deserialize)]
struct ActionBody {
    action: Option<String>,
    #[serde(default)]
    note: String,
    version: Option<i64>,
    to: Option<String>,
}

async fn action(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(number): Path<String>,
    body: Result<Json<ActionBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Json(b) = body.map_err(body_error)?;
    let case = casework::act(
        &st,
        &me,
        number.trim(),
        ActRequest {
            action: b.action.as_deref().unwrap_or(""),
            note: &b.note,
            version: b.version,
            to: b.to.as_deref(),
            attachments: Vec::new(),
        },
    )
    .await?;
    Ok(Json(serde_json::json!({
        "number": case.number,
        "status": case.status,
        "current_step": case.current_step,
        "deadline": case.deadline,
        "version": case.version,
    })))
}

/// Everyone who does case work; intake (POST /api/v1/cases) further admits only workers, grid
/// workers (home visits) and administrators, and each action only the role of the current step.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cases", get(mine).post(create))
        .route("/api/v1/cases/{number}", get(one))
        .route("/api/v1/cases/{number}/actions", post(action))
}
