//! The grid's lists as `.xlsx` files: people (with the filter in force), households, rented rooms
//! and their tenants, and who is due a visit. Names, ID numbers and phones are masked; a community worker or the administrator may export them in full by stating a reason,
//! which is written to the audit log (as every export is).

use super::{today, PeopleQuery, EXPORT_LIMIT};
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::import::export::mask_name;
pub(super) use crate::pages::exports::FULL;
use crate::pages::exports::{refuse_full, xlsx, FullForm};
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Form;

async fn build(
    st: &AppState,
    lang: Lang,
    me: &Identity,
    q: &PeopleQuery,
    full: bool,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let (f, problems) = q.filter();
    if let Some(p) = problems.first() {
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            p.message(en).to_string(),
        )
            .into_response());
    }
    let list = st
        .store
        .people_within(&me.user.scope, &f, EXPORT_LIMIT)
        .await?;
    let t = |k: &str| lang.t(k);
    let headers = [
        t("residents.name"),
        t("residents.id_number"),
        t("residents.sex_age"),
        t("residents.phone"),
        t("grid.household"),
        t("residents.address"),
        t("residents.tags"),
        t("grid.unit"),
    ];
    let today = today();
    let mut rows = Vec::with_capacity(list.len());
    for p in &list {
        let r = &p.resident;
        let (name, id, phone) = if full {
            let rev = st.store.reveal_resident(&r.id, &me.user.scope).await?;
            (r.name.clone(), rev.id_number, rev.phone.unwrap_or_default())
        } else {
            (
                mask_name(&r.name),
                r.id_masked.clone(),
                r.phone_masked.clone().unwrap_or_default(),
            )
        };
        let sex = if r.sex == "male" {
            t("residents.male")
        } else {
            t("residents.female")
        };
        let tags: Vec<&str> = r
            .tags
            .iter()
            .map(|x| if en { x.tag.en() } else { x.tag.zh() })
            .collect();
        rows.push(vec![
            name,
            id,
            format!("{sex} · {}", r.age_on(today)),
            phone,
            p.household_label.clone().unwrap_or_default(),
            r.address.clone(),
            tags.join("、"),
            r.org_code.clone(),
        ]);
    }
    xlsx("people", &headers, &rows)
}

/// A resident's name and phone as an export shows them: masked, or in full.
async fn who(
    st: &AppState,
    me: &Identity,
    r: &quanke_store::residents::Resident,
    full: bool,
) -> Result<(String, String), PageError> {
    Ok(if full {
        let rev = st.store.reveal_resident(&r.id, &me.user.scope).await?;
        (r.name.clone(), rev.phone.unwrap_or_default())
    } else {
        (
            mask_name(&r.name),
            r.phone_masked.clone().unwrap_or_default(),
        )
    })
}

/// `GET /grid/households.xlsx`: the households of my area (no personal fields).
pub(super) async fn households(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    audit_action(&st, &me, "household", "households_export", "", "").await?;
    let list = st
        .store
        .households_within(
            &me.user.scope,
            &quanke_store::basic::HouseholdFilter::default(),
        )
        .await?;
    let t = |k: &str| lang.t(k);
    let headers = [
        t("grid.household"),
        t("residents.address"),
        t("grid.rented"),
        t("grid.members"),
        t("grid.last_visit"),
        t("grid.unit"),
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|h| {
            vec![
                h.label(),
                h.address.clone(),
                if h.rented {
                    t("grid.rented_badge").to_string()
                } else {
                    String::new()
                },
                h.residents.to_string(),
                h.last_visit.map(|d| d.to_string()).unwrap_or_default(),
                h.org_code.clone(),
            ]
        })
        .collect();
    xlsx("households", &headers, &rows)
}

async fn rented_sheet(
    st: &AppState,
    lang: Lang,
    me: &Identity,
    full: bool,
) -> Result<Response, PageError> {
    let scope = &me.user.scope;
    let hs = st
        .store
        .households_within(
            scope,
            &quanke_store::basic::HouseholdFilter {
                rented_only: true,
                ..Default::default()
            },
        )
        .await?;
    let t = |k: &str| lang.t(k);
    let headers = [
        t("grid.household"),
        t("grid.tenants"),
        t("residents.phone"),
        t("grid.last_visit"),
    ];
    let mut rows = Vec::new();
    for h in &hs {
        let last = h.last_visit.map(|d| d.to_string()).unwrap_or_default();
        let tenants = st.store.household_members(&h.id, scope).await?;
        if tenants.is_empty() {
            rows.push(vec![h.label(), String::new(), String::new(), last.clone()]);
        }
        for r in &tenants {
            let (name, phone) = who(st, me, r, full).await?;
            rows.push(vec![h.label(), name, phone, last.clone()]);
        }
    }
    xlsx("rented", &headers, &rows)
}

