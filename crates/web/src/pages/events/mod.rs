//! Grid events on a phone: the list (with yellow/red clocks and supervision flags), reporting one
//! (its point placed in its grid; likely duplicates within 50 m offered first), one event with the
//! actions its state allows, supervision and extensions, the map and the measures.

mod export;
mod map;

use super::render;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::events::{self as work, ActionInput, ExtensionInput, Report, ReportError, WorkError};
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_domain::account::Role;
use quanke_domain::grid::category::{Domain, CATEGORIES};
use quanke_domain::grid::event::{Clock, Outcome, Source, State as EventState};
use quanke_store::events::{Event, EventAction, EventFilter, Extension, Flag};
use serde::Deserialize;
use tower_sessions::Session;

/// Who reads events: the grid side, departments (reviewers) and the administrator.
pub(crate) const READERS: &[Role] = &[Role::Grid, Role::Worker, Role::Reviewer, Role::Admin];

/// One line of the list.
struct Line {
    id: String,
    category: String,
    description: String,
    grid: String,
    state: &'static str,
    clock: &'static str,
    clock_class: String,
    supervised: bool,
    created: String,
}

fn cat_name(code: &str, en: bool) -> String {
    quanke_domain::grid::category::category(code)
        .map(|c| if en { c.en } else { c.zh })
        .unwrap_or(code)
        .to_string()
}

fn state_key(s: EventState) -> &'static str {
    match s {
        EventState::Reported => "events.state.reported",
        EventState::Accepted => "events.state.accepted",
        EventState::Dispatched => "events.state.dispatched",
        EventState::Handled => "events.state.handled",
        EventState::FedBack => "events.state.fed_back",
        EventState::Verified => "events.state.verified",
        EventState::Filed => "events.state.filed",
        EventState::Closed => "events.state.closed",
    }
}

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Fixed => "events.outcome.fixed",
        Outcome::UnableToFix => "events.outcome.unable_to_fix",
        Outcome::NotResponsible => "events.outcome.not_responsible",
        Outcome::Duplicate => "events.outcome.duplicate",
        Outcome::Referral => "events.outcome.referral",
    }
}

fn clock_key(c: Option<Clock>) -> &'static str {
    match c {
        Some(Clock::Green) => "events.clock.green",
        Some(Clock::Yellow) => "events.clock.yellow",
        Some(Clock::Red) => "events.clock.red",
        None => "",
    }
}

/// The CSS class of a clock key: `events.clock.red` → `events-clock-red`.
fn clock_class(key: &str) -> String {
    key.replace('.', "-")
}

fn line(e: &Event, en: bool, now: i64) -> Line {
    Line {
        id: e.id.clone(),
        category: cat_name(&e.category, en),
        description: e.description.chars().take(60).collect(),
        grid: e.org_code.to_string(),
        state: state_key(e.state),
        clock: clock_key(e.clock(now)),
        clock_class: clock_class(clock_key(e.clock(now))),
        supervised: e.supervised,
        created: beijing(e.created_at),
    }
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    c: Chrome,
    lines: Vec<Line>,
    states: Vec<(&'static str, &'static str)>,
    filter_state: String,
    open_only: bool,
    can_report: bool,
    can_export_full: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    state: String,
    open: String,
}

async fn list(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let now = quanke_store::now_ms();
    let f = EventFilter {
        state: EventState::parse(&q.state),
        category: None,
        open_only: q.open == "1",
    };
    let events = st.store.events_within(&me.user.scope, &f).await?;
    let lines = events.iter().map(|e| line(e, en, now)).collect();
    let c = Chrome::new(lang, &session, Some(&me), "/events").await?;
    Ok(render(&ListPage {
        c,
        lines,
        states: EventState::ALL
            .iter()
            .map(|s| (s.as_str(), state_key(*s)))
            .collect(),
        filter_state: q.state,
        open_only: q.open == "1",
        can_report: work::REPORTERS.contains(&me.user.role),
        can_export_full: work::SUPERVISORS.contains(&me.user.role),
    })?
    .into_response())
}

/// The report form's fields, kept when sent back.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ReportForm {
    category: String,
    description: String,
    lat: String,
    lon: String,
    address: String,
    source: String,
    reporter_name: String,
    force: String,
    duplicate_of: String,
    photo_type: String,
    photo_data: String,
}

struct DupLine {
    id: String,
    description: String,
    distance: String,
    state: &'static str,
}

#[derive(Template)]
#[template(path = "events/new.html")]
struct NewPage {
    c: Chrome,
    form: ReportForm,
    groups: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
    sources: Vec<(&'static str, &'static str)>,
    errors: Vec<String>,
    duplicates: Vec<DupLine>,
}

