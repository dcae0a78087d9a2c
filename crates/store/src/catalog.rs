//! The service catalog in the database: the files are loaded here, the administrator's edits are
//! kept as versions (draft → published → superseded), and the catalog in force is read back as a
//! domain [`Catalog`].

use crate::{now_ms, Result, Store, StoreError};
use quanke_domain::catalog::{changed_fields, Catalog, Category, Guide, Item};
use quanke_domain::training::change::material_changes;
use serde::Serialize;
use sqlx::Row;

/// What loading the files did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LoadReport {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: usize,
}

/// One version of a guide, without its content.
#[derive(Debug, Clone, Serialize)]
pub struct VersionInfo {
    pub version: i64,
    pub status: String,
    pub source: String,
    pub changed_by: String,
    pub changed_at: i64,
    pub changes: Vec<String>,
    pub note: String,
    pub published_at: Option<i64>,
}

/// A guide's state: the version in force and any draft waiting to be published.
#[derive(Debug, Clone, Serialize)]
pub struct GuideState {
    pub code: String,
    pub published_version: Option<i64>,
    pub draft_version: Option<i64>,
}

fn to_json(g: &Guide) -> Result<String> {
    serde_json::to_string(g).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn from_json(s: &str) -> Result<Guide> {
    serde_json::from_str(s)
        .map_err(|e| StoreError::Invalid(format!("stored guide does not parse: {e}")))
}

impl Store {
    /// True when no guide has been loaded yet.
    pub async fn catalog_is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM catalog_guides")
            .fetch_one(self.pool())
            .await?;
        Ok(n == 0)
    }

    /// Load a catalog from the files: new guides are published as version 1; a guide whose file
    /// differs from the version in force gets a new published version (source `files`). All in
    /// one transaction: a failure leaves the catalog as it was.
    pub async fn load_catalog(&self, c: &Catalog, actor: &str) -> Result<LoadReport> {
        let mut tx = self.pool().begin().await?;
        let now = now_ms();
        for cat in &c.categories {
            sqlx::query(
                "INSERT INTO catalog_categories (code, name_zh, name_en, sort) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort",
            )
            .bind(&cat.code)
            .bind(&cat.name_zh)
            .bind(&cat.name_en)
            .bind(i64::from(cat.order))
            .execute(&mut *tx)
            .await?;
        }
        let mut report = LoadReport::default();
        for item in &c.items {
            let aliases = serde_json::to_string(&item.aliases).unwrap_or_else(|_| "[]".into());
            sqlx::query(
                "INSERT INTO catalog_items (code, category_code, name_zh, name_en, aliases) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (code) DO UPDATE SET category_code = excluded.category_code, name_zh = excluded.name_zh, \
                 name_en = excluded.name_en, aliases = excluded.aliases",
            )
            .bind(&item.code)
            .bind(&item.category)
            .bind(&item.name_zh)
            .bind(&item.name_en)
            .bind(aliases)
            .execute(&mut *tx)
            .await?;
            for (sort, g) in item.guides.iter().enumerate() {
                let current = sqlx::query(
                    "SELECT v.version, v.content FROM catalog_guides g JOIN catalog_guide_versions v \
                     ON v.guide_code = g.code AND v.version = g.published_version WHERE g.code = $1",
                )
                .bind(&g.code)
                .fetch_optional(&mut *tx)
                .await?;
                let content = to_json(g)?;
                let (version, changes) = match current {
                    None => {
                        sqlx::query(
                            "INSERT INTO catalog_guides (code, item_code, sort, updated_at) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (code) DO NOTHING",
                        )
                        .bind(&g.code)
                        .bind(&item.code)
                        .bind(sort as i64)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                        report.added.push(g.code.clone());
                        let max: Option<i64> = sqlx::query_scalar(
                            "SELECT MAX(version) FROM catalog_guide_versions WHERE guide_code = $1",
                        )
                        .bind(&g.code)
                        .fetch_one(&mut *tx)
                        .await?;
                        (max.unwrap_or(0) + 1, String::new())
                    }
                    Some(row) => {
                        let old = from_json(&row.try_get::<String, _>("content")?)?;
                        if &old == g {
                            report.unchanged += 1;
                            continue;
                        }
                        report.changed.push(g.code.clone());
                        if !material_changes(&old, g).is_empty() {
                            crate::training::flag_refreshers(&mut tx, &g.code, g.category_code())
                                .await?;
                        }
                        let max: Option<i64> = sqlx::query_scalar(
                            "SELECT MAX(version) FROM catalog_guide_versions WHERE guide_code = $1",
                        )
                        .bind(&g.code)
                        .fetch_one(&mut *tx)
                        .await?;
                        (max.unwrap_or(0) + 1, changed_fields(&old, g).join(","))
                    }
                };
                sqlx::query("UPDATE catalog_guide_versions SET status = 'superseded' WHERE guide_code = $1 AND status = 'published'")
                    .bind(&g.code)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO catalog_guide_versions (guide_code, version, status, content, source, changed_by, changed_at, changes, published_at) \
                     VALUES ($1, $2, 'published', $3, 'files', $4, $5, $6, $5)",
                )
                .bind(&g.code)
                .bind(version)
                .bind(&content)
                .bind(actor)
                .bind(now)
                .bind(&changes)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE catalog_guides SET published_version = $1, item_code = $2, sort = $3, updated_at = $4 WHERE code = $5")
                    .bind(version)
                    .bind(&item.code)
                    .bind(sort as i64)
                    .bind(now)
                    .bind(&g.code)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(report)
    }

    /// The catalog in force: every category, item and published guide.
    pub async fn published_catalog(&self) -> Result<Catalog> {
        let cats = sqlx::query(
            "SELECT code, name_zh, name_en, sort FROM catalog_categories ORDER BY sort, code",
        )
        .fetch_all(self.pool())
        .await?;
        let categories = cats
            .iter()
            .map(|r| {
                Ok(Category {
                    code: r.try_get("code")?,
                    name_zh: r.try_get("name_zh")?,
                    name_en: r.try_get("name_en")?,
                    order: u32::try_from(r.try_get::<i64, _>("sort")?).unwrap_or(0),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let rows = sqlx::query("SELECT code, category_code, name_zh, name_en, aliases FROM catalog_items ORDER BY code")
            .fetch_all(self.pool())
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let aliases: String = r.try_get("aliases")?;
            items.push(Item {
                code: r.try_get("code")?,
                category: r.try_get("category_code")?,
                name_zh: r.try_get("name_zh")?,
                name_en: r.try_get("name_en")?,
                aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                guides: Vec::new(),
            });
        }
        let guides = sqlx::query(
            "SELECT g.item_code, v.content FROM catalog_guides g JOIN catalog_guide_versions v \
             ON v.guide_code = g.code AND v.version = g.published_version ORDER BY g.item_code, g.sort, g.code",
        )
        .fetch_all(self.pool())
        .await?;
        for r in &guides {
            let item_code: String = r.try_get("item_code")?;
            let guide = from_json(&r.try_get::<String, _>("content")?)?;
            if let Some(item) = items.iter_mut().find(|i| i.code == item_code) {
                item.guides.push(guide);
            }
        }
        items.retain(|i| !i.guides.is_empty());
        Ok(Catalog { categories, items })
    }

    /// A guide's published and draft version numbers.
    pub async fn guide_state(&self, code: &str) -> Result<Option<GuideState>> {
        let row = sqlx::query(
            "SELECT code, published_version, draft_version FROM catalog_guides WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(GuideState {
                code: r.try_get("code")?,
                published_version: r.try_get("published_version")?,
                draft_version: r.try_get("draft_version")?,
            })
        })
        .transpose()
    }

    /// One version of a guide.
    pub async fn guide_version(&self, code: &str, version: i64) -> Result<Option<Guide>> {
        let content: Option<String> = sqlx::query_scalar(
            "SELECT content FROM catalog_guide_versions WHERE guide_code = $1 AND version = $2",
        )
        .bind(code)
        .bind(version)
        .fetch_optional(self.pool())
        .await?;
        content.as_deref().map(from_json).transpose()
    }

    /// Every version of a guide, newest first.
    pub async fn guide_versions(&self, code: &str) -> Result<Vec<VersionInfo>> {
        let rows = sqlx::query(
            "SELECT version, status, source, changed_by, changed_at, changes, note, published_at \
             FROM catalog_guide_versions WHERE guide_code = $1 ORDER BY version DESC",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let changes: String = r.try_get("changes")?;
                Ok(VersionInfo {
                    version: r.try_get("version")?,
                    status: r.try_get("status")?,
                    source: r.try_get("source")?,
                    changed_by: r.try_get("changed_by")?,
                    changed_at: r.try_get("changed_at")?,
                    changes: changes
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    note: r.try_get("note")?,
                    published_at: r.try_get("published_at")?,
                })
            })
            .collect()
    }

    /// Save an edit as the guide's draft. `base` is the version the editor started from (the draft
    /// if there was one, else the published one); if someone saved or published since, the edit
    /// is refused as [`StoreError::Stale`]. Returns the draft's version number.
    pub async fn save_guide_draft(
        &self,
        guide: &Guide,
        base: i64,
        actor: &str,
        note: &str,
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let state = sqlx::query(
            "SELECT published_version, draft_version FROM catalog_guides WHERE code = $1",
        )
        .bind(&guide.code)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound("guide"))?;
        let published: Option<i64> = state.try_get("published_version")?;
        let draft: Option<i64> = state.try_get("draft_version")?;
        if draft.or(published) != Some(base) {
            return Err(StoreError::Stale);
        }
        let published_content: Option<String> = sqlx::query_scalar(
            "SELECT content FROM catalog_guide_versions WHERE guide_code = $1 AND version = $2",
        )
        .bind(&guide.code)
        .bind(published.unwrap_or(-1))
        .fetch_optional(&mut *tx)
        .await?;
        let changes = match published_content {
            Some(c) => changed_fields(&from_json(&c)?, guide).join(","),
            None => String::new(),
        };
        let now = now_ms();
        let content = to_json(guide)?;
        let version = match draft {
            Some(v) => {
                sqlx::query(
                    "UPDATE catalog_guide_versions SET content = $1, changed_by = $2, changed_at = $3, changes = $4, note = $5 \
                     WHERE guide_code = $6 AND version = $7",
                )
                .bind(&content)
                .bind(actor)
                .bind(now)
                .bind(&changes)
                .bind(note)
                .bind(&guide.code)
                .bind(v)
                .execute(&mut *tx)
                .await?;
                v
            }
            None => {
                let max: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(version) FROM catalog_guide_versions WHERE guide_code = $1",
                )
                .bind(&guide.code)
                .fetch_one(&mut *tx)
                .await?;
                let v = max.unwrap_or(0) + 1;
                sqlx::query(
                    "INSERT INTO catalog_guide_versions (guide_code, version, status, content, source, changed_by, changed_at, changes, note) \
                     VALUES ($1, $2, 'draft', $3, 'browser', $4, $5, $6, $7)",
                )
                .bind(&guide.code)
                .bind(v)
                .bind(&content)
                .bind(actor)
                .bind(now)
                .bind(&changes)
                .bind(note)
                .execute(&mut *tx)
                .await?;
                v
            }
        };
        sqlx::query(
            "UPDATE catalog_guides SET draft_version = $1, updated_at = $2 WHERE code = $3",
        )
        .bind(version)
        .bind(now)
        .bind(&guide.code)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Publish the guide's draft: it becomes the version in force, the old one is superseded.
    pub async fn publish_guide_draft(&self, code: &str, draft: i64, actor: &str) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let current: Option<Option<i64>> =
            sqlx::query_scalar("SELECT draft_version FROM catalog_guides WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
        match current {
            None => return Err(StoreError::NotFound("guide")),
            Some(d) if d != Some(draft) => return Err(StoreError::Stale),
            Some(_) => {}
        }
        let now = now_ms();
        // A material change (not a reworded FAQ) calls for a refresher of the qualified workers.
        let contents = sqlx::query(
            "SELECT v.version, v.content FROM catalog_guide_versions v JOIN catalog_guides g ON g.code = v.guide_code \
             WHERE v.guide_code = $1 AND (v.version = g.published_version OR v.version = $2)",
        )
        .bind(code)
        .bind(draft)
        .fetch_all(&mut *tx)
        .await?;
        let mut old_new = (None, None);
        for r in &contents {
            let g = from_json(&r.try_get::<String, _>("content")?)?;
            if r.try_get::<i64, _>("version")? == draft {
                old_new.1 = Some(g);
            } else {
                old_new.0 = Some(g);
            }
        }
        if let (Some(old), Some(new)) = old_new {
            if !material_changes(&old, &new).is_empty() {
                crate::training::flag_refreshers(&mut tx, code, new.category_code()).await?;
            }
        }
        sqlx::query("UPDATE catalog_guide_versions SET status = 'superseded' WHERE guide_code = $1 AND status = 'published'")
            .bind(code)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE catalog_guide_versions SET status = 'published', published_at = $1, changed_by = $2 \
             WHERE guide_code = $3 AND version = $4",
        )
        .bind(now)
        .bind(actor)
        .bind(code)
        .bind(draft)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE catalog_guides SET published_version = $1, draft_version = NULL, updated_at = $2 WHERE code = $3")
            .bind(draft)
            .bind(now)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Throw the guide's draft away; the published version stays in force.
    pub async fn discard_guide_draft(&self, code: &str, draft: i64) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query("UPDATE catalog_guides SET draft_version = NULL, updated_at = $1 WHERE code = $2 AND draft_version = $3")
            .bind(now_ms())
            .bind(code)
            .bind(draft)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Stale);
        }
        sqlx::query("UPDATE catalog_guide_versions SET status = 'discarded' WHERE guide_code = $1 AND version = $2")
            .bind(code)
            .bind(draft)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A number that changes whenever the catalog in force changes (for servers to notice a
    /// `quanke catalog load` made by another process).
    pub async fn catalog_revision(&self) -> Result<i64> {
        let v: Option<i64> = sqlx::query_scalar("SELECT MAX(updated_at) FROM catalog_guides")
            .fetch_one(self.pool())
            .await?;
        Ok(v.unwrap_or(0))
    }
}
