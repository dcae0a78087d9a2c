//! Visits (走访) and recurring visiting duties: "every elderly person living alone is visited
//! weekly". A duty names a tag and an interval; each resident with the tag is due when the interval
//! since their last visit (or since the duty began, if never visited) has run out, and overdue after.

use chrono::NaiveDate;
use serde::Serialize;

/// Where a resident stands against a duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Due {
    /// Visited recently enough; the next visit is due on `next`.
    Fine { next: NaiveDate },
    /// Due today or tomorrow.
    Due { next: NaiveDate },
    /// `days` late.
    Overdue { next: NaiveDate, days: i64 },
}

impl Due {
    pub fn as_str(&self) -> &'static str {
        match self {
            Due::Fine { .. } => "fine",
            Due::Due { .. } => "due",
            Due::Overdue { .. } => "overdue",
        }
    }

    /// True when a visit should be made now.
    pub fn wanted(&self) -> bool {
        !matches!(self, Due::Fine { .. })
    }
}

/// The state of one resident under a duty every `every_days` days, begun on `since`.
pub fn due(
    last_visit: Option<NaiveDate>,
    since: NaiveDate,
    every_days: u32,
    today: NaiveDate,
) -> Due {
    let from = last_visit.map_or(since, |v| v.max(since));
    let next = from + chrono::Days::new(u64::from(every_days));
    let left = (next - today).num_days();
    if left < 0 {
        Due::Overdue { next, days: -left }
    } else if left <= 1 {
        Due::Due { next }
    } else {
        Due::Fine { next }
    }
}

/// Why a duty's interval was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the interval is a whole number of days from 1 to 366, e.g. 7 for weekly")]
pub struct IntervalError;

/// Parse a duty's interval in days.
pub fn parse_interval(s: &str) -> Result<u32, IntervalError> {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=366).contains(&n) => Ok(n),
        _ => Err(IntervalError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekly_duty_fine_due_overdue() {
        let since = d("2026-11-01");
        let today = d("2026-11-29");
        assert_eq!(
            due(Some(d("2026-11-27")), since, 7, today),
            Due::Fine {
                next: d("2026-12-04")
            }
        );
        assert_eq!(
            due(Some(d("2026-11-22")), since, 7, today),
            Due::Due {
                next: d("2026-11-29")
            }
        );
        assert_eq!(
            due(Some(d("2026-11-20")), since, 7, today),
            Due::Overdue {
                next: d("2026-11-27"),
                days: 2
            }
        );
        // Never visited: counted from the start of the duty.
        assert_eq!(
            due(None, since, 7, today),
            Due::Overdue {
                next: d("2026-11-08"),
                days: 21
            }
        );
        // A visit before the duty began does not count back.
        assert_eq!(
            due(Some(d("2026-10-01")), d("2026-11-25"), 7, today),
            Due::Fine {
                next: d("2026-12-02")
            }
        );
        assert!(due(None, since, 7, today).wanted());
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval(" 7 "), Ok(7));
        assert_eq!(parse_interval("0"), Err(IntervalError));
        assert_eq!(parse_interval("weekly"), Err(IntervalError));
    }
}
