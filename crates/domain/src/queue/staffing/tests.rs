//! Staffing answers against the Erlang C tail, and the simulation-based search.

use super::*;
use crate::queue::erlang::mmc_wait_quantile;
use crate::queue::sim::{ArrivalRate, Category};

/// 30 residents an hour, 10 minutes each: 5 erlangs of work.
fn busy_hall(mode: Mode, categories: usize) -> Workload {
    SimConfig::simple(categories, 30.0, 10.0, mode, 1, 0).workload
}

#[test]
fn pooled_p90_is_the_erlang_c_quantile() {
    let workload = busy_hall(Mode::Pooled, 1);
    for windows in 6..=10 {
        let want = mmc_wait_quantile(windows, 0.5, 0.1, 0.9).unwrap();
        assert_eq!(analytic_p90(&workload, windows, Mode::Pooled), Ok(want));
    }
}

#[test]
fn one_window_per_category_is_a_set_of_single_window_queues() {
    // Equal categories, one window each: every line is M/M/1 with a quarter of the arrivals,
    // so the hall's p90 is that of one such line.
    let workload = busy_hall(Mode::Specialist, 4);
    let got = analytic_p90(&workload, 4, Mode::Specialist).unwrap_err();
    assert!(matches!(got, QueueError::Unstable { .. }), "{got:?}");
    let light = Workload {
        arrivals: ArrivalRate::PerHour(16.0),
        ..workload
    };
    let want = mmc_wait_quantile(1, 16.0 / 60.0 / 4.0, 0.1, 0.9).unwrap();
    let got = analytic_p90(&light, 4, Mode::Specialist).unwrap();
    assert!((got - want).abs() <= 1e-9 * want, "{got} vs {want}");
}

#[test]
fn the_answer_is_where_the_p90_crosses_the_target() {
    for (mode, categories) in [(Mode::Pooled, 1), (Mode::Specialist, 3)] {
        let workload = busy_hall(mode, categories);
        let p90 = |windows| analytic_p90(&workload, windows, mode).ok();
        for target in [0.0, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 500.0] {
            let windows = windows_needed(&workload, target, mode, 50)
                .unwrap()
                .unwrap();
            assert!(p90(windows).unwrap() <= target, "{mode} target {target}");
            if windows > categories {
                // One window fewer either cannot keep up or misses the target.
                assert!(
                    p90(windows - 1).is_none_or(|p| p > target),
                    "{mode} {target}"
                );
            }
        }
    }
}

#[test]
fn known_answers_for_the_busy_hall() {
    let pooled = busy_hall(Mode::Pooled, 1);
    // p90 by windows: 6 → 17.7, 7 → 5.9, 8 → 1.7, 9 → 0 minutes.
    assert_eq!(windows_needed(&pooled, 20.0, Mode::Pooled, 50), Ok(Some(6)));
    assert_eq!(windows_needed(&pooled, 10.0, Mode::Pooled, 50), Ok(Some(7)));
    assert_eq!(windows_needed(&pooled, 5.0, Mode::Pooled, 50), Ok(Some(8)));
    assert_eq!(windows_needed(&pooled, 0.0, Mode::Pooled, 50), Ok(Some(9)));
    // Three specialist lines: 6 → 60.7, 7 → 48.6, 9 → 8.2 minutes.
    let specialist = busy_hall(Mode::Specialist, 3);
    assert_eq!(
        windows_needed(&specialist, 60.0, Mode::Specialist, 50),
        Ok(Some(7))
    );
    assert_eq!(
        windows_needed(&specialist, 10.0, Mode::Specialist, 50),
        Ok(Some(9))
    );
}

#[test]
fn specialists_never_need_fewer_windows_than_a_shared_line() {
    for target in [0.0, 2.0, 10.0, 45.0] {
        let pooled = windows_needed(&busy_hall(Mode::Pooled, 1), target, Mode::Pooled, 50);
        let specialist = windows_needed(
            &busy_hall(Mode::Specialist, 4),
            target,
            Mode::Specialist,
            50,
        );
        assert!(pooled.unwrap().unwrap() <= specialist.unwrap().unwrap());
    }
}

#[test]
fn too_few_windows_allowed_is_no_answer_not_an_error() {
    let workload = busy_hall(Mode::Pooled, 1);
    assert_eq!(windows_needed(&workload, 1.0, Mode::Pooled, 7), Ok(None));
    assert_eq!(windows_needed(&workload, 1.0, Mode::Pooled, 0), Ok(None));
    let specialist = busy_hall(Mode::Specialist, 3);
    assert_eq!(
        windows_needed(&specialist, 1.0, Mode::Specialist, 2),
        Ok(None)
    );
}

