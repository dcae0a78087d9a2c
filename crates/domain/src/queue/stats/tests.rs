use super::*;
use chrono::TimeZone;

/// Unix ms of a Beijing time on 2026-11-`day`.
fn at(day: u32, hour: u32, minute: u32) -> i64 {
    beijing()
        .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .unwrap()
        .timestamp_millis()
}

fn served(category: &str, window: i64, worker: &str, times: [(u32, u32); 4]) -> TicketFacts {
    let [a, c, s, f] = times;
    TicketFacts {
        category: category.into(),
        status: TicketStatus::Done,
        window: Some(window),
        worker: Some(worker.into()),
        arrived_at: at(2, a.0, a.1),
        called_at: Some(at(2, c.0, c.1)),
        started_at: Some(at(2, s.0, s.1)),
        finished_at: Some(at(2, f.0, f.1)),
    }
}

fn known() -> Vec<TicketFacts> {
    vec![
        // Waits 0, 10, 20 min; services 10, 20, 30 min.
        served("MZ", 1, "li", [(9, 0), (9, 0), (9, 0), (9, 10)]),
        served("MZ", 1, "li", [(9, 0), (9, 10), (9, 10), (9, 30)]),
        served("JS", 2, "wang", [(10, 0), (10, 20), (10, 20), (10, 50)]),
        TicketFacts {
            category: "JS".into(),
            status: TicketStatus::NoShow,
            window: Some(2),
            worker: Some("wang".into()),
            arrived_at: at(2, 10, 0),
            called_at: Some(at(2, 10, 30)),
            started_at: None,
            finished_at: None,
        },
        TicketFacts {
            category: String::new(),
            status: TicketStatus::Waiting,
            window: None,
            worker: None,
            arrived_at: at(3, 8, 59),
            called_at: None,
            started_at: None,
            finished_at: None,
        },
    ]
}

#[test]
fn figures_from_known_tickets() {
    let s = HallStats::of(&known());
    assert_eq!(s.total.tickets, 5);
    assert_eq!(s.total.served, 3);
    assert_eq!(s.total.no_shows, 1);
    // Waits 0, 10, 20, 30: mean 15, p90 (nearest rank, 4th of 4) 30.
    assert_eq!(s.total.mean_wait_minutes, Some(15.0));
    assert_eq!(s.total.p90_wait_minutes, Some(30.0));
    assert_eq!(s.total.mean_service_minutes, Some(20.0));

    let days: Vec<&str> = s.by_day.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(days, ["2026-11-02", "2026-11-03"]);
    let hours: Vec<(&str, usize)> = s
        .by_hour
        .iter()
        .map(|f| (f.key.as_str(), f.tickets))
        .collect();
    assert_eq!(hours, [("08", 1), ("09", 2), ("10", 2)]);

    let mz = s.by_category.iter().find(|f| f.key == "MZ").unwrap();
    assert_eq!(mz.mean_wait_minutes, Some(5.0));
    assert_eq!(mz.mean_service_minutes, Some(15.0));
    let window2 = s.by_window.iter().find(|f| f.key == "02").unwrap();
    assert_eq!((window2.served, window2.no_shows), (1, 1));
    let wang = s.by_worker.iter().find(|f| f.key == "wang").unwrap();
    assert_eq!(wang.served, 1);
    assert_eq!(wang.mean_wait_minutes, Some(25.0));
}

#[test]
fn no_tickets_no_figures() {
    let s = HallStats::of(&[]);
    assert_eq!(s.total.tickets, 0);
    assert_eq!(s.total.mean_wait_minutes, None);
    assert!(s.by_day.is_empty());
    assert!(measured_workload(&[], 5).is_none());
}

#[test]
fn workload_from_tickets() {
    let w = measured_workload(&known(), 1).unwrap();
    let ArrivalRate::HourlyProfile(rates) = w.arrivals else {
        panic!("an hourly profile")
    };
    assert_eq!(
        (rates[8], rates[9], rates[10], rates[11]),
        (1.0, 2.0, 2.0, 0.0)
    );
    let names: Vec<&str> = w.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["JS", "MZ"]);
    assert_eq!(w.categories[0].weight, 2.0);
    assert_eq!(w.categories[1].service.mean_minutes(), 15.0);
    w.validate().unwrap();
}
