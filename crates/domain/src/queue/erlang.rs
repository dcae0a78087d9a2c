//! Erlang C: the steady-state wait of an M/M/c queue.
//!
//! Residents arrive as a Poisson stream at rate `lambda`, each window serves at rate `mu`
//! (exponential service), `c` windows share one first-come-first-served line. Rates may be in any
//! unit of time as long as both use the same one; waits come out in that unit (per-minute rates
//! give minutes).
//!
//! The free functions follow the textbook signatures and answer `NaN`/`None` for inputs that are
//! not a queue; [`MmcQueue::new`] checks its inputs and says what is wrong.

use super::QueueError;

#[cfg(test)]
mod tests;

/// True when `(c, lambda, mu)` describe a queue at all (stable or not).
fn is_queue(c: usize, lambda: f64, mu: f64) -> bool {
    c > 0 && lambda.is_finite() && lambda >= 0.0 && mu.is_finite() && mu > 0.0
}

/// Offered load per window, ρ = λ / (cμ): the long-run share of time a window is busy when
/// ρ < 1. `NaN` when the inputs are not a queue (no windows, negative or non-finite rates).
pub fn utilisation(c: usize, lambda: f64, mu: f64) -> f64 {
    if !is_queue(c, lambda, mu) {
        return f64::NAN;
    }
    lambda / (c as f64 * mu)
}

/// Erlang B: the blocking probability of `c` servers offered `offered_load` = λ/μ erlangs with no
/// waiting room.
///
/// Computed by the recursion B(k) = a·B(k−1) / (k + a·B(k−1)), which stays within `[0, 1]` at
/// every step and so is stable for hundreds of servers, where factorials and powers overflow.
/// `NaN` for a negative or non-finite load.
pub fn erlang_b(c: usize, offered_load: f64) -> f64 {
    if !(offered_load.is_finite() && offered_load >= 0.0) {
        return f64::NAN;
    }
    let mut b = 1.0;
    for k in 1..=c {
        let ab = offered_load * b;
        b = ab / (k as f64 + ab);
    }
    b
}

/// Erlang C: the probability that an arriving resident has to wait in an M/M/c queue.
///
/// Derived from Erlang B as C = B / (1 − ρ(1 − B)), which is stable for `c` up to several
/// hundred. Answers 1.0 when ρ ≥ 1 (everyone waits in an overloaded hall) and `NaN` when the
/// inputs are not a queue (no windows, negative or non-finite rates).
pub fn erlang_c(c: usize, lambda: f64, mu: f64) -> f64 {
    if !is_queue(c, lambda, mu) {
        return f64::NAN;
    }
    let offered = lambda / mu;
    let rho = offered / c as f64;
    if rho >= 1.0 {
        return 1.0;
    }
    let b = erlang_b(c, offered);
    b / (1.0 - rho * (1.0 - b))
}

/// Mean wait in line (before service starts) of an M/M/c queue: C / (cμ − λ).
///
/// `None` when the queue is unstable (ρ ≥ 1) or the inputs are not a queue.
pub fn mmc_mean_wait(c: usize, lambda: f64, mu: f64) -> Option<f64> {
    let theta = decay_rate(c, lambda, mu)?;
    Some(erlang_c(c, lambda, mu) / theta)
}

/// P(W > t), the probability of waiting longer than `t`: C·e^{−(cμ−λ)t}.
///
/// 1.0 for negative `t`; `None` when `t` is `NaN`, the queue is unstable or the inputs are not a
/// queue.
pub fn mmc_wait_exceedance(c: usize, lambda: f64, mu: f64, t: f64) -> Option<f64> {
    let theta = decay_rate(c, lambda, mu)?;
    if t.is_nan() {
        return None;
    }
    if t < 0.0 {
        return Some(1.0);
    }
    Some(erlang_c(c, lambda, mu) * (-theta * t).exp())
}

