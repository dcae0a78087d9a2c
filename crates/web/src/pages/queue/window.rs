//! A worker's window: call the next ticket (priority first, then arrival; any ticket in pooled
//! mode, or only one category when the worker chooses), recall, no-show, start, finish, transfer
//! to another window, and link the ticket to the case it produced.

use super::{category_name, hall_for, priority_key, publish, render, status_key};
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_domain::queue::ticket::CaseNo;
use quanke_store::queue::{Hall, Ticket, TicketAction};
use quanke_store::StoreError;
use serde::Deserialize;
use tower_sessions::Session;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/queue/{community}/window/{n}", get(page))
        .route("/queue/{community}/window/{n}/next", post(call_next))
        .route(
            "/queue/{community}/window/{n}/tickets/{id}/{action}",
            post(act),
        )
}

/// A waiting ticket as the window shows it.
struct WaitingLine {
    number: String,
    category: String,
    priority: Option<&'static str>,
    arrived: String,
    transferred_to: Option<i64>,
}

#[derive(Template)]
#[template(path = "queue/window.html")]
struct WindowPage {
    c: Chrome,
    hall: Hall,
    window: i64,
    current: Option<Ticket>,
    current_category: String,
    current_status: &'static str,
    current_priority: Option<&'static str>,
    waiting: Vec<WaitingLine>,
    /// The windows a ticket may be transferred to.
    other_windows: Vec<i64>,
    categories: Vec<(String, String)>,
    filter: String,
    note: Option<&'static str>,
    case_error: Option<String>,
    case_field: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    note: String,
    only: String,
}

/// The messages a redirect may ask the page to show.
fn note_key(note: &str) -> Option<&'static str> {
    match note {
        "empty" => Some("queue.note.empty"),
        "stale" => Some("queue.note.stale"),
        "busy" => Some("queue.note.busy"),
        "linked" => Some("queue.note.linked"),
        "bad_window" => Some("queue.note.bad_window"),
        _ => None,
    }
}

fn window_of(hall: &Hall, n: i64) -> Result<i64, PageError> {
    if (1..=hall.windows).contains(&n) {
        Ok(n)
    } else {
        Err(PageError::NotFound)
    }
}

