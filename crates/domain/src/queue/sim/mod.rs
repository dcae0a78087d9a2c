//! A seeded discrete-event simulation of the service hall.
//!
//! Residents arrive as a Poisson stream (constant, or varying by hour of the day), each with a
//! category of business. Each line is first come, first served, and a resident at the head of a
//! line goes to whichever of its windows frees up first. For such a line the whole event
//! calendar collapses into the multi-server Lindley (Kiefer–Wolfowitz) recursion: keep the
//! times at which each window next falls free in a min-heap, and the n-th arrival starts at
//! `max(arrival, earliest free time)`. That is one heap operation per resident, so a million
//! residents take a few tens of milliseconds.

mod config;
mod sample;
#[cfg(test)]
mod tests;

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

use rand::rngs::SmallRng;
use rand::SeedableRng;
use serde::Serialize;

pub use config::{ArrivalRate, Category, Mode, ServiceTime, SimConfig, Workload, MAX_CUSTOMERS};
use sample::{ArrivalClock, CategoryPicker, ServiceSampler};

use super::QueueError;

/// What a simulation measured, over the residents after the warm-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimReport {
    /// Mean wait in line before service starts.
    pub mean_wait_minutes: f64,
    /// 90th percentile of the wait (nearest rank): nine residents in ten waited no longer.
    pub p90_wait_minutes: f64,
    /// The longest anyone waited.
    pub max_wait_minutes: f64,
    /// Busy window time / (windows × elapsed time), elapsed running from the first measured
    /// arrival (or opening, without warm-up) to the last departure.
    pub utilisation: f64,
    /// Residents measured (the warm-up not counted).
    pub served: usize,
    /// Most residents ever waiting in any one line, seen by a measured arrival, counting
    /// that arrival when they had to wait.
    pub longest_queue: usize,
    /// Per category, in the order of the configuration.
    pub categories: Vec<CategoryReport>,
}

/// One category's share of a [`SimReport`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryReport {
    /// The category's name.
    pub name: String,
    /// Residents of this category measured.
    pub served: usize,
    /// Their mean wait; `None` when none came.
    pub mean_wait_minutes: Option<f64>,
}

/// Runs the simulation described by `config`.
///
/// Deterministic: the same configuration and seed give the same report (with the same build of
/// the random-number generator). An overloaded hall (utilisation ≥ 1) is simulated as asked:
/// its line just keeps growing. Fails with a [`QueueError`] saying what is wrong with the
/// configuration.
pub fn simulate(config: &SimConfig) -> Result<SimReport, QueueError> {
    config.validate()?;
    let categories = &config.workload.categories;
    let clock = ArrivalClock::new(&config.workload.arrivals);
    let picker = CategoryPicker::new(categories);
    let samplers: Vec<ServiceSampler<'_>> = categories
        .iter()
        .map(|c| ServiceSampler::new(&c.service))
        .collect();
    let (mut lines, line_of) = build_lines(config.windows, config.mode, categories.len());
    let mut rng = SmallRng::seed_from_u64(config.seed);
    let mut stats = Stats::new(config.customers, categories.len());

    let warmup = config.warmup_customers;
    let mut now = 0.0;
    let mut measure_from = 0.0;
    let mut last_departure: f64 = 0.0;
    for i in 0..warmup + config.customers {
        now = clock.next(&mut rng, now);
        let category = picker.pick(&mut rng);
        let service = samplers[category].sample(&mut rng);
        let (start, in_line) = lines[line_of[category]].admit(now, service);
        last_departure = last_departure.max(start + service);
        if i == warmup && warmup > 0 {
            measure_from = now;
        }
        if i >= warmup {
            stats.record(category, start - now, service, in_line);
        }
    }

    let elapsed = last_departure - measure_from;
    Ok(stats.finish(categories, config.windows as f64 * elapsed))
}

