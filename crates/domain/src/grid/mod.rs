//! The grid (网格): where things are and what happens there.
//!
//! - [`place`]: grid polygons (GeoJSON), placing a reported point in the grid that contains it, and
//!   the haversine distance behind "a likely duplicate within 50 m".
//! - [`event`]: the grid event's workflow from report to closure ("小事不出网格"), with its final
//!   states and the yellow/red time limits of each stage.
//! - [`category`]: the event taxonomy, grouped by the seed's data domains.
//! - [`import`]: spreadsheets of residents, buildings and households: recognising columns (Chinese
//!   headers), validating every row with its row number and reason.
//! - [`measures`]: events per grid and category, share settled in the grid, time to close, overdue.
//! - [`tags`]: resident tags by data domain, the facts each carries, which are sensitive.
//! - [`visit`]: visits and recurring visiting duties (who is due, who is overdue).

pub mod category;
pub mod event;
pub mod import;
pub mod measures;
pub mod place;
pub mod tags;
pub mod visit;
