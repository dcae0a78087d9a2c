//! Erlang C against hand-worked values and the textbook factorial formula.

use super::*;

/// Erlang C straight from its definition, in log space so moderate `c` does not overflow.
fn erlang_c_by_definition(c: usize, a: f64) -> f64 {
    let ln_fact = |n: usize| (1..=n).map(|k| (k as f64).ln()).sum::<f64>();
    let rho = a / c as f64;
    let head: f64 = (0..c).map(|k| (k as f64 * a.ln() - ln_fact(k)).exp()).sum();
    let tail = (c as f64 * a.ln() - ln_fact(c)).exp() / (1.0 - rho);
    tail / (head + tail)
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn two_windows_at_one_erlang_wait_one_time_in_three() {
    assert!(close(erlang_c(2, 1.0, 1.0), 1.0 / 3.0, 1e-12));
    // Erlang B for the same load: 1/5.
    assert!(close(erlang_b(2, 1.0), 0.2, 1e-12));
}

#[test]
fn one_window_waits_with_probability_rho() {
    for rho in [0.1, 0.5, 0.9, 0.99] {
        assert!(close(erlang_c(1, rho, 1.0), rho, 1e-12));
        let mean = mmc_mean_wait(1, rho, 1.0).unwrap();
        assert!(close(mean, rho / (1.0 - rho), 1e-12), "rho {rho}: {mean}");
    }
}

#[test]
fn matches_the_definition_for_small_halls() {
    for c in 1..=30 {
        for rho in [0.05, 0.3, 0.7, 0.95] {
            let a = rho * c as f64;
            let got = erlang_c(c, a / 4.0, 0.25);
            let want = erlang_c_by_definition(c, a);
            assert!(close(got, want, 1e-9), "c {c}, rho {rho}: {got} vs {want}");
        }
    }
}

#[test]
fn stays_finite_and_accurate_for_hundreds_of_windows() {
    for (c, a) in [(300, 280.0), (500, 490.0), (200, 100.0)] {
        let got = erlang_c(c, a, 1.0);
        assert!(
            got.is_finite() && (0.0..=1.0).contains(&got),
            "c {c}: {got}"
        );
        let want = erlang_c_by_definition(c, a);
        assert!(close(got, want, 1e-8), "c {c}: {got} vs {want}");
    }
}

#[test]
fn quantile_inverts_the_exceedance() {
    let (c, lambda, mu) = (3, 10.0 / 60.0, 1.0 / 15.0);
    for p in [0.5, 0.8, 0.9, 0.99] {
        let t = mmc_wait_quantile(c, lambda, mu, p).unwrap();
        let tail = mmc_wait_exceedance(c, lambda, mu, t).unwrap();
        assert!(close(tail, 1.0 - p, 1e-9), "p {p}: P(W > {t}) = {tail}");
    }
    // Most residents walk straight up to a window: the median wait is zero.
    assert_eq!(mmc_wait_quantile(10, 1.0, 1.0, 0.5), Some(0.0));
    assert_eq!(mmc_wait_exceedance(c, lambda, mu, -1.0), Some(1.0));
}

#[test]
fn the_checked_queue_agrees_with_the_free_functions() {
    let (c, lambda, mu) = (3, 10.0 / 60.0, 1.0 / 15.0);
    let q = MmcQueue::new(c, lambda, mu).unwrap();
    assert_eq!(q.windows(), 3);
    assert!(close(q.utilisation(), 2.5 / 3.0, 1e-12));
    assert_eq!(q.prob_wait(), erlang_c(c, lambda, mu));
    assert!(close(
        q.mean_wait(),
        mmc_mean_wait(c, lambda, mu).unwrap(),
        1e-12
    ));
    assert!(close(
        q.wait_exceedance(5.0),
        mmc_wait_exceedance(c, lambda, mu, 5.0).unwrap(),
        1e-12
    ));
    assert_eq!(
        q.wait_quantile(0.9).unwrap(),
        mmc_wait_quantile(c, lambda, mu, 0.9).unwrap()
    );
    assert_eq!(
        q.wait_quantile(1.0),
        Err(QueueError::InvalidProbability(1.0))
    );
}

#[test]
fn an_overloaded_hall_has_no_steady_state() {
    assert_eq!(erlang_c(2, 2.0, 1.0), 1.0);
    assert_eq!(mmc_mean_wait(2, 2.0, 1.0), None);
    assert_eq!(mmc_mean_wait(2, 3.0, 1.0), None);
    assert_eq!(mmc_wait_quantile(2, 2.0, 1.0, 0.9), None);
    assert_eq!(
        MmcQueue::new(2, 3.0, 1.0),
        Err(QueueError::Unstable { utilisation: 1.5 })
    );
    let message = MmcQueue::new(2, 2.0, 1.0).unwrap_err().to_string();
    assert!(
        message.contains("1.000") && message.contains("more windows"),
        "{message}"
    );
}

#[test]
fn nonsense_inputs_are_answered_not_panicked_on() {
    assert!(erlang_c(0, 1.0, 1.0).is_nan());
    assert!(erlang_c(2, -1.0, 1.0).is_nan());
    assert!(erlang_c(2, 1.0, 0.0).is_nan());
    assert!(utilisation(2, f64::NAN, 1.0).is_nan());
    assert!(erlang_b(3, f64::INFINITY).is_nan());
    assert_eq!(mmc_mean_wait(0, 1.0, 1.0), None);
    assert_eq!(mmc_wait_quantile(2, 1.0, 1.0, -0.1), None);
    assert_eq!(mmc_wait_exceedance(2, 1.0, 1.0, f64::NAN), None);
    assert_eq!(MmcQueue::new(0, 1.0, 1.0), Err(QueueError::NoWindows));
    assert_eq!(
        MmcQueue::new(2, -1.0, 1.0),
        Err(QueueError::InvalidArrivalRate(-1.0))
    );
    assert_eq!(
        MmcQueue::new(2, 1.0, 0.0),
        Err(QueueError::InvalidServiceRate(0.0))
    );
}

#[test]
fn nobody_arriving_means_nobody_waits() {
    assert_eq!(erlang_c(3, 0.0, 1.0), 0.0);
    assert_eq!(mmc_mean_wait(3, 0.0, 1.0), Some(0.0));
    assert_eq!(mmc_wait_quantile(3, 0.0, 1.0, 0.9), Some(0.0));
}
