//! Community basic information around the residents: buildings (named uniquely within their
//! community) and households (one room of one building, possibly let to tenants), and the lists a
//! grid worker works from: the households of my grid, people filtered by tag, building and age,
//! rented rooms and who lives in them. Every read is limited to the caller's scope in SQL.

use crate::residents::{from_row as resident_from_row, scope_like, Resident, COLUMNS};
use crate::{Result, Store, StoreError};
use chrono::{Datelike, NaiveDate};
use quanke_domain::catalog::vocab::Tag;
use quanke_domain::org::OrgCode;
use serde::Serialize;
use sqlx::Row;

/// A building (楼栋).
#[derive(Debug, Clone, Serialize)]
pub struct Building {
    pub id: String,
    /// The grid it stands in when known, else its community.
    pub org_code: String,
    pub community: String,
    pub name: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Households recorded in it.
    pub households: i64,
}

/// A household (户): one room of one building.
#[derive(Debug, Clone, Serialize)]
pub struct Household {
    pub id: String,
    pub org_code: String,
    pub building_id: Option<String>,
    pub building: String,
    pub unit: String,
    pub room: String,
    pub address: String,
    /// Let to tenants (出租屋).
    pub rented: bool,
    /// Residents living there.
    pub residents: i64,
    /// The last visit to the household or anyone in it.
    pub last_visit: Option<NaiveDate>,
}

impl Household {
    /// `1号楼 2单元 301`.
    pub fn label(&self) -> String {
        label(&self.building, &self.unit, &self.room)
    }
}

/// A room's label as people say it: `1号楼 2单元 301` (the unit left out when there is none).
pub fn label(building: &str, unit: &str, room: &str) -> String {
    let mut s = building.to_string();
    if !unit.is_empty() {
        if unit.chars().all(|c| c.is_ascii_digit()) {
            s.push_str(&format!(" {unit}单元"));
        } else {
            s.push_str(&format!(" {unit}"));
        }
    }
    if !room.is_empty() {
        s.push_str(&format!(" {room}"));
    }
    s
}

/// Which households to list.
#[derive(Debug, Clone, Default)]
pub struct HouseholdFilter {
    /// Only this building (by id).
    pub building_id: Option<String>,
    /// Only rooms let to tenants.
    pub rented_only: bool,
}

/// Which residents to list.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    pub tag: Option<Tag>,
    pub building_id: Option<String>,
    /// Age in whole years on `today`, inclusive bounds.
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub today: Option<NaiveDate>,
    /// Only people living in rented rooms.
    pub tenants_only: bool,
}

/// A resident on a grid list, with where they live.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub resident: Resident,
    pub household: Option<String>,
    pub household_label: Option<String>,
}

/// The birth date such that someone born on it is exactly `years` old on `today` (29 February
/// becomes 28 February in a year without it).
fn years_before(today: NaiveDate, years: u32) -> NaiveDate {
    let y = today.year() - years as i32;
    NaiveDate::from_ymd_opt(y, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, today.month(), 28))
        .unwrap_or(today)
}

const HOUSEHOLD_SQL: &str = "SELECT h.id, h.org_code, h.building_id, b.name AS building_name, h.unit, h.room, \
     h.address, h.rented, \
     (SELECT COUNT(*) FROM residents r WHERE r.household_id = h.id) AS n, \
     (SELECT MAX(v.visited_on) FROM grid_visits v WHERE v.household_id = h.id \
        OR v.resident_id IN (SELECT r2.id FROM residents r2 WHERE r2.household_id = h.id)) AS last_visit \
     FROM households h LEFT JOIN buildings b ON b.id = h.building_id";

fn household_from_row(r: &sqlx::any::AnyRow) -> Result<Household> {
    let rented: i64 = r.try_get("rented")?;
    let last: Option<String> = r.try_get("last_visit")?;
    let building: Option<String> = r.try_get("building_name")?;
    Ok(Household {
        id: r.try_get("id")?,
        org_code: r.try_get("org_code")?,
        building_id: r.try_get("building_id")?,
        building: building.unwrap_or_default(),
        unit: r.try_get("unit")?,
        room: r.try_get("room")?,
        address: r.try_get("address")?,
        rented: rented != 0,
        residents: r.try_get("n")?,
        last_visit: last.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
    })
}

