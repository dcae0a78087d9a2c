//! Grid events over JSON:
//!
//! - `GET  /api/v1/events?state=&category=&open=1`: the events within the caller's scope;
//! - `POST /api/v1/events`: report one (placed in the grid holding its point). A report within
//!   50 m of an open event of the same category is answered `409` with `likely_duplicates`, unless
//!   `force` is true or `duplicate_of` names the event it repeats (then it is closed as duplicate);
//! - `GET  /api/v1/events/{id}`: one event with its actions, flags and extension requests;
//! - `POST /api/v1/events/{id}/actions`: `{action, version, note, department, deadline_hours,
//!   passed, outcome}`; `POST …/supervise`, `POST …/extensions`, `POST …/extensions/{ext}/decision`;
//! - `GET  /api/v1/grid/shapes`: the grids' polygons as GeoJSON; `PUT /api/v1/grid/shapes/{code}`;
//! - `GET  /api/v1/events/measures`.

use crate::auth::ApiUser;
use crate::error::{ApiError, FieldError};
use crate::events::{self, EventView, Report, ReportError};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use quanke_domain::account::Role;
use quanke_domain::grid::event::State as EventState;
use quanke_domain::grid::place::GridShape;
use quanke_domain::org::OrgCode;
use quanke_store::events::EventFilter;
use serde::Deserialize;

fn field(f: &str, m: impl Into<String>) -> FieldError {
    FieldError {
        field: f.into(),
        message: m.into(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListParams {
    state: Option<String>,
    category: Option<String>,
    open: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<EventView>>, ApiError> {
    let mut errors = Vec::new();
    let state = match p.state.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match EventState::parse(s) {
            Some(x) => Some(x),
            None => {
                errors.push(field("state", "one of reported, accepted, dispatched, handled, fed_back, verified, filed, closed"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let f = EventFilter {
        state,
        category: p.category.filter(|c| !c.is_empty()),
        open_only: matches!(p.open.as_deref(), Some("1" | "true")),
    };
    let now = quanke_store::now_ms();
    let list = st.store.events_within(&me.user.scope, &f).await?;
    Ok(Json(
        list.into_iter().map(|e| EventView::new(e, now)).collect(),
    ))
}

async fn create(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Json(r): Json<Report>,
) -> Result<Response, ApiError> {
    match events::report(&st, &me, &r).await {
        Ok(e) => Ok((
            StatusCode::CREATED,
            Json(EventView::new(e, quanke_store::now_ms())),
        )
            .into_response()),
        Err(ReportError::Invalid(errs)) => Err(ApiError::Invalid(
            errs.into_iter().map(|(f, m)| field(f, m.en)).collect(),
        )),
        Err(ReportError::Duplicates(d)) => Ok((
            StatusCode::CONFLICT,
            Json(serde_json::json!({
                "error": "likely duplicate: an open event of the same category lies within 50 m; send again with \"duplicate_of\": ID to join it, or \"force\": true to report a new one",
                "likely_duplicates": d.iter().map(|(e, m)| serde_json::json!({
                    "id": e.id, "distance_m": (m * 10.0).round() / 10.0, "state": e.state,
                    "description": e.description, "created_at": e.created_at,
                })).collect::<Vec<_>>(),
            })),
        )
            .into_response()),
        Err(ReportError::Store(e)) => Err(e.into()),
    }
}

async fn one(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let e = st.store.event(&id, &me.user.scope).await?;
    let actions = st.store.event_actions(&id).await?;
    let flags = st.store.event_flags(&id).await?;
    let extensions = st.store.extensions(&id).await?;
    let photos = st.store.event_photo_ids(&id).await?;
    let mut v = serde_json::to_value(EventView::new(e, quanke_store::now_ms()))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    v["actions"] = serde_json::json!(actions);
    v["flags"] = serde_json::json!(flags);
    v["extensions"] = serde_json::json!(extensions);
    v["photos"] = serde_json::json!(photos);
    Ok(Json(v))
}

async fn act(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
    Json(a): Json<events::ActionInput>,
) -> Result<Json<EventView>, ApiError> {
    let e = events::act(&st, &me, &id, &a)
        .await
        .map_err(|e| e.into_api())?;
    Ok(Json(EventView::new(e, quanke_store::now_ms())))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NoteInput {
    note: String,
}

async fn supervise(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
    Json(n): Json<NoteInput>,
) -> Result<Json<EventView>, ApiError> {
    let e = events::supervise(&st, &me, &id, &n.note)
        .await
        .map_err(|e| e.into_api())?;
    Ok(Json(EventView::new(e, quanke_store::now_ms())))
}

async fn extension(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
    Json(x): Json<events::ExtensionInput>,
) -> Result<Response, ApiError> {
    let ext = events::request_extension(&st, &me, &id, &x)
        .await
        .map_err(|e| e.into_api())?;
    Ok((StatusCode::CREATED, Json(ext)).into_response())
}

#[derive(Deserialize)]
struct Decision {
    approve: bool,
}

async fn decide(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path((id, ext)): Path<(String, String)>,
    Json(d): Json<Decision>,
) -> Result<Json<EventView>, ApiError> {
    let e = events::decide_extension(&st, &me, &id, &ext, d.approve)
        .await
        .map_err(|e| e.into_api())?;
    Ok(Json(EventView::new(e, quanke_store::now_ms())))
}

async fn shapes(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let shapes = st.store.grid_shapes_within(&me.user.scope).await?;
    let features: Vec<serde_json::Value> = shapes
        .iter()
        .map(|s| {
            let g: serde_json::Value =
                serde_json::from_str(&s.to_geojson()).unwrap_or(serde_json::Value::Null);
            serde_json::json!({"type": "Feature", "properties": {"code": s.code}, "geometry": g})
        })
        .collect();
    Ok(Json(
        serde_json::json!({"type": "FeatureCollection", "features": features}),
    ))
}

async fn set_shape(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(code): Path<String>,
    body: String,
) -> Result<StatusCode, ApiError> {
    if me.user.role != Role::Admin {
        return Err(ApiError::Forbidden(
            "only the administrator may change grid polygons",
        ));
    }
    let code = OrgCode::parse(&code)
        .ok()
        .filter(|c| me.user.scope.contains(c))
        .ok_or_else(|| ApiError::NotFound(format!("no grid {code} within your scope")))?;
    let shape = GridShape::parse(code.as_str(), &body)
        .map_err(|e| ApiError::Invalid(vec![field("geojson", e.to_string())]))?;
    st.store.set_grid_shape(&code, &shape).await?;
    crate::auth::audit_action(&st, &me, "grid", "grid_shape_set", code.as_str(), "")
        .await
        .map_err(|_| ApiError::Internal("audit".into()))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn measures(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<Json<quanke_domain::grid::measures::Measures>, ApiError> {
    Ok(Json(events::measures(&st, &me.user.scope).await?))
}

/// Reading and working on events: the grid side, departments and the administrator.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events", get(list).post(create))
        .route("/api/v1/events/measures", get(measures))
        .route("/api/v1/events/{id}", get(one))
        .route("/api/v1/events/{id}/actions", post(act))
        .route("/api/v1/events/{id}/supervise", post(supervise))
        .route("/api/v1/events/{id}/extensions", post(extension))
        .route(
            "/api/v1/events/{id}/extensions/{ext}/decision",
            post(decide),
        )
        .route("/api/v1/grid/shapes", get(shapes))
        .route("/api/v1/grid/shapes/{code}", put(set_shape))
}
