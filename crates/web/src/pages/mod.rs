//! The pages people use, one module per part of the product. Each module exposes its `router()`;
//! here they are put together, each behind a guard that names the roles it admits.

mod account;
mod audit;
mod cases;
mod catalog;
mod events;
pub(crate) mod exports;
pub(crate) mod grid;
mod health;
mod home;
mod lang;
mod login;
mod org;
pub(crate) mod queue;
mod residents;
mod soon;
mod training;
mod users;

use crate::auth::page_guard;
use crate::error::{ApiError, PageError};
use crate::layout::NAV;
use crate::AppState;
use axum::extract::Request;
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use quanke_domain::account::Role;

/// Who may read the catalog (and so sees the search box on every page).
pub(crate) const CATALOG_READERS: &[Role] = catalog::READERS;

/// Who learns and sits exams (for the API's training routes).
pub(crate) const TRAINING_LEARNERS: &[Role] = training::LEARNERS;

/// What the API's training routes share with the pages.
pub(crate) mod training_support {
    pub(crate) use super::training::exams_support::{current_sitting, finish_sitting};
    pub(crate) use super::training::{bank, today};
}

/// Every role: pages that any logged-in account may open.
pub(crate) const ANYONE: &[Role] = &Role::ALL;
const ADMIN: &[Role] = &[Role::Admin];
const AUDITOR: &[Role] = &[Role::Auditor];

/// Wrap a router in the page guard for `roles`.
pub(crate) fn guarded(router: Router<AppState>, roles: &'static [Role]) -> Router<AppState> {
    router.route_layer(from_fn(move |req: Request, next: Next| {
        page_guard(roles, req, next)
    }))
}

/// All pages.
pub fn router() -> Router<AppState> {
    let mut r = Router::new()
        .merge(login::router())
        .merge(lang::router())
        .merge(health::router())
        .merge(guarded(home::router(), ANYONE))
        .merge(guarded(account::router(), ANYONE))
        .merge(guarded(org::router(), ADMIN))
        .merge(guarded(users::router(), ADMIN))
        .merge(guarded(audit::router(), AUDITOR))
        .merge(guarded(residents::router(), crate::residents::READERS))
        .merge(catalog::router())
        .merge(training::router())
        .merge(cases::router())
        .merge(queue::router())
        .merge(guarded(events::router(), events::READERS))
        .merge(grid::router());
    for entry in NAV.iter().filter(|n| !n.ready) {
        r = r.merge(guarded(
            Router::new().route(entry.href, get(soon::page)),
            entry.roles,
        ));
    }
    r.fallback(not_found)
}

async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError::NotFound(format!("no such resource: {}", req.uri().path())).into_response()
    } else {
        PageError::NotFound.into_response()
    }
}

/// The status of a form page: 200, or 422 when it comes back with problems.
pub(crate) fn form_status<T>(problems: &[T]) -> axum::http::StatusCode {
    if problems.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Render an askama template into a page.
pub(crate) fn render(t: &impl askama::Template) -> Result<axum::response::Html<String>, PageError> {
    t.render()
        .map(axum::response::Html)
        .map_err(PageError::internal)
}
