//! Grid polygons and points on the map.
//!
//! A grid's shape is a GeoJSON `Polygon` or `MultiPolygon` in WGS 84 longitude/latitude. A reported
//! event carries a point; [`place`] finds the grid that contains it (a point on a shared border goes
//! to the first grid by code, so placement never depends on the order shapes were loaded).

use geo::{
    BoundingRect, Contains, Distance, Haversine, Intersects, MultiPolygon, Point, Validation,
};
use serde::{Deserialize, Serialize};

/// Reports within this distance (metres) of an open event of the same category are offered as
/// likely duplicates.
pub const DUPLICATE_RADIUS_M: f64 = 50.0;

/// A point on the Earth: latitude and longitude in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// Why a point was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PointError {
    #[error("the latitude must be a number from -90 to 90 (degrees north), e.g. 36.67")]
    Lat,
    #[error("the longitude must be a number from -180 to 180 (degrees east), e.g. 117.05")]
    Lon,
}

impl LatLon {
    /// A point from numbers, refusing what is not on the Earth.
    pub fn new(lat: f64, lon: f64) -> Result<LatLon, PointError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(PointError::Lat);
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(PointError::Lon);
        }
        Ok(LatLon { lat, lon })
    }

    /// A point from typed text (a form's fields).
    pub fn parse(lat: &str, lon: &str) -> Result<LatLon, PointError> {
        let lat: f64 = lat.trim().parse().map_err(|_| PointError::Lat)?;
        let lon: f64 = lon.trim().parse().map_err(|_| PointError::Lon)?;
        LatLon::new(lat, lon)
    }

    fn point(self) -> Point<f64> {
        Point::new(self.lon, self.lat)
    }
}

/// The great-circle distance between two points in metres (haversine, mean Earth radius).
pub fn distance_m(a: LatLon, b: LatLon) -> f64 {
    Haversine.distance(a.point(), b.point())
}

/// Why a grid's shape was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShapeError {
    #[error("the shape is not GeoJSON: {0}")]
    NotGeoJson(String),
    #[error("the shape must be a GeoJSON Polygon or MultiPolygon (a Feature holding one is fine)")]
    NotPolygon,
    #[error("a coordinate is outside longitude -180…180 / latitude -90…90; GeoJSON lists [longitude, latitude]")]
    OutOfRange,
    #[error("the polygon is not valid (a ring crosses itself, is not closed, or has fewer than 4 points): {0}")]
    Invalid(String),
}

/// A grid's polygon.
#[derive(Debug, Clone, PartialEq)]
pub struct GridShape {
    /// The grid's organisation code.
    pub code: String,
    shape: MultiPolygon<f64>,
}

impl GridShape {
    /// Parse a GeoJSON geometry (or a Feature holding one).
    pub fn parse(code: &str, geojson: &str) -> Result<GridShape, ShapeError> {
        let gj: geojson::GeoJson = geojson
            .parse()
            .map_err(|e: geojson::Error| ShapeError::NotGeoJson(e.to_string()))?;
        let geometry = match gj {
            geojson::GeoJson::Geometry(g) => g,
            geojson::GeoJson::Feature(f) => f.geometry.ok_or(ShapeError::NotPolygon)?,
            geojson::GeoJson::FeatureCollection(_) => return Err(ShapeError::NotPolygon),
        };
        let geometry: geo::Geometry<f64> = geometry
            .try_into()
            .map_err(|e: geojson::Error| ShapeError::NotGeoJson(e.to_string()))?;
        let shape = match geometry {
            geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            _ => return Err(ShapeError::NotPolygon),
        };
        if shape.0.is_empty() {
            return Err(ShapeError::NotPolygon);
        }
        for p in &shape.0 {
            for c in p
                .exterior()
                .0
                .iter()
                .chain(p.interiors().iter().flat_map(|r| r.0.iter()))
            {
                if !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y) {
                    return Err(ShapeError::OutOfRange);
                }
            }
            if p.exterior().0.len() < 4 {
                return Err(ShapeError::Invalid("fewer than 4 points".into()));
            }
        }
        if let Err(e) = shape.check_validation() {
            return Err(ShapeError::Invalid(e.to_string()));
        }
        Ok(GridShape {
            code: code.to_string(),
            shape,
        })
    }

    /// True when the point lies inside the shape or on its border.
    pub fn covers(&self, p: LatLon) -> bool {
        self.shape.intersects(&p.point())
    }

    /// True when the point lies strictly inside.
    pub fn contains(&self, p: LatLon) -> bool {
        self.shape.contains(&p.point())
    }

    /// The shape as GeoJSON text (a geometry).
    pub fn to_geojson(&self) -> String {
        let g = geojson::Geometry::from(&self.shape);
        g.to_string()
    }

    /// The outer rings as (longitude, latitude) lists, for drawing.
    pub fn rings(&self) -> Vec<Vec<(f64, f64)>> {
        self.shape
            .0
            .iter()
            .map(|p| p.exterior().0.iter().map(|c| (c.x, c.y)).collect())
            .collect()
    }

    /// The bounding box: (min lon, min lat, max lon, max lat).
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        self.shape
            .bounding_rect()
            .map(|r| (r.min().x, r.min().y, r.max().x, r.max().y))
    }
}

/// The grid a point belongs to: the first by code whose interior holds it, else the first whose
/// border it lies on, else none (outside every grid).
pub fn place(p: LatLon, shapes: &[GridShape]) -> Option<&GridShape> {
    let mut sorted: Vec<&GridShape> = shapes.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    sorted
        .iter()
        .find(|s| s.contains(p))
        .or_else(|| sorted.iter().find(|s| s.covers(p)))
        .copied()
}

/// The demo's grid polygons: community `c` (0-based) is a block of 0.006° × 0.004° in a 4 × 2
/// layout around Dianliu Xincun (Jinan), cut into `grids` vertical strips; grid `g` (0-based) is
/// strip `g`. Neighbouring grids share their borders exactly, so the blocks tile each community.
pub fn demo_polygon(c: usize, g: usize, grids: usize) -> String {
    let (w, h) = (0.006, 0.004);
    let west = 117.040 + (c % 4) as f64 * w;
    let south = 36.665 + (c / 4) as f64 * h;
    let strip = w / grids.max(1) as f64;
    let (x0, x1) = (west + g as f64 * strip, west + (g + 1) as f64 * strip);
    let (y0, y1) = (south, south + h);
    let r = |v: f64| (v * 1e6).round() / 1e6;
    format!(
        "{{\"type\":\"Polygon\",\"coordinates\":[[[{a},{b}],[{c1},{b}],[{c1},{d}],[{a},{d}],[{a},{b}]]]}}",
        a = r(x0),
        b = r(y0),
        c1 = r(x1),
        d = r(y1)
    )
}

#[cfg(test)]
mod tests;
