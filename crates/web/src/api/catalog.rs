//! `GET /api/v1/catalog/search?q=…&limit=N`: ranked guides for a resident's words;
//! `GET /api/v1/catalog/guides/{code}`: one guide with every element.

use crate::error::{ApiError, FieldError};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use quanke_domain::catalog::Guide;
use quanke_search::Hit;
use serde::Deserialize;

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

async fn search(
    State(st): State<AppState>,
    Query(p): Query<SearchParams>,
) -> Result<Json<Vec<Hit>>, ApiError> {
    let mut errors = Vec::new();
    let q = p.q.unwrap_or_default();
    if q.trim().is_empty() {
        errors.push(FieldError {
            field: "q".into(),
            message: "give the words to search for, e.g. q=低保".into(),
        });
    } else if q.chars().count() > 200 {
        errors.push(FieldError {
            field: "q".into(),
            message: "at most 200 characters".into(),
        });
    }
    let limit = match p.limit.as_deref() {
        None => 10,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                errors.push(FieldError {
                    field: "limit".into(),
                    message: "a whole number from 1 to 100".into(),
                });
                10
            }
        },
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    Ok(Json(st.catalog.get().index.search(&q, limit)))
}

async fn guide(
    State(st): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Guide>, ApiError> {
    st.catalog
        .get()
        .catalog
        .guide(&code)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no guide has the code {code}")))
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/catalog/search", get(search))
        .route("/api/v1/catalog/guides/{code}", get(guide))
}