fn groups(en: bool) -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    Domain::ALL
        .iter()
        .map(|d| {
            (
                if en { d.en() } else { d.zh() },
                CATEGORIES
                    .iter()
                    .filter(|c| c.domain == *d)
                    .map(|c| (c.code, if en { c.en } else { c.zh }))
                    .collect(),
            )
        })
        .collect()
}

fn sources() -> Vec<(&'static str, &'static str)> {
    Source::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                match s {
                    Source::GridWorker => "events.source.grid_worker",
                    Source::Resident => "events.source.resident",
                    Source::System => "events.source.system",
                },
            )
        })
        .collect()
}

async fn new_page(
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    form: ReportForm,
    errors: Vec<String>,
    duplicates: Vec<DupLine>,
) -> Result<NewPage, PageError> {
    let c = Chrome::new(lang, session, Some(me), "/events/new").await?;
    Ok(NewPage {
        c,
        form,
        groups: groups(lang == Lang::En),
        sources: sources(),
        errors,
        duplicates,
    })
}

async fn new_form(
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    if !work::REPORTERS.contains(&me.user.role) {
        return Err(PageError::Forbidden);
    }
    let form = ReportForm {
        source: "grid_worker".into(),
        ..Default::default()
    };
    Ok(render(&new_page(lang, &session, &me, form, vec![], vec![]).await?)?.into_response())
}

async fn create(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Form(f): Form<ReportForm>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let mut errors = Vec::new();
    let num = |s: &str| s.trim().parse::<f64>().ok();
    let photos = if f.photo_data.trim().is_empty() {
        vec![]
    } else {
        vec![work::PhotoInput {
            content_type: f.photo_type.clone(),
            data: f.photo_data.clone(),
        }]
    };
    let r = Report {
        category: f.category.clone(),
        description: f.description.clone(),
        lat: num(&f.lat),
        lon: num(&f.lon),
        address: f.address.clone(),
        source: f.source.clone(),
        reporter_name: f.reporter_name.clone(),
        force: f.force == "1",
        duplicate_of: Some(f.duplicate_of.clone()).filter(|d| !d.is_empty()),
        photos,
    };
    let mut duplicates = Vec::new();
    match work::report(&st, &me, &r).await {
        Ok(e) => return Ok(Redirect::to(&format!("/events/{}", e.id)).into_response()),
        Err(ReportError::Invalid(v)) => {
            errors = v
                .into_iter()
                .map(|(_, m)| if en { m.en } else { m.zh })
                .collect()
        }
        Err(ReportError::Duplicates(d)) => {
            duplicates = d
                .iter()
                .map(|(e, m)| DupLine {
                    id: e.id.clone(),
                    description: e.description.chars().take(80).collect(),
                    distance: format!("{m:.0}"),
                    state: state_key(e.state),
                })
                .collect()
        }
        Err(ReportError::Store(e)) => return Err(e.into()),
    }
    let mut form = f;
    form.photo_data.clear();
    let p = new_page(lang, &session, &me, form, errors, duplicates).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)?).into_response())
}

struct ActionLine {
    at: String,
    actor: String,
    action: String,
    to: &'static str,
    note: String,
}

#[derive(Template)]
#[template(path = "events/detail.html")]
struct DetailPage {
    c: Chrome,
    e: Event,
    category: String,
    state: &'static str,
    outcome: &'static str,
    clock: &'static str,
    clock_class: String,
    deadline: String,
    created: String,
    actions: Vec<ActionLine>,
    flags: Vec<Flag>,
    extensions: Vec<Extension>,
    photos: Vec<String>,
    can: Vec<&'static str>,
    can_supervise: bool,
    outcomes: Vec<(&'static str, &'static str, bool)>,
    errors: Vec<String>,
}

impl DetailPage {
    fn may(&self, a: &str) -> bool {
        self.can.contains(&a)
    }
    fn when(&self, ms: &i64) -> String {
        beijing(*ms)
    }
}

fn action_key(a: &str) -> String {
    format!("events.action.{a}")
}

async fn detail_page(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    id: &str,
    errors: Vec<String>,
) -> Result<DetailPage, PageError> {
    let en = lang == Lang::En;
    let e = st.store.event(id, &me.user.scope).await?;
    let now = quanke_store::now_ms();
    let actions: Vec<EventAction> = st.store.event_actions(id).await?;
    let c = Chrome::new(lang, session, Some(me), "/events").await?;
    let can = e
        .state
        .actions()
        .iter()
        .filter(|a| a.roles().contains(&me.user.role))
        .map(|a| a.as_str())
        .collect();
    Ok(DetailPage {
        category: cat_name(&e.category, en),
        state: state_key(e.state),
        outcome: e.outcome.map(outcome_key).unwrap_or(""),
        clock: clock_key(e.clock(now)),
        clock_class: clock_class(clock_key(e.clock(now))),
        deadline: e.deadline_at.map(beijing).unwrap_or_default(),
        created: beijing(e.created_at),
        actions: actions
            .into_iter()
            .map(|a| ActionLine {
                at: beijing(a.at),
                actor: a.actor_name,
                action: c.t(&action_key(&a.action)).to_string(),
                to: EventState::parse(&a.to_state).map(state_key).unwrap_or(""),
                note: a.note,
            })
            .collect(),
        flags: st.store.event_flags(id).await?,
        extensions: st.store.extensions(id).await?,
        photos: st.store.event_photo_ids(id).await?,
        can,
        can_supervise: work::SUPERVISORS.contains(&me.user.role) && e.is_open(),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (o.as_str(), outcome_key(*o), o.without_work()))
            .collect(),
        errors,
        e,
        c,
    })
}

