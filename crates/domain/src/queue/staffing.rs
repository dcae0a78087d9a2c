//! How many windows to open so that nine residents in ten wait no longer than a target.
//!
//! With exponential service the answer comes from the Erlang C tail, P(W > t) = C·e^{−(cμ−λ)t}:
//! one M/M/c line in pooled mode; in specialist mode one M/M/n_j line per category, whose waits
//! mix in proportion to the categories' arrivals. With an hourly profile the formulas staff for
//! the peak hour, so the target holds in every hour. For other service times, or to see a whole
//! day's profile, [`windows_needed_simulated`] runs the simulation instead.

use super::erlang::{erlang_c, mmc_wait_quantile, utilisation};
use super::sim::{simulate, Mode, ServiceTime, SimConfig, Workload};
use super::QueueError;

#[cfg(test)]
mod tests;

/// The quantile staffing aims at.
const P90: f64 = 0.9;

/// One line of the hall as an M/M/c queue, rates per minute.
#[derive(Debug, Clone, Copy)]
struct LineModel {
    /// Share of all arrivals that join this line.
    share: f64,
    windows: usize,
    lambda: f64,
    mu: f64,
}

/// The 90th-percentile wait in minutes of `workload` served by `windows` windows in `mode`,
/// from the Erlang C formulas (at the peak hourly rate when arrivals follow a profile).
///
/// Fails when the configuration is invalid, when service is not exponential (or, in pooled mode,
/// when categories differ in mean service time), and with [`QueueError::Unstable`] when a line
/// is loaded at ρ ≥ 1.
pub fn analytic_p90(workload: &Workload, windows: usize, mode: Mode) -> Result<f64, QueueError> {
    check_analytic(workload, mode)?;
    if windows == 0 {
        return Err(QueueError::NoWindows);
    }
    check_specialist_windows(workload, windows, mode)?;
    let lines = line_models(workload, windows, mode);
    mixture_quantile(&lines, P90).ok_or_else(|| QueueError::Unstable {
        utilisation: lines
            .iter()
            .map(|l| utilisation(l.windows, l.lambda, l.mu))
            .fold(0.0, f64::max),
    })
}

/// The fewest windows, at most `max_windows`, whose analytic 90th-percentile wait is at most
/// `target_p90_minutes`; `Ok(None)` when even `max_windows` are not enough.
///
/// Needs exponential service (see [`analytic_p90`]); fails with a [`QueueError`] otherwise or
/// when the workload or target is invalid.
pub fn windows_needed(
    workload: &Workload,
    target_p90_minutes: f64,
    mode: Mode,
    max_windows: usize,
) -> Result<Option<usize>, QueueError> {
    check_target(target_p90_minutes)?;
    check_analytic(workload, mode)?;
    let found = (min_windows(workload, mode)..=max_windows).find(|&windows| {
        mixture_quantile(&line_models(workload, windows, mode), P90)
            .is_some_and(|p90| p90 <= target_p90_minutes)
    });
    Ok(found)
}

/// The fewest windows, at most `max_windows`, whose simulated 90th-percentile wait is at most
/// `target_p90_minutes`; `Ok(None)` when even `max_windows` are not enough.
///
/// Works for any service times and the whole hourly profile. Each candidate is simulated with
/// `customers` residents after a warm-up of a tenth as many, all with the same `seed`, so
/// candidates are compared on the same residents. Staffing that cannot keep up on average over
/// the day is skipped without simulating.
pub fn windows_needed_simulated(
    workload: &Workload,
    target_p90_minutes: f64,
    mode: Mode,
    max_windows: usize,
    customers: usize,
    seed: u64,
) -> Result<Option<usize>, QueueError> {
    check_target(target_p90_minutes)?;
    let mut config = SimConfig {
        windows: min_windows(workload, mode).max(1),
        mode,
        workload: workload.clone(),
        customers,
        warmup_customers: customers / 10,
        seed,
    };
    config.validate()?;
    for windows in config.windows..=max_windows {
        if !keeps_up_on_average(workload, windows, mode) {
            continue;
        }
        config.windows = windows;
        if simulate(&config)?.p90_wait_minutes <= target_p90_minutes {
            return Ok(Some(windows));
        }
    }
    Ok(None)
}

fn check_target(target: f64) -> Result<(), QueueError> {
    if target.is_finite() && target >= 0.0 {
        Ok(())
    } else {
        Err(QueueError::InvalidTarget(target))
    }
}

