//! `GET /api/v1/track?number=…&phone_last4=…`: the public view of a case for the resident —
//! status and steps, nothing personal beyond a masked name. No login; failed look-ups are counted
//! per address and per number, and too many give 429 for a while.

use crate::auth::ClientIp;
use crate::error::{ApiError, FieldError};
use crate::track::{lookup, public_view, Lookup};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

#[derive(Deserialize)]
struct Params {
    number: Option<String>,
    phone_last4: Option<String>,
}

async fn track(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(p): Query<Params>,
) -> Result<Response, ApiError> {
    let number = p.number.unwrap_or_default();
    let last4 = p.phone_last4.unwrap_or_default();
    match lookup(&st, &ip.to_string(), &number, &last4).await? {
        Lookup::Bad(errors) => Err(ApiError::Invalid(
            errors
                .into_iter()
                .map(|(field, message)| FieldError { field, message })
                .collect(),
        )),
        Lookup::Limited => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "900")],
            Json(serde_json::json!({
                "error": "too many failed look-ups; try again in 15 minutes, or ask at the window"
            })),
        )
            .into_response()),
        Lookup::NoMatch => Err(ApiError::NotFound(
            "no case has this number with a phone ending in these digits".into(),
        )),
        Lookup::Found(case) => {
            let view = public_view(&st, &case).await?;
            Ok(Json(view).into_response())
        }
    }
}

/// Open to everyone (no guard).
pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/track", get(track))
}