async fn detail(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    Ok(render(&detail_page(&st, lang, &session, &me, &id, vec![]).await?)?.into_response())
}

/// The page again with the errors of a refused change, or back to the event after it.
async fn after(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    id: &str,
    r: Result<(), WorkError>,
) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/events/{id}")).into_response()),
        Err(e) => {
            let status = match &e {
                WorkError::Forbidden(_) => StatusCode::FORBIDDEN,
                WorkError::Conflict(_) => StatusCode::CONFLICT,
                WorkError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                WorkError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
            };
            let Some(msgs) = e.messages(lang == Lang::En) else {
                if let WorkError::Store(s) = e {
                    return Err(s.into());
                }
                return Err(PageError::Internal("event".into()));
            };
            let p = detail_page(st, lang, session, me, id, msgs).await?;
            Ok((status, render(&p)?).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    action: String,
    version: i64,
    note: String,
    department: String,
    deadline_hours: String,
    passed: String,
    outcome: String,
}

async fn act(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    Form(f): Form<ActionForm>,
) -> Result<Response, PageError> {
    let input = ActionInput {
        action: f.action,
        version: f.version,
        note: f.note,
        department: f.department,
        deadline_hours: f.deadline_hours.trim().parse().ok(),
        passed: match f.passed.as_str() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        },
        outcome: Some(f.outcome).filter(|o| !o.is_empty()),
    };
    let r = work::act(&st, &me, &id, &input).await.map(|_| ());
    after(&st, lang, &session, &me, &id, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NoteForm {
    note: String,
}

async fn supervise(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    Form(f): Form<NoteForm>,
) -> Result<Response, PageError> {
    let r = work::supervise(&st, &me, &id, &f.note).await.map(|_| ());
    after(&st, lang, &session, &me, &id, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExtensionForm {
    hours: String,
    reason: String,
}

async fn extension(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    Form(f): Form<ExtensionForm>,
) -> Result<Response, PageError> {
    let x = ExtensionInput {
        hours: f.hours.trim().parse().ok(),
        reason: f.reason,
    };
    let r = work::request_extension(&st, &me, &id, &x).await.map(|_| ());
    after(&st, lang, &session, &me, &id, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    approve: String,
}

async fn decide(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path((id, ext)): Path<(String, String)>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let r = work::decide_extension(&st, &me, &id, &ext, f.approve == "1")
        .await
        .map(|_| ());
    after(&st, lang, &session, &me, &id, r).await
}

async fn photo(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path((id, pid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (ctype, bytes) = st.store.event_photo(&id, &pid, &me.user.scope).await?;
    Ok((
        [
            (header::CONTENT_TYPE, ctype),
            (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "events/measures.html")]
struct MeasuresPage {
    c: Chrome,
    m: quanke_domain::grid::measures::Measures,
    settled_pct: String,
    mean_hours: String,
    median_hours: String,
    rows: Vec<(String, String, usize)>,
}

async fn measures(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let m = work::measures(&st, &me.user.scope).await?;
    let rows = m
        .by_grid_category
        .iter()
        .flat_map(|(g, cats)| {
            cats.iter()
                .map(move |(c, n)| (g.clone(), cat_name(c, en), *n))
        })
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), "/events/measures").await?;
    let hours = |h: Option<f64>| h.map(|h| format!("{h:.1}")).unwrap_or_else(|| "—".into());
    Ok(render(&MeasuresPage {
        c,
        settled_pct: format!("{:.0}%", m.settled_share * 100.0),
        mean_hours: hours(m.mean_hours_to_close),
        median_hours: hours(m.median_hours_to_close),
        rows,
        m,
    })?
    .into_response())
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/new", get(new_form))
        .route("/events/map", get(map::page))
        .route(
            "/events/export.xlsx",
            get(export::masked).post(export::full),
        )
        .route("/events/measures", get(measures))
        .route("/events/{id}", get(detail))
        .route("/events/{id}/act", post(act))
        .route("/events/{id}/supervise", post(supervise))
        .route("/events/{id}/extensions", post(extension))
        .route("/events/{id}/extensions/{ext}/decide", post(decide))
        .route("/events/{id}/photos/{pid}", get(photo))
}
