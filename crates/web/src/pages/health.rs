//! `GET /healthz`: is the server up, and can it reach its database?

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

async fn healthz(State(st): State<AppState>) -> Response {
    let db = st.store.backend().name();
    match st.store.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok", "db": db })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "error", "db": db })),
            )
                .into_response()
        }
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}
