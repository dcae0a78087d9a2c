//! Who is asking: sessions for people, bearer tokens for programs, and the role guards that every
//! route passes through.
//!
//! `identify` runs on every request and puts an [`Identity`] (or none) in the request's
//! extensions. Each router is wrapped in a guard naming the roles it admits: pages answer strangers
//! with a redirect to the login page, the API with 401; the wrong role gets 403 on both.

pub mod login;
pub mod password;
pub mod throttle;

use crate::error::{ApiError, PageError};
use crate::{AppState, WebSettings};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use quanke_domain::account::Role;
use quanke_store::sessions::DbSessionStore;
use quanke_store::users::User;
use quanke_store::{now_ms, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "quanke_session";
const AUTH_KEY: &str = "auth";

/// What a session remembers of its login.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SessionAuth {
    pub uid: String,
    /// Login time, Unix ms: the absolute timeout counts from here.
    pub at: i64,
    /// The password's change time at login: a later change ends the session.
    pub pwv: i64,
    /// Last time the session was written back, Unix ms (see [`TOUCH_EVERY_MS`]).
    #[serde(default)]
    pub seen: i64,
}

/// Write a session back at most this often while it is used, so that the idle timeout counts
/// from the last request (tower-sessions saves only modified sessions) without a write per request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
}

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user: User,
    pub via: Via,
    pub ip: IpAddr,
}

/// The request's identity, if any, as `identify` found it.
#[derive(Clone)]
pub(crate) struct MaybeIdentity(pub Option<Identity>);

/// The session layer: an `HttpOnly`, `SameSite=Lax` cookie (`Secure` when configured), an idle
/// timeout, and records kept in the database.
pub fn session_layer(
    store: DbSessionStore,
    s: &WebSettings,
) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(s.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            s.session_idle.as_secs() as i64,
        )))
}

/// The client's address (the socket peer).
pub(crate) fn client_ip(req_ext: &axum::http::Extensions) -> IpAddr {
    req_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// A new API token: a prefix that marks it as Quanke's and 256 random bits.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!(
        "qk_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Find the caller: a bearer token, else a live session. Runs on every request.
pub(crate) async fn identify(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(req.extensions());
    let identity = if let Some(token) = bearer(req.headers()) {
        match st.store.user_by_token_hash(&token_hash(token)).await {
            Ok(Some(user)) => Some(Identity {
                user,
                via: Via::Token,
                ip,
            }),
            Ok(None) => {
                return ApiError::Unauthorized("the API token is not valid or was revoked")
                    .into_response()
            }
            Err(e) => return ApiError::from(e).into_response(),
        }
    } else if let Some(session) = req.extensions().get::<Session>().cloned() {
        match from_session(&st.store, &st.settings, &session).await {
            Ok(user) => user.map(|user| Identity {
                user,
                via: Via::Session,
                ip,
            }),
            Err(e) => return PageError::from(e).into_response(),
        }
    } else {
        None
    };
    req.extensions_mut().insert(MaybeIdentity(identity));
    req.extensions_mut().insert(st);
    next.run(req).await
}

async fn from_session(
    store: &Store,
    s: &WebSettings,
    session: &Session,
) -> Result<Option<User>, quanke_store::StoreError> {
    let auth: Option<SessionAuth> = session.get(AUTH_KEY).await.ok().flatten();
    let Some(mut auth) = auth else {
        return Ok(None);
    };
    let now = now_ms();
    let expired = now - auth.at > s.session_absolute.as_millis() as i64;
    let user = store.user_by_id(&auth.uid).await?;
    match user {
        Some(u) if !expired && !u.disabled && u.password_changed_at == auth.pwv => {
            if now - auth.seen > TOUCH_EVERY_MS {
                auth.seen = now;
                // Marks the session modified: saved with a fresh idle expiry and cookie.
                let _ = session.insert(AUTH_KEY, auth).await;
            }
            Ok(Some(u))
        }
        _ => {
            // Over the absolute limit, disabled, or the password changed: end it server-side.
            let _ = session.flush().await;
            Ok(None)
        }
    }
}

/// Start a logged-in session: a new session id (against fixation), the login remembered.
pub(crate) async fn start_session(session: &Session, user: &User) -> Result<(), PageError> {
    session.cycle_id().await.map_err(PageError::internal)?;
    let now = now_ms();
    let auth = SessionAuth {
        uid: user.id.clone(),
        at: now,
        pwv: user.password_changed_at,
        seen: now,
    };
    session
        .insert(AUTH_KEY, auth)
        .await
        .map_err(PageError::internal)?;
    crate::csrf::rotate(session).await?;
    Ok(())
}

/// Remember a new password's time in the current session, so it stays logged in.
pub(crate) async fn refresh_session(session: &Session, user: &User) -> Result<(), PageError> {
    if let Some(mut auth) = session
        .get::<SessionAuth>(AUTH_KEY)
        .await
        .map_err(PageError::internal)?
    {
        auth.pwv = user.password_changed_at;
        session
            .insert(AUTH_KEY, auth)
            .await
            .map_err(PageError::internal)?;
    }
    Ok(())
}

/// Pages: admit only the given roles; strangers go to the login page, and an account that must
/// change its password goes to that form first.
pub(crate) async fn page_guard(roles: &'static [Role], req: Request, next: Next) -> Response {
    let ident = req
        .extensions()
        .get::<MaybeIdentity>()
        .and_then(|m| m.0.clone());
    let path = req.uri().path().to_string();
    match ident {
        None => {
            let next_url = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let target = format!("/login?next={}", urlencode(next_url));
            Redirect::to(&target).into_response()
        }
        Some(id) if id.user.must_change_password && path != "/account/password" => {
            Redirect::to("/account/password").into_response()
        }
        Some(id) if !roles.contains(&id.user.role) => {
            denied(&req, &id).await;
            PageError::Forbidden.into_response()
        }
        Some(_) => next.run(req).await,
    }
}

/// API: admit only the given roles; 401 without credentials, 403 for the wrong role.
pub(crate) async fn api_guard(roles: &'static [Role], req: Request, next: Next) -> Response {
    let ident = req
        .extensions()
        .get::<MaybeIdentity>()
        .and_then(|m| m.0.clone());
    match ident {
        None => ApiError::Unauthorized(
            "authentication required: log in, or send Authorization: Bearer TOKEN",
        )
        .into_response(),
        Some(id) if id.user.must_change_password => {
            ApiError::Forbidden("this account must change its password before using the API")
                .into_response()
        }
        Some(id) if !roles.contains(&id.user.role) => {
            denied(&req, &id).await;
            ApiError::Forbidden("your role may not use this resource").into_response()
        }
        Some(_) => next.run(req).await,
    }
}

fn denied(req: &Request, id: &Identity) -> impl std::future::Future<Output = ()> + Send + 'static {
    let st = req.extensions().get::<AppState>().cloned();
    let path = req.uri().path().to_string();
    let id = id.clone();
    async move { audit_denied(st, path, &id).await }
}

