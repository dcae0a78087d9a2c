//! The administrator's staff accounts: create (with a temporary password shown once), edit name,
//! role and scope, disable and enable, reset the password. Only accounts within the
//! administrator's own scope are reachable, and an administrator cannot lock themself out.

use crate::auth::{audit_action, password, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, role_key, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_domain::account::{Role, Username, UsernameError};
use quanke_domain::org::OrgCode;
use quanke_store::users::{NewUser, User};
use quanke_store::StoreError;
use serde::Deserialize;
use tower_sessions::Session;

struct UserRow {
    user: User,
    role_key: &'static str,
    last_login: String,
    locked: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Chrome,
    rows: Vec<UserRow>,
}

#[derive(Template)]
#[template(path = "user_form.html")]
struct UserFormPage {
    c: Chrome,
    /// None when creating.
    id: Option<String>,
    form: UserForm,
    version: i64,
    disabled: bool,
    is_self: bool,
    roles: Vec<(&'static str, &'static str)>,
    scopes: Vec<(String, String)>,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "user_secret.html")]
struct SecretPage {
    c: Chrome,
    username: String,
    secret: String,
    created: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct UserForm {
    username: String,
    display_name: String,
    role: String,
    scope: String,
    version: i64,
}

async fn list(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let now = quanke_store::now_ms();
    let rows = st
        .store
        .users_within(&me.user.scope)
        .await?
        .into_iter()
        .map(|u| UserRow {
            role_key: role_key(u.role),
            last_login: u.last_login_at.map(beijing).unwrap_or_default(),
            locked: u.is_locked(now),
            user: u,
        })
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), "/admin/users").await?;
    Ok(super::render(&UsersPage { c, rows })?.into_response())
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    id: Option<String>,
    form: UserForm,
    state: (i64, bool),
    errors: Vec<String>,
) -> Result<UserFormPage, PageError> {
    let en = lang == Lang::En;
    let scopes = st
        .store
        .units_within(&me.user.scope)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.code.to_string(),
                format!("{} ({})", u.name_in(en), u.code),
            )
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str(), role_key(*r)))
        .collect();
    let is_self = id.as_deref() == Some(me.user.id.as_str());
    let c = Chrome::new(lang, session, Some(me), "/admin/users").await?;
    Ok(UserFormPage {
        c,
        id,
        form,
        version: state.0,
        disabled: state.1,
        is_self,
        roles,
        scopes,
        errors,
    })
}

async fn new_form(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let form = UserForm {
        role: "worker".into(),
        scope: me.user.scope.to_string(),
        ..Default::default()
    };
    let p = form_page(&st, lang, &session, &me, None, form, (0, false), vec![]).await?;
    Ok(super::render(&p)?.into_response())
}

/// Check role, scope and name of a form; the errors are ready to show.
fn check(lang: Lang, me: &Identity, f: &UserForm) -> (Option<Role>, Option<OrgCode>, Vec<String>) {
    let mut errors = Vec::new();
    let role = Role::parse(&f.role);
    if role.is_none() {
        errors.push(lang.t("users.err.role").to_string());
    }
    let scope = OrgCode::parse(&f.scope)
        .ok()
        .filter(|s| me.user.scope.contains(s));
    if scope.is_none() {
        errors.push(lang.t("users.err.scope").to_string());
    }
    let n = f.display_name.trim().chars().count();
    if n == 0 || n > 40 {
        errors.push(lang.t("users.err.display_name").to_string());
    }
    (role, scope, errors)
}

