//! Time limits of a case in working days.
//!
//! Counting starts the day after acceptance. A return for correction (补正) or a suspension (公示)
//! stops the clock: the days after the day it began, up to and including the day it ended, do not
//! count — so a case resumed on a day starts counting again the next day, exactly like a case
//! accepted that day. While a pause is still open the deadline moves with it (it is computed as if
//! the pause ended today).

use crate::calendar::{Calendar, DateRange, Deadline};
use chrono::NaiveDate;
use serde::Serialize;

/// The days a pause from `start` to `end` takes out of the count: `start + 1 ..= end`, or none
/// when it began and ended on the same day.
pub fn pause_range(start: NaiveDate, end: NaiveDate) -> Option<DateRange> {
    let first = start.succ_opt()?;
    DateRange::new(first, end).ok()
}

/// The deadline of a limit of `days` working days counted from `from` (acceptance, or the start of
/// a step), leaving out the closed `pauses` and an `open` pause that began on the given day and
/// still runs on `today`.
pub fn case_deadline(
    calendar: &Calendar,
    from: NaiveDate,
    days: u32,
    pauses: &[DateRange],
    open: Option<NaiveDate>,
    today: NaiveDate,
) -> Deadline {
    let mut all: Vec<DateRange> = pauses.to_vec();
    if let Some(r) = open.and_then(|s| pause_range(s, today.max(s))) {
        all.push(r);
    }
    calendar.add_workdays(from, days, &all)
}

/// How urgent a running case is: yellow once 80% of its time is used, red when overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Less than 80% of the time used.
    Green,
    /// 80% or more used, not overdue.
    Yellow,
    /// The deadline has passed.
    Red,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Green => "green",
            Urgency::Yellow => "yellow",
            Urgency::Red => "red",
        }
    }

    /// The urgency on `today` of a limit of `days` working days ending on `deadline`.
    pub fn of(calendar: &Calendar, days: u32, deadline: NaiveDate, today: NaiveDate) -> Urgency {
        if today > deadline {
            return Urgency::Red;
        }
        let left = calendar.workdays_between(today, deadline).max(0);
        let used = i64::from(days) - left;
        // used / days >= 0.8, in integers; a limit of 0 days (on the spot) is due today.
        if days == 0 || used * 5 >= i64::from(days) * 4 {
            Urgency::Yellow
        } else {
            Urgency::Green
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_pause_stops_the_clock_from_the_day_after_it_began() {
        let cal = Calendar::builtin();
        // Accepted Mon 2026-03-02, 5 working days: Tue 3 … Mon 9.
        let plain = case_deadline(&cal, d(2026, 3, 2), 5, &[], None, d(2026, 3, 2));
        assert_eq!(plain.date, d(2026, 3, 9));
        // Returned on Wed 4, corrected on Fri 6: Thu 5 and Fri 6 do not count.
        let p = pause_range(d(2026, 3, 4), d(2026, 3, 6)).unwrap();
        let paused = case_deadline(&cal, d(2026, 3, 2), 5, &[p], None, d(2026, 3, 6));
        assert_eq!(paused.date, d(2026, 3, 11));
        // Returned and corrected the same day: nothing changes.
        assert!(pause_range(d(2026, 3, 4), d(2026, 3, 4)).is_none());
        // An open pause since Wed 4, looked at on Fri 6, counts like one that ends today.
        let open = case_deadline(
            &cal,
            d(2026, 3, 2),
            5,
            &[],
            Some(d(2026, 3, 4)),
            d(2026, 3, 6),
        );
        assert_eq!(open.date, d(2026, 3, 11));
    }

    #[test]
    fn yellow_at_80_percent_red_when_overdue() {
        let cal = Calendar::builtin();
        // 10 working days from Mon 2026-03-02: due Mon 2026-03-16.
        let due = cal.add_workdays(d(2026, 3, 2), 10, &[]).date;
        assert_eq!(due, d(2026, 3, 16));
        assert_eq!(Urgency::of(&cal, 10, due, d(2026, 3, 3)), Urgency::Green);
        // Tue 10: 6 used (3,4,5,6,9,10), 4 left → 60%.
        assert_eq!(Urgency::of(&cal, 10, due, d(2026, 3, 10)), Urgency::Green);
        // Thu 12: 8 used, 2 left → 80%.
        assert_eq!(Urgency::of(&cal, 10, due, d(2026, 3, 12)), Urgency::Yellow);
        assert_eq!(Urgency::of(&cal, 10, due, d(2026, 3, 16)), Urgency::Yellow);
        assert_eq!(Urgency::of(&cal, 10, due, d(2026, 3, 17)), Urgency::Red);
        assert_eq!(
            Urgency::of(&cal, 0, d(2026, 3, 2), d(2026, 3, 2)),
            Urgency::Yellow
        );
    }
}
