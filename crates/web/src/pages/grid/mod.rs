//! The grid worker's pages (网格): the summary of my grids, the households of my grid (and one
//! household with the people living there and its visits), people filtered by tag, building and
//! age (elderly living alone is one click), rented rooms and their tenants, who is due a visit
//! under the visiting duties, recording a visit, and the spreadsheet import ([`import`]). Every
//! list is limited to the caller's scope by the store; every list exports to xlsx ([`export`]).

mod export;
mod import;

pub(crate) use import::{Jobs, MAX_UPLOAD};

use super::{guarded, render};
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::residents::Problem;
use crate::visits::{check_duty, check_visit, DutyInput, VisitInput, DUTY_SETTERS, VISITORS};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use quanke_domain::catalog::vocab::Tag;
use quanke_domain::grid::visit::Due;
use quanke_store::basic::{Building, Household, HouseholdFilter, PeopleFilter, Person};
use quanke_store::residents::Resident;
use quanke_store::visits::{DueLine, Duty, Visit};
use quanke_store::StoreError;
use serde::Deserialize;
use tower_sessions::Session;

pub(crate) fn today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .date_naive()
}

/// Tags the grid's work cares about, for filters and duties: (code, zh, en).
fn tag_options() -> Vec<(&'static str, &'static str, &'static str)> {
    Tag::ALL
        .iter()
        .map(|t| (t.code(), t.zh(), t.en()))
        .collect()
}

// ---------- the summary ----------

#[derive(Template)]
#[template(path = "grid/home.html")]
struct HomePage {
    c: Chrome,
    scope_name: String,
    households: usize,
    rented: usize,
    residents: i64,
    elderly_alone: usize,
    due: usize,
    overdue: usize,
    buildings: usize,
    can_import: bool,
    grids: Vec<GridLine>,
}

/// One grid of the caller's area: who works it and what it holds.
struct GridLine {
    code: String,
    name: String,
    workers: Vec<String>,
    households: usize,
    residents: i64,
}

async fn scope_name(st: &AppState, me: &Identity, en: bool) -> Result<String, PageError> {
    Ok(st
        .store
        .unit_by_code(&me.user.scope)
        .await?
        .map(|u| u.name_in(en).to_string())
        .unwrap_or_else(|| me.user.scope.to_string()))
}

async fn home(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let scope = &me.user.scope;
    let households = st
        .store
        .households_within(scope, &HouseholdFilter::default())
        .await?;
    let alone = st
        .store
        .people_within(
            scope,
            &PeopleFilter {
                tag: Some(Tag::ElderlyAlone),
                ..PeopleFilter::default()
            },
            10_000,
        )
        .await?;
    let due = st.store.visits_due(scope, today()).await?;
    let en = lang == Lang::En;
    let users = st.store.users_within(scope).await?;
    let mut grids = Vec::new();
    for u in st.store.units_within(scope).await? {
        if u.kind != quanke_domain::org::OrgKind::Grid {
            continue;
        }
        grids.push(GridLine {
            workers: users
                .iter()
                .filter(|x| {
                    x.role == quanke_domain::account::Role::Grid && !x.disabled && x.scope == u.code
                })
                .map(|x| x.display_name.clone())
                .collect(),
            households: households
                .iter()
                .filter(|h| h.org_code == u.code.as_str())
                .count(),
            residents: st.store.count_residents(&u.code).await?,
            code: u.code.to_string(),
            name: u.name_in(en).to_string(),
        });
    }
    let c = Chrome::new(lang, &session, Some(&me), "/grid").await?;
    Ok(render(&HomePage {
        scope_name: scope_name(&st, &me, lang == Lang::En).await?,
        households: households.len(),
        rented: households.iter().filter(|h| h.rented).count(),
        residents: st.store.count_residents(scope).await?,
        elderly_alone: alone.len(),
        due: due
            .iter()
            .filter(|l| matches!(l.due, Due::Due { .. }))
            .count(),
        overdue: due
            .iter()
            .filter(|l| matches!(l.due, Due::Overdue { .. }))
            .count(),
        buildings: st.store.buildings_within(scope).await?.len(),
        can_import: import::IMPORTERS.contains(&me.user.role),
        grids,
        c,
    })?
    .into_response())
}

