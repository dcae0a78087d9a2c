//! One year of the official calendar: the State Council's holidays and make-up workdays, read from
//! a holiday-cn year file (`{"year": .., "days": [{"name", "date", "isOffDay"}]}`).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::CalendarError;

/// A day the official calendar sets apart from the Monday–Friday rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpecialDay {
    /// The holiday it belongs to, e.g. `春节`.
    pub name: String,
    /// The day.
    pub date: NaiveDate,
    /// True for a day off (holiday), false for a make-up workday (调休).
    pub is_off_day: bool,
}

/// A checked year file: every date is real, lies in the year (or in the December/January next to
/// it, for a holiday that crosses New Year), and appears once. Build it with
/// [`Calendar::load_year_json`](super::Calendar::load_year_json).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Year {
    year: i32,
    papers: Vec<String>,
    days: Vec<SpecialDay>,
}

/// The file as written; dates are checked by hand so that a bad one gets its own message.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawYear {
    year: i32,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDay {
    name: String,
    date: String,
    is_off_day: bool,
}

impl Year {
    /// Parse and check a year file. See [`CalendarError`] for what is refused.
    pub(super) fn from_json(json: &str) -> Result<Year, CalendarError> {
        let raw: RawYear = serde_json::from_str(json).map_err(|e| CalendarError::Malformed {
            detail: e.to_string(),
            line: e.line(),
            column: e.column(),
        })?;
        if raw.days.is_empty() {
            return Err(CalendarError::NoDays { year: raw.year });
        }
        let mut seen = BTreeSet::new();
        let mut days = Vec::with_capacity(raw.days.len());
        for d in raw.days {
            let date = NaiveDate::parse_from_str(d.date.trim(), "%Y-%m-%d")
                .map_err(|_| CalendarError::BadDate { text: d.date })?;
            if !belongs_to(date, raw.year) {
                return Err(CalendarError::DateOutsideYear {
                    date,
                    year: raw.year,
                });
            }
            if !seen.insert(date) {
                return Err(CalendarError::DuplicateDate { date });
            }
            days.push(SpecialDay {
                name: d.name,
                date,
                is_off_day: d.is_off_day,
            });
        }
        days.sort_by_key(|d| d.date);
        Ok(Year {
            year: raw.year,
            papers: raw.papers,
            days,
        })
    }

    /// The calendar year the file is for.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The notices the file was transcribed from (links to gov.cn), if given.
    pub fn papers(&self) -> &[String] {
        &self.papers
    }

    /// The special days, in date order.
    pub fn days(&self) -> &[SpecialDay] {
        &self.days
    }

    /// The entry for `date`, if the file lists it.
    pub fn get(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.days
            .binary_search_by_key(&date, |d| d.date)
            .ok()
            .map(|i| &self.days[i])
    }
}

/// A year file may reach into the neighbouring December or January: the 2023 New Year holiday
/// began on 2022-12-31, and holiday-cn lists it in 2023.json. Anything farther is a mistake.
fn belongs_to(date: NaiveDate, year: i32) -> bool {
    date.year() == year
        || (date.year() == year - 1 && date.month() == 12)
        || (date.year() == year + 1 && date.month() == 1)
}

#[cfg(test)]
mod tests;
