//! Grid polygons: one GeoJSON shape per grid unit, and placing a point in the grid that holds it.

use crate::{now_ms, Result, Store, StoreError};
use quanke_domain::grid::place::{self, GridShape, LatLon};
use quanke_domain::org::{OrgCode, OrgKind};
use sqlx::Row;

impl Store {
    /// Set (or replace) a grid's polygon. The unit must exist and be a grid.
    pub async fn set_grid_shape(&self, code: &OrgCode, shape: &GridShape) -> Result<()> {
        let unit = self
            .unit_by_code(code)
            .await?
            .ok_or(StoreError::NotFound("grid"))?;
        if unit.kind != OrgKind::Grid {
            return Err(StoreError::Invalid(format!(
                "{code} is a {}, not a grid; only grids have a polygon",
                unit.kind.as_str()
            )));
        }
        let now = now_ms();
        let geojson = shape.to_geojson();
        let done = sqlx::query(
            "UPDATE grid_shapes SET geojson = $1, updated_at = $2, version = version + 1 WHERE org_code = $3",
        )
        .bind(&geojson)
        .bind(now)
        .bind(code.as_str())
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            sqlx::query(
                "INSERT INTO grid_shapes (org_code, geojson, updated_at) VALUES ($1, $2, $3)",
            )
            .bind(code.as_str())
            .bind(&geojson)
            .bind(now)
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    /// The polygons of the grids at or below `scope`, by code.
    pub async fn grid_shapes_within(&self, scope: &OrgCode) -> Result<Vec<GridShape>> {
        let rows = sqlx::query(
            "SELECT org_code, geojson FROM grid_shapes WHERE org_code = $1 OR org_code LIKE $2 ORDER BY org_code",
        )
        .bind(scope.as_str())
        .bind(format!("{}-%", scope.as_str()))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get("org_code")?;
                let gj: String = r.try_get("geojson")?;
                GridShape::parse(&code, &gj).map_err(|e| StoreError::Invalid(e.to_string()))
            })
            .collect()
    }

    /// The grid at or below `scope` whose polygon holds `point`, if any.
    pub async fn place_point(&self, scope: &OrgCode, point: LatLon) -> Result<Option<OrgCode>> {
        let shapes = self.grid_shapes_within(scope).await?;
        Ok(place::place(point, &shapes).and_then(|s| OrgCode::parse(&s.code).ok()))
    }
}
