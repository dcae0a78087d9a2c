//! One error type per boundary: [`PageError`] for pages, [`ApiError`] for the JSON API. Each maps
//! to a status code once; internal details are logged, never shown.

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use quanke_store::StoreError;
use serde::Serialize;

/// Something a page could not do.
#[derive(Debug)]
pub enum PageError {
    NotFound,
    Forbidden,
    /// The form's anti-forgery token was missing or stale.
    Csrf,
    /// Someone else changed the record meanwhile.
    Stale,
    Internal(String),
}

impl PageError {
    pub fn internal(e: impl std::fmt::Display) -> PageError {
        PageError::Internal(e.to_string())
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => PageError::NotFound,
            StoreError::Stale => PageError::Stale,
            other => PageError::Internal(other.to_string()),
        }
    }
}

/// Errors are shown in both languages: they can happen before the language is known.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    zh: &'static str,
    en: &'static str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, zh, en) = match &self {
            PageError::NotFound => (StatusCode::NOT_FOUND, "找不到这个页面或记录。", "This page or record does not exist."),
            PageError::Forbidden => (StatusCode::FORBIDDEN, "您的角色无权使用此功能。", "Your role may not use this."),
            PageError::Csrf => (
                StatusCode::FORBIDDEN,
                "表单已过期或来源不明。请返回、刷新页面后再提交一次。",
                "The form expired or did not come from Quanke. Go back, reload the page and send it again.",
            ),
            PageError::Stale => (
                StatusCode::CONFLICT,
                "该记录刚被他人修改。请返回、刷新后再改。",
                "Someone else just changed this record. Go back, reload and make your change again.",
            ),
            PageError::Internal(detail) => {
                tracing::error!(%detail, "page failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "系统出错了，请稍后再试。问题已记录。", "Something went wrong; please try again later. It has been logged.")
            }
        };
        let body = ErrorPage {
            status: status.as_u16(),
            zh,
            en,
        }
        .render()
        .unwrap_or_else(|_| en.to_string());
        (status, Html(body)).into_response()
    }
}

/// One problem with one field of a request body.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Something an API call could not do. The body is `{"error": "..."}`, or
/// `{"errors": [{"field", "message"}]}` for invalid input.
#[derive(Debug)]
pub enum ApiError {
    Unauthorized(&'static str),
    Forbidden(&'static str),
    NotFound(String),
    Conflict(String),
    Invalid(Vec<FieldError>),
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(format!("{what} not found")),
            StoreError::Conflict(what) => ApiError::Conflict(format!("{what} already exists")),
            StoreError::Stale => {
                ApiError::Conflict("the record was changed by someone else; fetch it again".into())
            }
            StoreError::Invalid(msg) => ApiError::Invalid(vec![FieldError {
                field: String::new(),
                message: msg,
            }]),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::Unauthorized(m) => {
                (StatusCode::UNAUTHORIZED, serde_json::json!({ "error": m }))
            }
            ApiError::Forbidden(m) => (StatusCode::FORBIDDEN, serde_json::json!({ "error": m })),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, serde_json::json!({ "error": m })),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, serde_json::json!({ "error": m })),
            ApiError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                serde_json::json!({ "errors": errors }),
            ),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "api call failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    serde_json::json!({ "error": "internal error; it has been logged" }),
                )
            }
        };
        let mut res = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}
