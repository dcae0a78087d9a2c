//! Parts of the product that are not built yet: the navigation already leads there, and the page
//! says plainly that the part is coming.

use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{Chrome, NAV};
use askama::Template;
use axum::http::Uri;
use axum::response::Html;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "soon.html")]
struct Soon {
    c: Chrome,
    key: &'static str,
}

pub(super) async fn page(
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    uri: Uri,
) -> Result<Html<String>, PageError> {
    let key = NAV
        .iter()
        .find(|n| n.href == uri.path())
        .map(|n| n.key)
        .ok_or(PageError::NotFound)?;
    let c = Chrome::new(lang, &session, Some(&me), uri.path()).await?;
    super::render(&Soon { c, key })
}