/// The `p`-quantile of the wait: the shortest `t` with P(W > t) ≤ 1 − p.
///
/// Solves C·e^{−(cμ−λ)t} = 1 − p, and is 0 when at least a share `p` of residents do not wait at
/// all. `None` when `p` is outside `[0, 1)`, the queue is unstable or the inputs are not a queue.
pub fn mmc_wait_quantile(c: usize, lambda: f64, mu: f64, p: f64) -> Option<f64> {
    let theta = decay_rate(c, lambda, mu)?;
    if !(0.0..1.0).contains(&p) {
        return None;
    }
    let wait_prob = erlang_c(c, lambda, mu);
    if wait_prob <= 1.0 - p {
        return Some(0.0);
    }
    Some((wait_prob / (1.0 - p)).ln() / theta)
}

/// cμ − λ, the rate at which the tail of the wait decays; `None` unless positive.
fn decay_rate(c: usize, lambda: f64, mu: f64) -> Option<f64> {
    if !is_queue(c, lambda, mu) {
        return None;
    }
    let theta = c as f64 * mu - lambda;
    (theta > 0.0 && lambda / (c as f64 * mu) < 1.0).then_some(theta)
}

/// A checked, stable M/M/c queue: construction says what is wrong instead of answering `NaN`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmcQueue {
    windows: usize,
    arrival_rate: f64,
    service_rate: f64,
}

impl MmcQueue {
    /// Builds the queue of `windows` windows, arrivals at `arrival_rate` and service at
    /// `service_rate` per window (same unit of time for both).
    ///
    /// Fails with [`QueueError::NoWindows`], [`QueueError::InvalidArrivalRate`],
    /// [`QueueError::InvalidServiceRate`] or, when ρ ≥ 1, [`QueueError::Unstable`].
    pub fn new(windows: usize, arrival_rate: f64, service_rate: f64) -> Result<Self, QueueError> {
        if windows == 0 {
            return Err(QueueError::NoWindows);
        }
        if !(arrival_rate.is_finite() && arrival_rate >= 0.0) {
            return Err(QueueError::InvalidArrivalRate(arrival_rate));
        }
        if !(service_rate.is_finite() && service_rate > 0.0) {
            return Err(QueueError::InvalidServiceRate(service_rate));
        }
        let rho = utilisation(windows, arrival_rate, service_rate);
        if rho >= 1.0 {
            return Err(QueueError::Unstable { utilisation: rho });
        }
        Ok(Self {
            windows,
            arrival_rate,
            service_rate,
        })
    }

    /// Number of windows, `c`.
    pub fn windows(&self) -> usize {
        self.windows
    }

    /// Offered load per window, ρ = λ / (cμ), always below 1.
    pub fn utilisation(&self) -> f64 {
        utilisation(self.windows, self.arrival_rate, self.service_rate)
    }

    /// Probability that an arriving resident waits (Erlang C).
    pub fn prob_wait(&self) -> f64 {
        erlang_c(self.windows, self.arrival_rate, self.service_rate)
    }

    /// Mean wait in line.
    pub fn mean_wait(&self) -> f64 {
        self.prob_wait() / self.decay()
    }

    /// P(W > t); 1.0 for negative `t`.
    pub fn wait_exceedance(&self, t: f64) -> f64 {
        if t < 0.0 {
            return 1.0;
        }
        self.prob_wait() * (-self.decay() * t).exp()
    }

    /// The `p`-quantile of the wait; fails with [`QueueError::InvalidProbability`] unless
    /// `0 ≤ p < 1`.
    pub fn wait_quantile(&self, p: f64) -> Result<f64, QueueError> {
        mmc_wait_quantile(self.windows, self.arrival_rate, self.service_rate, p)
            .ok_or(QueueError::InvalidProbability(p))
    }

    fn decay(&self) -> f64 {
        self.windows as f64 * self.service_rate - self.arrival_rate
    }
}
