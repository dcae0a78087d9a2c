//! The grid worker's lists and visits over JSON, for the handheld terminal and other programs,
//! always within the caller's scope:
//!
//! - `GET /api/v1/grid/households?building=&rented=1`
//! - `GET /api/v1/grid/households/{id}`: the household, the people living there, its visits
//! - `GET /api/v1/grid/people?tag=&building=&age_min=&age_max=&tenants=1`
//! - `GET /api/v1/grid/due?all=1`: people under a visiting duty (only those due, unless `all`)
//! - `POST /api/v1/grid/visits` `{"household_id","resident_id","visited_on","found","follow_up"}`
//!   → 201 with the visit; 422 with field errors; 404 for a household or resident outside scope.

use crate::auth::{audit_record, ApiUser};
use crate::error::{ApiError, FieldError};
use crate::visits::{check_visit, VisitInput};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use quanke_domain::catalog::vocab::Tag;
use quanke_store::basic::{Household, HouseholdFilter, PeopleFilter, Person};
use quanke_store::residents::Resident;
use quanke_store::visits::{DueLine, Visit};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
struct HouseholdParams {
    building: String,
    rented: String,
}

async fn households(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Query(p): Query<HouseholdParams>,
) -> Result<Json<Vec<Household>>, ApiError> {
    let f = HouseholdFilter {
        building_id: (!p.building.is_empty()).then_some(p.building),
        rented_only: p.rented == "1",
    };
    Ok(Json(st.store.households_within(&me.user.scope, &f).await?))
}

#[derive(Serialize)]
struct HouseholdView {
    household: Household,
    members: Vec<Resident>,
    visits: Vec<Visit>,
}

async fn household(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<HouseholdView>, ApiError> {
    let scope = &me.user.scope;
    Ok(Json(HouseholdView {
        household: st.store.household(&id, scope).await?,
        members: st.store.household_members(&id, scope).await?,
        visits: st.store.visits_within(scope, Some(&id), None, 100).await?,
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PeopleParams {
    tag: String,
    building: String,
    age_min: String,
    age_max: String,
    tenants: String,
}

async fn people(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Query(p): Query<PeopleParams>,
) -> Result<Json<Vec<Person>>, ApiError> {
    let mut errors = Vec::new();
    let tag = if p.tag.is_empty() {
        None
    } else {
        let t = Tag::parse(&p.tag);
        if t.is_none() {
            let codes: Vec<&str> = Tag::ALL.iter().map(|t| t.code()).collect();
            errors.push(FieldError {
                field: "tag".into(),
                message: format!("unknown tag; tags are: {}", codes.join(", ")),
            });
        }
        t
    };
    let mut age = |s: &str, field: &str| -> Option<u32> {
        if s.is_empty() {
            return None;
        }
        match s.parse::<u32>() {
            Ok(n) if n <= 130 => Some(n),
            _ => {
                errors.push(FieldError {
                    field: field.into(),
                    message: "an age is a whole number from 0 to 130".into(),
                });
                None
            }
        }
    };
    let f = PeopleFilter {
        tag,
        building_id: (!p.building.is_empty()).then_some(p.building.clone()),
        age_min: age(&p.age_min, "age_min"),
        age_max: age(&p.age_max, "age_max"),
        today: Some(crate::pages::grid::today()),
        tenants_only: p.tenants == "1",
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    Ok(Json(
        st.store.people_within(&me.user.scope, &f, 5000).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DueParams {
    all: String,
}

async fn due(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    Query(p): Query<DueParams>,
) -> Result<Json<Vec<DueLine>>, ApiError> {
    let lines = st
        .store
        .visits_due(&me.user.scope, crate::pages::grid::today())
        .await?;
    Ok(Json(
        lines
            .into_iter()
            .filter(|l| p.all == "1" || l.due.wanted())
            .collect(),
    ))
}

async fn record_visit(
    State(st): State<AppState>,
    ApiUser(me): ApiUser,
    body: Result<Json<VisitInput>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Visit>), ApiError> {
    let Json(input) = body.map_err(|e| {
        ApiError::Invalid(vec![FieldError {
            field: String::new(),
            message: format!(
                "the body must be JSON like {{\"household_id\":\"…\",\"resident_id\":\"…\",\"visited_on\":\"2026-11-29\",\"found\":\"…\",\"follow_up\":\"\"}}: {}",
                e.body_text()
            ),
        }])
    })?;
    let v = check_visit(&input, crate::pages::grid::today()).map_err(|ps| {
        ApiError::Invalid(
            ps.into_iter()
                .map(|p| FieldError {
                    field: p.field.to_string(),
                    message: p.en,
                })
                .collect(),
        )
    })?;
    let visit = st
        .store
        .record_visit(&me.user.scope, &v, Some(&me.user.id), &me.user.display_name)
        .await?;
    audit_record(&st, &me, "visit", "visit_record", &visit.id, "").await?;
    Ok((StatusCode::CREATED, Json(visit)))
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/grid/households", get(households))
        .route("/api/v1/grid/households/{id}", get(household))
        .route("/api/v1/grid/people", get(people))
        .route("/api/v1/grid/due", get(due))
        .route("/api/v1/grid/visits", post(record_visit))
}
