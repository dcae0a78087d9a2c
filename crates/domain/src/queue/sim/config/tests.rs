//! Configurations: what is accepted, what is turned away and why, and how they read from JSON.

use crate::queue::sim::{simulate, ArrivalRate, Mode, ServiceTime, SimConfig, MAX_CUSTOMERS};
use crate::queue::QueueError;

fn within(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs()
}

#[test]
fn lognormal_fit_keeps_the_observed_mean_and_spread() {
    let fitted = ServiceTime::lognormal_fit("permits", &[4.0, 6.0, 8.0, 14.0]).unwrap();
    let ServiceTime::LogNormal {
        mean_minutes,
        sd_minutes,
    } = fitted
    else {
        panic!("not lognormal: {fitted:?}");
    };
    assert!(within(mean_minutes, 8.0, 1e-12));
    assert!(within(sd_minutes, 14.0_f64.sqrt(), 1e-12));
    assert!(matches!(
        ServiceTime::lognormal_fit("permits", &[]),
        Err(QueueError::InvalidServiceTime { .. })
    ));
}

#[test]
fn bad_configurations_are_turned_away_with_a_reason() {
    let good = SimConfig::simple(3, 10.0, 15.0, Mode::Specialist, 1_000, 1);
    let check = |edit: &dyn Fn(&mut SimConfig), want: QueueError| {
        let mut config = good.clone();
        edit(&mut config);
        assert_eq!(simulate(&config), Err(want));
    };
    check(&|c| c.windows = 0, QueueError::NoWindows);
    check(
        &|c| c.workload.arrivals = ArrivalRate::PerHour(-5.0),
        QueueError::InvalidArrivalRate(-5.0),
    );
    check(
        &|c| c.workload.arrivals = ArrivalRate::PerHour(0.0),
        QueueError::NoArrivals,
    );
    check(
        &|c| c.workload.arrivals = ArrivalRate::HourlyProfile([0.0; 24]),
        QueueError::NoArrivals,
    );
    check(&|c| c.workload.categories.clear(), QueueError::NoCategories);
    check(
        &|c| c.windows = 2,
        QueueError::TooFewWindowsForCategories {
            windows: 2,
            categories: 3,
        },
    );
    check(
        &|c| c.workload.categories[1].weight = -1.0,
        QueueError::InvalidWeight {
            category: "window 2".to_owned(),
            weight: -1.0,
        },
    );
    check(
        &|c| {
            c.workload
                .categories
                .iter_mut()
                .for_each(|k| k.weight = 0.0)
        },
        QueueError::ZeroTotalWeight,
    );
    check(&|c| c.customers = 0, QueueError::NoCustomers);
    check(
        &|c| c.warmup_customers = MAX_CUSTOMERS + 1,
        QueueError::TooManyCustomers {
            requested: MAX_CUSTOMERS + 1,
            limit: MAX_CUSTOMERS,
        },
    );
    for service in [
        ServiceTime::exponential(0.0),
        ServiceTime::exponential(f64::NAN),
        ServiceTime::LogNormal {
            mean_minutes: 10.0,
            sd_minutes: -1.0,
        },
        ServiceTime::Empirical {
            observed_minutes: vec![],
        },
        ServiceTime::Empirical {
            observed_minutes: vec![3.0, -2.0],
        },
    ] {
        let mut config = good.clone();
        config.workload.categories[0].service = service;
        let err = simulate(&config).unwrap_err();
        assert!(
            matches!(err, QueueError::InvalidServiceTime { .. }),
            "{err:?}"
        );
        assert!(
            err.to_string().starts_with("category \"window 1\": "),
            "{err}"
        );
    }
    // Pooled mode needs no window per category.
    let mut pooled = good.clone();
    pooled.mode = Mode::Pooled;
    pooled.windows = 1;
    assert!(simulate(&pooled).is_ok());
}

#[test]
fn configuration_reads_from_json_and_report_writes_to_it() {
    let mut profile = vec![0.0; 24];
    profile[9] = 40.0;
    let json = serde_json::json!({
        "windows": 4,
        "mode": "specialist",
        "categories": [
            {
                "name": "社保",
                "weight": 2,
                "service": {"distribution": "exponential", "mean_minutes": 8}
            },
            {
                "name": "居住证",
                "service": {"distribution": "lognormal", "mean_minutes": 12, "sd_minutes": 6}
            },
            {
                "name": "其他",
                "weight": 0.5,
                "service": {"distribution": "empirical", "observed_minutes": [3, 5.5, 9]}
            }
        ],
        "arrivals": {"hourly_profile": profile},
        "customers": 5000,
        "seed": 11
    });
    let config: SimConfig = serde_json::from_value(json).unwrap();
    assert_eq!(config.workload.categories[1].weight, 1.0);
    assert_eq!(config.warmup_customers, 0);
    let report = simulate(&config).unwrap();
    let out = serde_json::to_value(&report).unwrap();
    assert_eq!(out["served"], 5000);
    assert_eq!(out["categories"][0]["name"], "社保");

    let round_trip: SimConfig =
        serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(round_trip, config);

    let short = r#"{
        "windows": 1, "mode": "pooled", "categories": [], "customers": 1,
        "arrivals": {"hourly_profile": [1, 2]}
    }"#;
    let err = serde_json::from_str::<SimConfig>(short)
        .unwrap_err()
        .to_string();
    assert!(err.contains("24"), "{err}");
}

#[test]
fn modes_parse_from_words() {
    assert_eq!("pooled".parse::<Mode>(), Ok(Mode::Pooled));
    assert_eq!(" Specialist ".parse::<Mode>(), Ok(Mode::Specialist));
    assert_eq!(
        "shared".parse::<Mode>(),
        Err(QueueError::UnknownMode("shared".to_owned()))
    );
    assert_eq!(Mode::Specialist.to_string(), "specialist");
}
