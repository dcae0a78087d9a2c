//! The home page: what this role does, its scope, and the way to every part of the product.

use crate::auth::PageUser;
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use quanke_domain::account::Role;
use quanke_domain::org::OrgKind;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    c: Chrome,
    role_intro: &'static str,
    scope_name: String,
    scope_code: String,
    stats: Vec<(&'static str, usize)>,
}

async fn home(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Html<String>, PageError> {
    let scope = st.store.unit_by_code(&me.user.scope).await?;
    let scope_name = scope
        .as_ref()
        .map(|u| u.name_in(lang == Lang::En).to_string())
        .unwrap_or_default();
    let role_intro = match me.user.role {
        Role::Admin => "home.intro.admin",
        Role::Worker => "home.intro.worker",
        Role::Grid => "home.intro.grid",
        Role::Reviewer => "home.intro.reviewer",
        Role::Auditor => "home.intro.auditor",
    };
    let stats = if me.user.role == Role::Admin {
        let units = st.store.units_within(&me.user.scope).await?;
        let users = st.store.users_within(&me.user.scope).await?;
        vec![
            (
                "home.stat.communities",
                units
                    .iter()
                    .filter(|u| u.kind == OrgKind::Community)
                    .count(),
            ),
            (
                "home.stat.grids",
                units.iter().filter(|u| u.kind == OrgKind::Grid).count(),
            ),
            (
                "home.stat.accounts",
                users.iter().filter(|u| !u.disabled).count(),
            ),
        ]
    } else {
        Vec::new()
    };
    let c = Chrome::new(lang, &session, Some(&me), "/").await?;
    super::render(&Home {
        c,
        role_intro,
        scope_name,
        scope_code: me.user.scope.to_string(),
        stats,
    })
}

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}
