//! The hall queue over JSON, for workers and administrators (and programs with their token):
//!
//! - `GET  /api/v1/queue/{community}`: the hall, the waiting tickets in call order, the tickets
//!   at the windows.
//! - `POST /api/v1/queue/{community}/tickets` `{"category": "MZ"|"", "priority": ""|"elderly"|…}`:
//!   issue a ticket (201) with the number ahead, the estimated wait and the tracking address.
//! - `POST /api/v1/queue/{community}/windows/{n}/next` `{"category"?}`: call the next ticket to
//!   window `n`; `{"ticket": null}` when nobody is waiting.
//! - `POST /api/v1/queue/{community}/windows/{n}/tickets/{id}/{action}` (`recall`, `no-show`,
//!   `start`, `finish`, `transfer` with `{"to": m}`); 409 when the ticket is not in a state the
//!   action applies to at that window.
//! - `PUT  /api/v1/queue/{community}/tickets/{id}/case` `{"case_no"}`: link the case it produced.
//! - `GET  /api/v1/queue/{community}/stats?from=YYYY-MM-DD&to=YYYY-MM-DD`: statistics.

use crate::auth::{audit_action, ApiUser};
use crate::error::{ApiError, FieldError};
use crate::pages::queue as q;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use quanke_domain::queue::stats::HallStats;
use quanke_domain::queue::ticket::CaseNo;
use quanke_store::queue::{Hall, Ticket};
use serde::{Deserialize, Serialize};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/queue/{community}", get(hall))
        .route("/api/v1/queue/{community}/tickets", post(take))
        .route("/api/v1/queue/{community}/windows/{n}/next", post(next))
        .route(
            "/api/v1/queue/{community}/windows/{n}/tickets/{id}/{action}",
            post(act),
        )
        .route(
            "/api/v1/queue/{community}/tickets/{id}/case",
            put(link_case),
        )
        .route("/api/v1/queue/{community}/stats", get(stats))
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(v)| v).map_err(|e| {
        invalid(
            "",
            format!("the body must be JSON of the documented shape: {e}"),
        )
    })
}

async fn hall_of(
    st: &AppState,
    me: &crate::auth::Identity,
    community: &str,
) -> Result<Hall, ApiError> {
    q::hall_for(st, me, community).await.map_err(|e| match e {
        quanke_store::StoreError::NotFound(_) => ApiError::NotFound(format!(
            "no hall {community} that you may run; use the code of a community in your scope"
        )),
        other => other.into(),
    })
}

fn window_of(hall: &Hall, n: i64) -> Result<i64, ApiError> {
    if (1..=hall.windows).contains(&n) {
        Ok(n)
    } else {
        Err(ApiError::NotFound(format!(
            "window {n} does not exist; this hall has windows 1 to {}",
            hall.windows
        )))
    }
}

#[derive(Serialize)]
struct HallView {
    community: String,
    windows: i64,
    waiting: Vec<Ticket>,
    at_windows: Vec<Ticket>,
}

