//! What can be wrong with a queue model, in words a hall manager can act on.

use thiserror::Error;

/// Why a queueing model or a simulation could not be built or answered.
///
/// Every message says what is wrong and how to fix it, so it can be shown to the person who
/// typed the configuration.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum QueueError {
    /// Zero service windows were asked for.
    #[error("the hall needs at least one service window; set windows to 1 or more")]
    NoWindows,
    /// The workload lists no categories of business.
    #[error("at least one service category is needed, e.g. one named \"all\" with weight 1")]
    NoCategories,
    /// An arrival rate is negative, infinite or not a number.
    #[error("arrival rate must be a finite number of residents per hour, 0 or more; got {0}")]
    InvalidArrivalRate(f64),
    /// Every arrival rate is zero, so the simulation would never see anyone.
    #[error(
        "the arrival rate is zero in every hour, so nobody would ever arrive; \
         give at least one hour a positive rate"
    )]
    NoArrivals,
    /// A service rate (for the formulas) is zero, negative, infinite or not a number.
    #[error(
        "service rate must be a finite number above 0 (residents served per unit of time); got {0}"
    )]
    InvalidServiceRate(f64),
    /// A category's arrival weight is negative, infinite or not a number.
    #[error("category \"{category}\": weight must be a finite number, 0 or more; got {weight}")]
    InvalidWeight {
        /// The category's name.
        category: String,
        /// The weight as given.
        weight: f64,
    },
    /// All category weights are zero, so no arrival could be given a category.
    #[error("the category weights add up to zero; give at least one category a positive weight")]
    ZeroTotalWeight,
    /// A category's service-time distribution makes no sense.
    #[error("category \"{category}\": {reason}")]
    InvalidServiceTime {
        /// The category's name.
        category: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// Specialist mode with fewer windows than categories leaves a category unserved.
    #[error(
        "specialist mode needs a window for every category: {windows} window(s) cannot cover \
         {categories} categories; open more windows or use pooled mode"
    )]
    TooFewWindowsForCategories {
        /// Windows asked for.
        windows: usize,
        /// Categories in the workload.
        categories: usize,
    },
    /// A simulation of zero residents was asked for.
    #[error("simulate at least one resident; customers is 0")]
    NoCustomers,
    /// A simulation longer than the simulator keeps in memory was asked for.
    #[error("{requested} residents is more than the simulator's limit of {limit}; simulate fewer")]
    TooManyCustomers {
        /// Residents (or warm-up residents) asked for.
        requested: usize,
        /// The most allowed, [`MAX_CUSTOMERS`](super::MAX_CUSTOMERS).
        limit: usize,
    },
    /// The formulas only describe a queue that does not grow without bound.
    #[error(
        "utilisation is {utilisation:.3}, which is 1 or more: the line would grow without bound \
         and has no steady-state wait; open more windows or lower the arrival rate"
    )]
    Unstable {
        /// Offered load per window, ρ = λ / (cμ), of the most loaded line.
        utilisation: f64,
    },
    /// A probability outside `[0, 1)` was given for a quantile.
    #[error("the quantile's probability must be at least 0 and below 1, e.g. 0.9; got {0}")]
    InvalidProbability(f64),
    /// A target wait is negative, infinite or not a number.
    #[error("the target wait must be a finite number of minutes, 0 or more; got {0}")]
    InvalidTarget(f64),
    /// The formulas need exponential service but a category uses another distribution.
    #[error(
        "category \"{category}\" does not have exponential service times, so the Erlang \
         formulas do not apply; use the simulation-based staffing instead"
    )]
    NotExponential {
        /// The first category that is not exponential.
        category: String,
    },
    /// Pooled formulas need one service rate, but categories differ in mean service time.
    #[error(
        "in pooled mode the Erlang formulas need one mean service time, but the categories \
         differ; use the simulation-based staffing instead"
    )]
    MixedServiceMeans,
    /// A mode name that is neither `pooled` nor `specialist`.
    #[error("unknown mode \"{0}\"; use \"pooled\" or \"specialist\"")]
    UnknownMode(String),
}
