//! The service hall's queue: how long residents wait and how many windows to open.
//!
//! Three parts, from theory to planning:
//!
//! - [`erlang`]: closed-form Erlang C results for the M/M/c queue (Poisson arrivals, exponential
//!   service, `c` identical windows, one first-come-first-served line).
//! - [`sim`]: a fast, seeded simulation of a hall with several categories of business, any
//!   service-time distribution, a time-of-day arrival profile, and either one shared line
//!   ([`Mode::Pooled`]) or one line per category ([`Mode::Specialist`]).
//! - [`staffing`]: the fewest windows that keep the 90th-percentile wait under a target, from the
//!   formulas when they apply and from simulation otherwise.
//!
//! Everything here is plain data and pure functions; times in the hall are in minutes.

pub mod erlang;
mod error;
pub mod sim;
pub mod staffing;
pub mod stats;
pub mod ticket;

pub use erlang::{
    erlang_b, erlang_c, mmc_mean_wait, mmc_wait_exceedance, mmc_wait_quantile, utilisation,
    MmcQueue,
};
pub use error::QueueError;
pub use sim::{
    simulate, ArrivalRate, Category, CategoryReport, Mode, ServiceTime, SimConfig, SimReport,
    Workload, MAX_CUSTOMERS,
};
pub use staffing::{analytic_p90, windows_needed, windows_needed_simulated};
