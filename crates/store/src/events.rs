//! Grid events: the report (placed in its grid), every action from report to closure (one
//! transaction each, with an optimistic version), supervision flags, extension requests and photos.
//! Scope: every read and write takes the caller's org code and sees only events at or below it.

use crate::{new_id, now_ms, Result, Store, StoreError};
use base64::Engine;
use quanke_domain::account::Role;
use quanke_domain::grid::event::{self, Action, Clock, Outcome, Source, State};
use quanke_domain::grid::place::{distance_m, LatLon, DUPLICATE_RADIUS_M};
use quanke_domain::org::OrgCode;
use serde::Serialize;
use sqlx::Row;

/// An event as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: String,
    pub org_code: OrgCode,
    pub category: String,
    pub description: String,
    pub point: LatLon,
    pub address: String,
    pub source: Source,
    pub reporter_name: String,
    pub reported_by: Option<String>,
    pub state: State,
    pub outcome: Option<Outcome>,
    pub department: String,
    pub deadline_at: Option<i64>,
    pub stage_at: i64,
    pub extension_ms: i64,
    pub supervised: bool,
    pub duplicate_of: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub version: i64,
}

impl Event {
    /// The current stage's clock (none once finished).
    pub fn clock(&self, now: i64) -> Option<Clock> {
        event::clock(
            self.state,
            self.stage_at,
            self.deadline_at,
            self.extension_ms,
            now,
        )
    }

    /// True while the event is not finished.
    pub fn is_open(&self) -> bool {
        !self.state.is_final()
    }
}

/// What it takes to report an event.
pub struct NewEvent<'a> {
    pub org_code: &'a OrgCode,
    pub category: &'a str,
    pub description: &'a str,
    pub point: LatLon,
    pub address: &'a str,
    pub source: Source,
    pub reporter_name: &'a str,
    pub reported_by: Option<&'a str>,
    pub duplicate_of: Option<&'a str>,
}

/// Who acts.
pub struct Actor<'a> {
    pub id: Option<&'a str>,
    pub name: &'a str,
    pub role: Role,
}

/// One recorded action.
#[derive(Debug, Clone, Serialize)]
pub struct EventAction {
    pub at: i64,
    pub actor_name: String,
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub note: String,
}

/// An extension request.
#[derive(Debug, Clone, Serialize)]
pub struct Extension {
    pub id: String,
    pub event_id: String,
    pub state: String,
    pub hours: i64,
    pub reason: String,
    pub requested_at: i64,
    pub requested_by: String,
    pub approved: Option<bool>,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
}

/// A supervision flag.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub at: i64,
    pub by_name: String,
    pub note: String,
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub state: Option<State>,
    pub category: Option<String>,
    pub open_only: bool,
}

const COLUMNS: &str = "id, org_code, category, description, lat_e6, lon_e6, address, source, \
    reporter_name, reported_by, state, outcome, department, deadline_at, stage_at, extension_ms, \
    supervised, duplicate_of, created_at, updated_at, closed_at, version";

const SCOPE: &str = "(org_code = $1 OR org_code LIKE $2)";

fn e6(x: f64) -> i64 {
    (x * 1e6).round() as i64
}

