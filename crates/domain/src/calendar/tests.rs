//! Tests of which days are working days.

use chrono::NaiveDate;

use super::*;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn builtin_knows_2020_to_2026() {
    let calendar = Calendar::builtin();
    assert_eq!(
        calendar.known_years().collect::<Vec<_>>(),
        (2020..=2026).collect::<Vec<_>>()
    );
    assert!(calendar.knows_year(2026));
    assert!(!calendar.knows_year(2019));
    assert!(!calendar.knows_year(2027));
    assert_eq!(calendar, Calendar::default());
    assert_eq!(calendar.year(2026).unwrap().days().len(), 39);
}

#[test]
fn make_up_saturday_2026_02_14_is_a_workday() {
    let calendar = Calendar::builtin();
    assert!(calendar.is_workday(d(2026, 2, 14)));
    // the plain rule says otherwise
    assert!(!Calendar::weekdays_only().is_workday(d(2026, 2, 14)));
    // an ordinary Saturday stays off
    assert!(!calendar.is_workday(d(2026, 3, 7)));
}

#[test]
fn spring_festival_and_national_day_2026_are_off() {
    let calendar = Calendar::builtin();
    for day in 15..=23 {
        assert!(!calendar.is_workday(d(2026, 2, day)), "2026-02-{day}");
    }
    assert!(calendar.is_workday(d(2026, 2, 24)));
    for day in 1..=7 {
        assert!(!calendar.is_workday(d(2026, 10, day)), "2026-10-{day}");
    }
    assert!(calendar.is_workday(d(2026, 10, 8)));
    assert!(calendar.is_workday(d(2026, 10, 10)), "make-up Saturday");
}

#[test]
fn unknown_years_follow_monday_to_friday() {
    let calendar = Calendar::builtin();
    assert!(
        calendar.is_workday(d(2027, 1, 1)),
        "a Friday without a calendar"
    );
    assert!(!calendar.is_workday(d(2027, 1, 2)));
    assert!(calendar.is_workday(d(2019, 10, 1)), "2019 is not built in");
}

#[test]
fn a_loaded_year_replaces_the_earlier_one() {
    let mut calendar = Calendar::builtin();
    let replacement = Calendar::load_year_json(
        r#"{"year":2026,"days":[{"name":"x","date":"2026-03-02","isOffDay":true}]}"#,
    )
    .unwrap();
    let old = calendar.insert_year(replacement).unwrap();
    assert_eq!(old.year(), 2026);
    assert!(!calendar.is_workday(d(2026, 3, 2)));
    assert!(
        calendar.is_workday(d(2026, 2, 16)),
        "the old holidays are gone"
    );
    assert!(
        !calendar.is_workday(d(2026, 2, 14)),
        "and so are the old make-up days"
    );
}

#[test]
fn a_years_own_entry_wins_over_a_neighbours_spill_over() {
    let spill = Calendar::load_year_json(
        r#"{"year":2031,"days":[{"name":"元旦","date":"2030-12-28","isOffDay":false}]}"#,
    )
    .unwrap();
    let own = Calendar::load_year_json(
        r#"{"year":2030,"days":[{"name":"其他","date":"2030-12-28","isOffDay":true}]}"#,
    )
    .unwrap();
    // 2030-12-28 is a Saturday
    let calendar = Calendar::weekdays_only().with_year(spill.clone());
    assert!(calendar.is_workday(d(2030, 12, 28)));
    assert!(!calendar.knows_year(2030));
    for calendar in [
        Calendar::weekdays_only()
            .with_year(spill.clone())
            .with_year(own.clone()),
        Calendar::weekdays_only().with_year(own).with_year(spill),
    ] {
        assert!(!calendar.is_workday(d(2030, 12, 28)));
    }
}
