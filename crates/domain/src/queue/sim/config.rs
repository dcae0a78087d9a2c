//! What a simulation is asked: the hall's windows and line discipline, the residents' business
//! and when they come.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::queue::QueueError;

#[cfg(test)]
mod tests;

/// The most residents (measured, or warm-up) one simulation may be asked for: the measured waits
/// are kept in memory to find the 90th percentile, 8 bytes each.
pub const MAX_CUSTOMERS: usize = 20_000_000;

/// How windows share the residents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Any window serves anyone; one first-come-first-served line for the whole hall.
    #[serde(alias = "Pooled")]
    Pooled,
    /// Window `i` serves only category `i mod k` (k categories, windows dealt round-robin);
    /// each category has its own line served only by its own windows.
    #[serde(alias = "Specialist")]
    Specialist,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Mode::Pooled => "pooled",
            Mode::Specialist => "specialist",
        })
    }
}

impl FromStr for Mode {
    type Err = QueueError;

    /// Parses `pooled` or `specialist`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pooled" => Ok(Mode::Pooled),
            "specialist" => Ok(Mode::Specialist),
            _ => Err(QueueError::UnknownMode(s.to_owned())),
        }
    }
}

/// How long serving one resident takes, in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum ServiceTime {
    /// Exponential with the given mean: the memoryless case the Erlang formulas assume.
    Exponential {
        /// Mean service time, above 0.
        mean_minutes: f64,
    },
    /// Lognormal with the given mean and standard deviation (of the times themselves, not their
    /// logarithms): long right tail, the usual shape of observed counter times.
    #[serde(rename = "lognormal")]
    LogNormal {
        /// Mean service time, above 0.
        mean_minutes: f64,
        /// Standard deviation, 0 or more.
        sd_minutes: f64,
    },
    /// Resampled uniformly from observed service times, e.g. a week of the hall's own records.
    Empirical {
        /// Observed service times, at least one, each finite and 0 or more.
        observed_minutes: Vec<f64>,
    },
}

impl ServiceTime {
    /// Exponential service with the given mean.
    pub fn exponential(mean_minutes: f64) -> Self {
        ServiceTime::Exponential { mean_minutes }
    }

    /// Lognormal service whose mean and standard deviation match those of `observed_minutes`.
    ///
    /// Fails like [`ServiceTime::validate`] when there are no observations or one is negative or
    /// not finite, or when they are all zero.
    pub fn lognormal_fit(category: &str, observed_minutes: &[f64]) -> Result<Self, QueueError> {
        let observed = ServiceTime::Empirical {
            observed_minutes: observed_minutes.to_vec(),
        };
        observed.validate(category)?;
        let n = observed_minutes.len() as f64;
        let mean = observed.mean_minutes();
        let var = observed_minutes
            .iter()
            .map(|x| (x - mean) * (x - mean))
            .sum::<f64>()
            / n;
        let fitted = ServiceTime::LogNormal {
            mean_minutes: mean,
            sd_minutes: var.sqrt(),
        };
        fitted.validate(category)?;
        Ok(fitted)
    }

    /// Mean service time in minutes.
    pub fn mean_minutes(&self) -> f64 {
        match self {
            ServiceTime::Exponential { mean_minutes }
            | ServiceTime::LogNormal { mean_minutes, .. } => *mean_minutes,
            ServiceTime::Empirical { observed_minutes } => {
                observed_minutes.iter().sum::<f64>() / observed_minutes.len() as f64
            }
        }
    }

    /// Checks the distribution's parameters; `category` names it in the error.
    pub fn validate(&self, category: &str) -> Result<(), QueueError> {
        let reason = match self {
            ServiceTime::Exponential { mean_minutes } => check_mean(*mean_minutes),
            ServiceTime::LogNormal {
                mean_minutes,
                sd_minutes,
            } => check_mean(*mean_minutes).or_else(|| {
                (!is_non_negative(*sd_minutes)).then(|| {
                    format!(
                        "the standard deviation must be a finite number of minutes, 0 or more; \
                         got {sd_minutes}"
                    )
                })
            }),
            ServiceTime::Empirical { observed_minutes } if observed_minutes.is_empty() => {
                Some("the list of observed service times is empty; give at least one".to_owned())
            }
            ServiceTime::Empirical { observed_minutes } => observed_minutes
                .iter()
                .position(|m| !is_non_negative(*m))
                .map(|i| {
                    format!(
                        "observed service time #{} is {}; each must be a finite number of \
                         minutes, 0 or more",
                        i + 1,
                        observed_minutes[i]
                    )
                }),
        };
        match reason {
            Some(reason) => Err(QueueError::InvalidServiceTime {
                category: category.to_owned(),
                reason,
            }),
            None => Ok(()),
        }
    }
}

/// What is wrong with a mean service time, if anything.
fn check_mean(mean_minutes: f64) -> Option<String> {
    (!is_positive(mean_minutes)).then(|| {
        format!(
            "the mean service time must be a finite number of minutes above 0; got {mean_minutes}"
        )
    })
}

/// One kind of business at the hall (e.g. social insurance, residence permits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Shown in reports and error messages.
    pub name: String,
    /// Relative share of arrivals; weights need not add up to 1. Defaults to 1.
    #[serde(default = "one")]
    pub weight: f64,
    /// How long serving one resident of this category takes.
    pub service: ServiceTime,
}

