//! The calendar against the State Council's published schedules for 2024, 2025 and 2026
//! (国务院办公厅关于部分节假日安排的通知), written out here by hand from the notices, day by day:
//! every holiday is off, every make-up workday (调休) is on, and every other day follows
//! Monday–Friday. Also counts across the year boundaries.

use super::Calendar;
use chrono::{Datelike, NaiveDate, Weekday};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// (year, holidays off as (month, first day, last day), make-up workdays as (month, day)).
type Schedule = (i32, &'static [(u32, u32, u32)], &'static [(u32, u32)]);

const SCHEDULES: &[Schedule] = &[
    (
        2024,
        // 元旦 1/1; 春节 2/10–17; 清明 4/4–6; 劳动节 5/1–5; 端午 6/10; 中秋 9/15–17; 国庆 10/1–7
        &[
            (1, 1, 1),
            (2, 10, 17),
            (4, 4, 6),
            (5, 1, 5),
            (6, 10, 10),
            (9, 15, 17),
            (10, 1, 7),
        ],
        // 2/4 (Sun), 2/18 (Sun), 4/7 (Sun), 4/28 (Sun), 5/11 (Sat), 9/14 (Sat), 9/29 (Sun), 10/12 (Sat)
        &[
            (2, 4),
            (2, 18),
            (4, 7),
            (4, 28),
            (5, 11),
            (9, 14),
            (9, 29),
            (10, 12),
        ],
    ),
    (
        2025,
        // 元旦 1/1; 春节 1/28–2/4; 清明 4/4–6; 劳动节 5/1–5; 端午 5/31–6/2; 国庆·中秋 10/1–8
        &[
            (1, 1, 1),
            (1, 28, 31),
            (2, 1, 4),
            (4, 4, 6),
            (5, 1, 5),
            (5, 31, 31),
            (6, 1, 2),
            (10, 1, 8),
        ],
        // 1/26 (Sun), 2/8 (Sat), 4/27 (Sun), 9/28 (Sun), 10/11 (Sat)
        &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
    ),
    (
        2026,
        // 元旦 1/1–3; 春节 2/15–23; 清明 4/4–6; 劳动节 5/1–5; 端午 6/19–21; 中秋 9/25–27; 国庆 10/1–7
        &[
            (1, 1, 3),
            (2, 15, 23),
            (4, 4, 6),
            (5, 1, 5),
            (6, 19, 21),
            (9, 25, 27),
            (10, 1, 7),
        ],
        // 1/4 (Sun), 2/14 (Sat), 2/28 (Sat), 5/9 (Sat), 9/20 (Sun), 10/10 (Sat)
        &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
    ),
];

#[test]
fn every_day_of_2024_to_2026_matches_the_published_schedule() {
    let cal = Calendar::builtin();
    for (year, off, on) in SCHEDULES {
        let mut day = d(*year, 1, 1);
        let mut workdays = 0;
        while day.year() == *year {
            let is_off = off
                .iter()
                .any(|(m, a, b)| day.month() == *m && (*a..=*b).contains(&day.day()));
            let is_make_up = on.iter().any(|(m, x)| day.month() == *m && day.day() == *x);
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            let expected = !is_off && (is_make_up || !weekend);
            assert_eq!(cal.is_workday(day), expected, "{day}");
            if expected {
                workdays += 1;
            }
            day = day.succ_opt().unwrap();
        }
        // Working days in the year: 2024 has 251; 2025 and 2026 have 248 each.
        let total = if *year == 2024 { 251 } else { 248 };
        assert_eq!(workdays, total, "working days in {year}");
    }
}

#[test]
fn counts_cross_the_year_boundaries() {
    let cal = Calendar::builtin();
    // 2024-12-31 (Tue) + 1: 2025-01-01 is 元旦 → Thu 2025-01-02.
    assert_eq!(
        cal.add_workdays(d(2024, 12, 31), 1, &[]).date,
        d(2025, 1, 2)
    );
    // 2025-12-31 (Wed) + 1: 1/1–3 off, Sun 2026-01-04 is a make-up workday.
    let due = cal.add_workdays(d(2025, 12, 31), 1, &[]);
    assert_eq!(due.date, d(2026, 1, 4));
    assert!(!due.provisional);
    // + 2 → Mon 2026-01-05.
    assert_eq!(
        cal.add_workdays(d(2025, 12, 31), 2, &[]).date,
        d(2026, 1, 5)
    );
    // 2025-12-26 (Fri) + 5: 29, 30, 31, (1–3 off), 4 (Sun, make-up), 5.
    assert_eq!(
        cal.add_workdays(d(2025, 12, 26), 5, &[]).date,
        d(2026, 1, 5)
    );
    assert_eq!(cal.workdays_between(d(2025, 12, 26), d(2026, 1, 5)), 5);
    // 2026-12-31 + 1 reaches 2027, which has no calendar yet: provisional.
    let due = cal.add_workdays(d(2026, 12, 31), 1, &[]);
    assert_eq!(due.date, d(2027, 1, 1));
    assert!(due.provisional);
}

#[test]
fn spring_festival_2025_and_its_make_up_days() {
    let cal = Calendar::builtin();
    // Fri 2025-01-24 + 2: Sun 1/26 (make-up) and Mon 1/27.
    assert_eq!(
        cal.add_workdays(d(2025, 1, 24), 2, &[]).date,
        d(2025, 1, 27)
    );
    // + 3: 1/28–2/4 off → Wed 2/5.
    assert_eq!(cal.add_workdays(d(2025, 1, 24), 3, &[]).date, d(2025, 2, 5));
    // 2024 National Day: Fri 2024-09-27 + 1 → Sun 9/29 (make-up); + 2 → Mon 9/30; + 3 → Tue 10/8.
    assert_eq!(
        cal.add_workdays(d(2024, 9, 27), 1, &[]).date,
        d(2024, 9, 29)
    );
    assert_eq!(
        cal.add_workdays(d(2024, 9, 27), 3, &[]).date,
        d(2024, 10, 8)
    );
}
