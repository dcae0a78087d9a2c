//! One guide: the page a worker reads to a resident, the A4 print view (the 明白纸 to hand over),
//! and the same as PDF when the binary is built with the `pdf` feature.

use super::view::GuideView;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use quanke_domain::account::Role;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "catalog/guide.html")]
struct GuidePage {
    c: Chrome,
    v: GuideView,
    can_edit: bool,
    draft: Option<i64>,
    published: Option<i64>,
    pdf: bool,
}

#[derive(Template)]
#[template(path = "catalog/print.html")]
struct PrintPage {
    c: Chrome,
    v: GuideView,
    printed: String,
    version: i64,
}

/// True when this binary can make PDFs.
pub(crate) fn pdf_enabled() -> bool {
    cfg!(feature = "pdf")
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    if let Some(code) = code.strip_suffix(".pdf") {
        return pdf(&st, lang, code).await;
    }
    let view = st.catalog.get();
    let v = GuideView::new(&view.catalog, &code, lang == Lang::En).ok_or(PageError::NotFound)?;
    let state = st.store.guide_state(&code).await?;
    let can_edit = me.user.role == Role::Admin;
    let c = Chrome::new(lang, &session, Some(&me), "/catalog").await?;
    let page = GuidePage {
        c,
        v,
        can_edit,
        draft: state.as_ref().and_then(|s| s.draft_version),
        published: state.as_ref().and_then(|s| s.published_version),
        pdf: pdf_enabled(),
    };
    Ok(super::render(&page)?.into_response())
}

async fn print(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let view = st.catalog.get();
    let v = GuideView::new(&view.catalog, &code, lang == Lang::En).ok_or(PageError::NotFound)?;
    let version = st
        .store
        .guide_state(&code)
        .await?
        .and_then(|s| s.published_version)
        .unwrap_or(0);
    let printed = crate::layout::beijing(quanke_store::now_ms())
        .chars()
        .take(10)
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), &format!("/catalog/{code}/print")).await?;
    Ok(super::render(&PrintPage {
        c,
        v,
        printed,
        version,
    })?
    .into_response())
}

#[cfg(feature = "pdf")]
async fn pdf(st: &AppState, lang: Lang, code: &str) -> Result<Response, PageError> {
    use axum::http::header;
    let view = st.catalog.get();
    let guide = view.catalog.guide(code).ok_or(PageError::NotFound)?.clone();
    let item = view
        .catalog
        .item_of(code)
        .ok_or(PageError::NotFound)?
        .clone();
    let category = view
        .catalog
        .category(&item.category)
        .ok_or(PageError::NotFound)?
        .clone();
    let fonts = st.fonts().map_err(PageError::internal)?;
    let plang = if lang == Lang::En {
        quanke_pdf::Lang::En
    } else {
        quanke_pdf::Lang::Zh
    };
    let bytes = tokio::task::spawn_blocking(move || {
        quanke_pdf::render_guide(&guide, &item, &category, plang, &fonts)
    })
    .await
    .map_err(PageError::internal)?
    .map_err(PageError::internal)?;
    let disposition = format!("inline; filename=\"{code}.pdf\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(not(feature = "pdf"))]
async fn pdf(_: &AppState, _: Lang, _: &str) -> Result<Response, PageError> {
    Err(PageError::NotFound)
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog/{code}", get(page))
        .route("/catalog/{code}/print", get(print))
}
