//! Visits (走访) to households and residents, and recurring visiting duties ("every elderly person
//! living alone visited weekly") with who is due and overdue (see `quanke_domain::grid::visit`).
//! A visit to a household counts as a visit to everyone living there.

use crate::residents::{from_row as resident_from_row, scope_like, Resident, COLUMNS};
use crate::{conflict, new_id, now_ms, Result, Store, StoreError};
use chrono::NaiveDate;
use quanke_domain::catalog::vocab::Tag;
use quanke_domain::grid::visit::{self, Due};
use quanke_domain::org::OrgCode;
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// A recorded visit.
#[derive(Debug, Clone, Serialize)]
pub struct Visit {
    pub id: String,
    pub org_code: String,
    pub household_id: Option<String>,
    pub resident_id: Option<String>,
    pub visited_on: NaiveDate,
    pub visitor_name: String,
    /// What was found.
    pub found: String,
    /// What is to be done next (empty when nothing).
    pub follow_up: String,
    pub created_at: i64,
}

/// What it takes to record a visit: a household, a resident or both.
#[derive(Debug, Clone)]
pub struct NewVisit {
    pub household_id: Option<String>,
    pub resident_id: Option<String>,
    pub visited_on: NaiveDate,
    pub found: String,
    pub follow_up: String,
}

/// A recurring duty: everyone tagged `tag` under `org_code` visited every `every_days` days.
#[derive(Debug, Clone, Serialize)]
pub struct Duty {
    pub id: String,
    pub org_code: String,
    pub tag: Tag,
    pub every_days: u32,
    pub since: NaiveDate,
    pub created_by: String,
}

/// One person under one duty.
#[derive(Debug, Clone, Serialize)]
pub struct DueLine {
    pub resident: Resident,
    pub duty: Duty,
    pub last_visit: Option<NaiveDate>,
    pub due: Due,
}

const VISIT_COLUMNS: &str = "id, org_code, household_id, resident_id, visited_on, visitor_name, found, follow_up, created_at";

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Invalid(format!("bad date {s}: {e}")))
}

fn visit_from_row(r: &sqlx::any::AnyRow) -> Result<Visit> {
    let on: String = r.try_get("visited_on")?;
    Ok(Visit {
        id: r.try_get("id")?,
        org_code: r.try_get("org_code")?,
        household_id: r.try_get("household_id")?,
        resident_id: r.try_get("resident_id")?,
        visited_on: date(&on)?,
        visitor_name: r.try_get("visitor_name")?,
        found: r.try_get("found")?,
        follow_up: r.try_get("follow_up")?,
        created_at: r.try_get("created_at")?,
    })
}

fn duty_from_row(r: &sqlx::any::AnyRow) -> Result<Duty> {
    let tag: String = r.try_get("tag")?;
    let since: String = r.try_get("since")?;
    let every: i64 = r.try_get("every_days")?;
    Ok(Duty {
        id: r.try_get("id")?,
        org_code: r.try_get("org_code")?,
        tag: Tag::parse(&tag).ok_or_else(|| StoreError::Invalid(format!("unknown tag {tag}")))?,
        every_days: every.clamp(1, 366) as u32,
        since: date(&since)?,
        created_by: r.try_get("created_by")?,
    })
}

