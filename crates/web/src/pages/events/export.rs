//! The events list as an `.xlsx` file. Reporters who are residents appear masked (`张*`); a
//! community worker or the administrator may export them in full by stating a reason, which is
//! written to the audit log. Every export is audited.

use super::cat_name;
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::import::export::mask_name;
use crate::layout::beijing;
use crate::pages::exports::{refuse_full, FullForm};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use quanke_domain::grid::event::Source;
use quanke_store::events::EventFilter;

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
    crate::pages::exports::xlsx("events", &headers, &rows)
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

/// `POST /events/export.xlsx` with a reason: in full, for the roles that may.
pub(super) async fn full(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Form(f): Form<FullForm>,
) -> Result<Response, PageError> {
    if let Some(r) = refuse_full(
        &me,
        lang,
        &f.reason,
        "events.export.reason_needed",
        "/events",
    )? {
        return Ok(r);
    }
    let reason = f.reason.trim();
    let detail = format!("full; reason: {reason}");
    audit_action(&st, &me, "grid_event", "event_export_full", "", &detail).await?;
    build(&st, lang, &me, true).await
}
