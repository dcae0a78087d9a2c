//! Tests of counting working days: deadlines, suspensions, provisional years, days left.

use chrono::{Datelike, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn due(date: NaiveDate) -> Deadline {
    Deadline {
        date,
        provisional: false,
    }
}

/// The day-by-day count the fast path must agree with.
fn slow_add(calendar: &Calendar, start: NaiveDate, n: u32, suspended: &[DateRange]) -> Deadline {
    let (mut date, mut left, mut provisional) = (start, n, false);
    while left > 0 {
        date = date.succ_opt().unwrap();
        provisional |= !calendar.knows_year(date.year());
        if !suspended.iter().any(|r| r.contains(date)) && calendar.is_workday(date) {
            left -= 1;
        }
    }
    Deadline { date, provisional }
}

const YEAR_2027: &str = r#"{"year": 2027, "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-03", "isOffDay": true}]}"#;

#[test]
fn zero_days_is_the_start_itself() {
    let calendar = Calendar::builtin();
    for start in [d(2026, 2, 14), d(2026, 2, 15), d(2030, 6, 1)] {
        assert_eq!(calendar.add_workdays(start, 0, &[]), due(start));
    }
}

#[test]
fn counting_starts_the_day_after() {
    let calendar = Calendar::builtin();
    // accepted Monday 2026-03-02
    assert_eq!(
        calendar.add_workdays(d(2026, 3, 2), 1, &[]),
        due(d(2026, 3, 3))
    );
    assert_eq!(
        calendar.add_workdays(d(2026, 3, 2), 5, &[]),
        due(d(2026, 3, 9))
    );
    // accepted on a Saturday: Monday is day 1
    assert_eq!(
        calendar.add_workdays(d(2026, 3, 7), 1, &[]),
        due(d(2026, 3, 9))
    );
}

#[test]
fn spring_festival_2026_is_skipped_and_the_make_up_saturdays_count() {
    let calendar = Calendar::builtin();
    // accepted Friday 2026-02-13: the Saturday 14th is a workday, 15th–23rd are off
    assert_eq!(
        calendar.add_workdays(d(2026, 2, 13), 1, &[]),
        due(d(2026, 2, 14))
    );
    assert_eq!(
        calendar.add_workdays(d(2026, 2, 13), 2, &[]),
        due(d(2026, 2, 24))
    );
    // ... 24th–27th, then the make-up Saturday 28th, then Monday 2 March
    assert_eq!(
        calendar.add_workdays(d(2026, 2, 13), 6, &[]),
        due(d(2026, 2, 28))
    );
    assert_eq!(
        calendar.add_workdays(d(2026, 2, 13), 7, &[]),
        due(d(2026, 3, 2))
    );
    // the plain rule would have said 2026-02-24 for 7
    assert_eq!(
        Calendar::weekdays_only()
            .add_workdays(d(2026, 2, 13), 7, &[])
            .date,
        d(2026, 2, 24)
    );
}

#[test]
fn national_day_2026_is_skipped() {
    let calendar = Calendar::builtin();
    // accepted Wednesday 30 September: 1–7 October are off, Saturday 10th is a make-up day
    assert_eq!(
        calendar.add_workdays(d(2026, 9, 30), 1, &[]),
        due(d(2026, 10, 8))
    );
    assert_eq!(
        calendar.add_workdays(d(2026, 9, 30), 3, &[]),
        due(d(2026, 10, 10))
    );
    assert_eq!(
        calendar.add_workdays(d(2026, 9, 30), 4, &[]),
        due(d(2026, 10, 12))
    );
    // and the Mid-Autumn Friday before it: accepted Thursday 24th, Sunday 20th was a make-up day
    assert_eq!(
        calendar.add_workdays(d(2026, 9, 24), 1, &[]),
        due(d(2026, 9, 28))
    );
    // 20 working days from Tuesday 2026-09-15: 16–18, 20 (make-up), 21–24, 28–30, 8–10 October
    // (10th make-up), 12–16 and 19
    assert_eq!(
        calendar.add_workdays(d(2026, 9, 15), 20, &[]),
        due(d(2026, 10, 19))
    );
}

#[test]
fn a_deadline_in_an_unknown_year_is_provisional_until_the_year_is_loaded() {
    let mut calendar = Calendar::builtin();
    // accepted Sunday 2026-12-20: 21–25 and 28–31 December make 9, the 10th falls in 2027
    assert_eq!(
        calendar.add_workdays(d(2026, 12, 20), 9, &[]),
        due(d(2026, 12, 31))
    );
    let guess = calendar.add_workdays(d(2026, 12, 20), 10, &[]);
    assert_eq!(
        guess,
        Deadline {
            date: d(2027, 1, 1),
            provisional: true
        }
    );
    calendar.insert_year(Calendar::load_year_json(YEAR_2027).unwrap());
    assert!(calendar.knows_year(2027));
    // New Year's Day 2027 is a holiday after all
    assert_eq!(
        calendar.add_workdays(d(2026, 12, 20), 10, &[]),
        due(d(2027, 1, 4))
    );
    // a start in an unknown year makes it provisional too
    assert!(calendar.add_workdays(d(2019, 6, 3), 1, &[]).provisional);
}

#[test]
fn a_skipped_day_in_an_unknown_year_makes_it_provisional() {
    let calendar = Calendar::builtin();
    let suspended = [DateRange::new(d(2026, 12, 31), d(2027, 1, 4)).unwrap()];
    // accepted 2026-12-30; 31 December to 4 January suspended; day 1 is 5 January 2027
    let deadline = calendar.add_workdays(d(2026, 12, 30), 1, &suspended);
    assert_eq!(deadline.date, d(2027, 1, 5));
    assert!(deadline.provisional);
}

#[test]
fn suspended_days_do_not_count() {
    let calendar = Calendar::builtin();
    let start = d(2026, 3, 2);
    // a 7-day public notice, Wednesday 4th to Tuesday 10th, both included
    let notice = DateRange::new(d(2026, 3, 4), d(2026, 3, 10)).unwrap();
    assert_eq!(
        calendar.add_workdays(start, 5, &[notice]),
        due(d(2026, 3, 16))
    );
    // a single suspended day
    let one = DateRange::day(d(2026, 3, 3));
    assert_eq!(calendar.add_workdays(start, 5, &[one]), due(d(2026, 3, 10)));
    // a repeated range and a range ending on the start day change nothing
    let before = DateRange::new(d(2026, 2, 1), d(2026, 3, 2)).unwrap();
    assert_eq!(
        calendar.add_workdays(start, 5, &[notice, before, notice]),
        due(d(2026, 3, 16))
    );
    // both: 3 March and 4–10 March do not count
    assert_eq!(
        calendar.add_workdays(start, 5, &[notice, one]),
        due(d(2026, 3, 17))
    );
}

#[test]
fn a_reversed_range_is_refused() {
    let e = DateRange::new(d(2026, 3, 10), d(2026, 3, 4)).unwrap_err();
    assert!(matches!(e, CalendarError::RangeReversed { .. }));
    assert!(e.to_string().contains("swap"));
    let json = r#"{"start":"2026-03-10","end":"2026-03-04"}"#;
    assert!(serde_json::from_str::<DateRange>(json).is_err());
    let json = r#"{"start":"2026-03-04","end":"2026-03-10"}"#;
    let range: DateRange = serde_json::from_str(json).unwrap();
    assert_eq!(
        (range.start(), range.end()),
        (d(2026, 3, 4), d(2026, 3, 10))
    );
}

#[test]
fn long_counts_agree_with_the_day_by_day_count() {
    let calendar = Calendar::builtin();
    let mut rng = SmallRng::seed_from_u64(82);
    for _ in 0..300 {
        let start = d(2019, 1, 1) + Days::new(rng.gen_range(0..3650));
        let n = rng.gen_range(0..800);
        let suspended: Vec<DateRange> = (0..rng.gen_range(0..3))
            .map(|_| {
                let from = start + Days::new(rng.gen_range(0..400));
                DateRange::new(from, from + Days::new(rng.gen_range(0..40))).unwrap()
            })
            .collect();
        assert_eq!(
            calendar.add_workdays(start, n, &suspended),
            slow_add(&calendar, start, n, &suspended),
            "{start} + {n} with {suspended:?}"
        );
    }
}

#[test]
fn an_absurd_count_stops_at_the_end_of_time() {
    let deadline = Calendar::builtin().add_workdays(d(2026, 1, 1), u32::MAX, &[]);
    assert_eq!(deadline.date, NaiveDate::MAX);
    assert!(deadline.provisional);
    let deadline = Calendar::builtin().add_workdays(NaiveDate::MAX - Days::new(3), 5, &[]);
    assert_eq!(deadline.date, NaiveDate::MAX);
}

#[test]
fn workdays_between_counts_left_and_overdue() {
    let calendar = Calendar::builtin();
    // from Friday 13 February 2026 to Tuesday 24th: Saturday 14th and Tuesday 24th
    assert_eq!(calendar.workdays_between(d(2026, 2, 13), d(2026, 2, 24)), 2);
    assert_eq!(
        calendar.workdays_between(d(2026, 2, 24), d(2026, 2, 13)),
        -2
    );
    assert_eq!(calendar.workdays_between(d(2026, 2, 24), d(2026, 2, 24)), 0);
    // a deadline met today leaves 0; one day past a Friday deadline, on Monday, is 1 overdue
    assert_eq!(
        calendar.workdays_between(d(2026, 3, 16), d(2026, 3, 13)),
        -1
    );
    assert_eq!(
        calendar.workdays_between(d(2026, 9, 30), d(2026, 10, 10)),
        3
    );
}

#[test]
fn workdays_between_inverts_add_workdays() {
    let calendar = Calendar::builtin().with_year(Calendar::load_year_json(YEAR_2027).unwrap());
    let mut rng = SmallRng::seed_from_u64(7);
    for _ in 0..300 {
        let a = d(1990, 1, 1) + Days::new(rng.gen_range(0..20000));
        let b = d(1990, 1, 1) + Days::new(rng.gen_range(0..20000));
        let slow: i64 = if a <= b {
            a.iter_days()
                .skip(1)
                .take_while(|x| *x <= b)
                .filter(|x| calendar.is_workday(*x))
                .count() as i64
        } else {
            -(b.iter_days()
                .skip(1)
                .take_while(|x| *x <= a)
                .filter(|x| calendar.is_workday(*x))
                .count() as i64)
        };
        assert_eq!(calendar.workdays_between(a, b), slow, "{a} → {b}");
        let n = rng.gen_range(0..100);
        let deadline = calendar.add_workdays(a, n, &[]);
        assert_eq!(calendar.workdays_between(a, deadline.date), i64::from(n));
    }
    // across the whole range of dates
    assert_eq!(
        Calendar::weekdays_only().workdays_between(NaiveDate::MIN, NaiveDate::MIN + Days::new(14)),
        10
    );
}