async fn create(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Form(f): Form<UserForm>,
) -> Result<Response, PageError> {
    let (role, scope, mut errors) = check(lang, &me, &f);
    let username = match Username::parse(&f.username) {
        Ok(u) => Some(u),
        Err(UsernameError::Length) => {
            errors.push(lang.t("users.err.username_length").to_string());
            None
        }
        Err(UsernameError::Characters) => {
            errors.push(lang.t("users.err.username_chars").to_string());
            None
        }
    };
    if let (true, Some(role), Some(scope), Some(username)) =
        (errors.is_empty(), role, scope.as_ref(), username.as_ref())
    {
        let secret = password::temporary();
        let hash = password::hash_async(secret.clone()).await;
        let new = NewUser {
            username,
            display_name: f.display_name.trim(),
            role,
            scope,
            password_hash: &hash,
            must_change_password: true,
        };
        match st.store.create_user(&new).await {
            Ok(user) => {
                let detail = format!("role={} scope={}", role, scope);
                audit_action(&st, &me, "account", "account_create", &user.id, &detail).await?;
                let c = Chrome::new(lang, &session, Some(&me), "/admin/users").await?;
                let p = SecretPage {
                    c,
                    username: user.username,
                    secret: secret.expose().to_string(),
                    created: true,
                };
                return Ok(super::render(&p)?.into_response());
            }
            Err(StoreError::Conflict(_)) => errors.push(lang.t("users.err.taken").to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let p = form_page(&st, lang, &session, &me, None, f, (0, false), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&p)?).into_response())
}

/// The account `id`, if it lies within the administrator's scope.
async fn scoped_user(st: &AppState, me: &Identity, id: &str) -> Result<User, PageError> {
    let user = st.store.user_by_id(id).await?.ok_or(PageError::NotFound)?;
    if !me.user.scope.contains(&user.scope) {
        return Err(PageError::NotFound);
    }
    Ok(user)
}

async fn edit_form(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let u = scoped_user(&st, &me, &id).await?;
    let form = UserForm {
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.as_str().into(),
        scope: u.scope.to_string(),
        version: u.version,
    };
    let p = form_page(
        &st,
        lang,
        &session,
        &me,
        Some(u.id),
        form,
        (u.version, u.disabled),
        vec![],
    )
    .await?;
    Ok(super::render(&p)?.into_response())
}

async fn update(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    Form(mut f): Form<UserForm>,
) -> Result<Response, PageError> {
    let u = scoped_user(&st, &me, &id).await?;
    f.username = u.username.clone();
    let (role, scope, mut errors) = check(lang, &me, &f);
    if u.id == me.user.id && role.is_some_and(|r| r != Role::Admin) {
        errors.push(lang.t("users.err.self_role").to_string());
    }
    if let (true, Some(role), Some(scope)) = (errors.is_empty(), role, scope.as_ref()) {
        match st
            .store
            .update_user(&u.id, f.display_name.trim(), role, scope, f.version)
            .await
        {
            Ok(after) => {
                let detail = format!(
                    "role {}→{} scope {}→{}",
                    u.role, after.role, u.scope, after.scope
                );
                audit_action(&st, &me, "account", "account_update", &u.id, &detail).await?;
                return Ok(Redirect::to("/admin/users").into_response());
            }
            Err(StoreError::Stale) => errors.push(lang.t("users.err.stale").to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let p = form_page(
        &st,
        lang,
        &session,
        &me,
        Some(u.id),
        f,
        (u.version, u.disabled),
        errors,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&p)?).into_response())
}

async fn set_disabled(
    st: AppState,
    me: Identity,
    id: String,
    disabled: bool,
) -> Result<Response, PageError> {
    let u = scoped_user(&st, &me, &id).await?;
    if u.id == me.user.id {
        return Err(PageError::Forbidden);
    }
    st.store.set_user_disabled(&u.id, disabled).await?;
    audit_action(
        &st,
        &me,
        "account",
        if disabled {
            "account_disable"
        } else {
            "account_enable"
        },
        &u.id,
        "",
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/users/{}", u.id)).into_response())
}

async fn disable(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    set_disabled(st, me, id, true).await
}

async fn enable(
    State(st): State<AppState>,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    set_disabled(st, me, id, false).await
}

async fn reset_password(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let u = scoped_user(&st, &me, &id).await?;
    let secret = password::temporary();
    let hash = password::hash_async(secret.clone()).await;
    st.store.set_password(&u.id, &hash, true).await?;
    audit_action(&st, &me, "account", "account_password_reset", &u.id, "").await?;
    let c = Chrome::new(lang, &session, Some(&me), "/admin/users").await?;
    let p = SecretPage {
        c,
        username: u.username,
        secret: secret.expose().to_string(),
        created: false,
    };
    Ok(super::render(&p)?.into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list).post(create))
        .route("/admin/users/new", get(new_form))
        .route("/admin/users/{id}", get(edit_form).post(update))
        .route("/admin/users/{id}/disable", post(disable))
        .route("/admin/users/{id}/enable", post(enable))
        .route("/admin/users/{id}/reset-password", post(reset_password))
}
