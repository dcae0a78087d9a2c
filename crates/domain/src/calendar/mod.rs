//! China's working-day calendar.
//!
//! Legal and promised time limits count working days (行政许可法 Art. 82). A day is a working day
//! when the State Council's calendar for its year says so (holidays off, make-up workdays 调休 on);
//! a day it does not list, or a day in a year without a calendar, follows Monday–Friday. The years
//! 2020–2026 are built in; an administrator loads later years at run time with
//! [`Calendar::load_year_json`] and [`Calendar::insert_year`], no release needed. A deadline that
//! reaches a year without a calendar is [`Deadline::provisional`] and should be recomputed once
//! the year is loaded.

mod builtin;
mod deadline;
mod error;
mod year;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

pub use deadline::{DateRange, Deadline};
pub use error::CalendarError;
pub use year::{SpecialDay, Year};

/// The working-day calendar: the official years it knows, and the Monday–Friday rule elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
    /// Every listed date → "is a working day", merged over all years. A year's own entry for a date
    /// wins over a neighbouring year's spill-over entry for it.
    overrides: BTreeMap<NaiveDate, bool>,
}

impl Calendar {
    /// The calendar with the built-in State Council years (2020–2026).
    pub fn builtin() -> Calendar {
        let mut calendar = Calendar::weekdays_only();
        for year in builtin::years() {
            calendar.years.insert(year.year(), year.clone());
        }
        calendar.rebuild();
        calendar
    }

    /// A calendar that knows no year: Monday–Friday everywhere, every deadline provisional.
    pub fn weekdays_only() -> Calendar {
        Calendar {
            years: BTreeMap::new(),
            overrides: BTreeMap::new(),
        }
    }

    /// Read and check a year file in holiday-cn's format,
    /// `{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, ..]}`.
    /// Refuses malformed JSON, bad dates, dates outside the year, repeated dates and empty files.
    pub fn load_year_json(json: &str) -> Result<Year, CalendarError> {
        Year::from_json(json)
    }

    /// Add a year, replacing (and returning) any earlier calendar of the same year.
    pub fn insert_year(&mut self, year: Year) -> Option<Year> {
        let old = self.years.insert(year.year(), year);
        self.rebuild();
        old
    }

    /// This calendar with `year` added (see [`Calendar::insert_year`]).
    pub fn with_year(mut self, year: Year) -> Calendar {
        self.insert_year(year);
        self
    }

    /// True when the official calendar of year `y` is loaded.
    pub fn knows_year(&self, y: i32) -> bool {
        self.years.contains_key(&y)
    }

    /// The years with an official calendar, in order.
    pub fn known_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The official calendar of year `y`, if loaded.
    pub fn year(&self, y: i32) -> Option<&Year> {
        self.years.get(&y)
    }

    /// True when `date` is a working day: as the official calendar lists it, otherwise
    /// Monday–Friday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        self.overrides
            .get(&date)
            .copied()
            .unwrap_or_else(|| is_weekday(date))
    }

    fn rebuild(&mut self) {
        self.overrides.clear();
        // Spill-over entries first, so that a year's own entries overwrite them.
        for own in [false, true] {
            for year in self.years.values() {
                for day in year.days() {
                    if (day.date.year() == year.year()) == own {
                        self.overrides.insert(day.date, !day.is_off_day);
                    }
                }
            }
        }
    }
}

impl Default for Calendar {
    /// The built-in calendar.
    fn default() -> Calendar {
        Calendar::builtin()
    }
}

/// Monday to Friday.
fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod official_tests;
#[cfg(test)]
mod tests;
