//! The auditor's view of the audit log: filter by action, account and day, newest first.

use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use quanke_store::audit::{AuditEntry, AuditFilter};
use serde::Deserialize;
use tower_sessions::Session;

const PAGE: i64 = 50;

struct Line {
    at: String,
    e: AuditEntry,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    lines: Vec<Line>,
    actions: Vec<String>,
    q: AuditQuery,
    total: i64,
    page: i64,
    pages: i64,
    errors: Vec<&'static str>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct AuditQuery {
    action: String,
    actor: String,
    from: String,
    to: String,
    page: Option<i64>,
}

/// Midnight of a day in Beijing time, as Unix ms.
fn day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp_millis()
        - 8 * 3600 * 1000
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let mut parse_day = |s: &str| -> Option<NaiveDate> {
        if s.is_empty() {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| errors.push("audit.err.date"))
            .ok()
    };
    let from = parse_day(&q.from);
    let to = parse_day(&q.to);
    let filter = AuditFilter {
        action: Some(q.action.trim().to_string()).filter(|s| !s.is_empty()),
        actor: Some(q.actor.trim().to_lowercase()).filter(|s| !s.is_empty()),
        from_ms: from.map(day_start),
        to_ms: to.map(|d| day_start(d) + 24 * 3600 * 1000),
    };
    let page = q.page.unwrap_or(1).max(1);
    let (entries, total) = st
        .store
        .audit_entries(&filter, PAGE, (page - 1) * PAGE)
        .await?;
    let pages = ((total + PAGE - 1) / PAGE).max(1);
    let href = |p: i64| {
        format!(
            "/audit?action={}&actor={}&from={}&to={}&page={p}",
            crate::auth::urlencode(&q.action),
            crate::auth::urlencode(&q.actor),
            crate::auth::urlencode(&q.from),
            crate::auth::urlencode(&q.to)
        )
    };
    let prev_href = (page > 1).then(|| href(page - 1));
    let next_href = (page < pages).then(|| href(page + 1));
    let lines = entries
        .into_iter()
        .map(|e| Line {
            at: beijing(e.at),
            e,
        })
        .collect();
    let actions = st.store.audit_actions().await?;
    let c = Chrome::new(lang, &session, Some(&me), "/audit").await?;
    let p = AuditPage {
        c,
        lines,
        actions,
        q,
        total,
        page,
        pages,
        errors,
        prev_href,
        next_href,
    };
    Ok(super::render(&p)?.into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/audit", get(page))
}
