//! The events list as an `.xlsx` file. Reporters who are residents appear masked (`张*`); a
//! community worker or the administrator may export them in full by stating a reason, which is
//! written to the audit log. Every export is audited.

use super::cat_name;
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::import::export::{mask_name, write_xlsx};
use crate::layout::beijing;
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Form;
use quanke_domain::account::Role;
use quanke_domain::grid::event::Source;
use quanke_store::events::EventFilter;
use serde::Deserialize;

/// Who may export reporters' names in full (with a reason).
const FULL: &[Role] = &[Role::Worker, Role::Admin];

async fn build(
    st: &AppState,
    lang: Lang,
    me: &Identity,
    full: bool,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let list = st
        .store
        .events_within(&me.user.scope, &EventFilter::default())
        .await?;
    let t = |k: &str| lang.t(k);
    let headers = [
        t("events.category"),
        t("events.description"),
        t("events.grid"),
        t("events.state_label"),
        t("events.reporter"),
        t("events.reported_at"),
        t("events.department"),
        "id",
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            let reporter = if full || e.source != Source::Resident {
                e.reporter_name.clone()
            } else {
                mask_name(&e.reporter_name)
            };
            vec![
                cat_name(&e.category, en),
                e.description.clone(),
                e.org_code.to_string(),
                t(super::state_key(e.state)).to_string(),
                reporter,
                beijing(e.created_at),
                e.department.clone(),
                e.id.clone(),
            ]
        })
        .collect();
    let bytes = write_xlsx("events", &headers, &rows).map_err(PageError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"events.xlsx\"".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /events/export.xlsx`: masked.
pub(super) async fn masked(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    audit_action(&st, &me, "grid_event", "event_export", "", "masked").await?;
    build(&st, lang, &me, false).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FullForm {
    reason: String,
}

/// `POST /events/export.xlsx` with a reason: in full, for the roles that may.
pub(super) async fn full(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
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
                "<!doctype html><meta charset=utf-8><p>{}</p><p><a href=\"/events\">←</a></p>",
                lang.t("events.export.reason_needed")
            )),
        )
            .into_response());
    }
    let detail = format!("full; reason: {reason}");
    audit_action(&st, &me, "grid_event", "event_export_full", "", &detail).await?;
    build(&st, lang, &me, true).await
}