// ---------- households ----------

#[derive(Template)]
#[template(path = "grid/households.html")]
struct HouseholdsPage {
    c: Chrome,
    rows: Vec<Household>,
    /// How many matched (the page shows at most [`PEOPLE_LIMIT`]).
    total: usize,
    limit: usize,
    buildings: Vec<Building>,
    building: String,
    rented_only: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HouseholdQuery {
    building: String,
    rented: String,
}

async fn households(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<HouseholdQuery>,
) -> Result<Response, PageError> {
    let f = HouseholdFilter {
        building_id: (!q.building.is_empty()).then(|| q.building.clone()),
        rented_only: q.rented == "1",
    };
    let mut rows = st.store.households_within(&me.user.scope, &f).await?;
    let total = rows.len();
    rows.truncate(PEOPLE_LIMIT);
    let buildings = st.store.buildings_within(&me.user.scope).await?;
    let c = Chrome::new(lang, &session, Some(&me), "/grid").await?;
    Ok(render(&HouseholdsPage {
        c,
        rows,
        total,
        limit: PEOPLE_LIMIT,
        buildings,
        building: q.building,
        rented_only: f.rented_only,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "grid/household.html")]
struct HouseholdPage {
    c: Chrome,
    h: Household,
    members: Vec<Resident>,
    visits: Vec<Visit>,
    form: VisitInput,
    problems: Vec<Problem>,
    today: NaiveDate,
}

impl HouseholdPage {
    fn has_error(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }
}

async fn household_page(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    id: &str,
    form: VisitInput,
    problems: Vec<Problem>,
) -> Result<Response, PageError> {
    let scope = &me.user.scope;
    let h = st.store.household(id, scope).await?;
    let members = st.store.household_members(id, scope).await?;
    let visits = st.store.visits_within(scope, Some(id), None, 50).await?;
    let status = super::form_status(&problems);
    let c = Chrome::new(lang, session, Some(me), "/grid").await?;
    Ok((
        status,
        render(&HouseholdPage {
            c,
            h,
            members,
            visits,
            form,
            problems,
            today: today(),
        })?,
    )
        .into_response())
}

async fn household(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    Query(q): Query<VisitQuery>,
) -> Result<Response, PageError> {
    let form = VisitInput {
        household_id: id.clone(),
        resident_id: q.resident,
        visited_on: today().format("%Y-%m-%d").to_string(),
        ..VisitInput::default()
    };
    household_page(&st, lang, &session, &me, &id, form, Vec::new()).await
}

// ---------- people ----------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct PeopleQuery {
    tag: String,
    building: String,
    age_min: String,
    age_max: String,
    tenants: String,
}

impl PeopleQuery {
    /// The filter, or the problems with the typed ages.
    fn filter(&self) -> (PeopleFilter, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut age = |s: &str, field: &'static str| -> Option<u32> {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<u32>() {
                Ok(n) if n <= 130 => Some(n),
                _ => {
                    problems.push(Problem::new(
                        field,
                        "年龄应为 0 到 130 之间的整数",
                        "An age is a whole number from 0 to 130",
                    ));
                    None
                }
            }
        };
        let age_min = age(&self.age_min, "age_min");
        let age_max = age(&self.age_max, "age_max");
        (
            PeopleFilter {
                tag: Tag::parse(&self.tag),
                building_id: (!self.building.is_empty()).then(|| self.building.clone()),
                age_min,
                age_max,
                today: Some(today()),
                tenants_only: self.tenants == "1",
            },
            problems,
        )
    }

