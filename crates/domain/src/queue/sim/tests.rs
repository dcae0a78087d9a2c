//! The simulator against queueing theory, and its behaviour on good and bad configurations.

use rand::rngs::SmallRng;
use rand::SeedableRng;

use super::sample::{hour_of_day, ArrivalClock};
use super::*;
use crate::queue::erlang::mmc_mean_wait;

fn within(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs()
}

/// A long run of the simple hall with a tenth as many residents again as warm-up.
fn long_run(windows: usize, per_hour: f64, service: f64, mode: Mode, n: usize) -> SimReport {
    let mut config = SimConfig::simple(windows, per_hour, service, mode, n, 20_240_601);
    config.warmup_customers = n / 10;
    simulate(&config).unwrap()
}

fn one_line(service: ServiceTime, per_hour: f64, n: usize) -> SimConfig {
    SimConfig {
        windows: 1,
        mode: Mode::Pooled,
        workload: Workload {
            categories: vec![Category {
                name: "all".to_owned(),
                weight: 1.0,
                service,
            }],
            arrivals: ArrivalRate::PerHour(per_hour),
        },
        customers: n,
        warmup_customers: n / 10,
        seed: 7,
    }
}

// Run lengths below keep the 2% tolerance at four or more standard errors of the simulated mean
// (measured over 20 seeds), so the tests check the model, not the luck of one seed.

#[test]
fn pooled_mean_wait_matches_erlang_c_at_high_load() {
    // c = 3, λ = 10/h, 15 min: ρ = 0.83, the textbook wait is 21.07 minutes.
    let want = mmc_mean_wait(3, 10.0 / 60.0, 1.0 / 15.0).unwrap();
    let report = long_run(3, 10.0, 15.0, Mode::Pooled, 10_000_000);
    let got = report.mean_wait_minutes;
    assert!(within(got, want, 0.02), "simulated {got}, Erlang C {want}");
    assert!(within(report.utilisation, 2.5 / 3.0, 0.01), "{report:?}");
}

#[test]
fn pooled_mean_wait_matches_erlang_c_at_half_load() {
    let want = mmc_mean_wait(2, 4.0 / 60.0, 1.0 / 15.0).unwrap();
    let got = long_run(2, 4.0, 15.0, Mode::Pooled, 4_000_000).mean_wait_minutes;
    assert!(within(got, want, 0.02), "simulated {got}, Erlang C {want}");
}

#[test]
fn specialist_mean_wait_matches_separate_single_window_queues() {
    for (windows, per_hour, n) in [(3, 10.0, 10_000_000), (4, 8.0, 2_000_000)] {
        let lambda = per_hour / 60.0 / windows as f64;
        let want = mmc_mean_wait(1, lambda, 1.0 / 15.0).unwrap();
        let report = long_run(windows, per_hour, 15.0, Mode::Specialist, n);
        let got = report.mean_wait_minutes;
        assert!(
            within(got, want, 0.02),
            "{windows} windows: {got} vs {want}"
        );
        // Every window's line sees the same load, so each category waits about as long.
        for category in &report.categories {
            let mean = category.mean_wait_minutes.unwrap();
            assert!(within(mean, want, 0.05), "{category:?} vs {want}");
        }
    }
}

#[test]
fn general_service_times_match_pollaczek_khinchine() {
    // One window, ρ = 0.5: Wq = λE[S²] / (2(1 − ρ)) = E[S²] / 20 for λ = 0.05/min.
    let cases = [
        (
            ServiceTime::Empirical {
                observed_minutes: vec![10.0],
            },
            100.0,
        ),
        (
            ServiceTime::Empirical {
                observed_minutes: vec![5.0, 10.0, 15.0],
            },
            350.0 / 3.0,
        ),
        (
            ServiceTime::LogNormal {
                mean_minutes: 10.0,
                sd_minutes: 10.0,
            },
            200.0,
        ),
    ];
    for (service, second_moment) in cases {
        let want = second_moment / 20.0;
        let report = simulate(&one_line(service.clone(), 3.0, 2_000_000)).unwrap();
        let got = report.mean_wait_minutes;
        assert!(within(got, want, 0.02), "{service:?}: {got} vs {want}");
    }
}

#[test]
fn same_seed_same_report_other_seed_other_report() {
    let mut config = SimConfig::simple(4, 12.0, 15.0, Mode::Specialist, 50_000, 42);
    config.workload.arrivals = ArrivalRate::HourlyProfile(std::array::from_fn(|h| {
        if (8..18).contains(&h) {
            14.0
        } else {
            0.0
        }
    }));
    let first = simulate(&config).unwrap();
    assert_eq!(first, simulate(&config).unwrap());
    config.seed = 43;
    assert_ne!(first, simulate(&config).unwrap());
}

