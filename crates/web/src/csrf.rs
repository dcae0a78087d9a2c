//! Cross-site request forgery defence (synchroniser token, OWASP ASVS 4.2.2).
//!
//! Each session holds a random token; every form carries it in a hidden `_csrf` field (htmx sends
//! it as the `X-CSRF-Token` header). Every state-changing request that relies on the session
//! cookie must present it. Requests with a bearer token carry no cookie authority and are exempt.

use crate::error::{ApiError, PageError};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

const KEY: &str = "csrf";
/// The form field that carries the token.
pub const FIELD: &str = "_csrf";
/// The header that carries the token (htmx, fetch).
pub const HEADER: &str = "x-csrf-token";
const MAX_FORM: usize = 2 * 1024 * 1024;

fn fresh() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The session's token, created on first use.
pub(crate) async fn token(session: &Session) -> Result<String, PageError> {
    if let Some(t) = session
        .get::<String>(KEY)
        .await
        .map_err(PageError::internal)?
    {
        return Ok(t);
    }
    let t = fresh();
    session.insert(KEY, &t).await.map_err(PageError::internal)?;
    Ok(t)
}

/// A new token (at login, so a token seen before login is worthless after it).
pub(crate) async fn rotate(session: &Session) -> Result<(), PageError> {
    session
        .insert(KEY, fresh())
        .await
        .map_err(PageError::internal)
}

fn reject(path: &str) -> Response {
    if path.starts_with("/api/") {
        ApiError::Forbidden(
            "missing or wrong X-CSRF-Token header for a cookie-authenticated request",
        )
        .into_response()
    } else {
        PageError::Csrf.into_response()
    }
}

/// Check the token on every unsafe request that is not authenticated by a bearer token.
pub(crate) async fn protect(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.headers().contains_key(header::AUTHORIZATION)
    {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return reject(&path);
    };
    let expected = match session.get::<String>(KEY).await {
        Ok(Some(t)) => t,
        _ => return reject(&path),
    };
    let from_header = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = req.uri().query().and_then(|q| field(q.as_bytes()));
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (req, from_body) = if from_header.is_none() && is_form {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM).await else {
            return reject(&path);
        };
        let found = field(&bytes);
        (Request::from_parts(parts, Body::from(bytes)), found)
    } else {
        (req, None)
    };
    let given = from_header.or(from_body).or(from_query).unwrap_or_default();
    if given.is_empty() || !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return reject(&path);
    }
    next.run(req).await
}

fn field(bytes: &[u8]) -> Option<String> {
    form_urlencoded::parse(bytes)
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}
