//! Measures of grid events: how many per grid and category, the share settled within the grid
//! ("小事不出网格"), the time to close, and how many are overdue (red) now.

use serde::Serialize;
use std::collections::BTreeMap;

/// What the measures need of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub grid: String,
    pub category: String,
    /// Settled on the spot and filed by the grid worker.
    pub settled_in_grid: bool,
    /// Finished (filed or closed).
    pub finished: bool,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    /// Open and past its red limit now.
    pub overdue: bool,
}

/// The measures of a set of events.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Measures {
    pub total: usize,
    pub open: usize,
    pub finished: usize,
    pub settled_in_grid: usize,
    /// Settled within the grid / finished, 0–1 (0 when nothing is finished).
    pub settled_share: f64,
    /// Mean hours from report to closure of the finished events.
    pub mean_hours_to_close: Option<f64>,
    /// Median hours from report to closure.
    pub median_hours_to_close: Option<f64>,
    pub overdue: usize,
    /// grid → category → count.
    pub by_grid_category: BTreeMap<String, BTreeMap<String, usize>>,
    /// grid → count.
    pub by_grid: BTreeMap<String, usize>,
    /// category → count.
    pub by_category: BTreeMap<String, usize>,
}

/// Compute the measures.
pub fn compute(events: &[Facts]) -> Measures {
    let mut m = Measures {
        total: events.len(),
        ..Default::default()
    };
    let mut hours: Vec<f64> = Vec::new();
    for e in events {
        *m.by_grid_category
            .entry(e.grid.clone())
            .or_default()
            .entry(e.category.clone())
            .or_default() += 1;
        *m.by_grid.entry(e.grid.clone()).or_default() += 1;
        *m.by_category.entry(e.category.clone()).or_default() += 1;
        if e.finished {
            m.finished += 1;
            if e.settled_in_grid {
                m.settled_in_grid += 1;
            }
            if let Some(c) = e.closed_at {
                hours.push((c - e.created_at).max(0) as f64 / 3_600_000.0);
            }
        } else {
            m.open += 1;
            if e.overdue {
                m.overdue += 1;
            }
        }
    }
    if m.finished > 0 {
        m.settled_share = m.settled_in_grid as f64 / m.finished as f64;
    }
    if !hours.is_empty() {
        m.mean_hours_to_close = Some(hours.iter().sum::<f64>() / hours.len() as f64);
        hours.sort_by(f64::total_cmp);
        let n = hours.len();
        m.median_hours_to_close = Some(if n % 2 == 1 {
            hours[n / 2]
        } else {
            (hours[n / 2 - 1] + hours[n / 2]) / 2.0
        });
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    fn f(
        grid: &str,
        cat: &str,
        settled: bool,
        closed_after_h: Option<i64>,
        overdue: bool,
    ) -> Facts {
        Facts {
            grid: grid.into(),
            category: cat.into(),
            settled_in_grid: settled,
            finished: closed_after_h.is_some(),
            created_at: 0,
            closed_at: closed_after_h.map(|h| h * H),
            overdue,
        }
    }

    #[test]
    fn counts_shares_and_times() {
        let m = compute(&[
            f("g1", "litter", true, Some(1), false),
            f("g1", "litter", false, Some(5), false),
            f("g1", "dispute", true, Some(2), false),
            f("g2", "litter", false, None, true),
            f("g2", "litter", false, None, false),
        ]);
        assert_eq!((m.total, m.open, m.finished, m.overdue), (5, 2, 3, 1));
        assert_eq!(m.settled_in_grid, 2);
        assert!((m.settled_share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.median_hours_to_close, Some(2.0));
        assert!((m.mean_hours_to_close.unwrap() - 8.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.by_grid_category["g1"]["litter"], 2);
        assert_eq!(m.by_grid["g2"], 2);
        assert_eq!(m.by_category["litter"], 4);
        let empty = compute(&[]);
        assert_eq!(empty.settled_share, 0.0);
        assert_eq!(empty.median_hours_to_close, None);
    }
}