async fn hall(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(community): Path<String>,
) -> Result<Json<HallView>, ApiError> {
    let hall = hall_of(&st, &me, &community).await?;
    Ok(Json(HallView {
        community: hall.community.to_string(),
        windows: hall.windows,
        waiting: st.store.waiting_tickets(&hall.community).await?,
        at_windows: st.store.tickets_at_windows(&hall.community).await?,
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TakeBody {
    category: String,
    priority: String,
}

#[derive(Serialize)]
struct Issued {
    ticket: Ticket,
    ahead: usize,
    estimated_wait_minutes: u32,
    /// The ticket's public page (relative to the server): `/queue/t/{id}/{code}`.
    track_path: String,
}

async fn take(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(community): Path<String>,
    json: Result<Json<TakeBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let hall = hall_of(&st, &me, &community).await?;
    let b = body(json)?;
    let Some(ticket) = q::issue_ticket(&st, &hall, &b.category, &b.priority).await? else {
        return Err(ApiError::Invalid(vec![
            FieldError {
                field: "category".into(),
                message: "a catalog category code (e.g. MZ) or \"\" for not sure".into(),
            },
            FieldError {
                field: "priority".into(),
                message: "\"\", \"elderly\", \"disabled\" or \"pregnant\"".into(),
            },
        ]));
    };
    let (ahead, wait) = q::position(&st, &hall, &ticket).await?;
    let issued = Issued {
        track_path: format!("/queue/t/{}/{}", ticket.id, ticket.track_code),
        ticket,
        ahead,
        estimated_wait_minutes: wait,
    };
    Ok((StatusCode::CREATED, Json(issued)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NextBody {
    category: String,
}

#[derive(Serialize)]
struct Called {
    ticket: Option<Ticket>,
}

async fn next(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path((community, n)): Path<(String, i64)>,
    json: Option<Json<NextBody>>,
) -> Result<Json<Called>, ApiError> {
    let hall = hall_of(&st, &me, &community).await?;
    let window = window_of(&hall, n)?;
    let busy = st
        .store
        .tickets_at_windows(&hall.community)
        .await?
        .into_iter()
        .find(|t| t.window == Some(window));
    if let Some(t) = busy {
        return Err(ApiError::Conflict(format!(
            "window {window} still has ticket {}; finish it, mark it a no-show or transfer it first",
            t.number
        )));
    }
    let category = json.map(|Json(b)| b.category).unwrap_or_default();
    let only = Some(category.trim()).filter(|c| !c.is_empty());
    let ticket = q::call_next_to(&st, &me, &hall, window, only).await?;
    Ok(Json(Called { ticket }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActBody {
    to: Option<i64>,
}

async fn act(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path((community, n, id, action)): Path<(String, i64, String, String)>,
    json: Option<Json<ActBody>>,
) -> Result<Json<Ticket>, ApiError> {
    let hall = hall_of(&st, &me, &community).await?;
    let window = window_of(&hall, n)?;
    let to = json
        .and_then(|Json(b)| b.to)
        .map(|t| t.to_string())
        .unwrap_or_default();
    let Some(parsed) = q::parse_ticket_action(&hall, window, &action, &to) else {
        return Err(if action == "transfer" {
            invalid(
                "to",
                format!(
                    "the window to transfer to: 1 to {}, not this window ({window})",
                    hall.windows
                ),
            )
        } else {
            ApiError::NotFound(format!(
                "no action {action:?}; use recall, no-show, start, finish or transfer"
            ))
        });
    };
    match q::apply_ticket_action(&st, &hall, window, &id, &parsed).await? {
        Some(t) => Ok(Json(t)),
        None => {
            let now = st.store.ticket(&hall.community, &id).await?;
            match now {
                None => Err(ApiError::NotFound("ticket not found".into())),
                Some(t) => Err(ApiError::Conflict(format!(
                    "ticket {} is {} at window {}; {action} does not apply to it at window {window}",
                    t.number,
                    t.status.as_str(),
                    t.window.map(|w| w.to_string()).unwrap_or_else(|| "none".into()),
                ))),
            }
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CaseBody {
    case_no: String,
}

async fn link_case(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path((community, id)): Path<(String, String)>,
    json: Result<Json<CaseBody>, JsonRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let hall = hall_of(&st, &me, &community).await?;
    let b = body(json)?;
    let case_no = CaseNo::parse(&b.case_no).map_err(|e| invalid("case_no", e.to_string()))?;
    let t = st
        .store
        .link_ticket_case(&hall.community, &id, &case_no)
        .await?;
    audit_action(
        &st,
        &me,
        "queue_ticket",
        "queue_ticket_case_linked",
        &id,
        case_no.as_str(),
    )
    .await
    .map_err(|e| ApiError::Internal(format!("{e:?}")))?;
    Ok(Json(t))
}

async fn stats(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(community): Path<String>,
    Query(p): Query<q::PeriodQuery>,
) -> Result<Json<HallStats>, ApiError> {
    let hall = hall_of(&st, &me, &community).await?;
    let period = q::Period::parse(&p).map_err(|errors| {
        ApiError::Invalid(
            errors
                .into_iter()
                .map(|(field, key)| FieldError {
                    field: field.into(),
                    message: crate::i18n::Lang::En.t(key).into(),
                })
                .collect(),
        )
    })?;
    let (from, to) = period.bounds_ms();
    let tickets = st.store.tickets_between(&hall.community, from, to).await?;
    let facts: Vec<_> = tickets.iter().map(|t| t.facts()).collect();
    Ok(Json(HallStats::of(&facts)))
}