/// The lines of the hall and, for each category, the index of the line it joins.
fn build_lines(windows: usize, mode: Mode, categories: usize) -> (Vec<Line>, Vec<usize>) {
    match mode {
        Mode::Pooled => (vec![Line::new(windows)], vec![0; categories]),
        Mode::Specialist => {
            // Window i serves category i mod k, so category j has one window for every i < C
            // with i ≡ j (mod k).
            let lines = (0..categories)
                .map(|j| Line::new((windows - j).div_ceil(categories)))
                .collect();
            (lines, (0..categories).collect())
        }
    }
}

/// An instant in minutes, ordered totally so it can live in a heap.
#[derive(Debug, Clone, Copy)]
struct Time(f64);

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Time {}

impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Time {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// One first-come-first-served line and the windows that serve it.
struct Line {
    /// When each window next falls free; the earliest on top.
    free_at: BinaryHeap<Reverse<Time>>,
    /// Service start times of residents still waiting, in line order. Start times never
    /// decrease along a FCFS line, so those who have reached a window are always at the front.
    waiting: VecDeque<f64>,
}

impl Line {
    fn new(windows: usize) -> Self {
        Line {
            free_at: std::iter::repeat_n(Reverse(Time(0.0)), windows).collect(),
            waiting: VecDeque::new(),
        }
    }

    /// Seats a resident arriving at `arrival` at the earliest-free window; returns when their
    /// service starts and how many are now waiting in this line, them included if they wait.
    fn admit(&mut self, arrival: f64, service: f64) -> (f64, usize) {
        let mut earliest = self
            .free_at
            .peek_mut()
            .expect("every line has at least one window");
        let start = earliest.0 .0.max(arrival);
        *earliest = Reverse(Time(start + service));
        drop(earliest);

        while self.waiting.front().is_some_and(|&s| s <= arrival) {
            self.waiting.pop_front();
        }
        if start > arrival {
            self.waiting.push_back(start);
        }
        (start, self.waiting.len())
    }
}

/// Running totals over the measured residents.
struct Stats {
    waits: Vec<f64>,
    wait_sums: Vec<f64>,
    served: Vec<usize>,
    busy: f64,
    longest_queue: usize,
    max_wait: f64,
}

impl Stats {
    fn new(customers: usize, categories: usize) -> Self {
        Stats {
            waits: Vec::with_capacity(customers),
            wait_sums: vec![0.0; categories],
            served: vec![0; categories],
            busy: 0.0,
            longest_queue: 0,
            max_wait: 0.0,
        }
    }

    fn record(&mut self, category: usize, wait: f64, service: f64, in_line: usize) {
        self.waits.push(wait);
        self.wait_sums[category] += wait;
        self.served[category] += 1;
        self.busy += service;
        self.longest_queue = self.longest_queue.max(in_line);
        self.max_wait = self.max_wait.max(wait);
    }

    fn finish(mut self, categories: &[Category], window_time: f64) -> SimReport {
        let served = self.waits.len();
        let mean_wait_minutes = self.wait_sums.iter().sum::<f64>() / served as f64;
        // Nearest rank: the smallest wait with at least 90% of waits at or below it.
        let rank = (9 * served).div_ceil(10).max(1) - 1;
        let (_, p90, _) = self.waits.select_nth_unstable_by(rank, f64::total_cmp);
        let p90_wait_minutes = *p90;
        let utilisation = if window_time > 0.0 {
            self.busy / window_time
        } else {
            0.0
        };
        let categories = categories
            .iter()
            .zip(self.served.iter().zip(&self.wait_sums))
            .map(|(category, (&n, &sum))| CategoryReport {
                name: category.name.clone(),
                served: n,
                mean_wait_minutes: (n > 0).then(|| sum / n as f64),
            })
            .collect();
        SimReport {
            mean_wait_minutes,
            p90_wait_minutes,
            max_wait_minutes: self.max_wait,
            utilisation,
            served,
            longest_queue: self.longest_queue,
            categories,
        }
    }
}