#[allow(clippy::too_many_arguments)]
async fn view(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    hall: Hall,
    window: i64,
    q: PageQuery,
    case: Option<(String, String)>,
) -> Result<Response, PageError> {
    let at = st.store.tickets_at_windows(&hall.community).await?;
    let current = at.into_iter().find(|t| t.window == Some(window));
    let waiting = st
        .store
        .waiting_tickets(&hall.community)
        .await?
        .into_iter()
        .map(|t| WaitingLine {
            category: category_name(st, lang, &t.category),
            priority: t.priority.map(priority_key),
            arrived: beijing(t.arrived_at),
            transferred_to: t.target_window,
            number: t.number,
        })
        .collect();
    let path = format!("/queue/{}/window/{window}", hall.community);
    let c = Chrome::new(lang, session, Some(me), &path).await?;
    let (case_error, case_field) = case.map(|(e, f)| (Some(e), f)).unwrap_or_default();
    let status = if case_error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = WindowPage {
        c,
        current_category: current
            .as_ref()
            .map(|t| category_name(st, lang, &t.category))
            .unwrap_or_default(),
        current_priority: current.as_ref().and_then(|t| t.priority.map(priority_key)),
        current_status: current.as_ref().map(|t| status_key(t.status)).unwrap_or(""),
        current,
        other_windows: (1..=hall.windows).filter(|w| *w != window).collect(),
        window,
        hall,
        waiting,
        categories: super::categories(st, lang),
        filter: q.only,
        note: note_key(&q.note),
        case_error,
        case_field,
    };
    Ok((status, render(&page)?).into_response())
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path((community, n)): Path<(String, i64)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    let window = window_of(&hall, n)?;
    view(&st, lang, &session, &me, hall, window, q, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NextForm {
    only: String,
}

fn back(hall: &Hall, window: i64, note: &str, only: &str) -> Response {
    let mut url = format!("/queue/{}/window/{window}", hall.community);
    let mut sep = '?';
    for (k, v) in [("note", note), ("only", only)] {
        if !v.is_empty() {
            url.push(sep);
            url.push_str(&format!("{k}={}", crate::auth::urlencode(v)));
            sep = '&';
        }
    }
    Redirect::to(&url).into_response()
}

/// Call the next ticket to this window, and announce it on the boards.
pub(crate) async fn next_for(
    st: &AppState,
    me: &Identity,
    hall: &Hall,
    window: i64,
    only: Option<&str>,
) -> Result<Option<Ticket>, StoreError> {
    let called = st
        .store
        .call_next(
            &hall.community,
            window,
            (&me.user.id, &me.user.display_name),
            only,
        )
        .await?;
    if let Some(t) = &called {
        publish(st, hall, Some(t)).await;
    }
    Ok(called)
}

async fn call_next(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path((community, n)): Path<(String, i64)>,
    Form(f): Form<NextForm>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    let window = window_of(&hall, n)?;
    let busy = st
        .store
        .tickets_at_windows(&hall.community)
        .await?
        .iter()
        .any(|t| t.window == Some(window));
    if busy {
        return Ok(back(&hall, window, "busy", &f.only));
    }
    let only = Some(f.only.trim()).filter(|c| !c.is_empty());
    let note = match next_for(&st, &me, &hall, window, only).await? {
        Some(_) => "",
        None => "empty",
    };
    Ok(back(&hall, window, note, &f.only))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActForm {
    to: String,
    case_no: String,
}

/// Parse an action's name (and for a transfer, the target window).
pub(crate) fn parse_action(hall: &Hall, window: i64, name: &str, to: &str) -> Option<TicketAction> {
    match name {
        "recall" => Some(TicketAction::Recall),
        "no-show" => Some(TicketAction::NoShow),
        "start" => Some(TicketAction::Start),
        "finish" => Some(TicketAction::Finish),
        "transfer" => to
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|t| (1..=hall.windows).contains(t) && *t != window)
            .map(TicketAction::Transfer),
        _ => None,
    }
}

/// Apply an action and update the boards (a recall is announced again).
pub(crate) async fn apply(
    st: &AppState,
    hall: &Hall,
    window: i64,
    id: &str,
    action: &TicketAction,
) -> Result<Option<Ticket>, StoreError> {
    let done = st
        .store
        .ticket_action(&hall.community, id, window, action)
        .await?;
    if let Some(t) = &done {
        let announce = matches!(action, TicketAction::Recall).then_some(t);
        publish(st, hall, announce).await;
    }
    Ok(done)
}

async fn act(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path((community, n, id, action)): Path<(String, i64, String, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    let window = window_of(&hall, n)?;
    if action == "case" {
        let parsed = match CaseNo::parse(&f.case_no) {
            Ok(case_no) => match st
                .store
                .link_ticket_case(&hall.community, &id, &case_no)
                .await
            {
                Ok(_) => Ok(case_no),
                Err(quanke_store::StoreError::Invalid(m)) => Err(m),
                Err(e) => return Err(e.into()),
            },
            Err(e) => Err(e.to_string()),
        };
        return match parsed {
            Ok(case_no) => {
                audit_action(
                    &st,
                    &me,
                    "queue_ticket",
                    "queue_ticket_case_linked",
                    &id,
                    case_no.as_str(),
                )
                .await?;
                Ok(back(&hall, window, "linked", ""))
            }
            Err(e) => {
                let msg = format!("{} ({e})", lang.t("queue.err.case_no"));
                let q = PageQuery::default();
                view(
                    &st,
                    lang,
                    &session,
                    &me,
                    hall,
                    window,
                    q,
                    Some((msg, f.case_no)),
                )
                .await
            }
        };
    }
    let Some(action) = parse_action(&hall, window, &action, &f.to) else {
        return Ok(back(&hall, window, "bad_window", ""));
    };
    let note = match apply(&st, &hall, window, &id, &action).await? {
        Some(_) => "",
        None => "stale",
    };
    Ok(back(&hall, window, note, ""))
}
