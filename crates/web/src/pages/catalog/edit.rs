//! The administrator edits a guide: each save is a draft version (who, when, what changed), which
//! is then published (it becomes the version in force) or discarded. Every version stays readable,
//! and the item's file can be downloaded to carry browser edits back into the repository.

use super::form::{GuideForm, LINE_FIELDS};
use super::view::GuideView;
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use quanke_domain::catalog::vocab::{Delivery, LifeEvent, MaterialForm, Situation, StepRole};
use quanke_domain::catalog::{Catalog, Guide};
use quanke_store::catalog::VersionInfo;
use quanke_store::StoreError;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "catalog/edit.html")]
struct EditPage {
    c: Chrome,
    code: String,
    name: String,
    base: i64,
    form: GuideForm,
    errors: Vec<String>,
    situations: &'static [Situation],
    deliveries: &'static [Delivery],
    events: &'static [LifeEvent],
    forms: &'static [MaterialForm],
    roles: &'static [StepRole],
    line_fields: &'static [(&'static str, &'static str)],
    input_fields: &'static [(&'static str, &'static str)],
    number_fields: &'static [(&'static str, &'static str)],
    text_fields: &'static [(&'static str, &'static str)],
}

/// Each form field with the translation key of its label.
const INPUT_FIELDS: &[(&str, &str)] = &[
    ("name_zh", "field.name_zh"),
    ("name_en", "field.name_en"),
    ("department_zh", "field.department_zh"),
    ("department_en", "field.department_en"),
    ("window_zh", "field.window_zh"),
    ("window_en", "field.window_en"),
    ("hours_zh", "field.hours_zh"),
    ("hours_en", "field.hours_en"),
    ("phone", "field.phone"),
    ("complaint_phone", "field.complaint_phone"),
    ("fee_zh", "field.fee_zh"),
    ("fee_en", "field.fee_en"),
    ("result_zh", "field.result_zh"),
    ("result_en", "field.result_en"),
];
const NUMBER_FIELDS: &[(&str, &str)] = &[
    ("legal_days", "field.legal_days"),
    ("promised_days", "field.promised_days"),
    ("visits", "field.visits"),
    ("fee_yuan", "field.fee_yuan"),
];
const TEXT_FIELDS: &[(&str, &str)] = &[
    ("summary_zh", "field.summary_zh"),
    ("summary_en", "field.summary_en"),
    ("who_zh", "field.who_zh"),
    ("who_en", "field.who_en"),
];

#[derive(Template)]
#[template(path = "catalog/versions.html")]
struct VersionsPage {
    c: Chrome,
    code: String,
    name: String,
    versions: Vec<(VersionInfo, String, &'static str)>,
}

/// The translation key of a version's status.
fn status_key(status: &str) -> &'static str {
    match status {
        "draft" => "catalog.status_draft",
        "published" => "catalog.status_published",
        "superseded" => "catalog.status_superseded",
        _ => "catalog.status_discarded",
    }
}

#[derive(Template)]
#[template(path = "catalog/version.html")]
struct VersionPage {
    c: Chrome,
    v: GuideView,
    info: VersionInfo,
    at: String,
    is_draft: bool,
    status: &'static str,
}

/// The version an edit starts from: the draft if there is one, else the one in force.
async fn base_version(st: &AppState, code: &str) -> Result<(i64, Guide), PageError> {
    let state = st
        .store
        .guide_state(code)
        .await?
        .ok_or(PageError::NotFound)?;
    let v = state
        .draft_version
        .or(state.published_version)
        .ok_or(PageError::NotFound)?;
    let g = st
        .store
        .guide_version(code, v)
        .await?
        .ok_or(PageError::NotFound)?;
    Ok((v, g))
}

#[allow(clippy::too_many_arguments)]
async fn edit_page(
    lang: Lang,
    session: &Session,
    me: &Identity,
    code: &str,
    name: String,
    base: i64,
    form: GuideForm,
    errors: Vec<String>,
) -> Result<EditPage, PageError> {
    let c = Chrome::new(lang, session, Some(me), "/catalog").await?;
    Ok(EditPage {
        c,
        code: code.to_string(),
        name,
        base,
        form,
        errors,
        situations: Situation::ALL,
        deliveries: Delivery::ALL,
        events: LifeEvent::ALL,
        forms: MaterialForm::ALL,
        roles: StepRole::ALL,
        line_fields: LINE_FIELDS,
        input_fields: INPUT_FIELDS,
        number_fields: NUMBER_FIELDS,
        text_fields: TEXT_FIELDS,
    })
}

async fn edit_form(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let (base, g) = base_version(&st, &code).await?;
    let name = g.name(lang == Lang::En).to_string();
    let page = edit_page(
        lang,
        &session,
        &me,
        &code,
        name,
        base,
        GuideForm::from_guide(&g).with_blank_rows(),
        vec![],
    )
    .await?;
    Ok(super::render(&page)?.into_response())
}

