//! Duty rosters per community hall: a grid of days with who is on duty, whether they cover all 8
//! categories together, the missing categories and who could be swapped in; the coming days that
//! are not covered are warned about at the top. Administrators edit; workers read their own.

use super::{category_name, today};
use crate::auth::{audit_action, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use quanke_domain::account::Role;
use quanke_domain::calendar::Calendar;
use quanke_domain::org::{OrgCode, OrgKind};
use quanke_domain::training::roster::check_day;
use quanke_store::users::User;
use serde::Deserialize;
use std::sync::OnceLock;
use tower_sessions::Session;

/// Who reads rosters.
pub(crate) const READERS: &[Role] = &[Role::Worker, Role::Admin];
const EDITORS: &[Role] = &[Role::Admin];

/// How many days ahead the page warns about.
const WARN_DAYS: i64 = 7;

fn calendar() -> &'static Calendar {
    static C: OnceLock<Calendar> = OnceLock::new();
    C.get_or_init(Calendar::builtin)
}

#[derive(Template)]
#[template(path = "training/rosters.html")]
struct ListPage {
    c: Chrome,
    communities: Vec<(String, String)>,
}

/// The communities the caller may see rosters of.
async fn communities(
    st: &AppState,
    me: &crate::auth::Identity,
    lang: Lang,
) -> Result<Vec<(String, String)>, PageError> {
    // A worker scoped to a grid still sees their community's roster.
    let root = if me.user.role == Role::Admin {
        me.user.scope.clone()
    } else {
        let mut s = me.user.scope.clone();
        while s.as_str().split('-').count() > 3 {
            match s.parent() {
                Some(p) => s = p,
                None => break,
            }
        }
        s
    };
    Ok(st
        .store
        .units_within(&root)
        .await?
        .into_iter()
        .filter(|u| u.kind == OrgKind::Community)
        .map(|u| (u.code.to_string(), u.name_in(lang == Lang::En).to_string()))
        .collect())
}

async fn list(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let communities = communities(&st, &me, lang).await?;
    if communities.len() == 1 {
        return Ok(Redirect::to(&format!("/rosters/{}", communities[0].0)).into_response());
    }
    let c = Chrome::new(lang, &session, Some(&me), "/rosters").await?;
    Ok(crate::pages::render(&ListPage { c, communities })?.into_response())
}

struct DayLine {
    day: String,
    weekday_key: &'static str,
    workday: bool,
    past: bool,
    on_duty: Vec<(String, String, bool)>,
    missing: Vec<String>,
    candidates: Vec<(String, String)>,
    covered: bool,
    staffed: bool,
}

