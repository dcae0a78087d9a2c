//! Quanke's domain: plain data and pure functions for the general-social-worker model of community
//! service. Nothing here knows about HTTP or databases; every type that crosses the system's edge is
//! built only through `parse`/`TryFrom`, so a value of it is valid by construction.
#![forbid(unsafe_code)]

pub mod account;
pub mod calendar;
pub mod cases;
pub mod catalog;
pub mod grid;
pub mod ids;
pub mod org;
pub mod queue;
pub mod training;
