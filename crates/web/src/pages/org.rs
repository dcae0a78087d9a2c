//! The administrator's organisation tree: subdistrict → communities → grids. Units can be added,
//! renamed (with an optimistic version check) and deleted while empty. Every change is audited.

use crate::auth::{audit_action, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_domain::org::{OrgCode, OrgKind, OrgName, OrgNameError};
use quanke_store::orgs::OrgUnit;
use quanke_store::StoreError;
use serde::Deserialize;
use tower_sessions::Session;

/// A unit as the tree shows it.
struct Row {
    unit: OrgUnit,
    depth: usize,
    kind_key: &'static str,
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    c: Chrome,
    rows: Vec<Row>,
    parents: Vec<(String, String)>,
    form: NewUnitForm,
    errors: Vec<String>,
    notice: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct NewUnitForm {
    parent: String,
    segment: String,
    name_zh: String,
    name_en: String,
}

fn kind_key(k: OrgKind) -> &'static str {
    match k {
        OrgKind::Subdistrict => "org.kind.subdistrict",
        OrgKind::Community => "org.kind.community",
        OrgKind::Grid => "org.kind.grid",
    }
}

async fn render_page(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    form: NewUnitForm,
    errors: Vec<String>,
    notice: Option<String>,
) -> Result<OrgPage, PageError> {
    let units = st.store.units_within(&me.user.scope).await?;
    let base = me.user.scope.as_str().matches('-').count();
    let en = lang == Lang::En;
    let parents = units
        .iter()
        .filter(|u| u.kind.child().is_some())
        .map(|u| {
            (
                u.code.to_string(),
                format!("{} ({})", u.name_in(en), u.code),
            )
        })
        .collect();
    let rows = units
        .into_iter()
        .map(|u| Row {
            depth: u.code.as_str().matches('-').count().saturating_sub(base),
            kind_key: kind_key(u.kind),
            unit: u,
        })
        .collect();
    let c = Chrome::new(lang, session, Some(me), "/admin/org").await?;
    Ok(OrgPage {
        c,
        rows,
        parents,
        form,
        errors,
        notice,
    })
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let p = render_page(
        &st,
        lang,
        &session,
        &me,
        NewUnitForm::default(),
        vec![],
        None,
    )
    .await?;
    Ok(super::render(&p)?.into_response())
}

fn name_error(lang: Lang, e: &OrgNameError) -> String {
    match e {
        OrgNameError::MissingZh => lang.t("org.err.name_zh").to_string(),
        OrgNameError::TooLong => lang.t("org.err.name_long").to_string(),
    }
}

async fn create(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Form(f): Form<NewUnitForm>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let parent = OrgCode::parse(&f.parent)
        .ok()
        .filter(|p| me.user.scope.contains(p));
    if parent.is_none() {
        errors.push(lang.t("org.err.parent").to_string());
    }
    let segment = f.segment.trim().to_string();
    if segment.is_empty() || segment.len() > 6 || !segment.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(lang.t("org.err.segment").to_string());
    }
    let name = OrgName::parse(&f.name_zh, &f.name_en)
        .map_err(|e| errors.push(name_error(lang, &e)))
        .ok();
    if let (true, Some(parent), Some(name)) = (errors.is_empty(), parent, name) {
        match st.store.create_child_unit(&parent, &segment, &name).await {
            Ok(unit) => {
                audit_action(
                    &st,
                    &me,
                    "org_unit",
                    "org_unit_create",
                    unit.code.as_str(),
                    &unit.name.zh,
                )
                .await?;
                let notice = format!("{} {}", lang.t("org.created"), unit.code);
                let p = render_page(
                    &st,
                    lang,
                    &session,
                    &me,
                    NewUnitForm::default(),
                    vec![],
                    Some(notice),
                )
                .await?;
                return Ok(super::render(&p)?.into_response());
            }
            Err(StoreError::Conflict(_)) => errors.push(lang.t("org.err.taken").to_string()),
            Err(StoreError::Invalid(_)) => errors.push(lang.t("org.err.grid_leaf").to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let p = render_page(&st, lang, &session, &me, f, errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&p)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RenameForm {
    name_zh: String,
    name_en: String,
    version: i64,
}

/// The tree again, with one error about a rename or a delete (422).
async fn refuse(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    error: String,
) -> Result<Response, PageError> {
    let p = render_page(
        st,
        lang,
        session,
        me,
        NewUnitForm::default(),
        vec![error],
        None,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&p)?).into_response())
}

fn scoped(me: &crate::auth::Identity, code: &str) -> Result<OrgCode, PageError> {
    OrgCode::parse(code)
        .ok()
        .filter(|c| me.user.scope.contains(c))
        .ok_or(PageError::NotFound)
}

async fn rename(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
    Form(f): Form<RenameForm>,
) -> Result<Response, PageError> {
    let code = scoped(&me, &code)?;
    let name = match OrgName::parse(&f.name_zh, &f.name_en) {
        Ok(n) => n,
        Err(e) => {
            return refuse(&st, lang, &session, &me, name_error(lang, &e)).await;
        }
    };
    let unit = st.store.rename_unit(&code, &name, f.version).await?;
    audit_action(
        &st,
        &me,
        "org_unit",
        "org_unit_rename",
        unit.code.as_str(),
        &unit.name.zh,
    )
    .await?;
    Ok(Redirect::to("/admin/org").into_response())
}

async fn delete(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let code = scoped(&me, &code)?;
    if code == me.user.scope {
        return refuse(
            &st,
            lang,
            &session,
            &me,
            lang.t("org.err.own_scope").to_string(),
        )
        .await;
    }
    match st.store.delete_unit(&code).await {
        Ok(()) => {
            audit_action(&st, &me, "org_unit", "org_unit_delete", code.as_str(), "").await?;
            Ok(Redirect::to("/admin/org").into_response())
        }
        Err(StoreError::Invalid(_)) => {
            refuse(
                &st,
                lang,
                &session,
                &me,
                lang.t("org.err.not_empty").to_string(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/org", get(page))
        .route("/admin/org/units", post(create))
        .route("/admin/org/units/{code}/rename", post(rename))
        .route("/admin/org/units/{code}/delete", post(delete))
}