impl DayLine {
    /// "name (categories), …" of who could be swapped in.
    fn candidates_text(&self) -> String {
        self.candidates
            .iter()
            .map(|(n, cs)| format!("{n} ({cs})"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Template)]
#[template(path = "training/roster.html")]
struct RosterPage {
    c: Chrome,
    code: String,
    name: String,
    can_edit: bool,
    from: String,
    prev: String,
    next: String,
    days: Vec<DayLine>,
    /// The coming days not covered: (day, weekday key, staffed, missing, candidates).
    warnings: Vec<(String, &'static str, bool, String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RosterQuery {
    from: String,
}

fn weekday_key(d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    match d.weekday() {
        chrono::Weekday::Mon => "rosters.mon",
        chrono::Weekday::Tue => "rosters.tue",
        chrono::Weekday::Wed => "rosters.wed",
        chrono::Weekday::Thu => "rosters.thu",
        chrono::Weekday::Fri => "rosters.fri",
        chrono::Weekday::Sat => "rosters.sat",
        chrono::Weekday::Sun => "rosters.sun",
    }
}

/// The hall's staff: the general social workers of the community.
async fn staff(st: &AppState, community: &OrgCode) -> Result<Vec<User>, PageError> {
    Ok(st
        .store
        .users_within(community)
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Worker && !u.disabled)
        .collect())
}

async fn community_of(
    st: &AppState,
    me: &crate::auth::Identity,
    code: &str,
    lang: Lang,
) -> Result<(OrgCode, String), PageError> {
    communities(st, me, lang)
        .await?
        .into_iter()
        .find(|(c, _)| c == code)
        .and_then(|(c, n)| OrgCode::parse(&c).ok().map(|c| (c, n)))
        .ok_or(PageError::NotFound)
}

async fn roster(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
    Query(q): Query<RosterQuery>,
) -> Result<Response, PageError> {
    let (community, name) = community_of(&st, &me, &code, lang).await?;
    let today = today();
    let from = q.from.parse::<NaiveDate>().unwrap_or(today);
    let to = from + chrono::Duration::days(13);
    let staff = staff(&st, &community).await?;
    let staff_ids: Vec<String> = staff.iter().map(|u| u.id.clone()).collect();
    let name_of = |id: &str| {
        staff
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let shifts = st.store.shifts(&community, from, to).await?;
    let quals = st.store.qualifications_within(&community).await?;
    let view = st.catalog.get();
    let cats: Vec<String> = view
        .catalog
        .categories
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let mut days = Vec::new();
    let mut warnings = Vec::new();
    let mut d = from;
    while d <= to {
        let key = d.to_string();
        let on: Vec<String> = shifts
            .iter()
            .filter(|s| s.day == key)
            .map(|s| s.user_id.clone())
            .collect();
        let cov = check_day(d, &cats, &on, &staff_ids, &quals);
        let workday = calendar().is_workday(d);
        let line = DayLine {
            day: key,
            weekday_key: weekday_key(d),
            workday,
            past: d < today,
            on_duty: staff
                .iter()
                .map(|u| (u.id.clone(), u.display_name.clone(), on.contains(&u.id)))
                .collect(),
            missing: cov
                .missing
                .iter()
                .map(|c| category_name(&view.catalog, c, lang))
                .collect(),
            candidates: cov
                .candidates
                .iter()
                .map(|(u, cs)| {
                    (
                        name_of(u),
                        cs.iter()
                            .map(|c| category_name(&view.catalog, c, lang))
                            .collect::<Vec<_>>()
                            .join("、"),
                    )
                })
                .collect(),
            covered: cov.covered(),
            staffed: !on.is_empty(),
        };
        // Warn about the coming working days (and any staffed day) that are not covered.
        if d >= today
            && d < today + chrono::Duration::days(WARN_DAYS)
            && !line.covered
            && (workday || line.staffed)
        {
            warnings.push((
                line.day.clone(),
                line.weekday_key,
                line.staffed,
                line.missing.join("、"),
                line.candidates_text(),
            ));
        }
        days.push(line);
        d += chrono::Duration::days(1);
    }
    let c = Chrome::new(lang, &session, Some(&me), "/rosters").await?;
    Ok(crate::pages::render(&RosterPage {
        c,
        code,
        name,
        can_edit: EDITORS.contains(&me.user.role),
        prev: (from - chrono::Duration::days(14)).to_string(),
        next: (to + chrono::Duration::days(1)).to_string(),
        from: from.to_string(),
        days,
        warnings,
    })?
    .into_response())
}

/// Set who is on duty on one day: exactly the workers ticked.
async fn set_day(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Path((code, day)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let (community, _) = community_of(&st, &me, &code, lang).await?;
    let Ok(date) = day.parse::<NaiveDate>() else {
        return Err(PageError::NotFound);
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let wanted: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "on")
        .map(|(_, v)| v.clone())
        .collect();
    let from = pairs
        .iter()
        .find(|(k, _)| k == "from")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let staff = staff(&st, &community).await?;
    let current = st.store.shifts(&community, date, date).await?;
    for u in &staff {
        let on = wanted.contains(&u.id);
        let was = current.iter().any(|s| s.user_id == u.id);
        if on != was {
            st.store
                .set_shift(&community, date, &u.id, on, &me.user.username)
                .await?;
        }
    }
    audit_action(
        &st,
        &me,
        "roster",
        "roster_set",
        &format!("{code}/{day}"),
        &format!("{} on duty", wanted.len()),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/rosters/{code}?from={}#day-{day}",
        crate::auth::urlencode(&from)
    ))
    .into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/rosters", get(list))
        .route("/rosters/{code}", get(roster))
        .merge(super::guarded(
            Router::new().route("/rosters/{code}/days/{day}", post(set_day)),
            EDITORS,
        ))
}