impl Store {
    /// Record a visit. The household and the resident must lie within `scope` (an unknown or
    /// out-of-scope one is [`StoreError::NotFound`]); the visit belongs to the resident's unit,
    /// else the household's.
    pub async fn record_visit(
        &self,
        scope: &OrgCode,
        v: &NewVisit,
        visitor_id: Option<&str>,
        visitor_name: &str,
    ) -> Result<Visit> {
        let mut org: Option<String> = None;
        if let Some(h) = &v.household_id {
            org = Some(self.household(h, scope).await?.org_code);
        }
        if let Some(r) = &v.resident_id {
            org = Some(self.resident(r, scope).await?.org_code);
        }
        let Some(org) = org else {
            return Err(StoreError::Invalid(
                "a visit is to a household or a resident; name one".into(),
            ));
        };
        let id = new_id();
        sqlx::query(
            "INSERT INTO grid_visits (id, org_code, household_id, resident_id, visited_on, visitor_id, visitor_name, \
             found, follow_up, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(&org)
        .bind(v.household_id.as_deref())
        .bind(v.resident_id.as_deref())
        .bind(v.visited_on.format("%Y-%m-%d").to_string())
        .bind(visitor_id)
        .bind(visitor_name)
        .bind(v.found.trim())
        .bind(v.follow_up.trim())
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        let row = sqlx::query(&format!(
            "SELECT {VISIT_COLUMNS} FROM grid_visits WHERE id = $1"
        ))
        .bind(&id)
        .fetch_one(self.pool())
        .await?;
        visit_from_row(&row)
    }

    /// Visits within `scope`, newest first: all of them, or those of one household (including
    /// visits to the people living there) or of one resident (including visits to their home).
    pub async fn visits_within(
        &self,
        scope: &OrgCode,
        household_id: Option<&str>,
        resident_id: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Visit>> {
        let mut sql = format!(
            "SELECT {VISIT_COLUMNS} FROM grid_visits WHERE (org_code = $1 OR org_code LIKE $2)"
        );
        let mut binds = vec![scope.as_str().to_string(), scope_like(scope)];
        if let Some(h) = household_id {
            binds.push(h.to_string());
            sql.push_str(
                " AND (household_id = $3 OR resident_id IN (SELECT id FROM residents WHERE household_id = $3))",
            );
        } else if let Some(r) = resident_id {
            binds.push(r.to_string());
            sql.push_str(
                " AND (resident_id = $3 OR household_id IN (SELECT household_id FROM residents WHERE id = $3))",
            );
        }
        sql.push_str(&format!(
            " ORDER BY visited_on DESC, created_at DESC LIMIT {}",
            limit.clamp(1, 5000)
        ));
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(visit_from_row)
            .collect()
    }

    /// Set a duty for `org_code` (replacing the one for the same tag there).
    pub async fn set_duty(
        &self,
        org_code: &OrgCode,
        tag: Tag,
        every_days: u32,
        since: NaiveDate,
        created_by: &str,
    ) -> Result<Duty> {
        if self.unit_by_code(org_code).await?.is_none() {
            return Err(StoreError::NotFound("community or grid"));
        }
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM grid_visit_duties WHERE org_code = $1 AND tag = $2")
            .bind(org_code.as_str())
            .bind(tag.code())
            .execute(&mut *tx)
            .await?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO grid_visit_duties (id, org_code, tag, every_days, since, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(org_code.as_str())
        .bind(tag.code())
        .bind(i64::from(every_days))
        .bind(since.format("%Y-%m-%d").to_string())
        .bind(created_by)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(conflict("duty for this tag"))?;
        tx.commit().await?;
        Ok(Duty {
            id,
            org_code: org_code.to_string(),
            tag,
            every_days,
            since,
            created_by: created_by.to_string(),
        })
    }

    /// The duties that bind `scope`: those set at or below it, and those set above it (a grid
    /// worker is bound by their community's duties).
    pub async fn duties_for(&self, scope: &OrgCode) -> Result<Vec<Duty>> {
        let rows = sqlx::query(
            "SELECT id, org_code, tag, every_days, since, created_by FROM grid_visit_duties \
             WHERE org_code = $1 OR org_code LIKE $2 OR $1 LIKE org_code || '-%' ORDER BY org_code, tag",
        )
        .bind(scope.as_str())
        .bind(scope_like(scope))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(duty_from_row).collect()
    }

    /// Remove a duty set at or below `scope`.
    pub async fn delete_duty(&self, id: &str, scope: &OrgCode) -> Result<()> {
        let done = sqlx::query(
            "DELETE FROM grid_visit_duties WHERE id = $1 AND (org_code = $2 OR org_code LIKE $3)",
        )
        .bind(id)
        .bind(scope.as_str())
        .bind(scope_like(scope))
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("duty"));
        }
        Ok(())
    }

    /// Everyone within `scope` under each duty that binds it, with their last visit and where they
    /// stand on `today`; most overdue first.
    pub async fn visits_due(&self, scope: &OrgCode, today: NaiveDate) -> Result<Vec<DueLine>> {
        let duties = self.duties_for(scope).await?;
        if duties.is_empty() {
            return Ok(Vec::new());
        }
        // Last visit per resident and per household, within scope.
        let mut by_resident: HashMap<String, NaiveDate> = HashMap::new();
        let mut by_household: HashMap<String, NaiveDate> = HashMap::new();
        let rows = sqlx::query(
            "SELECT household_id, resident_id, MAX(visited_on) AS last FROM grid_visits \
             WHERE org_code = $1 OR org_code LIKE $2 GROUP BY household_id, resident_id",
        )
        .bind(scope.as_str())
        .bind(scope_like(scope))
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            let last = date(&r.try_get::<String, _>("last")?)?;
            let h: Option<String> = r.try_get("household_id")?;
            let res: Option<String> = r.try_get("resident_id")?;
            for (map, key) in [(&mut by_resident, res), (&mut by_household, h)] {
                if let Some(k) = key {
                    let e = map.entry(k).or_insert(last);
                    *e = (*e).max(last);
                }
            }
        }
        let mut out = Vec::new();
        for duty in duties {
            let Ok(duty_org) = OrgCode::parse(&duty.org_code) else {
                continue;
            };
            // The narrower of the duty's unit and the caller's scope.
            let within = if scope.contains(&duty_org) {
                duty_org
            } else {
                scope.clone()
            };
            let sql = format!(
                "SELECT {COLUMNS} FROM residents WHERE (org_code = $1 OR org_code LIKE $2) \
                 AND id IN (SELECT resident_id FROM resident_tags WHERE tag = $3)"
            );
            let rows = sqlx::query(&sql)
                .bind(within.as_str())
                .bind(scope_like(&within))
                .bind(duty.tag.code())
                .fetch_all(self.pool())
                .await?;
            let mut residents = rows
                .iter()
                .map(resident_from_row)
                .collect::<Result<Vec<_>>>()?;
            self.attach_tags(&mut residents).await?;
            for r in residents {
                let last = [
                    by_resident.get(&r.id).copied(),
                    r.household_id
                        .as_ref()
                        .and_then(|h| by_household.get(h).copied()),
                ]
                .into_iter()
                .flatten()
                .max();
                let due = visit::due(last, duty.since, duty.every_days, today);
                out.push(DueLine {
                    resident: r,
                    duty: duty.clone(),
                    last_visit: last,
                    due,
                });
            }
        }
        out.sort_by_key(|l| match l.due {
            Due::Overdue { next, .. } | Due::Due { next } | Due::Fine { next } => next,
        });
        Ok(out)
    }
}
