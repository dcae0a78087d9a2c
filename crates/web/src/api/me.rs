//! `GET /api/v1/me`: the caller's account, role and scope; `GET /api/v1/communities`: the
//! communities within that scope.

use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use quanke_store::orgs::OrgUnit;
use serde::Serialize;

#[derive(Serialize)]
struct Unit {
    code: String,
    kind: &'static str,
    name_zh: String,
    name_en: String,
}

impl From<OrgUnit> for Unit {
    fn from(u: OrgUnit) -> Unit {
        Unit {
            code: u.code.to_string(),
            kind: u.kind.as_str(),
            name_zh: u.name.zh,
            name_en: u.name.en,
        }
    }
}

#[derive(Serialize)]
struct Me {
    id: String,
    username: String,
    display_name: String,
    role: &'static str,
    scope: Option<Unit>,
    authenticated_by: &'static str,
}

async fn me(State(st): State<AppState>, ApiUser(id): ApiUser) -> Result<Json<Me>, ApiError> {
    let scope = st.store.unit_by_code(&id.user.scope).await?.map(Unit::from);
    Ok(Json(Me {
        id: id.user.id,
        username: id.user.username,
        display_name: id.user.display_name,
        role: id.user.role.as_str(),
        scope,
        authenticated_by: match id.via {
            crate::auth::Via::Session => "session",
            crate::auth::Via::Token => "token",
        },
    }))
}

async fn communities(
    State(st): State<AppState>,
    ApiUser(id): ApiUser,
) -> Result<Json<Vec<Unit>>, ApiError> {
    let list = st.store.communities_visible(&id.user.scope).await?;
    Ok(Json(list.into_iter().map(Unit::from).collect()))
}

pub(super) fn me_router() -> Router<AppState> {
    Router::new().route("/api/v1/me", get(me))
}

pub(super) fn communities_router() -> Router<AppState> {
    Router::new().route("/api/v1/communities", get(communities))
}
