//! Residents (居民): the part of the community's basic information that intake and the grid need.
//!
//! A resident hangs under the most specific unit known (grid, else community), so every read is
//! limited to the caller's scope by a prefix match in SQL. ID numbers and phones are encrypted at
//! rest and found by keyed hash (see [`crate::crypto`]); only masked forms leave this module unless
//! [`Store::reveal_resident`] is called, and its caller writes the audit record.

use crate::{conflict, new_id, now_ms, Result, Store, StoreError};
use chrono::NaiveDate;
use pinyin::ToPinyinMulti;
use quanke_domain::catalog::vocab::Tag;
use quanke_domain::ids::{Phone, ResidentId};
use quanke_domain::org::OrgCode;
use serde::Serialize;
use sqlx::Row;

/// A tag on a resident, with the facts it needs (disability type and grade, party branch, 低保
/// since when, …) as a JSON object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResidentTag {
    pub tag: Tag,
    pub detail: serde_json::Value,
}

impl ResidentTag {
    pub fn plain(tag: Tag) -> ResidentTag {
        ResidentTag {
            tag,
            detail: serde_json::json!({}),
        }
    }
}

/// A resident as everyone but the revealer sees them: identifiers masked.
#[derive(Debug, Clone, Serialize)]
pub struct Resident {
    pub id: String,
    /// The grid (when known) or community the resident belongs to.
    pub org_code: String,
    pub name: String,
    /// `370102********1234`
    pub id_masked: String,
    /// `male` or `female`, from the ID number.
    pub sex: String,
    pub birth_date: NaiveDate,
    /// `138****5678`
    pub phone_masked: Option<String>,
    pub phone_last4: Option<String>,
    pub address: String,
    pub household_id: Option<String>,
    pub tags: Vec<ResidentTag>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Resident {
    /// Age in whole years on `date`.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        use chrono::Datelike;
        let mut age = date.year() - self.birth_date.year();
        if (date.month(), date.day()) < (self.birth_date.month(), self.birth_date.day()) {
            age -= 1;
        }
        age.max(0) as u32
    }

    pub fn has_tag(&self, tag: Tag) -> bool {
        self.tags.iter().any(|t| t.tag == tag)
    }

    /// The community code (the grid's parent when the resident is placed in a grid).
    pub fn community_code(&self) -> &str {
        // Community codes have three segments: 370102-003-001.
        match self.org_code.match_indices('-').nth(2) {
            Some((i, _)) => &self.org_code[..i],
            None => &self.org_code,
        }
    }

    /// The name masked for public pages: 张*, 欧阳**.
    pub fn masked_name(&self) -> String {
        mask_name(&self.name)
    }
}

/// A name with all but the first character hidden.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
        None => String::new(),
    }
}

/// The full identifiers of a resident, for an audited reveal.
#[derive(Debug, Clone, Serialize)]
pub struct Revealed {
    pub id_number: String,
    pub phone: Option<String>,
}

/// What it takes to register a resident.
#[derive(Debug, Clone)]
pub struct NewResident {
    pub name: String,
    pub id_number: ResidentId,
    pub phone: Option<Phone>,
    pub org_code: OrgCode,
    pub address: String,
    pub household_id: Option<String>,
    pub tags: Vec<ResidentTag>,
}

/// What an edit may change (the ID number never changes: a wrong one is a new record).
#[derive(Debug, Clone)]
pub struct ResidentChanges {
    pub name: String,
    pub phone: Option<Phone>,
    pub org_code: OrgCode,
    pub address: String,
    pub household_id: Option<String>,
    pub tags: Vec<ResidentTag>,
}