fn bad(what: &str, v: &str) -> StoreError {
    StoreError::Invalid(format!("stored event has an unknown {what} {v:?}"))
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<Event> {
    let code: String = r.try_get("org_code")?;
    let source: String = r.try_get("source")?;
    let state: String = r.try_get("state")?;
    let outcome: Option<String> = r.try_get("outcome")?;
    let lat: i64 = r.try_get("lat_e6")?;
    let lon: i64 = r.try_get("lon_e6")?;
    Ok(Event {
        id: r.try_get("id")?,
        org_code: OrgCode::parse(&code).map_err(|e| StoreError::Invalid(e.to_string()))?,
        category: r.try_get("category")?,
        description: r.try_get("description")?,
        point: LatLon {
            lat: lat as f64 / 1e6,
            lon: lon as f64 / 1e6,
        },
        address: r.try_get("address")?,
        source: Source::parse(&source).ok_or_else(|| bad("source", &source))?,
        reporter_name: r.try_get("reporter_name")?,
        reported_by: r.try_get("reported_by")?,
        state: State::parse(&state).ok_or_else(|| bad("state", &state))?,
        outcome: match outcome {
            Some(o) => Some(Outcome::parse(&o).ok_or_else(|| bad("outcome", &o))?),
            None => None,
        },
        department: r.try_get("department")?,
        deadline_at: r.try_get("deadline_at")?,
        stage_at: r.try_get("stage_at")?,
        extension_ms: r.try_get("extension_ms")?,
        supervised: r.try_get::<i64, _>("supervised")? != 0,
        duplicate_of: r.try_get("duplicate_of")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        closed_at: r.try_get("closed_at")?,
        version: r.try_get("version")?,
    })
}

fn like(scope: &OrgCode) -> String {
    format!("{}-%", scope.as_str())
}

impl Store {
    /// Record a new event (state `reported`) and its first action.
    pub async fn create_event(&self, new: &NewEvent<'_>, actor: &Actor<'_>) -> Result<Event> {
        let id = new_id();
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO grid_events (id, org_code, category, description, lat_e6, lon_e6, address, source, \
             reporter_name, reported_by, state, stage_at, duplicate_of, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'reported', $11, $12, $11, $11)",
        )
        .bind(&id)
        .bind(new.org_code.as_str())
        .bind(new.category)
        .bind(new.description)
        .bind(e6(new.point.lat))
        .bind(e6(new.point.lon))
        .bind(new.address)
        .bind(new.source.as_str())
        .bind(new.reporter_name)
        .bind(new.reported_by)
        .bind(now)
        .bind(new.duplicate_of)
        .execute(&mut *tx)
        .await?;
        insert_action(&mut tx, &id, actor, "report", "", "reported", "", now).await?;
        tx.commit().await?;
        self.event(&id, new.org_code).await
    }

    /// One event within `scope` (not found outside it).
    pub async fn event(&self, id: &str, scope: &OrgCode) -> Result<Event> {
        let sql = format!("SELECT {COLUMNS} FROM grid_events WHERE {SCOPE} AND id = $3");
        let row = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(like(scope))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref()
            .map(from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("event"))
    }

    /// Events within `scope`, newest first.
    pub async fn events_within(&self, scope: &OrgCode, f: &EventFilter) -> Result<Vec<Event>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM grid_events WHERE {SCOPE} \
             AND ($3 IS NULL OR state = $3) AND ($4 IS NULL OR category = $4) \
             AND ($5 = 0 OR state NOT IN ('filed', 'closed')) \
             ORDER BY created_at DESC, id DESC LIMIT 2000"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(like(scope))
            .bind(f.state.map(|s| s.as_str()))
            .bind(f.category.as_deref())
            .bind(i64::from(f.open_only))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Open events of `category` within `scope` and 50 m of `point`, nearest first, with their
    /// distance in metres.
    pub async fn likely_duplicates(
        &self,
        scope: &OrgCode,
        category: &str,
        point: LatLon,
    ) -> Result<Vec<(Event, f64)>> {
        // A box a little larger than 50 m around the point, then the exact distance.
        let dlat = 0.0006;
        let dlon = 0.0006 / point.lat.to_radians().cos().max(0.01);
        let sql = format!(
            "SELECT {COLUMNS} FROM grid_events WHERE {SCOPE} AND category = $3 \
             AND state NOT IN ('filed', 'closed') \
             AND lat_e6 BETWEEN $4 AND $5 AND lon_e6 BETWEEN $6 AND $7"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(like(scope))
            .bind(category)
            .bind(e6(point.lat - dlat))
            .bind(e6(point.lat + dlat))
            .bind(e6(point.lon - dlon))
            .bind(e6(point.lon + dlon))
            .fetch_all(self.pool())
            .await?;
        let mut near: Vec<(Event, f64)> = rows
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .map(|e| {
                let d = distance_m(point, e.point);
                (e, d)
            })
            .filter(|(_, d)| *d <= DUPLICATE_RADIUS_M)
            .collect();
        near.sort_by(|a, b| a.1.total_cmp(&b.1));
        Ok(near)
    }

    /// Take an action on an event read at `version`: checks the role and the workflow, moves the
    /// state, restarts the stage clock, and records the action, all in one transaction.
    pub async fn act_on_event(
        &self,
        id: &str,
        scope: &OrgCode,
        version: i64,
        actor: &Actor<'_>,
        action: &Action,
        note: &str,
    ) -> Result<Event> {
        let now = now_ms();
        let before = self.event(id, scope).await?;
        if before.version != version {
            return Err(StoreError::Stale);
        }
        let (state, outcome) = event::next_for(actor.role, before.state, action, now)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let (department, deadline) = match action {
            Action::Dispatch {
                department,
                deadline_ms,
            } => (department.trim().to_string(), Some(*deadline_ms)),
            _ => (before.department.clone(), before.deadline_at),
        };
        let closed_at = state.is_final().then_some(now);
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE grid_events SET state = $1, outcome = $2, department = $3, deadline_at = $4, \
             stage_at = $5, extension_ms = 0, closed_at = $6, updated_at = $5, version = version + 1 \
             WHERE id = $7 AND version = $8",
        )
        .bind(state.as_str())
        .bind(outcome.map(|o| o.as_str()))
        .bind(&department)
        .bind(deadline)
        .bind(now)
        .bind(closed_at)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Stale);
        }
        let mut name = action.kind().as_str().to_string();
        if let Action::Verify { passed } = action {
            name = if *passed {
                "verify_passed"
            } else {
                "verify_failed"
            }
            .into();
        }
        let mut full_note = note.trim().to_string();
        if let Action::Dispatch { department, .. } = action {
            full_note = format!("{} {}", department.trim(), full_note)
                .trim()
                .to_string();
        }
        if let Some(o) = outcome {
            full_note = format!("[{}] {}", o.as_str(), full_note).trim().to_string();
        }
        insert_action(
            &mut tx,
            id,
            actor,
            &name,
            before.state.as_str(),
            state.as_str(),
            &full_note,
            now,
        )
        .await?;
        tx.commit().await?;
        self.event(id, scope).await
    }

    /// Every action on an event, oldest first.
    pub async fn event_actions(&self, id: &str) -> Result<Vec<EventAction>> {
        let rows = sqlx::query(
            "SELECT at, actor_name, action, from_state, to_state, note FROM grid_event_actions \
             WHERE event_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EventAction {
                    at: r.try_get("at")?,
                    actor_name: r.try_get("actor_name")?,
                    action: r.try_get("action")?,
                    from_state: r.try_get("from_state")?,
                    to_state: r.try_get("to_state")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    /// Raise a supervision flag (督办) on an open event.
    pub async fn supervise_event(
        &self,
        id: &str,
        scope: &OrgCode,
        actor: &Actor<'_>,
        note: &str,
    ) -> Result<Event> {
        let e = self.event(id, scope).await?;
        if !e.is_open() {
            return Err(StoreError::Invalid(
                "the event is finished; there is nothing to supervise".into(),
            ));
        }
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO grid_event_flags (id, event_id, at, by_id, by_name, note) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(id)
        .bind(now)
        .bind(actor.id)
        .bind(actor.name)
        .bind(note.trim())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE grid_events SET supervised = 1, updated_at = $1, version = version + 1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let s = e.state.as_str();
        insert_action(&mut tx, id, actor, "supervise", s, s, note.trim(), now).await?;
        tx.commit().await?;
        self.event(id, scope).await
    }

    /// The supervision flags of an event.
    pub async fn event_flags(&self, id: &str) -> Result<Vec<Flag>> {
        let rows = sqlx::query(
            "SELECT at, by_name, note FROM grid_event_flags WHERE event_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Flag {
                    at: r.try_get("at")?,
                    by_name: r.try_get("by_name")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    /// Ask for more time on the current stage of an open event.
    pub async fn request_extension(
        &self,
        id: &str,
        scope: &OrgCode,
        actor: &Actor<'_>,
        hours: i64,
        reason: &str,
    ) -> Result<Extension> {
        let e = self.event(id, scope).await?;
        if !e.is_open() {
            return Err(StoreError::Invalid(
                "the event is finished; no more time can be asked for".into(),
            ));
        }
        let now = now_ms();
        let ext_id = new_id();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO grid_event_extensions (id, event_id, state, hours, reason, requested_at, requested_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&ext_id)
        .bind(id)
        .bind(e.state.as_str())
        .bind(hours)
        .bind(reason.trim())
        .bind(now)
        .bind(actor.name)
        .execute(&mut *tx)
        .await?;
        let s = e.state.as_str();
        let note = format!("{hours}h: {}", reason.trim());
        insert_action(&mut tx, id, actor, "extension_request", s, s, &note, now).await?;
        tx.commit().await?;
        self.extensions(id)
            .await?
            .into_iter()
            .find(|x| x.id == ext_id)
            .ok_or(StoreError::NotFound("extension"))
    }

    /// Approve or refuse a pending extension. An approval adds its hours to the current stage's
    /// limits if the event is still in the stage it was asked for.
    pub async fn decide_extension(
        &self,
        event_id: &str,
        ext_id: &str,
        scope: &OrgCode,
        actor: &Actor<'_>,
        approve: bool,
    ) -> Result<Event> {
        let e = self.event(event_id, scope).await?;
        let ext = self
            .extensions(event_id)
            .await?
            .into_iter()
            .find(|x| x.id == ext_id)
            .ok_or(StoreError::NotFound("extension"))?;
        if ext.approved.is_some() {
            return Err(StoreError::Invalid(
                "this extension request was already decided".into(),
            ));
        }
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE grid_event_extensions SET approved = $1, decided_at = $2, decided_by = $3 \
             WHERE id = $4 AND approved IS NULL",
        )
        .bind(i64::from(approve))
        .bind(now)
        .bind(actor.name)
        .bind(ext_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Stale);
        }
        if approve && e.state.as_str() == ext.state && e.is_open() {
            sqlx::query(
                "UPDATE grid_events SET extension_ms = extension_ms + $1, updated_at = $2, version = version + 1 WHERE id = $3",
            )
            .bind(ext.hours * 3_600_000)
            .bind(now)
            .bind(event_id)
            .execute(&mut *tx)
            .await?;
        }
        let s = e.state.as_str();
        let name = if approve {
            "extension_approved"
        } else {
            "extension_refused"
        };
        let note = format!("{}h", ext.hours);
        insert_action(&mut tx, event_id, actor, name, s, s, &note, now).await?;
        tx.commit().await?;
        self.event(event_id, scope).await
    }

    /// The extension requests of an event, oldest first.
    pub async fn extensions(&self, event_id: &str) -> Result<Vec<Extension>> {
        let rows = sqlx::query(
            "SELECT id, event_id, state, hours, reason, requested_at, requested_by, approved, decided_at, decided_by \
             FROM grid_event_extensions WHERE event_id = $1 ORDER BY requested_at, id",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Extension {
                    id: r.try_get("id")?,
                    event_id: r.try_get("event_id")?,
                    state: r.try_get("state")?,
                    hours: r.try_get("hours")?,
                    reason: r.try_get("reason")?,
                    requested_at: r.try_get("requested_at")?,
                    requested_by: r.try_get("requested_by")?,
                    approved: r.try_get::<Option<i64>, _>("approved")?.map(|a| a != 0),
                    decided_at: r.try_get("decided_at")?,
                    decided_by: r.try_get("decided_by")?,
                })
            })
            .collect()
    }

    /// Attach a photo (its bytes) to an event.
    pub async fn add_event_photo(
        &self,
        event_id: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO grid_event_photos (id, event_id, content_type, data, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(event_id)
        .bind(content_type)
        .bind(base64::engine::general_purpose::STANDARD.encode(bytes))
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    /// The ids of an event's photos.
    pub async fn event_photo_ids(&self, event_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM grid_event_photos WHERE event_id = $1 ORDER BY created_at, id",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// One photo of an event within `scope`: its content type and bytes.
    pub async fn event_photo(
        &self,
        event_id: &str,
        photo_id: &str,
        scope: &OrgCode,
    ) -> Result<(String, Vec<u8>)> {
        self.event(event_id, scope).await?;
        let row = sqlx::query(
            "SELECT content_type, data FROM grid_event_photos WHERE id = $1 AND event_id = $2",
        )
        .bind(photo_id)
        .bind(event_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("photo"))?;
        let data: String = row.try_get("data")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok((row.try_get("content_type")?, bytes))
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_action(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    event_id: &str,
    actor: &Actor<'_>,
    action: &str,
    from: &str,
    to: &str,
    note: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO grid_event_actions (id, event_id, at, actor_id, actor_name, action, from_state, to_state, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(event_id)
    .bind(at)
    .bind(actor.id)
    .bind(actor.name)
    .bind(action)
    .bind(from)
    .bind(to)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
