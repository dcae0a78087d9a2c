//! The visible language switch: remembers the choice in a cookie and goes back to the page.

use crate::auth::safe_next;
use crate::i18n::{Lang, LANG_COOKIE};
use crate::AppState;
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn switch(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return (
            StatusCode::NOT_FOUND,
            "unknown language; use /lang/zh or /lang/en",
        )
            .into_response();
    };
    let short = if lang == Lang::En { "en" } else { "zh" };
    let cookie = format!("{LANG_COOKIE}={short}; Path=/; Max-Age=31536000; SameSite=Lax");
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, safe_next(q.next.as_deref())),
        ],
    )
        .into_response()
}

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/lang/{code}", get(switch))
}
