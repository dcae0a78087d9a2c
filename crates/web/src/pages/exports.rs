//! What every list's `.xlsx` export shares: the download itself, and the rule for exporting
//! personal fields in full (only community workers and the administrator, only with a stated
//! reason of 2 to 200 characters, which the caller writes to the audit log).

use crate::auth::Identity;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::import::export::write_xlsx;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use quanke_domain::account::Role;
use serde::Deserialize;

/// Who may export personal fields in full (with a reason).
pub(crate) const FULL: &[Role] = &[Role::Worker, Role::Admin];

/// The form of a full export.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct FullForm {
    pub reason: String,
}

/// Bytes of a workbook as a download named `file`.
pub(crate) fn download(file: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// One sheet `name` as a download named `{name}.xlsx`.
pub(crate) fn xlsx(
    name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<Response, PageError> {
    let bytes = write_xlsx(name, headers, rows).map_err(PageError::internal)?;
    Ok(download(&format!("{name}.xlsx"), bytes))
}

/// Check a full export: forbidden for other roles; without a proper reason, the page to send back
/// (with a link to `back`); `None` when it may go ahead.
pub(crate) fn refuse_full(
    me: &Identity,
    lang: Lang,
    reason: &str,
    message_key: &str,
    back: &str,
) -> Result<Option<Response>, PageError> {
    if !FULL.contains(&me.user.role) {
        return Err(PageError::Forbidden);
    }
    if (2..=200).contains(&reason.trim().chars().count()) {
        return Ok(None);
    }
    Ok(Some(
        (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            axum::response::Html(format!(
                "<!doctype html><meta charset=utf-8><p>{}</p><p><a href=\"{back}\">←</a></p>",
                lang.t(message_key)
            )),
        )
            .into_response(),
    ))
}
