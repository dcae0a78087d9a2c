//! `POST /api/v1/residents` registers a resident (201, masked; 422 with field errors; 409 on a
//! duplicate ID number); `GET /api/v1/residents?q=&limit=` finds residents within the caller's
//! scope; `GET /api/v1/residents/{id}` reads one; `POST /api/v1/residents/{id}/reveal` with
//! `{"reason"}` returns the full ID number and phone and writes an audit record.

use crate::auth::ApiUser;
use crate::error::{ApiError, FieldError};
use crate::residents::{check, ResidentInput};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use quanke_store::residents::{Resident, Revealed};
use quanke_store::StoreError;
use serde::Deserialize;

fn json_problems(e: axum::extract::rejection::JsonRejection) -> ApiError {
    ApiError::Invalid(vec![FieldError {
        field: String::new(),
        message: format!(
            "the body must be JSON like {{\"name\":\"张三\",\"id_number\":\"…\",\"phone\":\"…\",\"community_code\":\"370102-003-001\",\"address\":\"…\"}}: {}",
            e.body_text()
        ),
    }])
}

async fn create(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    body: Result<Json<ResidentInput>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Resident>), ApiError> {
    let Json(input) = body.map_err(json_problems)?;
    let new = check(&st.store, &me.user, &input).await.map_err(|ps| {
        ApiError::Invalid(
            ps.into_iter()
                .map(|p| FieldError {
                    field: p.field.to_string(),
                    message: p.en,
                })
                .collect(),
        )
    })?;
    match st.store.create_resident(&new, Some(&me.user.id)).await {
        Ok(r) => {
            audit(&st, &me, "resident_create", &r.id, &r.org_code).await?;
            Ok((StatusCode::CREATED, Json(r)))
        }
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(
            "a resident with this ID number is already registered; find them with GET /api/v1/residents?q=ID".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ListParams {
    q: Option<String>,
    limit: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<Resident>>, ApiError> {
    let q = p.q.unwrap_or_default();
    let mut errors = Vec::new();
    if q.chars().count() > 100 {
        errors.push(FieldError {
            field: "q".into(),
            message: "at most 100 characters".into(),
        });
    }
    let limit = match p.limit.as_deref() {
        None => 50,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=500).contains(&n) => n,
            _ => {
                errors.push(FieldError {
                    field: "limit".into(),
                    message: "a whole number from 1 to 500".into(),
                });
                0
            }
        },
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    Ok(Json(
        st.store.search_residents(&me.user.scope, &q, limit).await?,
    ))
}

async fn one(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Resident>, ApiError> {
    Ok(Json(st.store.resident(&id, &me.user.scope).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RevealBody {
    reason: String,
}

async fn reveal(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
    body: Result<Json<RevealBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Revealed>, ApiError> {
    let Json(b) = body.map_err(|e| {
        ApiError::Invalid(vec![FieldError {
            field: "reason".into(),
            message: format!(
                "send {{\"reason\": \"why you need the full numbers\"}}: {}",
                e.body_text()
            ),
        }])
    })?;
    let reason: String = b.reason.trim().chars().take(200).collect();
    if reason.chars().count() < 2 {
        return Err(ApiError::Invalid(vec![FieldError {
            field: "reason".into(),
            message: "state why you need the full numbers (at least two characters)".into(),
        }]));
    }
    let r = st.store.resident(&id, &me.user.scope).await?;
    let revealed = st.store.reveal_resident(&r.id, &me.user.scope).await?;
    audit(&st, &me, "resident_reveal", &r.id, &reason).await?;
    Ok(Json(revealed))
}

async fn audit(
    st: &AppState,
    me: &crate::auth::Identity,
    action: &str,
    id: &str,
    detail: &str,
) -> Result<(), ApiError> {
    crate::auth::audit_record(st, me, "resident", action, id, detail).await?;
    Ok(())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/residents", get(list).post(create))
        .route("/api/v1/residents/{id}", get(one))
        .route("/api/v1/residents/{id}/reveal", post(reveal))
}