/// Checks the workload and that the Erlang formulas describe it.
fn check_analytic(workload: &Workload, mode: Mode) -> Result<(), QueueError> {
    workload.validate()?;
    let arriving = || workload.categories.iter().filter(|c| c.weight > 0.0);
    if let Some(category) =
        arriving().find(|c| !matches!(c.service, ServiceTime::Exponential { .. }))
    {
        return Err(QueueError::NotExponential {
            category: category.name.clone(),
        });
    }
    if mode == Mode::Pooled {
        let mut means = arriving().map(|c| c.service.mean_minutes());
        let first = means.next().unwrap_or(0.0);
        if means.any(|m| (m - first).abs() > 1e-9 * first) {
            return Err(QueueError::MixedServiceMeans);
        }
    }
    Ok(())
}

fn check_specialist_windows(
    workload: &Workload,
    windows: usize,
    mode: Mode,
) -> Result<(), QueueError> {
    let categories = workload.categories.len();
    if mode == Mode::Specialist && windows < categories {
        return Err(QueueError::TooFewWindowsForCategories {
            windows,
            categories,
        });
    }
    Ok(())
}

fn min_windows(workload: &Workload, mode: Mode) -> usize {
    match mode {
        Mode::Pooled => 1,
        Mode::Specialist => workload.categories.len(),
    }
}

/// Windows of category `j` in specialist mode: those `i < windows` with `i mod k = j`.
fn specialist_windows(windows: usize, categories: usize, j: usize) -> usize {
    windows.saturating_sub(j).div_ceil(categories)
}

/// The hall's lines at the peak arrival rate, leaving out lines nobody joins.
fn line_models(workload: &Workload, windows: usize, mode: Mode) -> Vec<LineModel> {
    let lambda = workload.arrivals.peak_per_hour() / 60.0;
    let total = workload.total_weight();
    let arriving = workload.categories.iter().filter(|c| c.weight > 0.0);
    match mode {
        Mode::Pooled => arriving
            .take(1)
            .map(|c| LineModel {
                share: 1.0,
                windows,
                lambda,
                mu: 1.0 / c.service.mean_minutes(),
            })
            .collect(),
        Mode::Specialist => {
            let k = workload.categories.len();
            workload
                .categories
                .iter()
                .enumerate()
                .filter(|(_, c)| c.weight > 0.0)
                .map(|(j, c)| LineModel {
                    share: c.weight / total,
                    windows: specialist_windows(windows, k, j),
                    lambda: lambda * c.weight / total,
                    mu: 1.0 / c.service.mean_minutes(),
                })
                .collect()
        }
    }
}

/// Whether every line's offered load, at the day's average arrival rate, is below its windows.
fn keeps_up_on_average(workload: &Workload, windows: usize, mode: Mode) -> bool {
    let lambda = workload.arrivals.mean_per_hour() / 60.0;
    let total = workload.total_weight();
    let load = |c: &super::sim::Category| lambda * c.weight / total * c.service.mean_minutes();
    match mode {
        Mode::Pooled => workload.categories.iter().map(load).sum::<f64>() < windows as f64,
        Mode::Specialist => {
            let k = workload.categories.len();
            workload
                .categories
                .iter()
                .enumerate()
                .all(|(j, c)| load(c) < specialist_windows(windows, k, j) as f64)
        }
    }
}

/// The `p`-quantile of the wait of a resident drawn from all lines; `None` when a line is
/// unstable.
///
/// P(W > t) = Σ share_j · C_j · e^{−θ_j t} is decreasing in `t`, so bisection finds where it
/// falls to 1 − p.
fn mixture_quantile(lines: &[LineModel], p: f64) -> Option<f64> {
    if let [line] = lines {
        return mmc_wait_quantile(line.windows, line.lambda, line.mu, p);
    }
    let mut tails = Vec::with_capacity(lines.len());
    for line in lines {
        let theta = line.windows as f64 * line.mu - line.lambda;
        if !(theta > 0.0 && utilisation(line.windows, line.lambda, line.mu) < 1.0) {
            return None;
        }
        tails.push((
            line.share * erlang_c(line.windows, line.lambda, line.mu),
            theta,
        ));
    }
    let exceed = |t: f64| {
        tails
            .iter()
            .map(|(w, theta)| w * (-theta * t).exp())
            .sum::<f64>()
    };
    let tail = 1.0 - p;
    if exceed(0.0) <= tail {
        return Some(0.0);
    }
    // At `hi` every term is at most share_j·(1 − p), so the sum is at most 1 − p.
    let mut hi = lines
        .iter()
        .zip(&tails)
        .map(|(line, (w, theta))| (w / line.share / tail).ln().max(0.0) / theta)
        .fold(0.0, f64::max);
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if exceed(mid) > tail {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi {
            break;
        }
    }
    Some(hi)
}
