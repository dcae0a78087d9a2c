//! Where a worker stands in a category: qualified, expired, needing a refresher (a guide of the
//! category changed in substance since they passed), or never qualified. All 8 qualified makes a
//! qualified general social worker (全科社工).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A worker's standing in one category on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Qualified,
    Expired,
    NeedsRefresher,
    None,
}

impl Standing {
    /// The code used in URLs, JSON and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Standing::Qualified => "qualified",
            Standing::Expired => "expired",
            Standing::NeedsRefresher => "needs_refresher",
            Standing::None => "none",
        }
    }
}

/// A stored qualification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualification {
    pub user_id: String,
    pub category_code: String,
    pub qualified_on: NaiveDate,
    pub expires_on: NaiveDate,
    /// Guides whose material change calls for a refresher (empty = none).
    pub refresher_guides: Vec<String>,
}

impl Qualification {
    /// The standing on `day`. An expired qualification is expired whatever else is true; a
    /// pending refresher means the worker is not to be relied on for the changed guides.
    pub fn standing(&self, day: NaiveDate) -> Standing {
        if day > self.expires_on || day < self.qualified_on {
            Standing::Expired
        } else if !self.refresher_guides.is_empty() {
            Standing::NeedsRefresher
        } else {
            Standing::Qualified
        }
    }

    /// True when the worker covers the category on `day` (for rosters and intake).
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.standing(day) == Standing::Qualified
    }
}

/// The standing of an optional qualification.
pub fn standing(q: Option<&Qualification>, day: NaiveDate) -> Standing {
    q.map_or(Standing::None, |q| q.standing(day))
}

/// The last day of a qualification gained on `on` for `months` months.
pub fn expiry(on: NaiveDate, months: u32) -> NaiveDate {
    on.checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// True when the worker is qualified in every one of `categories` on `day`.
pub fn is_general(quals: &[Qualification], categories: &[String], day: NaiveDate) -> bool {
    !categories.is_empty()
        && categories
            .iter()
            .all(|c| quals.iter().any(|q| &q.category_code == c && q.covers(day)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn standing_follows_dates_and_refreshers() {
        let mut q = Qualification {
            user_id: "u".into(),
            category_code: "MZ".into(),
            qualified_on: d("2026-01-10"),
            expires_on: expiry(d("2026-01-10"), 24),
            refresher_guides: vec![],
        };
        assert_eq!(q.expires_on, d("2028-01-09"));
        assert_eq!(q.standing(d("2028-01-09")), Standing::Qualified);
        assert_eq!(q.standing(d("2028-01-10")), Standing::Expired);
        q.refresher_guides.push("MZ-001-01".into());
        assert_eq!(q.standing(d("2026-06-01")), Standing::NeedsRefresher);
        assert_eq!(standing(None, d("2026-06-01")), Standing::None);
        let cats = vec!["MZ".to_string()];
        assert!(!is_general(
            std::slice::from_ref(&q),
            &cats,
            d("2026-06-01")
        ));
        q.refresher_guides.clear();
        assert!(is_general(&[q], &cats, d("2026-06-01")));
    }
}
