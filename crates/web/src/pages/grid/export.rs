//! The people list as an `.xlsx` file, with the filter in force. Names, ID numbers and phones are
//! masked; a community worker or the administrator may export them in full by stating a reason,
//! which is written to the audit log (as every export is).

use super::{today, PeopleQuery, PEOPLE_LIMIT};
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::import::export::{mask_name, write_xlsx};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Form;
use quanke_domain::account::Role;
use serde::Deserialize;

/// Who may export in full (with a reason).
pub(super) const FULL: &[Role] = &[Role::Worker, Role::Admin];

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
        .people_within(&me.user.scope, &f, PEOPLE_LIMIT)
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
    let bytes = write_xlsx("people", &headers, &rows).map_err(PageError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"people.xlsx\"".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FullForm {
    reason: String,
}

/// `POST /grid/people.xlsx?…` with a reason: in full, for the roles that may.
pub(super) async fn full(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Query(q): Query<PeopleQuery>,
    Form(f): Form<FullForm>,
) -> Result<Response, PageError> {
    if !FULL.contains(&me.user.role) {
        return Err(PageError::Forbidden);
    }
    let reason = f.reason.trim();
    if reason.chars().count() < 2 || reason.chars().count() > 200 {
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            axum::response::Html(format!(
                "<!doctype html><meta charset=utf-8><p>{}</p><p><a href=\"/grid/people\">←</a></p>",
                lang.t("grid.export.reason_needed")
            )),
        )
            .into_response());
    }
    let detail = format!("full; {}; reason: {reason}", q.query_string());
    audit_action(&st, &me, "resident", "people_export_full", "", &detail).await?;
    build(&st, lang, &me, &q, true).await
}