async fn save(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let form = GuideForm::from_pairs(&pairs);
    let (current, base_guide) = base_version(&st, &code).await?;
    let base: i64 = form.get("base").parse().unwrap_or(-1);
    let note = form
        .get("note")
        .trim()
        .chars()
        .take(200)
        .collect::<String>();
    let name = base_guide.name(lang == Lang::En).to_string();
    let mut errors = Vec::new();
    let guide = match form.to_guide(&base_guide) {
        Ok(g) => Some(g),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    if let Some(g) = &guide {
        let catalog: Catalog = st.catalog.get().catalog.clone();
        errors.extend(
            catalog
                .check_guide(g)
                .into_iter()
                .map(|p| format!("{}: {}", p.field, p.message)),
        );
    }
    if base != current {
        errors.insert(0, lang.t("catalog.edit.stale").to_string());
    }
    if let (true, Some(g)) = (errors.is_empty(), guide) {
        match st
            .store
            .save_guide_draft(&g, base, &me.user.username, &note)
            .await
        {
            Ok(v) => {
                audit_action(
                    &st,
                    &me,
                    "guide",
                    "catalog_draft_save",
                    &code,
                    &format!("version {v}"),
                )
                .await?;
                return Ok(Redirect::to(&format!("/catalog/{code}/versions/{v}")).into_response());
            }
            Err(StoreError::Stale) => errors.push(lang.t("catalog.edit.stale").to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let status = if errors.iter().any(|e| e == lang.t("catalog.edit.stale")) {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = edit_page(lang, &session, &me, &code, name, base, form, errors).await?;
    Ok((status, super::render(&page)?).into_response())
}

async fn versions(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let list = st.store.guide_versions(&code).await?;
    if list.is_empty() {
        return Err(PageError::NotFound);
    }
    let name = st
        .catalog
        .get()
        .catalog
        .guide(&code)
        .map(|g| g.name(lang == Lang::En).to_string())
        .unwrap_or_else(|| code.clone());
    let versions = list
        .into_iter()
        .map(|v| {
            let at = beijing(v.changed_at);
            let key = status_key(&v.status);
            (v, at, key)
        })
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), "/catalog").await?;
    Ok(super::render(&VersionsPage {
        c,
        code,
        name,
        versions,
    })?
    .into_response())
}

async fn version(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path((code, v)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let guide = st
        .store
        .guide_version(&code, v)
        .await?
        .ok_or(PageError::NotFound)?;
    let info = st
        .store
        .guide_versions(&code)
        .await?
        .into_iter()
        .find(|i| i.version == v)
        .ok_or(PageError::NotFound)?;
    let view = st.catalog.get();
    let gv = GuideView::of(&view.catalog, guide, lang == Lang::En).ok_or(PageError::NotFound)?;
    let c = Chrome::new(lang, &session, Some(&me), "/catalog").await?;
    let page = VersionPage {
        c,
        v: gv,
        at: beijing(info.changed_at),
        is_draft: info.status == "draft",
        status: status_key(&info.status),
        info,
    };
    Ok(super::render(&page)?.into_response())
}

fn draft_of(body: &Bytes) -> i64 {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == "draft")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(-1)
}

async fn publish(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let draft = draft_of(&body);
    st.store
        .publish_guide_draft(&code, draft, &me.user.username)
        .await?;
    st.catalog.reload(&st.store).await?;
    audit_action(
        &st,
        &me,
        "guide",
        "catalog_publish",
        &code,
        &format!("version {draft}"),
    )
    .await?;
    Ok(Redirect::to(&format!("/catalog/{code}")).into_response())
}

async fn discard(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let draft = draft_of(&body);
    st.store.discard_guide_draft(&code, draft).await?;
    audit_action(
        &st,
        &me,
        "guide",
        "catalog_discard",
        &code,
        &format!("version {draft}"),
    )
    .await?;
    Ok(Redirect::to(&format!("/catalog/{code}/versions")).into_response())
}

/// The item file of a guide, as the catalog in force has it: drop it into `catalog/items/` to
/// carry the browser's edits back into the repository.
async fn item_file(
    State(st): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let view = st.catalog.get();
    let item = view.catalog.item_of(&code).ok_or(PageError::NotFound)?;
    let text = Catalog::item_toml(item);
    let disposition = format!("attachment; filename=\"{}.toml\"", item.code);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog/{code}/edit", get(edit_form).post(save))
        .route("/catalog/{code}/versions", get(versions))
        .route("/catalog/{code}/versions/{v}", get(version))
        .route("/catalog/{code}/publish", post(publish))
        .route("/catalog/{code}/discard", post(discard))
        .route("/catalog/{code}/file", get(item_file))
}
