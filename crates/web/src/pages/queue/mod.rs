//! The service hall's queue: the halls a worker may run, each hall's overview and settings, the
//! window page (`window`), the kiosk, display board and a resident's ticket (`device`: opened on
//! hall devices by the hall's device key, without a staff login), statistics and the staffing
//! comparison of pooled and specialist windows (`stats`).
//!
//! Workers and administrators run windows in the halls of the communities related to their
//! scope (their own community, or every community under their subdistrict).

mod chart;
mod device;
pub(crate) mod live;
mod stats;
mod window;

pub(crate) use device::issue as issue_ticket;
pub(crate) use stats::{Period, PeriodQuery};
pub(crate) use window::{
    apply as apply_ticket_action, next_for as call_next_to, parse_action as parse_ticket_action,
};

use super::{guarded, render};
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_domain::account::Role;
use quanke_domain::org::{OrgCode, OrgKind};
use quanke_domain::queue::ticket::{estimated_wait_minutes, DEFAULT_SERVICE_MINUTES};
use quanke_store::queue::{Hall, Ticket};
use serde::Deserialize;
use tower_sessions::Session;

/// Who runs windows.
pub(crate) const STAFF: &[Role] = &[Role::Worker, Role::Admin];
const ADMIN: &[Role] = &[Role::Admin];
/// Windows of a hall opened for the first time.
pub(crate) const DEFAULT_WINDOWS: i64 = 3;

/// The queue's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(guarded(
            Router::new()
                .route("/queue", get(halls))
                .route("/queue/{community}", get(hall_page))
                .merge(window::router())
                .merge(stats::router()),
            STAFF,
        ))
        .merge(guarded(
            Router::new()
                .route("/queue/{community}/settings", post(settings))
                .route("/queue/{community}/device-key", post(rotate_key)),
            ADMIN,
        ))
        .merge(device::router())
}

/// The hall of `community` if the caller may run it (opened on first use); "not found" for a
/// code that is not a community related to the caller's scope.
pub(crate) async fn hall_for(
    st: &AppState,
    me: &Identity,
    community: &str,
) -> Result<Hall, quanke_store::StoreError> {
    use quanke_store::StoreError;
    let code = OrgCode::parse(community).map_err(|_| StoreError::NotFound("hall"))?;
    if !me.user.scope.related(&code) {
        return Err(StoreError::NotFound("hall"));
    }
    match st.store.unit_by_code(&code).await? {
        Some(unit) if unit.kind == OrgKind::Community => {}
        _ => return Err(StoreError::NotFound("hall")),
    }
    st.store.open_hall(&code, DEFAULT_WINDOWS).await
}

/// A category's name in the page's language; `""` is "not sure".
pub(crate) fn category_name(st: &AppState, lang: Lang, code: &str) -> String {
    if code.is_empty() || code == "-" {
        return lang.t("queue.not_sure").to_string();
    }
    let view = st.catalog.get();
    view.catalog
        .categories
        .iter()
        .find(|c| c.code == code)
        .map(|c| {
            if lang == Lang::En {
                c.name_en.clone()
            } else {
                c.name_zh.clone()
            }
        })
        .unwrap_or_else(|| code.to_string())
}

/// The catalog's categories as (code, name, index) in the page's language.
pub(crate) fn categories(st: &AppState, lang: Lang) -> Vec<(String, String)> {
    st.catalog
        .get()
        .catalog
        .categories
        .iter()
        .map(|c| {
            let name = if lang == Lang::En {
                c.name_en.clone()
            } else {
                c.name_zh.clone()
            };
            (c.code.clone(), name)
        })
        .collect()
}

/// A priority's translation key.
pub(crate) fn priority_key(p: quanke_domain::queue::ticket::Priority) -> &'static str {
    use quanke_domain::queue::ticket::Priority::*;
    match p {
        Elderly => "queue.priority.elderly",
        Disabled => "queue.priority.disabled",
        Pregnant => "queue.priority.pregnant",
    }
}

/// A status's translation key.
pub(crate) fn status_key(s: quanke_domain::queue::ticket::TicketStatus) -> &'static str {
    use quanke_domain::queue::ticket::TicketStatus::*;
    match s {
        Waiting => "queue.status.waiting",
        Called => "queue.status.called",
        Serving => "queue.status.serving",
        Done => "queue.status.done",
        NoShow => "queue.status.no_show",
    }
}

/// How many are ahead of a waiting ticket, and the estimated wait in minutes.
pub(crate) async fn position(
    st: &AppState,
    hall: &Hall,
    ticket: &Ticket,
) -> Result<(usize, u32), quanke_store::StoreError> {
    let waiting = st.store.waiting_tickets(&hall.community).await?;
    let ahead = waiting.iter().position(|t| t.id == ticket.id).unwrap_or(0);
    let mean = st
        .store
        .recent_mean_service_minutes(&hall.community, 20)
        .await?
        .unwrap_or(DEFAULT_SERVICE_MINUTES);
    Ok((
        ahead,
        estimated_wait_minutes(ahead, mean, hall.windows.max(1) as usize),
    ))
}