#[test]
fn a_profile_is_staffed_for_its_peak_hour() {
    let mut rates = [0.0; 24];
    rates[8..17].fill(12.0);
    rates[10] = 30.0;
    let profile = Workload {
        arrivals: ArrivalRate::HourlyProfile(rates),
        ..busy_hall(Mode::Pooled, 1)
    };
    let constant = busy_hall(Mode::Pooled, 1);
    assert_eq!(
        windows_needed(&profile, 10.0, Mode::Pooled, 50),
        windows_needed(&constant, 10.0, Mode::Pooled, 50)
    );
}

#[test]
fn the_formulas_refuse_what_they_cannot_describe() {
    let mut lognormal = busy_hall(Mode::Pooled, 1);
    lognormal.categories[0].service = ServiceTime::LogNormal {
        mean_minutes: 10.0,
        sd_minutes: 5.0,
    };
    assert_eq!(
        windows_needed(&lognormal, 10.0, Mode::Pooled, 50),
        Err(QueueError::NotExponential {
            category: "all".to_owned()
        })
    );

    let mut mixed = busy_hall(Mode::Specialist, 2);
    mixed.categories[1].service = ServiceTime::exponential(20.0);
    assert_eq!(
        windows_needed(&mixed, 10.0, Mode::Pooled, 50),
        Err(QueueError::MixedServiceMeans)
    );
    // Each specialist line has its own rate, so the same workload is fine there.
    let windows = windows_needed(&mixed, 10.0, Mode::Specialist, 50).unwrap();
    assert!(windows.is_some());

    let pooled = busy_hall(Mode::Pooled, 1);
    for target in [-1.0, f64::NAN, f64::INFINITY] {
        let err = windows_needed(&pooled, target, Mode::Pooled, 50).unwrap_err();
        assert!(matches!(err, QueueError::InvalidTarget(_)), "{err:?}");
    }
    assert_eq!(
        analytic_p90(&pooled, 0, Mode::Pooled),
        Err(QueueError::NoWindows)
    );
    let overloaded = analytic_p90(&pooled, 5, Mode::Pooled).unwrap_err();
    assert_eq!(overloaded, QueueError::Unstable { utilisation: 1.0 });
    assert!(overloaded.to_string().contains("open more windows"));
    assert_eq!(
        analytic_p90(&busy_hall(Mode::Specialist, 3), 2, Mode::Specialist),
        Err(QueueError::TooFewWindowsForCategories {
            windows: 2,
            categories: 3
        })
    );
    let negative = Workload {
        arrivals: ArrivalRate::PerHour(-3.0),
        ..pooled
    };
    assert_eq!(
        windows_needed(&negative, 10.0, Mode::Pooled, 50),
        Err(QueueError::InvalidArrivalRate(-3.0))
    );
}

#[test]
fn a_category_nobody_brings_does_not_block_the_formulas() {
    let mut workload = busy_hall(Mode::Pooled, 1);
    workload.categories.push(Category {
        name: "closed".to_owned(),
        weight: 0.0,
        service: ServiceTime::Empirical {
            observed_minutes: vec![99.0],
        },
    });
    assert_eq!(
        windows_needed(&workload, 10.0, Mode::Pooled, 50),
        Ok(Some(7))
    );
}

#[test]
fn simulated_staffing_agrees_with_the_formulas_for_exponential_service() {
    let workload = busy_hall(Mode::Pooled, 1);
    // Analytic p90: 17.7 minutes with 6 windows, 5.9 with 7.
    let simulated = windows_needed_simulated(&workload, 12.0, Mode::Pooled, 50, 200_000, 3);
    assert_eq!(simulated, Ok(Some(7)));
    assert_eq!(
        windows_needed(&workload, 12.0, Mode::Pooled, 50),
        Ok(Some(7))
    );
}

#[test]
fn simulated_staffing_handles_what_the_formulas_cannot() {
    // Every visit takes exactly 10 minutes: less variable than exponential, so shorter waits
    // (p90 about 8.7 minutes with 6 windows) and one window fewer than the formulas would say.
    let mut fixed = busy_hall(Mode::Pooled, 1);
    fixed.categories[0].service = ServiceTime::Empirical {
        observed_minutes: vec![10.0],
    };
    let simulated = windows_needed_simulated(&fixed, 12.0, Mode::Pooled, 50, 200_000, 3);
    assert_eq!(simulated, Ok(Some(6)));
    assert_eq!(
        windows_needed_simulated(&fixed, 12.0, Mode::Pooled, 5, 200_000, 3),
        Ok(None)
    );
    assert_eq!(
        windows_needed_simulated(&fixed, 12.0, Mode::Pooled, 50, 0, 3),
        Err(QueueError::NoCustomers)
    );
    assert_eq!(
        windows_needed_simulated(&fixed, -2.0, Mode::Pooled, 50, 1_000, 3),
        Err(QueueError::InvalidTarget(-2.0))
    );
}
