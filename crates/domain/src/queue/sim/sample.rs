//! Random draws for the simulation: arrival instants, categories and service times.
//!
//! Built from a validated [`SimConfig`](super::SimConfig), so nothing here fails.

use std::f64::consts::TAU;

use rand::distributions::{Distribution, WeightedIndex};
use rand::Rng;

use super::config::{ArrivalRate, Category, ServiceTime};

/// An exponential draw with the given mean, by inversion; `1 - u` keeps the log finite.
pub(crate) fn exponential<R: Rng>(rng: &mut R, mean: f64) -> f64 {
    -mean * (1.0 - rng.gen::<f64>()).ln()
}

/// Produces successive arrival instants, in minutes since midnight of day one.
pub(crate) enum ArrivalClock {
    /// Homogeneous Poisson stream.
    Constant { mean_gap: f64 },
    /// Non-homogeneous Poisson stream by thinning: candidates come at the peak rate and each is
    /// kept with probability rate(hour) / peak.
    Profile {
        mean_gap: f64,
        peak: f64,
        rates: [f64; 24],
    },
}

impl ArrivalClock {
    pub(crate) fn new(arrivals: &ArrivalRate) -> Self {
        let peak = arrivals.peak_per_hour();
        // Both arms use the same mean gap expression so a flat profile and the constant rate
        // draw identical streams.
        let mean_gap = 60.0 / peak;
        match arrivals {
            ArrivalRate::PerHour(_) => ArrivalClock::Constant { mean_gap },
            ArrivalRate::HourlyProfile(rates) => ArrivalClock::Profile {
                mean_gap,
                peak,
                rates: *rates,
            },
        }
    }

    /// The first arrival strictly after `now`.
    pub(crate) fn next<R: Rng>(&self, rng: &mut R, now: f64) -> f64 {
        match self {
            ArrivalClock::Constant { mean_gap } => now + exponential(rng, *mean_gap),
            ArrivalClock::Profile {
                mean_gap,
                peak,
                rates,
            } => {
                let mut t = now;
                loop {
                    t += exponential(rng, *mean_gap);
                    let rate = rates[hour_of_day(t)];
                    // At the peak every candidate is kept without a draw, so peak hours use the
                    // random stream exactly as the constant rate does.
                    if rate >= *peak || (rate > 0.0 && rng.gen::<f64>() * peak < rate) {
                        return t;
                    }
                }
            }
        }
    }
}

/// Hour of the day (0–23) of an instant in minutes since midnight of day one.
pub(crate) fn hour_of_day(minutes: f64) -> usize {
    ((minutes / 60.0) as u64 % 24) as usize
}

/// Chooses the category of each arrival in proportion to the weights.
pub(crate) enum CategoryPicker {
    Single,
    Weighted(WeightedIndex<f64>),
}

impl CategoryPicker {
    pub(crate) fn new(categories: &[Category]) -> Self {
        if categories.len() == 1 {
            return CategoryPicker::Single;
        }
        let weights = categories.iter().map(|c| c.weight);
        match WeightedIndex::new(weights) {
            Ok(index) => CategoryPicker::Weighted(index),
            // Validation rules out every error WeightedIndex can report; fall back to the
            // first category rather than panic should that ever change.
            Err(_) => CategoryPicker::Single,
        }
    }

    pub(crate) fn pick<R: Rng>(&self, rng: &mut R) -> usize {
        match self {
            CategoryPicker::Single => 0,
            CategoryPicker::Weighted(index) => index.sample(rng),
        }
    }
}

/// Draws service times for one category.
pub(crate) enum ServiceSampler<'a> {
    Exponential {
        mean: f64,
    },
    /// Parameters of the underlying normal: ln(S) ~ N(mu, sigma²).
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Empirical(&'a [f64]),
}

impl<'a> ServiceSampler<'a> {
    pub(crate) fn new(service: &'a ServiceTime) -> Self {
        match service {
            ServiceTime::Exponential { mean_minutes } => ServiceSampler::Exponential {
                mean: *mean_minutes,
            },
            ServiceTime::LogNormal {
                mean_minutes,
                sd_minutes,
            } => {
                // Moment matching: E[S] = e^{mu + sigma²/2}, Var[S] = (e^{sigma²} − 1)·E[S]².
                let cv = sd_minutes / mean_minutes;
                let sigma2 = cv.mul_add(cv, 1.0).ln();
                ServiceSampler::LogNormal {
                    mu: mean_minutes.ln() - sigma2 / 2.0,
                    sigma: sigma2.sqrt(),
                }
            }
            ServiceTime::Empirical { observed_minutes } => {
                ServiceSampler::Empirical(observed_minutes)
            }
        }
    }

    pub(crate) fn sample<R: Rng>(&self, rng: &mut R) -> f64 {
        match self {
            ServiceSampler::Exponential { mean } => exponential(rng, *mean),
            ServiceSampler::LogNormal { mu, sigma } => {
                // Box–Muller; one normal per pair of uniforms keeps the draw count fixed.
                let radius = (-2.0 * (1.0 - rng.gen::<f64>()).ln()).sqrt();
                let normal = radius * (TAU * rng.gen::<f64>()).cos();
                sigma.mul_add(normal, *mu).exp()
            }
            ServiceSampler::Empirical(observed) => observed[rng.gen_range(0..observed.len())],
        }
    }
}