#[test]
fn one_shared_line_never_waits_longer_than_one_line_per_window() {
    for (windows, per_hour) in [(4, 12.0), (10, 36.0), (2, 6.0)] {
        let pooled = long_run(windows, per_hour, 15.0, Mode::Pooled, 400_000);
        let specialist = long_run(windows, per_hour, 15.0, Mode::Specialist, 400_000);
        assert!(pooled.mean_wait_minutes <= specialist.mean_wait_minutes);
        assert!(pooled.p90_wait_minutes <= specialist.p90_wait_minutes);
        assert!(pooled.max_wait_minutes <= specialist.max_wait_minutes);
    }
}

#[test]
fn report_counts_add_up() {
    let report = long_run(3, 10.0, 15.0, Mode::Specialist, 30_000);
    assert_eq!(report.served, 30_000);
    assert_eq!(report.categories.len(), 3);
    assert_eq!(
        report.categories.iter().map(|c| c.served).sum::<usize>(),
        30_000
    );
    let weighted: f64 = report
        .categories
        .iter()
        .map(|c| c.mean_wait_minutes.unwrap() * c.served as f64)
        .sum();
    assert!(within(weighted / 30_000.0, report.mean_wait_minutes, 1e-9));
    assert!(report.p90_wait_minutes <= report.max_wait_minutes);
    assert!(report.longest_queue >= 1);
    assert_eq!(report.categories[0].name, "window 1");
}

#[test]
fn a_category_nobody_chose_has_no_mean_wait() {
    let mut config = SimConfig::simple(2, 6.0, 10.0, Mode::Specialist, 1_000, 1);
    config.workload.categories[1].weight = 0.0;
    let report = simulate(&config).unwrap();
    assert_eq!(report.categories[1].served, 0);
    assert_eq!(report.categories[1].mean_wait_minutes, None);
}

#[test]
fn instant_service_means_nobody_waits() {
    let service = ServiceTime::Empirical {
        observed_minutes: vec![0.0],
    };
    let report = simulate(&one_line(service, 60.0, 10_000)).unwrap();
    assert_eq!(report.mean_wait_minutes, 0.0);
    assert_eq!(report.p90_wait_minutes, 0.0);
    assert_eq!(report.longest_queue, 0);
    assert_eq!(report.utilisation, 0.0);
}

#[test]
fn a_line_counts_who_is_still_waiting() {
    let mut line = Line::new(1);
    assert_eq!(line.admit(0.0, 10.0), (0.0, 0));
    assert_eq!(line.admit(1.0, 10.0), (10.0, 1));
    assert_eq!(line.admit(2.0, 10.0), (20.0, 2));
    // By minute 25 both have reached the window; the newcomer waits alone until 30.
    assert_eq!(line.admit(25.0, 1.0), (30.0, 1));
    assert_eq!(line.admit(40.0, 1.0), (40.0, 0));

    let mut two = Line::new(2);
    assert_eq!(two.admit(0.0, 10.0), (0.0, 0));
    assert_eq!(two.admit(1.0, 3.0), (1.0, 0));
    assert_eq!(two.admit(2.0, 5.0), (4.0, 1));
}

#[test]
fn a_flat_profile_is_the_constant_rate() {
    let constant = SimConfig::simple(3, 10.0, 15.0, Mode::Pooled, 20_000, 9);
    let mut flat = constant.clone();
    flat.workload.arrivals = ArrivalRate::HourlyProfile([10.0; 24]);
    assert_eq!(simulate(&constant).unwrap(), simulate(&flat).unwrap());
}

#[test]
fn thinning_follows_the_hourly_profile() {
    // Open 09:00–17:00 at 30 an hour, with a 10:00 rush at 60: 270 arrivals a day.
    let mut rates = [0.0; 24];
    rates[9..17].fill(30.0);
    rates[10] = 60.0;
    let clock = ArrivalClock::new(&ArrivalRate::HourlyProfile(rates));
    let mut rng = SmallRng::seed_from_u64(5);
    let mut per_hour = [0usize; 24];
    let mut now = 0.0;
    let n = 200_000;
    for _ in 0..n {
        now = clock.next(&mut rng, now);
        per_hour[hour_of_day(now)] += 1;
    }
    assert!(per_hour
        .iter()
        .enumerate()
        .all(|(h, &count)| (9..17).contains(&h) || count == 0));
    let rush = per_hour[10] as f64 / per_hour[9] as f64;
    assert!(within(rush, 2.0, 0.05), "rush/normal = {rush}");
    let days = now / (24.0 * 60.0);
    assert!(
        within(n as f64 / days, 270.0, 0.02),
        "{} a day",
        n as f64 / days
    );
}

#[test]
fn an_overloaded_hall_is_simulated_not_refused() {
    let report = simulate(&SimConfig::simple(1, 10.0, 15.0, Mode::Pooled, 2_000, 3)).unwrap();
    assert!(report.utilisation > 0.99, "{report:?}");
    assert!(report.longest_queue > 100);
}