    /// The query string, to carry the filter to the export links.
    fn query_string(&self) -> String {
        let enc = |s: &str| crate::auth::urlencode(s);
        format!(
            "tag={}&building={}&age_min={}&age_max={}&tenants={}",
            enc(&self.tag),
            enc(&self.building),
            enc(&self.age_min),
            enc(&self.age_max),
            enc(&self.tenants)
        )
    }
}

/// How many people (or households) a page shows at most (the export holds up to [`EXPORT_LIMIT`]
/// people, and every household).
const PEOPLE_LIMIT: usize = 500;
/// How many people an export holds at most.
pub(super) const EXPORT_LIMIT: usize = 10_000;

#[derive(Template)]
#[template(path = "grid/people.html")]
struct PeoplePage {
    c: Chrome,
    q: PeopleQuery,
    export_href: String,
    rows: Vec<Person>,
    tags: Vec<(&'static str, &'static str, &'static str)>,
    buildings: Vec<Building>,
    problems: Vec<Problem>,
    today: NaiveDate,
    can_export_full: bool,
    /// The list was cut at [`PEOPLE_LIMIT`].
    cut: bool,
    limit: usize,
}

async fn people(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<PeopleQuery>,
) -> Result<Response, PageError> {
    let (f, problems) = q.filter();
    let rows = if problems.is_empty() {
        st.store
            .people_within(&me.user.scope, &f, PEOPLE_LIMIT)
            .await?
    } else {
        Vec::new()
    };
    let cut = rows.len() >= PEOPLE_LIMIT;
    let buildings = st.store.buildings_within(&me.user.scope).await?;
    let c = Chrome::new(lang, &session, Some(&me), "/grid").await?;
    let status = super::form_status(&problems);
    Ok((
        status,
        render(&PeoplePage {
            c,
            export_href: format!("/grid/people.xlsx?{}", q.query_string()),
            q,
            rows,
            tags: tag_options(),
            buildings,
            problems,
            today: today(),
            can_export_full: export::FULL.contains(&me.user.role),
            cut,
            limit: PEOPLE_LIMIT,
        })?,
    )
        .into_response())
}

// ---------- rented rooms ----------

struct RentedLine {
    h: Household,
    tenants: Vec<Resident>,
}

#[derive(Template)]
#[template(path = "grid/rented.html")]
struct RentedPage {
    c: Chrome,
    lines: Vec<RentedLine>,
    today: NaiveDate,
    export_href: &'static str,
    can_export_full: bool,
}

async fn rented(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let scope = &me.user.scope;
    let hs = st
        .store
        .households_within(
            scope,
            &HouseholdFilter {
                rented_only: true,
                ..HouseholdFilter::default()
            },
        )
        .await?;
    let mut lines = Vec::with_capacity(hs.len());
    for h in hs {
        let tenants = st.store.household_members(&h.id, scope).await?;
        lines.push(RentedLine { h, tenants });
    }
    let c = Chrome::new(lang, &session, Some(&me), "/grid").await?;
    Ok(render(&RentedPage {
        c,
        lines,
        today: today(),
        export_href: "/grid/rented.xlsx",
        can_export_full: export::FULL.contains(&me.user.role),
    })?
    .into_response())
}

// ---------- visits due, duties ----------

struct DueRow {
    l: DueLine,
    state: &'static str,
    next: NaiveDate,
    late_days: i64,
}

struct DutyRow {
    d: Duty,
    unit: String,
    can_delete: bool,
}

#[derive(Template)]
#[template(path = "grid/due.html")]
struct DuePage {
    c: Chrome,
    rows: Vec<DueRow>,
    show_all: bool,
    duties: Vec<DutyRow>,
    can_set: bool,
    units: Vec<(String, String)>,
    tags: Vec<(&'static str, &'static str, &'static str)>,
    form: DutyInput,
    problems: Vec<Problem>,
    export_href: &'static str,
    can_export_full: bool,
}

impl DuePage {
    fn has_error(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DueQuery {
    all: String,
}

async fn due_page(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    show_all: bool,
    form: DutyInput,
    problems: Vec<Problem>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let scope = &me.user.scope;
    let lines = st.store.visits_due(scope, today()).await?;
    let rows = lines
        .into_iter()
        .filter(|l| show_all || l.due.wanted())
        .map(|l| {
            let (state, next, late_days) = match l.due {
                Due::Fine { next } => ("grid.due.fine", next, 0),
                Due::Due { next } => ("grid.due.due", next, 0),
                Due::Overdue { next, days } => ("grid.due.overdue", next, days),
            };
            DueRow {
                l,
                state,
                next,
                late_days,
            }
        })
        .collect();
    let mut units = Vec::new();
    for u in st.store.units_within(scope).await? {
        if u.kind != quanke_domain::org::OrgKind::Subdistrict {
            units.push((u.code.to_string(), u.name_in(en).to_string()));
        }
    }
    let mut duties = Vec::new();
    for d in st.store.duties_for(scope).await? {
        let code = quanke_domain::org::OrgCode::parse(&d.org_code).ok();
        let inside = code.as_ref().is_some_and(|c| scope.contains(c));
        // A duty set above the caller (the community's, for a grid worker) is named too.
        let unit = match units.iter().find(|u| u.0 == d.org_code) {
            Some(u) => u.1.clone(),
            None => match &code {
                Some(c) => st
                    .store
                    .unit_by_code(c)
                    .await?
                    .map(|u| u.name_in(en).to_string())
                    .unwrap_or_else(|| d.org_code.clone()),
                None => d.org_code.clone(),
            },
        };
        duties.push(DutyRow {
            unit,
            can_delete: inside && DUTY_SETTERS.contains(&me.user.role),
            d,
        });
    }
    let status = super::form_status(&problems);
    let c = Chrome::new(lang, session, Some(me), "/grid").await?;
    Ok((
        status,
        render(&DuePage {
            c,
            rows,
            show_all,
            duties,
            can_set: DUTY_SETTERS.contains(&me.user.role),
            units,
            tags: tag_options(),
            form,
            problems,
            export_href: "/grid/due.xlsx",
            can_export_full: export::FULL.contains(&me.user.role),
        })?,
    )
        .into_response())
}

async fn due(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<DueQuery>,
) -> Result<Response, PageError> {
    let form = DutyInput {
        org_code: me.user.scope.to_string(),
        every_days: "7".into(),
        since: today().format("%Y-%m-%d").to_string(),
        ..DutyInput::default()
    };
    due_page(&st, lang, &session, &me, q.all == "1", form, Vec::new()).await
}

async fn set_duty(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Form(form): Form<DutyInput>,
) -> Result<Response, PageError> {
    if !DUTY_SETTERS.contains(&me.user.role) {
        return Err(PageError::Forbidden);
    }
    let parts = match check_duty(&form, today()) {
        Ok(p) if me.user.scope.contains(&p.org_code) => p,
        Ok(_) => {
            let p = vec![Problem::new(
                "org_code",
                "只能为本人负责范围内的社区或网格设置走访任务",
                "Choose a community or grid within your area",
            )];
            return due_page(&st, lang, &session, &me, false, form, p).await;
        }
        Err(p) => return due_page(&st, lang, &session, &me, false, form, p).await,
    };
    let d = st
        .store
        .set_duty(
            &parts.org_code,
            parts.tag,
            parts.every_days,
            parts.since,
            &me.user.username,
        )
        .await?;
    audit_action(
        &st,
        &me,
        "visit_duty",
        "duty_set",
        &d.id,
        &format!(
            "{} {} every {} days",
            d.org_code,
            d.tag.code(),
            d.every_days
        ),
    )
    .await?;
    Ok(Redirect::to("/grid/due?all=1").into_response())
}

async fn delete_duty(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    if !DUTY_SETTERS.contains(&me.user.role) {
        return Err(PageError::Forbidden);
    }
    st.store.delete_duty(&id, &me.user.scope).await?;
    audit_action(&st, &me, "visit_duty", "duty_delete", &id, "").await?;
    Ok(Redirect::to("/grid/due?all=1").into_response())
}

// ---------- recording a visit ----------

#[derive(Template)]
#[template(path = "grid/visit.html")]
struct VisitPage {
    c: Chrome,
    r: Resident,
    form: VisitInput,
    problems: Vec<Problem>,
    visits: Vec<Visit>,
}

impl VisitPage {
    fn has_error(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct VisitQuery {
    resident: String,
}

/// `GET /grid/visits/new?resident=ID`: a visit to one person (a household's page has its own).
async fn visit_form(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<VisitQuery>,
) -> Result<Response, PageError> {
    let r = st.store.resident(&q.resident, &me.user.scope).await?;
    if let Some(h) = &r.household_id {
        return Ok(
            Redirect::to(&format!("/grid/households/{h}?resident={}#visit", r.id)).into_response(),
        );
    }
    let form = VisitInput {
        resident_id: r.id.clone(),
        visited_on: today().format("%Y-%m-%d").to_string(),
        ..VisitInput::default()
    };
    let visits = st
        .store
        .visits_within(&me.user.scope, None, Some(&r.id), 50)
        .await?;
    let c = Chrome::new(lang, &session, Some(&me), "/grid").await?;
    Ok(render(&VisitPage {
        c,
        r,
        form,
        problems: Vec::new(),
        visits,
    })?
    .into_response())
}

/// `POST /grid/visits`: record, then back to the household (or the person) it was for.
async fn record_visit(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Form(form): Form<VisitInput>,
) -> Result<Response, PageError> {
    let back_household = (!form.household_id.trim().is_empty()).then(|| form.household_id.clone());
    match check_visit(&form, today()) {
        Ok(v) => {
            let visit = st
                .store
                .record_visit(&me.user.scope, &v, Some(&me.user.id), &me.user.display_name)
                .await
                .map_err(|e| match e {
                    StoreError::NotFound(_) => PageError::NotFound,
                    e => e.into(),
                })?;
            audit_action(&st, &me, "visit", "visit_record", &visit.id, "").await?;
            let to = match back_household {
                Some(h) => format!("/grid/households/{h}#visits"),
                None => format!("/grid/visits/new?resident={}", form.resident_id.trim()),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(problems) => match back_household {
            Some(h) => household_page(&st, lang, &session, &me, &h, form, problems).await,
            None => {
                let r = st
                    .store
                    .resident(form.resident_id.trim(), &me.user.scope)
                    .await?;
                let visits = st
                    .store
                    .visits_within(&me.user.scope, None, Some(&r.id), 50)
                    .await?;
                let c = Chrome::new(lang, &session, Some(&me), "/grid").await?;
                Ok((
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    render(&VisitPage {
                        c,
                        r,
                        form,
                        problems,
                        visits,
                    })?,
                )
                    .into_response())
            }
        },
    }
}

pub(super) fn router() -> Router<AppState> {
    let read = Router::new()
        .route("/grid", get(home))
        .route("/grid/households", get(households))
        .route("/grid/households/{id}", get(household))
        .route("/grid/people", get(people))
        .route("/grid/people.xlsx", get(export::masked).post(export::full))
        .route("/grid/households.xlsx", get(export::households))
        .route(
            "/grid/rented.xlsx",
            get(export::rented_masked).post(export::rented_full),
        )
        .route(
            "/grid/due.xlsx",
            get(export::due_masked).post(export::due_full),
        )
        .route("/grid/rented", get(rented))
        .route("/grid/due", get(due))
        .route("/grid/duties", post(set_duty))
        .route("/grid/duties/{id}/delete", post(delete_duty))
        .route("/grid/visits/new", get(visit_form))
        .route("/grid/visits", post(record_visit));
    guarded(read, VISITORS).merge(guarded(import::router(), import::IMPORTERS))
}
