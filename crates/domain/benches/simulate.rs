//! How long the hall simulator takes for a million residents, pooled and specialist.
//!
//! Plain `std::time`, no harness: `cargo bench -p quanke-domain --bench simulate`. The aim is
//! under two seconds per run, so the CLI and the staffing search stay interactive.

use std::hint::black_box;
use std::time::{Duration, Instant};

use quanke_domain::queue::{simulate, Mode, SimConfig, SimReport};

const RESIDENTS: usize = 1_000_000;
const WINDOWS: usize = 10;
/// 36 an hour at 15 minutes each: 9 erlangs on 10 windows, a busy hall at ρ = 0.9.
const PER_HOUR: f64 = 36.0;
const SERVICE_MINUTES: f64 = 15.0;
const ROUNDS: usize = 5;

fn time(mode: Mode) -> (Duration, SimReport) {
    let config = SimConfig::simple(WINDOWS, PER_HOUR, SERVICE_MINUTES, mode, RESIDENTS, 1);
    let mut best = Duration::MAX;
    let mut report = None;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let run = simulate(black_box(&config)).expect("the benchmark configuration is valid");
        best = best.min(start.elapsed());
        report = Some(black_box(run));
    }
    (best, report.expect("at least one round"))
}

fn main() {
    println!(
        "simulate: {RESIDENTS} residents, {WINDOWS} windows, {PER_HOUR}/h, \
         {SERVICE_MINUTES} min service (best of {ROUNDS})"
    );
    for mode in [Mode::Pooled, Mode::Specialist] {
        let (elapsed, report) = time(mode);
        println!(
            "  {mode:<10} {:>8.1} ms  ({:>5.1} ns/resident; mean wait {:.2} min, p90 {:.2} min, \
             utilisation {:.3})",
            elapsed.as_secs_f64() * 1e3,
            elapsed.as_secs_f64() * 1e9 / RESIDENTS as f64,
            report.mean_wait_minutes,
            report.p90_wait_minutes,
            report.utilisation,
        );
    }
}