/// `GET /grid/rented.xlsx`: rented rooms and their tenants, masked.
pub(super) async fn rented_masked(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    audit_action(&st, &me, "household", "rented_export", "", "masked").await?;
    rented_sheet(&st, lang, &me, false).await
}

/// `POST /grid/rented.xlsx` with a reason: in full.
pub(super) async fn rented_full(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Form(f): Form<FullForm>,
) -> Result<Response, PageError> {
    if let Some(r) = refuse_full(
        &me,
        lang,
        &f.reason,
        "grid.export.reason_needed",
        "/grid/rented",
    )? {
        return Ok(r);
    }
    let detail = format!("full; reason: {}", f.reason.trim());
    audit_action(&st, &me, "household", "rented_export_full", "", &detail).await?;
    rented_sheet(&st, lang, &me, true).await
}

async fn due_sheet(
    st: &AppState,
    lang: Lang,
    me: &Identity,
    full: bool,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let lines = st.store.visits_due(&me.user.scope, today()).await?;
    let t = |k: &str| lang.t(k);
    let headers = [
        t("residents.name"),
        t("residents.phone"),
        t("residents.address"),
        t("grid.due.duty"),
        t("grid.last_visit"),
        t("grid.due.next"),
        t("grid.due.state"),
    ];
    let mut rows = Vec::new();
    for l in &lines {
        let (name, phone) = who(st, me, &l.resident, full).await?;
        let next = match l.due {
            quanke_domain::grid::visit::Due::Fine { next }
            | quanke_domain::grid::visit::Due::Due { next }
            | quanke_domain::grid::visit::Due::Overdue { next, .. } => next,
        };
        rows.push(vec![
            name,
            phone,
            l.resident.address.clone(),
            format!(
                "{} / {}",
                if en { l.duty.tag.en() } else { l.duty.tag.zh() },
                l.duty.every_days
            ),
            l.last_visit.map(|d| d.to_string()).unwrap_or_default(),
            next.to_string(),
            t(&format!("grid.due.{}", l.due.as_str())).to_string(),
        ]);
    }
    xlsx("visits-due", &headers, &rows)
}

/// `GET /grid/due.xlsx`: everyone under a duty, masked.
pub(super) async fn due_masked(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    audit_action(&st, &me, "visit", "due_export", "", "masked").await?;
    due_sheet(&st, lang, &me, false).await
}

/// `POST /grid/due.xlsx` with a reason: in full.
pub(super) async fn due_full(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Form(f): Form<FullForm>,
) -> Result<Response, PageError> {
    if let Some(r) = refuse_full(
        &me,
        lang,
        &f.reason,
        "grid.export.reason_needed",
        "/grid/due",
    )? {
        return Ok(r);
    }
    let detail = format!("full; reason: {}", f.reason.trim());
    audit_action(&st, &me, "visit", "due_export_full", "", &detail).await?;
    due_sheet(&st, lang, &me, true).await
}

/// `GET /grid/people.xlsx?…`: masked.
pub(super) async fn masked(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Query(q): Query<PeopleQuery>,
) -> Result<Response, PageError> {
    audit_action(&st, &me, "resident", "people_export", "", &q.query_string()).await?;
    build(&st, lang, &me, &q, false).await
}

/// `POST /grid/people.xlsx?…` with a reason: in full, for the roles that may.
pub(super) async fn full(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Query(q): Query<PeopleQuery>,
    Form(f): Form<FullForm>,
) -> Result<Response, PageError> {
    if let Some(r) = refuse_full(
        &me,
        lang,
        &f.reason,
        "grid.export.reason_needed",
        "/grid/people",
    )? {
        return Ok(r);
    }
    let reason = f.reason.trim();
    let detail = format!("full; {}; reason: {reason}", q.query_string());
    audit_action(&st, &me, "resident", "people_export_full", "", &detail).await?;
    build(&st, lang, &me, &q, true).await
}
