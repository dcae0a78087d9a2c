//! The JSON API under `/api/v1/`, authenticated by session (with the CSRF header for changes) or
//! by `Authorization: Bearer TOKEN`. Errors are JSON: `{"error": …}` or `{"errors": [{field, message}]}`.

mod cases;
mod catalog;
mod events;
mod grid;
mod me;
mod queue;
mod residents;
mod track;
mod training;

use crate::auth::api_guard;
use crate::AppState;
use axum::extract::Request;
use axum::middleware::{from_fn, Next};
use axum::Router;
use quanke_domain::account::Role;

/// Who runs the hall's windows.
const QUEUE_STAFF: &[Role] = &[Role::Worker, Role::Admin];
const OPERATORS_AND_ADMIN: &[Role] = &[Role::Admin, Role::Worker, Role::Grid, Role::Reviewer];

fn guarded(router: Router<AppState>, roles: &'static [Role]) -> Router<AppState> {
    router.route_layer(from_fn(move |req: Request, next: Next| {
        api_guard(roles, req, next)
    }))
}

/// Every API route, with full paths (so metrics see each route's own pattern).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(guarded(me::me_router(), &Role::ALL))
        .merge(guarded(me::communities_router(), OPERATORS_AND_ADMIN))
        .merge(guarded(catalog::router(), OPERATORS_AND_ADMIN))
        .merge(guarded(residents::router(), crate::residents::READERS))
        .merge(guarded(training::router(), crate::pages::TRAINING_LEARNERS))
        .merge(guarded(training::admin_router(), &[Role::Admin]))
        .merge(guarded(cases::router(), OPERATORS_AND_ADMIN))
        .merge(track::router())
        .merge(guarded(queue::router(), QUEUE_STAFF))
        .merge(guarded(events::router(), OPERATORS_AND_ADMIN))
        .merge(guarded(grid::router(), crate::visits::VISITORS))
}
