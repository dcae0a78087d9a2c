//! The hall's devices and the resident's phone, without a staff login.
//!
//! - The kiosk (`/queue/d/{key}/kiosk`): pick a category, "not sure", or a priority group, get a
//!   ticket (printable, with a QR code to follow it) showing how many are ahead and the wait.
//! - The display board (`/queue/d/{key}/board`): the numbers being called and where, live through
//!   server-sent events (`/queue/d/{key}/events`), read aloud in Chinese by the browser.
//! - A ticket (`/queue/t/{id}/{code}`): its state, the people ahead and the wait, for the phone.
//!
//! `key` is the hall's device key, a random secret an administrator can replace; the ticket's
//! track code is another. Neither page shows anything about residents.

use super::live::{board_calls, BoardEvent};
use super::{category_name, position, priority_key, render, status_key};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use quanke_domain::queue::ticket::{ticket_prefix, Priority, TicketStatus};
use quanke_store::queue::{Hall, NewTicket, Ticket};
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;
use tower_sessions::Session;

/// A board's event stream ends after this long and the browser reconnects (after a second), so
/// that a server shutting down never waits on a board for longer.
const STREAM_LIFETIME: Duration = Duration::from_secs(30);

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/queue/d/{key}/kiosk", get(kiosk).post(take))
        .route("/queue/d/{key}/ticket/{id}", get(kiosk_ticket))
        .route("/queue/d/{key}/board", get(board))
        .route("/queue/d/{key}/events", get(events))
        .route("/queue/t/{id}/{code}", get(track))
}

async fn hall_by_key(st: &AppState, key: &str) -> Result<Hall, PageError> {
    st.store
        .hall_by_device_key(key)
        .await?
        .ok_or(PageError::NotFound)
}

async fn hall_name(st: &AppState, lang: Lang, hall: &Hall) -> Result<String, PageError> {
    Ok(st
        .store
        .unit_by_code(&hall.community)
        .await?
        .map(|u| u.name_in(lang == Lang::En).to_string())
        .unwrap_or_default())
}

#[derive(Template)]
#[template(path = "queue/kiosk.html")]
struct KioskPage {
    c: Chrome,
    key: String,
    hall_name: String,
    categories: Vec<(String, String)>,
    priorities: Vec<(&'static str, &'static str)>,
    error: Option<&'static str>,
}

async fn kiosk_view(
    st: &AppState,
    lang: Lang,
    session: &Session,
    key: &str,
    error: Option<&'static str>,
) -> Result<Response, PageError> {
    let hall = hall_by_key(st, key).await?;
    // The kiosk stays open all day: marking the session used on every (self-refreshing) load
    // keeps its anti-forgery token alive past the idle timeout.
    session
        .insert("kiosk_seen", quanke_store::now_ms())
        .await
        .map_err(PageError::internal)?;
    let c = Chrome::new(lang, session, None, &format!("/queue/d/{key}/kiosk")).await?;
    let page = KioskPage {
        c,
        key: key.to_string(),
        hall_name: hall_name(st, lang, &hall).await?,
        categories: super::categories(st, lang),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), priority_key(*p)))
            .collect(),
        error,
    };
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
}

