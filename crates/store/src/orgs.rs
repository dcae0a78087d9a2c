//! The organisation tree: subdistrict → communities → grids.

use crate::{conflict, new_id, now_ms, Result, Store, StoreError};
use quanke_domain::org::{OrgCode, OrgKind, OrgName};
use serde::Serialize;
use sqlx::Row;

/// A unit of the organisation tree as stored.
#[derive(Debug, Clone, Serialize)]
pub struct OrgUnit {
    pub id: String,
    pub code: OrgCode,
    pub parent_code: Option<OrgCode>,
    pub kind: OrgKind,
    pub name: OrgName,
    pub version: i64,
}

impl OrgUnit {
    /// The name in the wanted language (English falls back to Chinese when not given).
    pub fn name_in(&self, english: bool) -> &str {
        if english && !self.name.en.is_empty() {
            &self.name.en
        } else {
            &self.name.zh
        }
    }
}

const COLUMNS: &str =
    "u.id, u.code, p.code AS parent_code, u.kind, u.name_zh, u.name_en, u.version";

fn from_row(r: &sqlx::any::AnyRow) -> Result<OrgUnit> {
    let code: String = r.try_get("code")?;
    let parent: Option<String> = r.try_get("parent_code")?;
    let kind: String = r.try_get("kind")?;
    Ok(OrgUnit {
        id: r.try_get("id")?,
        code: OrgCode::parse(&code).map_err(|e| StoreError::Invalid(e.to_string()))?,
        parent_code: parent.and_then(|p| OrgCode::parse(&p).ok()),
        kind: OrgKind::parse(&kind)
            .ok_or_else(|| StoreError::Invalid(format!("unknown kind {kind}")))?,
        name: OrgName {
            zh: r.try_get("name_zh")?,
            en: r.try_get("name_en")?,
        },
        version: r.try_get("version")?,
    })
}

impl Store {
    /// Create the root of the tree (the subdistrict). Fails with a conflict if the code is taken.
    pub async fn create_root_unit(&self, code: &OrgCode, name: &OrgName) -> Result<OrgUnit> {
        self.insert_unit(None, code, OrgKind::Subdistrict, name)
            .await
    }

    /// Create a unit under `parent`; its kind follows from the parent's (community under a
    /// subdistrict, grid under a community).
    pub async fn create_child_unit(
        &self,
        parent: &OrgCode,
        segment: &str,
        name: &OrgName,
    ) -> Result<OrgUnit> {
        let parent_unit = self
            .unit_by_code(parent)
            .await?
            .ok_or(StoreError::NotFound("parent unit"))?;
        let kind = parent_unit
            .kind
            .child()
            .ok_or_else(|| StoreError::Invalid("a grid cannot have units under it".into()))?;
        let code = parent
            .child(segment)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.insert_unit(Some(&parent_unit.id), &code, kind, name)
            .await
    }

    async fn insert_unit(
        &self,
        parent_id: Option<&str>,
        code: &OrgCode,
        kind: OrgKind,
        name: &OrgName,
    ) -> Result<OrgUnit> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO org_units (id, code, parent_id, kind, name_zh, name_en, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(&id)
        .bind(code.as_str())
        .bind(parent_id)
        .bind(kind.as_str())
        .bind(&name.zh)
        .bind(&name.en)
        .bind(now)
        .execute(self.pool())
        .await
        .map_err(conflict("a unit with this code"))?;
        self.unit_by_code(code)
            .await?
            .ok_or(StoreError::NotFound("unit"))
    }

    /// One unit by its code.
    pub async fn unit_by_code(&self, code: &OrgCode) -> Result<Option<OrgUnit>> {
        let sql = format!("SELECT {COLUMNS} FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id WHERE u.code = $1");
        let row = sqlx::query(&sql)
            .bind(code.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Every unit at or below `scope`, in code order (a depth-first walk of the tree).
    pub async fn units_within(&self, scope: &OrgCode) -> Result<Vec<OrgUnit>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id \
             WHERE u.code = $1 OR u.code LIKE $2 ORDER BY u.code"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(format!("{}-%", scope.as_str()))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The communities an account scoped to `scope` may see: those under it, or the one that
    /// contains it (a grid worker sees their own community).
    pub async fn communities_visible(&self, scope: &OrgCode) -> Result<Vec<OrgUnit>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id \
             WHERE u.kind = 'community' AND (u.code = $1 OR u.code LIKE $2 OR $1 LIKE u.code || '-%') \
             ORDER BY u.code"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.as_str())
            .bind(format!("{}-%", scope.as_str()))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Every community, in code order.
    pub async fn all_communities(&self) -> Result<Vec<OrgUnit>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id \
             WHERE u.kind = 'community' ORDER BY u.code"
        );
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }

    /// Rename a unit, if nobody changed it since `version` was read.
    pub async fn rename_unit(
        &self,
        code: &OrgCode,
        name: &OrgName,
        version: i64,
    ) -> Result<OrgUnit> {
        let done = sqlx::query(
            "UPDATE org_units SET name_zh = $1, name_en = $2, updated_at = $3, version = version + 1 \
             WHERE code = $4 AND version = $5",
        )
        .bind(&name.zh)
        .bind(&name.en)
        .bind(now_ms())
        .bind(code.as_str())
        .bind(version)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return match self.unit_by_code(code).await? {
                Some(_) => Err(StoreError::Stale),
                None => Err(StoreError::NotFound("unit")),
            };
        }
        self.unit_by_code(code)
            .await?
            .ok_or(StoreError::NotFound("unit"))
    }

    /// Delete a unit that has no units and no accounts under it.
    pub async fn delete_unit(&self, code: &OrgCode) -> Result<()> {
        let unit = self
            .unit_by_code(code)
            .await?
            .ok_or(StoreError::NotFound("unit"))?;
        let mut tx = self.pool().begin().await?;
        let children: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM org_units WHERE parent_id = $1")
                .bind(&unit.id)
                .fetch_one(&mut *tx)
                .await?;
        if children > 0 {
            return Err(StoreError::Invalid(
                "the unit still has units under it; delete or move them first".into(),
            ));
        }
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE scope_code = $1")
            .bind(code.as_str())
            .fetch_one(&mut *tx)
            .await?;
        if users > 0 {
            return Err(StoreError::Invalid(
                "accounts are scoped to this unit; change their scope first".into(),
            ));
        }
        sqlx::query("DELETE FROM org_units WHERE id = $1")
            .bind(&unit.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many units exist (0 on a new database).
    pub async fn count_units(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM org_units")
            .fetch_one(self.pool())
            .await?)
    }
}
