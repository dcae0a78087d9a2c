//! Case pages: intake at the window (`/intake`), the work lists (`/cases`), what is due and
//! overdue (`/cases/due`), one case with its actions, the one-time notice and the receipt on A4,
//! the public tracking page with the rating (`/track`, no login), and the calendar upload
//! (`/admin/calendar`).

mod calendar;
mod case;
mod intake;
mod track;
pub(crate) mod upload;

use super::guarded;
use crate::auth::PageUser;
use crate::casework::{self, CASE_READERS, INTAKE};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use quanke_domain::account::Role;
use quanke_domain::calendar::Calendar;
use quanke_domain::cases::{Status, Urgency};
use quanke_domain::catalog::Guide;
use quanke_domain::org::OrgCode;
use quanke_store::cases::{today, Case, CaseFilter};
use serde::Deserialize;
use std::collections::HashMap;
use tower_sessions::Session;

/// Every case page, each router behind its guard.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(guarded(
            Router::new()
                .route("/cases", get(list))
                .route("/cases/due", get(due))
                .merge(case::router()),
            CASE_READERS,
        ))
        .merge(guarded(intake::router(), INTAKE))
        .merge(guarded(calendar::router(), &[Role::Admin]))
        .merge(track::router())
}

/// The translation key of a status.
pub(crate) fn status_key(s: Status) -> &'static str {
    match s {
        Status::NoticeIssued => "cases.state.notice_issued",
        Status::Accepted => "cases.state.accepted",
        Status::Returned => "cases.state.returned",
        Status::Suspended => "cases.state.suspended",
        Status::Completed => "cases.state.completed",
        Status::Rejected => "cases.state.rejected",
    }
}

/// The translation key of an urgency.
pub(crate) fn urgency_key(u: Urgency) -> &'static str {
    match u {
        Urgency::Green => "cases.urgency.green",
        Urgency::Yellow => "cases.urgency.yellow",
        Urgency::Red => "cases.urgency.red",
    }
}

/// A case in a list.
pub(crate) struct Row {
    pub number: String,
    pub guide: String,
    pub status: &'static str,
    pub step: String,
    pub deadline: String,
    pub urgency: &'static str,
    pub urgency_key: &'static str,
    pub name: String,
}

/// Guides by code, read once per list (the versions of the cases listed).
pub(crate) struct Guides(HashMap<(String, i64), Option<Guide>>);

impl Guides {
    pub fn new() -> Guides {
        Guides(HashMap::new())
    }

    pub async fn get(&mut self, st: &AppState, code: &str, version: i64) -> Option<&Guide> {
        let key = (code.to_string(), version);
        if !self.0.contains_key(&key) {
            let g = st.store.guide_version(code, version).await.ok().flatten();
            self.0.insert(key.clone(), g);
        }
        self.0.get(&key).and_then(|g| g.as_ref())
    }
}

pub(crate) async fn rows(st: &AppState, cases: &[Case], en: bool, calendar: &Calendar) -> Vec<Row> {
    let mut guides = Guides::new();
    let today = today();
    let mut out = Vec::with_capacity(cases.len());
    for c in cases {
        let g = guides.get(st, &c.guide_code, c.guide_version).await;
        let guide = g
            .map(|g| g.name(en).to_string())
            .unwrap_or_else(|| c.guide_code.clone());
        let step = g
            .and_then(|g| g.steps.get(usize::try_from(c.current_step).unwrap_or(0)))
            .map(|s| {
                if en {
                    s.name_en.clone()
                } else {
                    s.name_zh.clone()
                }
            })
            .unwrap_or_default();
        let u = casework::urgency(calendar, c, today);
        out.push(Row {
            number: c.number.clone(),
            guide,
            status: status_key(c.status),
            step,
            deadline: c.deadline.map(|d| d.to_string()).unwrap_or_default(),
            urgency: u.map(|u| u.as_str()).unwrap_or(""),
            urgency_key: u.map(urgency_key).unwrap_or(""),
            name: c.name_masked.clone(),
        });
    }
    out
}

#[derive(Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    c: Chrome,
    mine: Vec<Row>,
    all: Vec<Row>,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: String,
}

async fn list(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let calendar = st.store.calendar().await?;
    let mine = st
        .store
        .work_list(&me.user.id, me.user.role, &me.user.scope, 200)
        .await?;
    let filter = CaseFilter {
        status: Status::parse(&q.status),
        running: false,
    };
    let all = st.store.cases_within(&me.user.scope, &filter, 200).await?;
    let c = Chrome::new(lang, &session, Some(&me), "/cases").await?;
    let page = ListPage {
        c,
        mine: rows(&st, &mine, en, &calendar).await,
        all: rows(&st, &all, en, &calendar).await,
        status: q.status,
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str(), status_key(*s)))
            .collect(),
    };
    Ok(super::render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "cases/due.html")]
struct DuePage {
    c: Chrome,
    units: Vec<(String, String)>,
    org: String,
    red: Vec<Row>,
    yellow: Vec<Row>,
    running: usize,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DueQuery {
    org: String,
}

async fn due(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<DueQuery>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    // The unit asked for, if it lies within the caller's scope; else the caller's own scope.
    let org = OrgCode::parse(&q.org)
        .ok()
        .filter(|o| me.user.scope.contains(o))
        .unwrap_or_else(|| me.user.scope.clone());
    let mut units = vec![(me.user.scope.as_str().to_string(), String::new())];
    for u in st.store.communities_visible(&me.user.scope).await? {
        if me.user.scope.contains(&u.code) && u.code != me.user.scope {
            let name = if en && !u.name.en.is_empty() {
                u.name.en.clone()
            } else {
                u.name.zh.clone()
            };
            units.push((u.code.as_str().to_string(), name));
        }
    }
    if let Some(own) = st.store.unit_by_code(&me.user.scope).await? {
        units[0].1 = if en && !own.name.en.is_empty() {
            own.name.en.clone()
        } else {
            own.name.zh.clone()
        };
    }
    let calendar = st.store.calendar().await?;
    let running = st
        .store
        .cases_within(
            &org,
            &CaseFilter {
                status: None,
                running: true,
            },
            1000,
        )
        .await?;
    let all = rows(&st, &running, en, &calendar).await;
    let n = all.len();
    let (red, rest): (Vec<Row>, Vec<Row>) = all.into_iter().partition(|r| r.urgency == "red");
    let yellow = rest.into_iter().filter(|r| r.urgency == "yellow").collect();
    let c = Chrome::new(lang, &session, Some(&me), "/cases").await?;
    Ok(super::render(&DuePage {
        c,
        units,
        org: org.as_str().to_string(),
        red,
        yellow,
        running: n,
    })?
    .into_response())
}