impl Store {
    /// The buildings at or below `scope`, or in the community that holds a grid `scope`.
    pub async fn buildings_within(&self, scope: &OrgCode) -> Result<Vec<Building>> {
        let rows = sqlx::query(
            "SELECT b.id, b.org_code, b.community, b.name, b.address, b.lat_e6, b.lon_e6, \
             (SELECT COUNT(*) FROM households h WHERE h.building_id = b.id) AS n \
             FROM buildings b WHERE b.org_code = $1 OR b.org_code LIKE $2 \
             OR EXISTS (SELECT 1 FROM households h WHERE h.building_id = b.id AND (h.org_code = $1 OR h.org_code LIKE $2)) \
             ORDER BY b.community, b.name",
        )
        .bind(scope.as_str())
        .bind(scope_like(scope))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Building {
                    id: r.try_get("id")?,
                    org_code: r.try_get("org_code")?,
                    community: r.try_get("community")?,
                    name: r.try_get("name")?,
                    address: r.try_get("address")?,
                    lat: r
                        .try_get::<Option<i64>, _>("lat_e6")?
                        .map(|x| x as f64 / 1e6),
                    lon: r
                        .try_get::<Option<i64>, _>("lon_e6")?
                        .map(|x| x as f64 / 1e6),
                    households: r.try_get("n")?,
                })
            })
            .collect()
    }

    /// Households at or below `scope`, by building, unit and room.
    pub async fn households_within(
        &self,
        scope: &OrgCode,
        f: &HouseholdFilter,
    ) -> Result<Vec<Household>> {
        let mut sql = format!("{HOUSEHOLD_SQL} WHERE (h.org_code = $1 OR h.org_code LIKE $2)");
        if f.rented_only {
            sql.push_str(" AND h.rented = 1");
        }
        if f.building_id.is_some() {
            sql.push_str(" AND h.building_id = $3");
        }
        sql.push_str(" ORDER BY b.name, h.unit, h.room");
        let mut q = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(scope_like(scope));
        if let Some(b) = &f.building_id {
            q = q.bind(b.clone());
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(household_from_row)
            .collect()
    }

    /// One household, if within `scope`.
    pub async fn household(&self, id: &str, scope: &OrgCode) -> Result<Household> {
        let sql =
            format!("{HOUSEHOLD_SQL} WHERE h.id = $1 AND (h.org_code = $2 OR h.org_code LIKE $3)");
        let row = sqlx::query(&sql)
            .bind(id)
            .bind(scope.as_str())
            .bind(scope_like(scope))
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("household"))?;
        household_from_row(&row)
    }

    /// The residents living in a household within `scope`.
    pub async fn household_members(&self, id: &str, scope: &OrgCode) -> Result<Vec<Resident>> {
        self.household(id, scope).await?;
        let sql =
            format!("SELECT {COLUMNS} FROM residents WHERE household_id = $1 ORDER BY birth_date");
        let rows = sqlx::query(&sql).bind(id).fetch_all(self.pool()).await?;
        let mut out = rows
            .iter()
            .map(resident_from_row)
            .collect::<Result<Vec<_>>>()?;
        self.attach_tags(&mut out).await?;
        Ok(out)
    }

    /// Residents at or below `scope` that pass the filter, oldest first, at most `limit`.
    pub async fn people_within(
        &self,
        scope: &OrgCode,
        f: &PeopleFilter,
        limit: usize,
    ) -> Result<Vec<Person>> {
        let cols: String = COLUMNS
            .split(',')
            .map(|c| format!("r.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut sql = format!(
            "SELECT {cols}, h.unit AS h_unit, h.room AS h_room, b.name AS b_name FROM residents r \
             LEFT JOIN households h ON h.id = r.household_id LEFT JOIN buildings b ON b.id = h.building_id \
             WHERE (r.org_code = $1 OR r.org_code LIKE $2)"
        );
        let mut binds: Vec<String> = vec![scope.as_str().to_string(), scope_like(scope)];
        let mut param = |sql: &mut String, clause: &str, v: String| {
            binds.push(v);
            sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if let Some(t) = f.tag {
            param(
                &mut sql,
                " AND EXISTS (SELECT 1 FROM resident_tags t WHERE t.resident_id = r.id AND t.tag = ?)",
                t.code().to_string(),
            );
        }
        if let Some(b) = &f.building_id {
            param(&mut sql, " AND h.building_id = ?", b.clone());
        }
        let today = f.today.unwrap_or_else(|| chrono::Local::now().date_naive());
        if let Some(min) = f.age_min {
            // At least `min` years old: born on or before today minus `min` years.
            param(
                &mut sql,
                " AND r.birth_date <= ?",
                years_before(today, min).format("%Y-%m-%d").to_string(),
            );
        }
        if let Some(max) = f.age_max {
            // At most `max`: born after today minus `max + 1` years.
            param(
                &mut sql,
                " AND r.birth_date > ?",
                years_before(today, max + 1).format("%Y-%m-%d").to_string(),
            );
        }
        if f.tenants_only {
            sql.push_str(" AND h.rented = 1");
        }
        sql.push_str(&format!(
            " ORDER BY r.birth_date, r.name LIMIT {}",
            limit.clamp(1, 10_000)
        ));
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b.clone());
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut residents = rows
            .iter()
            .map(resident_from_row)
            .collect::<Result<Vec<_>>>()?;
        self.attach_tags(&mut residents).await?;
        let mut out = Vec::with_capacity(residents.len());
        for (r, row) in residents.into_iter().zip(rows.iter()) {
            let b: Option<String> = row.try_get("b_name")?;
            let unit: Option<String> = row.try_get("h_unit")?;
            let room: Option<String> = row.try_get("h_room")?;
            let household_label = r.household_id.as_ref().map(|_| {
                label(
                    b.as_deref().unwrap_or(""),
                    unit.as_deref().unwrap_or(""),
                    room.as_deref().unwrap_or(""),
                )
            });
            out.push(Person {
                household: r.household_id.clone(),
                household_label,
                resident: r,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_ages() {
        assert_eq!(label("1号楼", "2", "301"), "1号楼 2单元 301");
        assert_eq!(label("1号楼", "", "101"), "1号楼 101");
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(years_before(d("2026-11-29"), 80), d("1946-11-29"));
        assert_eq!(years_before(d("2028-02-29"), 1), d("2027-02-28"));
    }
}
