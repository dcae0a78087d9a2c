//! Logging in and out.

use crate::auth::login::{attempt, Outcome};
use crate::auth::{safe_next, start_session, ClientIp, MaybeUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_store::audit::NewAudit;
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    username: String,
    next: String,
    message: Option<String>,
    message_kind: &'static str,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginQuery {
    next: Option<String>,
    bye: Option<String>,
}

async fn form(
    lang: Lang,
    session: Session,
    MaybeUser(me): MaybeUser,
    Query(q): Query<LoginQuery>,
) -> Result<Response, PageError> {
    if me.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    let c = Chrome::new(lang, &session, None, "/login").await?;
    let message = q.bye.map(|_| c.t("login.bye").to_string());
    let page = LoginPage {
        c,
        username: String::new(),
        next: safe_next(q.next.as_deref()),
        message,
        message_kind: "info",
    };
    Ok(super::render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    username: String,
    password: String,
    next: String,
}

async fn submit(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(Some(&f.next));
    let outcome = if f.username.trim().is_empty() || f.password.is_empty() {
        None
    } else {
        Some(attempt(&st, &f.username, &f.password, ip).await?)
    };
    let (status, key) = match outcome {
        Some(Outcome::Ok(user)) => {
            start_session(&session, &user).await?;
            let to = if user.must_change_password {
                "/account/password".to_string()
            } else {
                next
            };
            return Ok(Redirect::to(&to).into_response());
        }
        None => (StatusCode::UNPROCESSABLE_ENTITY, "login.missing"),
        Some(Outcome::Invalid) => (StatusCode::UNAUTHORIZED, "login.invalid"),
        Some(Outcome::Locked) => (StatusCode::LOCKED, "login.locked"),
        Some(Outcome::Disabled) => (StatusCode::FORBIDDEN, "login.disabled"),
        Some(Outcome::Throttled(_)) => (StatusCode::TOO_MANY_REQUESTS, "login.throttled"),
    };
    let c = Chrome::new(lang, &session, None, "/login").await?;
    let message = c
        .t(key)
        .replace("{threshold}", &st.settings.lockout_threshold.to_string())
        .replace(
            "{minutes}",
            &(st.settings.lockout_duration.as_secs() / 60).to_string(),
        );
    let page = LoginPage {
        c,
        username: f.username.trim().to_string(),
        next,
        message: Some(message),
        message_kind: "error",
    };
    Ok((status, super::render(&page)?).into_response())
}

async fn logout(
    State(st): State<AppState>,
    session: Session,
    MaybeUser(me): MaybeUser,
) -> Result<Response, PageError> {
    if let Some(me) = me {
        st.store
            .audit(&NewAudit {
                actor_id: Some(&me.user.id),
                actor_name: &me.user.username,
                action: "logout",
                object_type: "account",
                object_id: &me.user.id,
                ip: &me.ip.to_string(),
                result: "ok",
                ..Default::default()
            })
            .await?;
    }
    session.flush().await.map_err(PageError::internal)?;
    Ok(Redirect::to("/login?bye=1").into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(form).post(submit))
        .route("/logout", post(logout))
}
