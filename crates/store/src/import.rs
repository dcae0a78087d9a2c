//! Storing checked spreadsheet rows (see `quanke_domain::grid::import`): residents upserted by ID
//! number, buildings by name within the community, households by building, unit and room.
//!
//! Every row is checked first (in `domain`, and here whether a person is registered in another
//! community), so whether anything is stored is known before writing starts: nothing on a dry run
//! or for a file with bad rows (unless the good rows were asked for). Rows are then written in
//! transactions of [`CHUNK`] rows (rolled back after counting, when nothing is to be stored), so a
//! row is stored whole or not at all and a large file never holds SQLite's write lock for long; if
//! the process dies mid-file, importing the file again completes it. Importing the same file
//! twice changes nothing the second time: a row equal to what is stored is counted `unchanged`.

use crate::basic::label;
use crate::residents::{last4, name_keys, write_tags, ResidentTag};
use crate::{new_id, now_ms, Result, Store, StoreError};
use quanke_domain::grid::import::{
    BuildingRow, Field, HouseholdRow, Kind, Known, Problem, ResidentRow, RowError, SavedMapping,
};
use quanke_domain::grid::place::{self, GridShape, LatLon};
use quanke_domain::org::{OrgCode, OrgKind};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// What to do with the checked rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Count what would happen; store nothing.
    DryRun,
    /// Store the file only if every row is good.
    WholeFile,
    /// Store the good rows and report the bad ones.
    GoodRows,
}

/// Choices that depend on which columns the file has.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mode: Mode,
    /// The file has a tags column: each row's tags replace the stored ones (otherwise tags named
    /// by fact columns are added and the rest kept).
    pub replace_tags: bool,
    /// The file has a rented column (otherwise a household's rented flag is kept).
    pub rented_column: bool,
}

/// What an import did (or, for a dry run or a refused file, would have done).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub total: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Every problem, in row order.
    pub errors: Vec<RowError>,
    /// True when the rows were stored.
    pub committed: bool,
}

impl Outcome {
    /// The outcome before storing: `good` rows checked, and the problems of the bad ones.
    fn begin(good: usize, errors: Vec<RowError>) -> Outcome {
        Outcome {
            total: good + count_rows(&errors),
            errors,
            ..Outcome::default()
        }
    }

    /// One line for the audit log: `FILE: N rows, … created, … updated, … unchanged, … bad; stored`.
    pub fn summary(&self, file: &str) -> String {
        format!(
            "{file}: {} rows, {} created, {} updated, {} unchanged, {} bad; {}",
            self.total,
            self.created,
            self.updated,
            self.unchanged,
            self.bad_rows(),
            if self.committed {
                "stored"
            } else {
                "nothing stored"
            }
        )
    }

    /// Rows with at least one problem.
    pub fn bad_rows(&self) -> usize {
        count_rows(&self.errors)
    }
}

/// Called with (rows done, rows in all) as the import goes.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Send + Sync);

type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

struct BuildingRef {
    id: String,
    org_code: String,
}

async fn building_by_name(
    tx: &mut Tx<'_>,
    community: &OrgCode,
    name: &str,
    cache: &mut HashMap<String, Option<BuildingRef>>,
) -> Result<Option<(String, String)>> {
    if !cache.contains_key(name) {
        let row =
            sqlx::query("SELECT id, org_code FROM buildings WHERE community = $1 AND name = $2")
                .bind(community.as_str())
                .bind(name)
                .fetch_optional(&mut **tx)
                .await?;
        let b = match row {
            Some(r) => Some(BuildingRef {
                id: r.try_get("id")?,
                org_code: r.try_get("org_code")?,
            }),
            None => None,
        };
        cache.insert(name.to_string(), b);
    }
    Ok(cache
        .get(name)
        .and_then(|b| b.as_ref())
        .map(|b| (b.id.clone(), b.org_code.clone())))
}

