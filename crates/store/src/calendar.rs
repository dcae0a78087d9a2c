//! Calendar years loaded by an administrator (holiday-cn JSON) over the built-in ones, so a new
//! year needs no release. Loading a year recomputes the provisional deadlines of running cases.

use crate::{now_ms, Result, Store, StoreError};
use quanke_domain::calendar::Calendar;
use sqlx::Row;

/// A loaded year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LoadedYear {
    pub year: i64,
    pub loaded_by: String,
    pub loaded_at: i64,
    pub days: usize,
}

impl Store {
    /// The calendar in force: the built-in years with the loaded ones over them.
    pub async fn calendar(&self) -> Result<Calendar> {
        let rows = sqlx::query("SELECT year, content FROM calendar_years ORDER BY year")
            .fetch_all(self.pool())
            .await?;
        let mut cal = Calendar::builtin();
        for r in &rows {
            let content: String = r.try_get("content")?;
            match Calendar::load_year_json(&content) {
                Ok(y) => {
                    cal.insert_year(y);
                }
                Err(e) => {
                    let year: i64 = r.try_get("year")?;
                    tracing::error!(year, error = %e, "a stored calendar year does not parse; ignored");
                }
            }
        }
        Ok(cal)
    }

    /// Check and store a year file (replacing an earlier load of the same year), then recompute
    /// provisional deadlines. Returns the year and how many cases changed.
    pub async fn load_calendar_year(&self, json: &str, actor: &str) -> Result<(i32, u64)> {
        let year =
            Calendar::load_year_json(json).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let y = year.year();
        sqlx::query(
            "INSERT INTO calendar_years (year, content, loaded_by, loaded_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (year) DO UPDATE SET content = excluded.content, loaded_by = excluded.loaded_by, \
             loaded_at = excluded.loaded_at",
        )
        .bind(i64::from(y))
        .bind(json)
        .bind(actor)
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        let cal = self.calendar().await?;
        let changed = self
            .recompute_provisional(&cal, crate::cases::today())
            .await?;
        Ok((y, changed))
    }

    /// The years loaded at run time.
    pub async fn loaded_years(&self) -> Result<Vec<LoadedYear>> {
        let rows = sqlx::query(
            "SELECT year, content, loaded_by, loaded_at FROM calendar_years ORDER BY year",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let content: String = r.try_get("content")?;
                Ok(LoadedYear {
                    year: r.try_get("year")?,
                    loaded_by: r.try_get("loaded_by")?,
                    loaded_at: r.try_get("loaded_at")?,
                    days: Calendar::load_year_json(&content)
                        .map(|y| y.days().len())
                        .unwrap_or(0),
                })
            })
            .collect()
    }
}