/// Tell the hall's boards what is called now, announcing `called` if given.
pub(crate) async fn publish(st: &AppState, hall: &Hall, called: Option<&Ticket>) {
    match st.store.recent_calls(&hall.community, 8).await {
        Ok(recent) => st.queue_hub.publish(
            hall.community.as_str(),
            live::BoardEvent {
                calls: live::board_calls(&recent),
                announce: called.and_then(live::Announce::of),
            },
        ),
        Err(e) => tracing::warn!(error = %e, "could not read the calls for the board"),
    }
}

/// A hall in the list.
struct HallLine {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "queue/halls.html")]
struct HallsPage {
    c: Chrome,
    halls: Vec<HallLine>,
}

async fn halls(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let mut halls: Vec<HallLine> = st
        .store
        .units_within(&me.user.scope)
        .await?
        .into_iter()
        .filter(|u| u.kind == OrgKind::Community)
        .map(|u| HallLine {
            code: u.code.to_string(),
            name: u.name_in(en).to_string(),
        })
        .collect();
    // A worker scoped to a grid runs the hall of the community above it.
    if let Some(parent) = me.user.scope.parent() {
        if let Some(u) = st.store.unit_by_code(&parent).await? {
            if u.kind == OrgKind::Community {
                halls.push(HallLine {
                    code: u.code.to_string(),
                    name: u.name_in(en).to_string(),
                });
            }
        }
    }
    if let [only] = halls.as_slice() {
        return Ok(Redirect::to(&format!("/queue/{}", only.code)).into_response());
    }
    let c = Chrome::new(lang, &session, Some(&me), "/queue").await?;
    Ok(render(&HallsPage { c, halls })?.into_response())
}

/// A window's line on the hall page.
pub(crate) struct WindowLine {
    pub number: i64,
    pub ticket: Option<Ticket>,
}

/// The hall's windows with the ticket at each.
pub(crate) fn window_lines(hall: &Hall, at_windows: &[Ticket]) -> Vec<WindowLine> {
    (1..=hall.windows)
        .map(|n| WindowLine {
            number: n,
            ticket: at_windows.iter().find(|t| t.window == Some(n)).cloned(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "queue/hall.html")]
struct HallPage {
    c: Chrome,
    hall: Hall,
    name: String,
    windows: Vec<WindowLine>,
    waiting: Vec<Ticket>,
    is_admin: bool,
    errors: Vec<String>,
    windows_field: String,
}

async fn hall_view(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    hall: Hall,
    errors: Vec<String>,
    windows_field: Option<String>,
) -> Result<Response, PageError> {
    let unit = st.store.unit_by_code(&hall.community).await?;
    let name = unit
        .map(|u| u.name_in(lang == Lang::En).to_string())
        .unwrap_or_default();
    let at = st.store.tickets_at_windows(&hall.community).await?;
    let waiting = st.store.waiting_tickets(&hall.community).await?;
    let path = format!("/queue/{}", hall.community);
    let c = Chrome::new(lang, session, Some(me), &path).await?;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = HallPage {
        c,
        windows: window_lines(&hall, &at),
        windows_field: windows_field.unwrap_or_else(|| hall.windows.to_string()),
        hall,
        name,
        waiting,
        is_admin: me.user.role == Role::Admin,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

async fn hall_page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(community): Path<String>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    hall_view(&st, lang, &session, &me, hall, vec![], None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SettingsForm {
    windows: String,
}

async fn settings(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(community): Path<String>,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    match f.windows.trim().parse::<i64>() {
        Ok(n) if (1..=99).contains(&n) => {
            let hall = st.store.set_hall_windows(&hall.community, n).await?;
            audit_action(
                &st,
                &me,
                "queue_hall",
                "queue_windows_set",
                hall.community.as_str(),
                &n.to_string(),
            )
            .await?;
            Ok(Redirect::to(&format!("/queue/{}", hall.community)).into_response())
        }
        _ => {
            let errors = vec![lang.t("queue.err.windows").to_string()];
            hall_view(&st, lang, &session, &me, hall, errors, Some(f.windows)).await
        }
    }
}

async fn rotate_key(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(community): Path<String>,
) -> Result<Response, PageError> {
    let hall = hall_for(&st, &me, &community).await?;
    let hall = st.store.rotate_device_key(&hall.community).await?;
    audit_action(
        &st,
        &me,
        "queue_hall",
        "queue_device_key_rotated",
        hall.community.as_str(),
        "",
    )
    .await?;
    Ok(Redirect::to(&format!("/queue/{}", hall.community)).into_response())
}