/// The household of (building, unit, room), created (in `org_code`) when missing.
async fn household_for(
    tx: &mut Tx<'_>,
    building_id: &str,
    building_name: &str,
    unit: &str,
    room: &str,
    org_code: &str,
    now: i64,
) -> Result<String> {
    let row =
        sqlx::query("SELECT id FROM households WHERE building_id = $1 AND unit = $2 AND room = $3")
            .bind(building_id)
            .bind(unit)
            .bind(room)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(r) = row {
        return Ok(r.try_get("id")?);
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO households (id, org_code, building_id, unit, room, address, rented, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)",
    )
    .bind(&id)
    .bind(org_code)
    .bind(building_id)
    .bind(unit)
    .bind(room)
    .bind(label(building_name, unit, room))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

fn tag_set(tags: &[ResidentTag]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = tags
        .iter()
        .map(|t| (t.tag.code().to_string(), t.detail.to_string()))
        .collect();
    v.sort();
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

impl Store {
    /// Save a column mapping under a name (replacing one of the same name and kind).
    pub async fn save_import_mapping(
        &self,
        kind: Kind,
        name: &str,
        mapping: &SavedMapping,
        by: &str,
    ) -> Result<()> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(StoreError::Invalid(
                "a mapping's name is 1 to 60 characters".into(),
            ));
        }
        let json =
            serde_json::to_string(mapping).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM import_mappings WHERE kind = $1 AND name = $2")
            .bind(kind.as_str())
            .bind(name)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO import_mappings (kind, name, mapping, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(kind.as_str())
        .bind(name)
        .bind(json)
        .bind(by)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A saved mapping, if there is one of that name.
    pub async fn import_mapping(&self, kind: Kind, name: &str) -> Result<Option<SavedMapping>> {
        let row = sqlx::query("SELECT mapping FROM import_mappings WHERE kind = $1 AND name = $2")
            .bind(kind.as_str())
            .bind(name.trim())
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => {
                let text: String = r.try_get("mapping")?;
                Ok(Some(
                    serde_json::from_str(&text).map_err(|e| StoreError::Invalid(e.to_string()))?,
                ))
            }
            None => Ok(None),
        }
    }

    /// The names of the saved mappings of a kind.
    pub async fn import_mapping_names(&self, kind: Kind) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT name FROM import_mappings WHERE kind = $1 ORDER BY name")
            .bind(kind.as_str())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok(r.try_get("name")?)).collect()
    }

    /// What a file may refer to in `community`: its buildings by name and its grids by code or
    /// name (Chinese or English).
    pub async fn import_known(&self, community: &OrgCode) -> Result<Known> {
        let mut known = Known::default();
        for u in self.units_within(community).await? {
            if u.kind == OrgKind::Grid {
                let code = u.code.to_string();
                known.grids.insert(code.clone(), code.clone());
                known.grids.insert(u.name.zh.clone(), code.clone());
                if !u.name.en.is_empty() {
                    known.grids.insert(u.name.en.clone(), code.clone());
                }
            }
        }
        let rows = sqlx::query("SELECT name FROM buildings WHERE community = $1")
            .bind(community.as_str())
            .fetch_all(self.pool())
            .await?;
        for r in rows {
            known.buildings.insert(r.try_get("name")?);
        }
        Ok(known)
    }

    /// The community an import goes into: it must exist, be a community, and lie within `scope`.
    pub async fn import_community(&self, code: &OrgCode, scope: &OrgCode) -> Result<OrgCode> {
        let unit = self
            .unit_by_code(code)
            .await?
            .ok_or(StoreError::NotFound("community"))?;
        if unit.kind != OrgKind::Community {
            return Err(StoreError::Invalid(format!(
                "{code} is a {}; imports go into a community (a code such as 370102-003-001)",
                unit.kind.as_str()
            )));
        }
        if !scope.contains(code) {
            return Err(StoreError::Invalid(format!("{code} is outside your area")));
        }
        Ok(unit.code)
    }

    /// Upsert checked resident rows into `community` by ID number. `errors` are the problems
    /// validation found; problems found here (a person registered in another community) are added.
    pub async fn import_residents(
        &self,
        community: &OrgCode,
        rows: &[ResidentRow],
        errors: Vec<RowError>,
        opts: Options,
        actor_id: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<Outcome> {
        let key = self.key()?;
        let mut out = Outcome::begin(rows.len(), errors);
        // First, read-only: who is registered in another community (a bad row, like the rest).
        let mut elsewhere = std::collections::HashSet::new();
        for batch in rows.chunks(CHUNK) {
            let hashes: Vec<String> = batch
                .iter()
                .map(|r| key.blind("id", r.id.as_str()))
                .collect();
            let marks: Vec<String> = (1..=hashes.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id_hash, org_code FROM residents WHERE id_hash IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for h in &hashes {
                q = q.bind(h.clone());
            }
            let mut outside: HashMap<String, String> = HashMap::new();
            for r in q.fetch_all(self.pool()).await? {
                let org: String = r.try_get("org_code")?;
                if !OrgCode::parse(&org).is_ok_and(|c| community.contains(&c)) {
                    outside.insert(r.try_get("id_hash")?, org);
                }
            }
            for (row, hash) in batch.iter().zip(&hashes) {
                if let Some(org) = outside.get(hash) {
                    elsewhere.insert(row.row);
                    out.errors.push(RowError {
                        row: row.row,
                        field: Field::IdNumber,
                        problem: Problem::RegisteredElsewhere { unit: org.clone() },
                    });
                }
            }
        }
        let keep = keeps(opts.mode, &out.errors);
        let mut buildings: HashMap<String, Option<BuildingRef>> = HashMap::new();
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        for (i, row) in rows.iter().enumerate() {
            progress(i, rows.len());
            if i > 0 && i % CHUNK == 0 {
                tx = next_chunk(self, tx, keep).await?;
            }
            if elsewhere.contains(&row.row) {
                continue;
            }
            let number = row.id.as_str();
            let hash = key.blind("id", number);
            let existing = sqlx::query(
                "SELECT id, org_code, name, phone_hash, address, household_id FROM residents WHERE id_hash = $1",
            )
            .bind(&hash)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(e) = &existing {
                let org: String = e.try_get("org_code")?;
                let inside = OrgCode::parse(&org).is_ok_and(|c| community.contains(&c));
                if !inside {
                    out.errors.push(RowError {
                        row: row.row,
                        field: Field::IdNumber,
                        problem: Problem::RegisteredElsewhere { unit: org },
                    });
                    continue;
                }
            }
            // Where they live.
            let mut household_id: Option<String> = None;
            let mut building_org: Option<String> = None;
            if let Some(b) = &row.building {
                if let Some((bid, borg)) =
                    building_by_name(&mut tx, community, b, &mut buildings).await?
                {
                    if !row.room.is_empty() {
                        let org = row.grid.clone().unwrap_or_else(|| borg.clone());
                        household_id = Some(
                            household_for(&mut tx, &bid, b, &row.unit, &row.room, &org, now)
                                .await?,
                        );
                    }
                    building_org = Some(borg);
                }
            }
            let old_org: Option<String> = match &existing {
                Some(e) => Some(e.try_get("org_code")?),
                None => None,
            };
            let org_code = row
                .grid
                .clone()
                .or_else(|| building_org.filter(|o| o.as_str() != community.as_str()))
                .or(old_org.clone())
                .unwrap_or_else(|| community.to_string());
            let phone_hash = row.phone.as_ref().map(|p| key.blind("phone", p.as_str()));
            let file_tags: Vec<ResidentTag> = row
                .tags
                .iter()
                .map(|t| ResidentTag {
                    tag: t.tag,
                    detail: t.detail.clone(),
                })
                .collect();
            match existing {
                None => {
                    let address = if row.address.is_empty() {
                        match (&row.building, household_id.is_some()) {
                            (Some(b), true) => label(b, &row.unit, &row.room),
                            _ => String::new(),
                        }
                    } else {
                        row.address.clone()
                    };
                    let id = new_id();
                    sqlx::query(
                        "INSERT INTO residents (id, org_code, household_id, name, name_keys, id_cipher, id_hash, id_masked, \
                         birth_date, sex, phone_cipher, phone_hash, phone_masked, phone_last4, address, created_by, \
                         created_at, updated_at, version) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, 1)",
                    )
                    .bind(&id)
                    .bind(&org_code)
                    .bind(household_id.as_deref())
                    .bind(row.name.trim())
                    .bind(name_keys(row.name.trim()))
                    .bind(key.encrypt(number))
                    .bind(&hash)
                    .bind(row.id.masked())
                    .bind(row.id.birth_date().format("%Y-%m-%d").to_string())
                    .bind(row.id.sex().as_str())
                    .bind(row.phone.as_ref().map(|p| key.encrypt(p.as_str())))
                    .bind(phone_hash.clone())
                    .bind(row.phone.as_ref().map(|p| p.masked()))
                    .bind(row.phone.as_ref().map(|p| last4(p.as_str())))
                    .bind(&address)
                    .bind(actor_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    write_tags(&mut tx, &id, &file_tags, now).await?;
                    out.created += 1;
                }
                Some(e) => {
                    let id: String = e.try_get("id")?;
                    let old_name: String = e.try_get("name")?;
                    let old_phone: Option<String> = e.try_get("phone_hash")?;
                    let old_address: String = e.try_get("address")?;
                    let old_household: Option<String> = e.try_get("household_id")?;
                    let old_tags = stored_tags(&mut tx, &id).await?;
                    let new_tags: Vec<ResidentTag> = if opts.replace_tags {
                        file_tags
                    } else {
                        let mut t = old_tags.clone();
                        for f in file_tags {
                            match t.iter_mut().find(|x| x.tag == f.tag) {
                                Some(x) => x.detail = f.detail,
                                None => t.push(f),
                            }
                        }
                        t
                    };
                    let address = if row.address.is_empty() {
                        old_address.clone()
                    } else {
                        row.address.clone()
                    };
                    let household = household_id.or(old_household.clone());
                    let phone_changed = phone_hash.is_some() && phone_hash != old_phone;
                    let same = old_name == row.name.trim()
                        && !phone_changed
                        && old_address == address
                        && old_household == household
                        && old_org.as_deref() == Some(org_code.as_str())
                        && tag_set(&old_tags) == tag_set(&new_tags);
                    if same {
                        out.unchanged += 1;
                        continue;
                    }
                    sqlx::query(
                        "UPDATE residents SET name = $1, name_keys = $2, org_code = $3, address = $4, \
                         household_id = $5, updated_at = $6, version = version + 1 WHERE id = $7",
                    )
                    .bind(row.name.trim())
                    .bind(name_keys(row.name.trim()))
                    .bind(&org_code)
                    .bind(&address)
                    .bind(household.as_deref())
                    .bind(now)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                    if let (true, Some(p)) = (phone_changed, &row.phone) {
                        sqlx::query(
                            "UPDATE residents SET phone_cipher = $1, phone_hash = $2, phone_masked = $3, phone_last4 = $4 WHERE id = $5",
                        )
                        .bind(key.encrypt(p.as_str()))
                        .bind(key.blind("phone", p.as_str()))
                        .bind(p.masked())
                        .bind(last4(p.as_str()))
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    if tag_set(&old_tags) != tag_set(&new_tags) {
                        sqlx::query("DELETE FROM resident_tags WHERE resident_id = $1")
                            .bind(&id)
                            .execute(&mut *tx)
                            .await?;
                        write_tags(&mut tx, &id, &new_tags, now).await?;
                    }
                    out.updated += 1;
                }
            }
        }
        progress(rows.len(), rows.len());
        finish(tx, keep, out).await
    }

    /// Upsert checked building rows into `community` by name. A building without a grid column
    /// but with a location is placed in the grid whose polygon holds it.
    pub async fn import_buildings(
        &self,
        community: &OrgCode,
        rows: &[BuildingRow],
        errors: Vec<RowError>,
        opts: Options,
        progress: Progress<'_>,
    ) -> Result<Outcome> {
        let shapes: Vec<GridShape> = self.grid_shapes_within(community).await?;
        let mut out = Outcome::begin(rows.len(), errors);
        let keep = keeps(opts.mode, &out.errors);
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        for (i, row) in rows.iter().enumerate() {
            progress(i, rows.len());
            if i > 0 && i % CHUNK == 0 {
                tx = next_chunk(self, tx, keep).await?;
            }
            let existing = sqlx::query(
                "SELECT id, org_code, address, lat_e6, lon_e6 FROM buildings WHERE community = $1 AND name = $2",
            )
            .bind(community.as_str())
            .bind(&row.name)
            .fetch_optional(&mut *tx)
            .await?;
            let placed = row
                .location
                .and_then(|p: LatLon| place::place(p, &shapes).map(|s| s.code.clone()));
            let (lat, lon) = match row.location {
                Some(p) => (Some(e6(p.lat)), Some(e6(p.lon))),
                None => (None, None),
            };
            match existing {
                None => {
                    let org = row
                        .grid
                        .clone()
                        .or(placed)
                        .unwrap_or_else(|| community.to_string());
                    sqlx::query(
                        "INSERT INTO buildings (id, org_code, community, name, address, lat_e6, lon_e6, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                    )
                    .bind(new_id())
                    .bind(&org)
                    .bind(community.as_str())
                    .bind(&row.name)
                    .bind(&row.address)
                    .bind(lat)
                    .bind(lon)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    out.created += 1;
                }
                Some(e) => {
                    let id: String = e.try_get("id")?;
                    let old_org: String = e.try_get("org_code")?;
                    let old_address: String = e.try_get("address")?;
                    let old_lat: Option<i64> = e.try_get("lat_e6")?;
                    let old_lon: Option<i64> = e.try_get("lon_e6")?;
                    let org = row.grid.clone().or(placed).unwrap_or(old_org.clone());
                    let address = if row.address.is_empty() {
                        old_address.clone()
                    } else {
                        row.address.clone()
                    };
                    let (lat, lon) = if lat.is_some() {
                        (lat, lon)
                    } else {
                        (old_lat, old_lon)
                    };
                    if org == old_org && address == old_address && lat == old_lat && lon == old_lon
                    {
                        out.unchanged += 1;
                        continue;
                    }
                    sqlx::query(
                        "UPDATE buildings SET org_code = $1, address = $2, lat_e6 = $3, lon_e6 = $4, updated_at = $5, \
                         version = version + 1 WHERE id = $6",
                    )
                    .bind(&org)
                    .bind(&address)
                    .bind(lat)
                    .bind(lon)
                    .bind(now)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                    out.updated += 1;
                }
            }
        }
        progress(rows.len(), rows.len());
        finish(tx, keep, out).await
    }

    /// Upsert checked household rows into `community` by building, unit and room.
    pub async fn import_households(
        &self,
        community: &OrgCode,
        rows: &[HouseholdRow],
        errors: Vec<RowError>,
        opts: Options,
        progress: Progress<'_>,
    ) -> Result<Outcome> {
        let mut out = Outcome::begin(rows.len(), errors);
        let mut buildings: HashMap<String, Option<BuildingRef>> = HashMap::new();
        let keep = keeps(opts.mode, &out.errors);
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        for (i, row) in rows.iter().enumerate() {
            progress(i, rows.len());
            if i > 0 && i % CHUNK == 0 {
                tx = next_chunk(self, tx, keep).await?;
            }
            let Some((bid, borg)) =
                building_by_name(&mut tx, community, &row.building, &mut buildings).await?
            else {
                out.errors.push(RowError {
                    row: row.row,
                    field: Field::Building,
                    problem: Problem::UnknownBuilding {
                        name: row.building.clone(),
                    },
                });
                continue;
            };
            let existing = sqlx::query(
                "SELECT id, org_code, address, rented FROM households WHERE building_id = $1 AND unit = $2 AND room = $3",
            )
            .bind(&bid)
            .bind(&row.unit)
            .bind(&row.room)
            .fetch_optional(&mut *tx)
            .await?;
            match existing {
                None => {
                    let org = row.grid.clone().unwrap_or(borg);
                    let address = if row.address.is_empty() {
                        label(&row.building, &row.unit, &row.room)
                    } else {
                        row.address.clone()
                    };
                    sqlx::query(
                        "INSERT INTO households (id, org_code, building_id, unit, room, address, rented, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                    )
                    .bind(new_id())
                    .bind(&org)
                    .bind(&bid)
                    .bind(&row.unit)
                    .bind(&row.room)
                    .bind(&address)
                    .bind(i64::from(row.rented))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    out.created += 1;
                }
                Some(e) => {
                    let id: String = e.try_get("id")?;
                    let old_org: String = e.try_get("org_code")?;
                    let old_address: String = e.try_get("address")?;
                    let old_rented: i64 = e.try_get("rented")?;
                    let org = row.grid.clone().unwrap_or(old_org.clone());
                    let address = if row.address.is_empty() {
                        old_address.clone()
                    } else {
                        row.address.clone()
                    };
                    let rented = if opts.rented_column {
                        i64::from(row.rented)
                    } else {
                        old_rented
                    };
                    if org == old_org && address == old_address && rented == old_rented {
                        out.unchanged += 1;
                        continue;
                    }
                    sqlx::query(
                        "UPDATE households SET org_code = $1, address = $2, rented = $3, updated_at = $4, \
                         version = version + 1 WHERE id = $5",
                    )
                    .bind(&org)
                    .bind(&address)
                    .bind(rented)
                    .bind(now)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                    out.updated += 1;
                }
            }
        }
        progress(rows.len(), rows.len());
        finish(tx, keep, out).await
    }
}

async fn stored_tags(tx: &mut Tx<'_>, resident_id: &str) -> Result<Vec<ResidentTag>> {
    let rows = sqlx::query("SELECT tag, detail FROM resident_tags WHERE resident_id = $1")
        .bind(resident_id)
        .fetch_all(&mut **tx)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        let tag: String = r.try_get("tag")?;
        let detail: String = r.try_get("detail")?;
        if let Some(tag) = quanke_domain::catalog::vocab::Tag::parse(&tag) {
            out.push(ResidentTag {
                tag,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::json!({})),
            });
        }
    }
    Ok(out)
}

/// Degrees as micro-degrees.
fn e6(x: f64) -> i64 {
    (x * 1e6).round() as i64
}

fn count_rows(errors: &[RowError]) -> usize {
    let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

/// Rows written per transaction: a large file never holds SQLite's write lock for long (other
/// users' writes wait at most one chunk), and no row is ever split across two.
const CHUNK: usize = 500;

/// Whether the rows are stored: never on a dry run; a whole file only when no row is bad.
fn keeps(mode: Mode, errors: &[RowError]) -> bool {
    match mode {
        Mode::DryRun => false,
        Mode::WholeFile => errors.is_empty(),
        Mode::GoodRows => true,
    }
}

/// End one chunk (committed if the rows are kept, else rolled back) and begin the next.
async fn next_chunk(store: &Store, tx: Tx<'static>, keep: bool) -> Result<Tx<'static>> {
    if keep {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(store.pool().begin().await?)
}

/// End the last chunk, and sort the problems by row.
async fn finish(tx: Tx<'_>, keep: bool, mut out: Outcome) -> Result<Outcome> {
    out.errors.sort_by_key(|e| e.row);
    if keep {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    out.committed = keep;
    Ok(out)
}