fn one() -> f64 {
    1.0
}

/// How many residents arrive per hour, as a Poisson stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalRate {
    /// The same rate all day.
    PerHour(f64),
    /// A rate for each hour of the day, index 0 being 00:00–01:00; the simulated clock starts at
    /// midnight. Hours with rate 0 see no arrivals, but windows keep serving whoever is in line.
    HourlyProfile([f64; 24]),
}

impl ArrivalRate {
    /// The highest hourly rate: the constant rate, or the peak of the profile.
    pub fn peak_per_hour(&self) -> f64 {
        match self {
            ArrivalRate::PerHour(rate) => *rate,
            ArrivalRate::HourlyProfile(rates) => rates.iter().copied().fold(0.0, f64::max),
        }
    }

    /// The rate averaged over a day.
    pub fn mean_per_hour(&self) -> f64 {
        match self {
            ArrivalRate::PerHour(rate) => *rate,
            ArrivalRate::HourlyProfile(rates) => rates.iter().sum::<f64>() / 24.0,
        }
    }

    /// Checks every rate is finite and non-negative and at least one is positive.
    pub fn validate(&self) -> Result<(), QueueError> {
        let rates: &[f64] = match self {
            ArrivalRate::PerHour(rate) => std::slice::from_ref(rate),
            ArrivalRate::HourlyProfile(rates) => rates,
        };
        if let Some(bad) = rates.iter().find(|r| !is_non_negative(**r)) {
            return Err(QueueError::InvalidArrivalRate(*bad));
        }
        if rates.iter().all(|r| *r == 0.0) {
            return Err(QueueError::NoArrivals);
        }
        Ok(())
    }
}

/// What the hall faces, independent of how it is staffed: categories of business and arrivals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    /// Kinds of business; in specialist mode window `i` serves category `i mod k`.
    pub categories: Vec<Category>,
    /// Residents per hour.
    pub arrivals: ArrivalRate,
}

impl Workload {
    /// Checks categories, weights, service times and arrival rates.
    pub fn validate(&self) -> Result<(), QueueError> {
        if self.categories.is_empty() {
            return Err(QueueError::NoCategories);
        }
        for category in &self.categories {
            if !is_non_negative(category.weight) {
                return Err(QueueError::InvalidWeight {
                    category: category.name.clone(),
                    weight: category.weight,
                });
            }
            category.service.validate(&category.name)?;
        }
        if self.total_weight() <= 0.0 {
            return Err(QueueError::ZeroTotalWeight);
        }
        self.arrivals.validate()
    }

    /// Sum of the category weights.
    pub fn total_weight(&self) -> f64 {
        self.categories.iter().map(|c| c.weight).sum()
    }
}

/// A whole simulation run: staffing, workload, length and seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimConfig {
    /// Number of service windows, C.
    pub windows: usize,
    /// One shared line or one line per category.
    pub mode: Mode,
    /// Categories and arrivals.
    #[serde(flatten)]
    pub workload: Workload,
    /// Residents whose waits are measured.
    pub customers: usize,
    /// Residents simulated first and left out of every figure, so that the hall is measured in
    /// its steady state rather than empty at opening. Defaults to 0.
    #[serde(default)]
    pub warmup_customers: usize,
    /// Seed of the random stream: the same configuration and seed give the same report.
    #[serde(default)]
    pub seed: u64,
}

impl SimConfig {
    /// The textbook hall: Poisson arrivals at a constant rate and exponential service.
    ///
    /// In pooled mode there is one category; in specialist mode arrivals are split evenly over
    /// `windows` categories, one per window, so the hall is `windows` independent M/M/1 queues
    /// each with a `1/windows` share of the arrivals.
    pub fn simple(
        windows: usize,
        arrivals_per_hour: f64,
        mean_service_minutes: f64,
        mode: Mode,
        customers: usize,
        seed: u64,
    ) -> Self {
        let service = ServiceTime::exponential(mean_service_minutes);
        let categories = match mode {
            Mode::Pooled => vec![Category {
                name: "all".to_owned(),
                weight: 1.0,
                service,
            }],
            Mode::Specialist => (1..=windows)
                .map(|i| Category {
                    name: format!("window {i}"),
                    weight: 1.0,
                    service: service.clone(),
                })
                .collect(),
        };
        SimConfig {
            windows,
            mode,
            workload: Workload {
                categories,
                arrivals: ArrivalRate::PerHour(arrivals_per_hour),
            },
            customers,
            warmup_customers: 0,
            seed,
        }
    }

    /// Checks the whole configuration; [`simulate`](super::simulate) does this first.
    pub fn validate(&self) -> Result<(), QueueError> {
        if self.windows == 0 {
            return Err(QueueError::NoWindows);
        }
        self.workload.validate()?;
        let categories = self.workload.categories.len();
        if self.mode == Mode::Specialist && self.windows < categories {
            return Err(QueueError::TooFewWindowsForCategories {
                windows: self.windows,
                categories,
            });
        }
        if self.customers == 0 {
            return Err(QueueError::NoCustomers);
        }
        for requested in [self.customers, self.warmup_customers] {
            if requested > MAX_CUSTOMERS {
                return Err(QueueError::TooManyCustomers {
                    requested,
                    limit: MAX_CUSTOMERS,
                });
            }
        }
        Ok(())
    }
}

fn is_positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

fn is_non_negative(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}