pub(crate) const COLUMNS: &str =
    "id, org_code, name, id_masked, sex, birth_date, phone_masked, phone_last4, \
    address, household_id, version, created_at, updated_at";

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<Resident> {
    let birth: String = r.try_get("birth_date")?;
    Ok(Resident {
        id: r.try_get("id")?,
        org_code: r.try_get("org_code")?,
        name: r.try_get("name")?,
        id_masked: r.try_get("id_masked")?,
        sex: r.try_get("sex")?,
        birth_date: NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
            .map_err(|e| StoreError::Invalid(format!("bad birth date {birth}: {e}")))?,
        phone_masked: r.try_get("phone_masked")?,
        phone_last4: r.try_get("phone_last4")?,
        address: r.try_get("address")?,
        household_id: r.try_get("household_id")?,
        tags: Vec::new(),
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Pinyin keys for finding a name: full spelling and initials for every reading (capped), lower
/// case, space separated: 张三 → `zhangsan zs`; 单 gives both `dan` and `shan`.
pub fn name_keys(name: &str) -> String {
    const CAP: usize = 8;
    let mut combos: Vec<(String, String)> = vec![(String::new(), String::new())];
    for c in name.chars() {
        let readings: Vec<String> = match c.to_pinyin_multi() {
            Some(multi) => {
                let mut rs: Vec<String> = Vec::new();
                for p in multi {
                    let r = p.plain().replace('ü', "v");
                    if !rs.contains(&r) {
                        rs.push(r);
                    }
                }
                rs
            }
            None if c.is_ascii_alphanumeric() => vec![c.to_ascii_lowercase().to_string()],
            None => continue,
        };
        let mut next = Vec::new();
        'outer: for (full, init) in &combos {
            for r in &readings {
                if next.len() == CAP {
                    break 'outer;
                }
                next.push((format!("{full}{r}"), format!("{init}{}", &r[..1])));
            }
        }
        combos = next;
    }
    let mut keys: Vec<String> = Vec::new();
    for (full, init) in combos {
        for k in [full, init] {
            if !k.is_empty() && !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys.join(" ")
}

pub(crate) fn scope_like(scope: &OrgCode) -> String {
    format!("{}-%", scope.as_str())
}

impl Store {
    pub(crate) fn key(&self) -> Result<&crate::crypto::FieldKey> {
        self.field_key.as_deref().ok_or_else(|| {
            StoreError::Invalid(
                "no key for protected fields: start quanke through its configuration (field.key in the data folder)"
                    .into(),
            )
        })
    }

    /// Register a resident. A second record with the same ID number is a
    /// [`StoreError::Conflict`]; an unknown unit is [`StoreError::NotFound`].
    pub async fn create_resident(
        &self,
        new: &NewResident,
        actor_id: Option<&str>,
    ) -> Result<Resident> {
        let key = self.key()?;
        if self.unit_by_code(&new.org_code).await?.is_none() {
            return Err(StoreError::NotFound("community or grid"));
        }
        let id = new_id();
        let now = now_ms();
        let number = new.id_number.as_str();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO residents (id, org_code, household_id, name, name_keys, id_cipher, id_hash, id_masked, \
             birth_date, sex, phone_cipher, phone_hash, phone_masked, phone_last4, address, created_by, \
             created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, 1)",
        )
        .bind(&id)
        .bind(new.org_code.as_str())
        .bind(new.household_id.as_deref())
        .bind(new.name.trim())
        .bind(name_keys(new.name.trim()))
        .bind(key.encrypt(number))
        .bind(key.blind("id", number))
        .bind(new.id_number.masked())
        .bind(new.id_number.birth_date().format("%Y-%m-%d").to_string())
        .bind(new.id_number.sex().as_str())
        .bind(new.phone.as_ref().map(|p| key.encrypt(p.as_str())))
        .bind(new.phone.as_ref().map(|p| key.blind("phone", p.as_str())))
        .bind(new.phone.as_ref().map(|p| p.masked()))
        .bind(new.phone.as_ref().map(|p| last4(p.as_str())))
        .bind(new.address.trim())
        .bind(actor_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(conflict("resident with this ID number"))?;
        write_tags(&mut tx, &id, &new.tags, now).await?;
        tx.commit().await?;
        self.resident(&id, &new.org_code).await
    }

    /// One resident, if within `scope`.
    pub async fn resident(&self, id: &str, scope: &OrgCode) -> Result<Resident> {
        let sql = format!(
            "SELECT {COLUMNS} FROM residents WHERE id = $1 AND (org_code = $2 OR org_code LIKE $3)"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .bind(scope.as_str())
            .bind(scope_like(scope))
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("resident"))?;
        let mut r = from_row(&row)?;
        self.attach_tags(std::slice::from_mut(&mut r)).await?;
        Ok(r)
    }

    /// The resident with this ID number, if within `scope`.
    pub async fn resident_by_id_number(
        &self,
        number: &ResidentId,
        scope: &OrgCode,
    ) -> Result<Option<Resident>> {
        let hash = self.key()?.blind("id", number.as_str());
        let sql = format!(
            "SELECT {COLUMNS} FROM residents WHERE id_hash = $1 AND (org_code = $2 OR org_code LIKE $3)"
        );
        let row = sqlx::query(&sql)
            .bind(hash)
            .bind(scope.as_str())
            .bind(scope_like(scope))
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(row) => {
                let mut r = from_row(&row)?;
                self.attach_tags(std::slice::from_mut(&mut r)).await?;
                Ok(Some(r))
            }
            None => Ok(None),
        }
    }

    /// The id of the resident with this ID number anywhere (for duplicate checks and imports;
    /// returns no personal data).
    pub async fn resident_id_for_number(
        &self,
        number: &ResidentId,
    ) -> Result<Option<(String, String)>> {
        let hash = self.key()?.blind("id", number.as_str());
        let row = sqlx::query("SELECT id, org_code FROM residents WHERE id_hash = $1")
            .bind(hash)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) => Some((r.try_get("id")?, r.try_get("org_code")?)),
            None => None,
        })
    }

    /// Find residents within `scope`: a full ID number or phone number matches exactly, four
    /// digits match the end of the phone, anything else matches the name, its pinyin (full or
    /// initials) or the address. An empty query lists the most recent. At most `limit`.
    pub async fn search_residents(
        &self,
        scope: &OrgCode,
        q: &str,
        limit: usize,
    ) -> Result<Vec<Resident>> {
        let q = q.trim();
        let limit = limit.clamp(1, 500) as i64;
        let today = chrono::Local::now().date_naive();
        let base =
            format!("SELECT {COLUMNS} FROM residents WHERE (org_code = $1 OR org_code LIKE $2)");
        let rows = if q.is_empty() {
            sqlx::query(&format!("{base} ORDER BY updated_at DESC, id LIMIT $3"))
                .bind(scope.as_str())
                .bind(scope_like(scope))
                .bind(limit)
                .fetch_all(self.pool())
                .await?
        } else if let Ok(number) = ResidentId::parse(q, today) {
            sqlx::query(&format!("{base} AND id_hash = $3 LIMIT $4"))
                .bind(scope.as_str())
                .bind(scope_like(scope))
                .bind(self.key()?.blind("id", number.as_str()))
                .bind(limit)
                .fetch_all(self.pool())
                .await?
        } else if let Ok(phone) = Phone::parse(q) {
            sqlx::query(&format!(
                "{base} AND phone_hash = $3 ORDER BY name LIMIT $4"
            ))
            .bind(scope.as_str())
            .bind(scope_like(scope))
            .bind(self.key()?.blind("phone", phone.as_str()))
            .bind(limit)
            .fetch_all(self.pool())
            .await?
        } else if q.len() == 4 && q.chars().all(|c| c.is_ascii_digit()) {
            sqlx::query(&format!(
                "{base} AND phone_last4 = $3 ORDER BY name LIMIT $4"
            ))
            .bind(scope.as_str())
            .bind(scope_like(scope))
            .bind(q)
            .bind(limit)
            .fetch_all(self.pool())
            .await?
        } else {
            let pattern = format!("%{}%", escape_like(q));
            let lower = format!("%{}%", escape_like(&q.to_lowercase().replace(' ', "")));
            sqlx::query(&format!(
                "{base} AND (name LIKE $3 ESCAPE '\\' OR name_keys LIKE $4 ESCAPE '\\' OR address LIKE $3 ESCAPE '\\') \
                 ORDER BY name LIMIT $5"
            ))
            .bind(scope.as_str())
            .bind(scope_like(scope))
            .bind(pattern)
            .bind(lower)
            .bind(limit)
            .fetch_all(self.pool())
            .await?
        };
        let mut out = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        self.attach_tags(&mut out).await?;
        Ok(out)
    }

    /// How many residents lie within `scope`.
    pub async fn count_residents(&self, scope: &OrgCode) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM residents WHERE org_code = $1 OR org_code LIKE $2",
        )
        .bind(scope.as_str())
        .bind(scope_like(scope))
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("n")?)
    }

    /// The full ID number and phone of a resident within `scope`. The caller must record why and
    /// by whom in the audit log.
    pub async fn reveal_resident(&self, id: &str, scope: &OrgCode) -> Result<Revealed> {
        let key = self.key()?;
        let row = sqlx::query(
            "SELECT id_cipher, phone_cipher FROM residents WHERE id = $1 AND (org_code = $2 OR org_code LIKE $3)",
        )
        .bind(id)
        .bind(scope.as_str())
        .bind(scope_like(scope))
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("resident"))?;
        let id_cipher: String = row.try_get("id_cipher")?;
        let phone_cipher: Option<String> = row.try_get("phone_cipher")?;
        let dec = |s: &str| {
            key.decrypt(s)
                .map_err(|e| StoreError::Invalid(e.to_string()))
        };
        Ok(Revealed {
            id_number: dec(&id_cipher)?,
            phone: phone_cipher.as_deref().map(dec).transpose()?,
        })
    }

    /// Change a resident within `scope`, if nobody changed it since `version` was read.
    pub async fn update_resident(
        &self,
        id: &str,
        scope: &OrgCode,
        version: i64,
        ch: &ResidentChanges,
    ) -> Result<Resident> {
        let key = self.key()?;
        if !scope.contains(&ch.org_code) {
            return Err(StoreError::Invalid(format!(
                "{} is outside your area",
                ch.org_code.as_str()
            )));
        }
        if self.unit_by_code(&ch.org_code).await?.is_none() {
            return Err(StoreError::NotFound("community or grid"));
        }
        // Reading first gives NotFound for an unknown or out-of-scope id, and Stale otherwise.
        self.resident(id, scope).await?;
        let now = now_ms();
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE residents SET name = $1, name_keys = $2, phone_cipher = $3, phone_hash = $4, phone_masked = $5, \
             phone_last4 = $6, org_code = $7, address = $8, household_id = $9, updated_at = $10, version = version + 1 \
             WHERE id = $11 AND version = $12",
        )
        .bind(ch.name.trim())
        .bind(name_keys(ch.name.trim()))
        .bind(ch.phone.as_ref().map(|p| key.encrypt(p.as_str())))
        .bind(ch.phone.as_ref().map(|p| key.blind("phone", p.as_str())))
        .bind(ch.phone.as_ref().map(|p| p.masked()))
        .bind(ch.phone.as_ref().map(|p| last4(p.as_str())))
        .bind(ch.org_code.as_str())
        .bind(ch.address.trim())
        .bind(ch.household_id.as_deref())
        .bind(now)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Stale);
        }
        sqlx::query("DELETE FROM resident_tags WHERE resident_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        write_tags(&mut tx, id, &ch.tags, now).await?;
        tx.commit().await?;
        self.resident(id, &ch.org_code).await
    }

    pub(crate) async fn attach_tags(&self, residents: &mut [Resident]) -> Result<()> {
        if residents.is_empty() {
            return Ok(());
        }
        let placeholders: Vec<String> = (1..=residents.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT resident_id, tag, detail FROM resident_tags WHERE resident_id IN ({}) ORDER BY tag",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for r in residents.iter() {
            q = q.bind(r.id.clone());
        }
        for row in q.fetch_all(self.pool()).await? {
            let rid: String = row.try_get("resident_id")?;
            let tag: String = row.try_get("tag")?;
            let detail: String = row.try_get("detail")?;
            let Some(tag) = Tag::parse(&tag) else {
                continue;
            };
            if let Some(r) = residents.iter_mut().find(|r| r.id == rid) {
                r.tags.push(ResidentTag {
                    tag,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::json!({})),
                });
            }
        }
        Ok(())
    }
}

pub(crate) async fn write_tags(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    resident_id: &str,
    tags: &[ResidentTag],
    now: i64,
) -> Result<()> {
    let mut seen = Vec::new();
    for t in tags {
        if seen.contains(&t.tag) {
            continue;
        }
        seen.push(t.tag);
        sqlx::query(
            "INSERT INTO resident_tags (resident_id, tag, detail, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(resident_id)
        .bind(t.tag.code())
        .bind(t.detail.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) fn last4(s: &str) -> String {
    s[s.len().saturating_sub(4)..].to_string()
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_keys_cover_polyphones() {
        assert_eq!(name_keys("张三"), "zhangsan zs");
        let k = name_keys("单小红");
        assert!(k.contains("shanxiaohong") && k.contains("sxh"), "{k}");
        assert!(k.contains("danxiaohong") && k.contains("dxh"), "{k}");
    }

    #[test]
    fn masking_names() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("李"), "李*");
    }
}