async fn kiosk(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    kiosk_view(&st, lang, &session, &key, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TakeForm {
    category: String,
    priority: String,
}

/// Issue a ticket for `category` (a catalog category code, or `""` for not sure) and
/// `priority` (`""` for none). `None` when the category or priority is unknown.
pub(crate) async fn issue(
    st: &AppState,
    hall: &Hall,
    category: &str,
    priority: &str,
) -> Result<Option<Ticket>, quanke_store::StoreError> {
    let category = category.trim();
    let index = st
        .catalog
        .get()
        .catalog
        .categories
        .iter()
        .position(|c| c.code == category);
    if !category.is_empty() && index.is_none() {
        return Ok(None);
    }
    let priority = match priority.trim() {
        "" => None,
        p => match Priority::parse(p) {
            Some(p) => Some(p),
            None => return Ok(None),
        },
    };
    let prefix = ticket_prefix(priority, index);
    let ticket = st
        .store
        .take_ticket(
            &hall.community,
            &NewTicket {
                category,
                priority,
                prefix,
            },
        )
        .await?;
    Ok(Some(ticket))
}

async fn take(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    Path(key): Path<String>,
    Form(f): Form<TakeForm>,
) -> Result<Response, PageError> {
    let hall = hall_by_key(&st, &key).await?;
    match issue(&st, &hall, &f.category, &f.priority).await? {
        Some(t) => Ok(Redirect::to(&format!("/queue/d/{key}/ticket/{}", t.id)).into_response()),
        None => kiosk_view(&st, lang, &session, &key, Some("queue.err.choice")).await,
    }
}

#[derive(Template)]
#[template(path = "queue/ticket.html")]
struct TicketPage {
    c: Chrome,
    hall_name: String,
    number: String,
    category: String,
    priority: Option<&'static str>,
    status: &'static str,
    waiting: bool,
    called: bool,
    window: Option<i64>,
    ahead: usize,
    wait_minutes: u32,
    arrived: String,
    track_url: String,
    qr: String,
    /// On the kiosk: where to go back to.
    kiosk: Option<String>,
}

/// `https://host` of the request (`http` unless cookies are marked secure, i.e. served over TLS).
fn origin(st: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if st.settings.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

#[allow(clippy::too_many_arguments)]
async fn ticket_view(
    st: &AppState,
    lang: Lang,
    session: &Session,
    headers: &HeaderMap,
    hall: &Hall,
    t: Ticket,
    path: &str,
    kiosk: Option<String>,
) -> Result<Response, PageError> {
    let (ahead, wait_minutes) = if t.status == TicketStatus::Waiting {
        position(st, hall, &t).await?
    } else {
        (0, 0)
    };
    let track_url = format!("{}/queue/t/{}/{}", origin(st, headers), t.id, t.track_code);
    let c = Chrome::new(lang, session, None, path).await?;
    let page = TicketPage {
        c,
        hall_name: hall_name(st, lang, hall).await?,
        category: category_name(st, lang, &t.category),
        priority: t.priority.map(priority_key),
        status: status_key(t.status),
        waiting: t.status == TicketStatus::Waiting,
        called: matches!(t.status, TicketStatus::Called | TicketStatus::Serving),
        window: t.window,
        ahead,
        wait_minutes,
        arrived: beijing(t.arrived_at),
        qr: crate::qr::svg(&track_url, 160),
        track_url,
        number: t.number,
        kiosk,
    };
    Ok(render(&page)?.into_response())
}

async fn kiosk_ticket(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    headers: HeaderMap,
    Path((key, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let hall = hall_by_key(&st, &key).await?;
    let t = st
        .store
        .ticket(&hall.community, &id)
        .await?
        .ok_or(PageError::NotFound)?;
    let path = format!("/queue/d/{key}/ticket/{id}");
    let back = format!("/queue/d/{key}/kiosk");
    ticket_view(&st, lang, &session, &headers, &hall, t, &path, Some(back)).await
}

async fn track(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    headers: HeaderMap,
    Path((id, code)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let t = st
        .store
        .ticket_by_track(&id, &code)
        .await?
        .ok_or(PageError::NotFound)?;
    let hall = st
        .store
        .hall(&quanke_domain::org::OrgCode::parse(&t.hall_code).map_err(PageError::internal)?)
        .await?
        .ok_or(PageError::NotFound)?;
    let path = format!("/queue/t/{id}/{code}");
    ticket_view(&st, lang, &session, &headers, &hall, t, &path, None).await
}

#[derive(Template)]
#[template(path = "queue/board.html")]
struct BoardPage {
    c: Chrome,
    key: String,
    hall_name: String,
    calls: Vec<super::live::BoardCall>,
}

async fn board(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    let hall = hall_by_key(&st, &key).await?;
    let recent = st.store.recent_calls(&hall.community, 8).await?;
    let c = Chrome::new(lang, &session, None, &format!("/queue/d/{key}/board")).await?;
    let page = BoardPage {
        c,
        key,
        hall_name: hall_name(&st, lang, &hall).await?,
        calls: board_calls(&recent),
    };
    Ok(render(&page)?.into_response())
}

fn sse_event(ev: &BoardEvent) -> Event {
    Event::default()
        .event("calls")
        .retry(Duration::from_secs(1))
        .json_data(ev)
        .unwrap_or_else(|_| Event::default().comment("unserialisable event"))
}

/// The board's live feed: the calls showing now at once, then every change.
async fn events(
    State(st): State<AppState>,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    let hall = hall_by_key(&st, &key).await?;
    let rx = st.queue_hub.subscribe(hall.community.as_str());
    let recent = st.store.recent_calls(&hall.community, 8).await?;
    let first = BoardEvent {
        calls: board_calls(&recent),
        announce: None,
    };
    let deadline = tokio::time::Instant::now() + STREAM_LIFETIME;
    let stream =
        futures_util::stream::unfold((Some(first), rx), move |(first, mut rx)| async move {
            if let Some(ev) = first {
                return Some((Ok::<_, Infallible>(sse_event(&ev)), (None, rx)));
            }
            loop {
                match tokio::time::timeout_at(deadline, rx.recv()).await {
                    Ok(Ok(ev)) => return Some((Ok(sse_event(&ev)), (None, rx))),
                    Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => continue,
                    Ok(Err(_)) | Err(_) => return None,
                }
            }
        });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
