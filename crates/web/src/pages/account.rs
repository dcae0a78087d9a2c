//! The caller's own account: changing the password (required after an administrator's reset).

use crate::auth::{password, refresh_session, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use quanke_domain::account::{NewPassword, PasswordError};
use quanke_store::audit::NewAudit;
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    c: Chrome,
    forced: bool,
    errors: Vec<&'static str>,
    done: bool,
}

async fn form(lang: Lang, session: Session, PageUser(me): PageUser) -> Result<Response, PageError> {
    let c = Chrome::new(lang, &session, Some(&me), "/account/password").await?;
    let page = PasswordPage {
        c,
        forced: me.user.must_change_password,
        errors: vec![],
        done: false,
    };
    Ok(super::render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

pub(crate) fn password_error_key(e: &PasswordError) -> &'static str {
    match e {
        PasswordError::TooShort => "password.err.short",
        PasswordError::TooLong => "password.err.long",
        PasswordError::ContainsUsername => "password.err.username",
        PasswordError::TooCommon => "password.err.common",
    }
}

async fn submit(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    if !password::verify_async(f.current.clone(), Some(me.user.password_hash.clone())).await {
        errors.push("password.err.current");
    }
    let new = match NewPassword::parse(&f.new, Some(&me.user.username)) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(password_error_key(&e));
            None
        }
    };
    if f.new != f.confirm {
        errors.push("password.err.confirm");
    }
    if f.new == f.current && !f.new.is_empty() {
        errors.push("password.err.same");
    }
    let ok = errors.is_empty();
    let audit = |result: &'static str| NewAudit {
        actor_id: Some(&me.user.id),
        actor_name: &me.user.username,
        action: "password_change",
        object_type: "account",
        object_id: &me.user.id,
        result,
        ..Default::default()
    };
    let ip = me.ip.to_string();
    if let (true, Some(new)) = (ok, new) {
        let hash = password::hash_async(new).await;
        let user = st.store.set_password(&me.user.id, &hash, false).await?;
        refresh_session(&session, &user).await?;
        st.store
            .audit(&NewAudit {
                ip: &ip,
                ..audit("ok")
            })
            .await?;
        let mut me = me.clone();
        me.user = user;
        let c = Chrome::new(lang, &session, Some(&me), "/account/password").await?;
        return Ok(super::render(&PasswordPage {
            c,
            forced: false,
            errors: vec![],
            done: true,
        })?
        .into_response());
    }
    st.store
        .audit(&NewAudit {
            ip: &ip,
            ..audit("failed")
        })
        .await?;
    let c = Chrome::new(lang, &session, Some(&me), "/account/password").await?;
    let page = PasswordPage {
        c,
        forced: me.user.must_change_password,
        errors,
        done: false,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&page)?).into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/account/password", get(form).post(submit))
}
