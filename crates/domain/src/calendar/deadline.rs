//! Counting working days: the deadline of a time limit, and the working days left or overdue.

use std::ops::Bound::{Excluded, Included};

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{is_weekday, Calendar, CalendarError};

/// A span of days, both ends included, e.g. a public-notice period during which a case's time
/// limit is suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawRange")]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

#[derive(Deserialize)]
struct RawRange {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<RawRange> for DateRange {
    type Error = CalendarError;
    fn try_from(raw: RawRange) -> Result<DateRange, CalendarError> {
        DateRange::new(raw.start, raw.end)
    }
}

impl DateRange {
    /// The days from `start` to `end`, both included; refused when `end` is before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<DateRange, CalendarError> {
        if end < start {
            return Err(CalendarError::RangeReversed { start, end });
        }
        Ok(DateRange { start, end })
    }

    /// The single day `day`.
    pub fn day(day: NaiveDate) -> DateRange {
        DateRange {
            start: day,
            end: day,
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day (included).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// True when `date` lies in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// The last day of a time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadline {
    /// The day the limit runs out (work is due by the end of it).
    pub date: NaiveDate,
    /// True when the count went through a year whose official calendar is not loaded: the date
    /// assumes Monday–Friday there and must be recomputed once the year is known.
    pub provisional: bool,
}

impl Calendar {
    /// The day `n` working days after `start`. Counting starts the day after `start` (the day of
    /// acceptance does not count); days inside a `suspended` range do not count. `n = 0` gives
    /// `start` itself. A count that would pass the last date chrono can represent stops there,
    /// provisional.
    pub fn add_workdays(&self, start: NaiveDate, n: u32, suspended: &[DateRange]) -> Deadline {
        // After this day only the Monday–Friday rule applies, so whole weeks can be jumped over:
        // a huge `n` costs no more than a small one.
        let plain_after = self
            .overrides
            .keys()
            .next_back()
            .copied()
            .into_iter()
            .chain(suspended.iter().map(|r| r.end))
            .max();
        let overflow = Deadline {
            date: NaiveDate::MAX,
            provisional: true,
        };
        let mut date = start;
        let mut remaining = n;
        let mut provisional = false;
        while remaining > 0 {
            if remaining > 5 && plain_after.is_none_or(|p| date >= p) {
                // Every 7 days from any day hold exactly 5 weekdays; keep 1–5 to step through.
                let weeks = (remaining - 1) / 5;
                let Some(later) = date.checked_add_days(Days::new(7 * u64::from(weeks))) else {
                    return overflow;
                };
                let first = date.succ_opt().unwrap_or(later).year();
                provisional |= (first..=later.year()).any(|y| !self.knows_year(y));
                date = later;
                remaining -= 5 * weeks;
                continue;
            }
            let Some(next) = date.succ_opt() else {
                return overflow;
            };
            date = next;
            provisional |= !self.knows_year(date.year());
            if suspended.iter().any(|r| r.contains(date)) {
                continue;
            }
            if self.is_workday(date) {
                remaining -= 1;
            }
        }
        Deadline { date, provisional }
    }

    /// Working days after `a` up to and including `b`: with `a` today and `b` a deadline, the
    /// working days left (0 on the last day). When `b` is before `a` the result is negative: the
    /// working days after `b` up to and including `a`, i.e. how far the deadline is overdue.
    pub fn workdays_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.workdays_between(b, a);
        }
        let adjust: i64 = self
            .overrides
            .range((Excluded(a), Included(b)))
            .map(|(&date, &work)| match (work, is_weekday(date)) {
                (true, false) => 1,
                (false, true) => -1,
                _ => 0,
            })
            .sum();
        weekdays_upto(b) - weekdays_upto(a) + adjust
    }
}

/// The number of Monday–Friday days from 0001-01-01 (a Monday) up to and including `date`; it
/// goes negative before that, so differences work across the whole range.
fn weekdays_upto(date: NaiveDate) -> i64 {
    let offset = i64::from(date.num_days_from_ce()) - 1;
    offset.div_euclid(7) * 5 + (offset.rem_euclid(7) + 1).min(5)
}

#[cfg(test)]
mod tests;