async fn audit_denied(st: Option<AppState>, path: String, id: &Identity) {
    if let Some(st) = st {
        let _ = st
            .store
            .audit(&quanke_store::audit::NewAudit {
                actor_id: Some(&id.user.id),
                actor_name: &id.user.username,
                action: "access_denied",
                object_type: "route",
                object_id: &path,
                ip: &id.ip.to_string(),
                result: "denied",
                ..Default::default()
            })
            .await;
    }
}

/// Record an action of the caller in the audit log (who, what, on which object, from where).
pub(crate) async fn audit_record(
    st: &AppState,
    me: &Identity,
    object_type: &str,
    action: &str,
    object_id: &str,
    detail: &str,
) -> Result<(), quanke_store::StoreError> {
    st.store
        .audit(&quanke_store::audit::NewAudit {
            actor_id: Some(&me.user.id),
            actor_name: &me.user.username,
            action,
            object_type,
            object_id,
            detail,
            ip: &me.ip.to_string(),
            result: "ok",
        })
        .await
}

/// [`audit_record`] for pages.
pub(crate) async fn audit_action(
    st: &AppState,
    me: &Identity,
    object_type: &str,
    action: &str,
    object_id: &str,
    detail: &str,
) -> Result<(), PageError> {
    audit_record(st, me, object_type, action, object_id, detail).await?;
    Ok(())
}

/// Percent-encode a value for a query string.
pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A local path to go to after login or a language switch; anything else goes home. Refuses
/// `//host` and `/\host`, which browsers treat as other sites.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.contains(['\r', '\n']) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

/// The client's address, for pages without a logged-in caller (the login form).
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(&parts.extensions)))
    }
}

/// The caller on a page behind [`page_guard`].
pub struct PageUser(pub Identity);

impl<S: Send + Sync> FromRequestParts<S> for PageUser {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        match parts
            .extensions
            .get::<MaybeIdentity>()
            .and_then(|m| m.0.clone())
        {
            Some(id) => Ok(PageUser(id)),
            None => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// The caller of an API route behind [`api_guard`].
pub struct ApiUser(pub Identity);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<MaybeIdentity>()
            .and_then(|m| m.0.clone())
            .map(ApiUser)
            .ok_or(ApiError::Unauthorized("authentication required"))
    }
}

/// The caller if logged in, on pages open to everyone (the login page, the language switch).
pub struct MaybeUser(pub Option<Identity>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(
            parts
                .extensions
                .get::<MaybeIdentity>()
                .and_then(|m| m.0.clone()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_urls_stay_local() {
        assert_eq!(safe_next(Some("/admin/users?x=1")), "/admin/users?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn tokens_are_long_and_hashed() {
        let t = new_token();
        assert!(t.starts_with("qk_") && t.len() > 40);
        assert_eq!(token_hash(&t).len(), 64);
        assert_ne!(new_token(), t);
    }
}
