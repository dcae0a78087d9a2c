//! Duty rosters: on each day, do the workers on duty together cover every category? If not,
//! which categories are missing and who could be swapped in.

use super::qualification::Qualification;
use chrono::NaiveDate;
use serde::Serialize;

/// One day of a roster, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCoverage {
    pub day: NaiveDate,
    pub on_duty: Vec<String>,
    /// Categories nobody on duty is qualified for (in the order given).
    pub missing: Vec<String>,
    /// Workers not on duty who are qualified in at least one missing category, the most useful
    /// first, with the missing categories each would cover.
    pub candidates: Vec<(String, Vec<String>)>,
}

impl DayCoverage {
    /// True when the workers on duty cover every category.
    pub fn covered(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Check one day. `staff` is everyone who could be on duty at this hall.
pub fn check_day(
    day: NaiveDate,
    categories: &[String],
    on_duty: &[String],
    staff: &[String],
    quals: &[Qualification],
) -> DayCoverage {
    let covers = |user: &str, cat: &str| {
        quals
            .iter()
            .any(|q| q.user_id == user && q.category_code == cat && q.covers(day))
    };
    let missing: Vec<String> = categories
        .iter()
        .filter(|c| !on_duty.iter().any(|u| covers(u, c)))
        .cloned()
        .collect();
    let mut candidates: Vec<(String, Vec<String>)> = if missing.is_empty() {
        Vec::new()
    } else {
        staff
            .iter()
            .filter(|s| !on_duty.contains(s))
            .map(|s| {
                let c: Vec<String> = missing.iter().filter(|m| covers(s, m)).cloned().collect();
                (s.clone(), c)
            })
            .filter(|(_, c)| !c.is_empty())
            .collect()
    };
    candidates.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    DayCoverage {
        day,
        on_duty: on_duty.to_vec(),
        missing,
        candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(user: &str, cat: &str) -> Qualification {
        Qualification {
            user_id: user.into(),
            category_code: cat.into(),
            qualified_on: "2026-01-01".parse().unwrap(),
            expires_on: "2026-12-31".parse().unwrap(),
            refresher_guides: vec![],
        }
    }

    #[test]
    fn missing_categories_and_who_could_swap_in() {
        let cats: Vec<String> = ["MZ", "JS", "DJ"].iter().map(|s| s.to_string()).collect();
        let staff: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let mut quals = vec![
            q("a", "MZ"),
            q("a", "JS"),
            q("b", "DJ"),
            q("c", "DJ"),
            q("c", "JS"),
        ];
        let day = "2026-06-01".parse().unwrap();
        let full = check_day(day, &cats, &["a".into(), "b".into()], &staff, &quals);
        assert!(full.covered());
        let short = check_day(day, &cats, &["a".into()], &staff, &quals);
        assert_eq!(short.missing, vec!["DJ".to_string()]);
        assert_eq!(
            short.candidates,
            vec![
                ("b".to_string(), vec!["DJ".to_string()]),
                ("c".to_string(), vec!["DJ".to_string()])
            ]
        );
        // A qualification needing a refresher or expired by that day does not cover.
        quals[0].refresher_guides.push("MZ-001-01".into());
        let r = check_day(day, &cats, &["a".into(), "b".into()], &staff, &quals);
        assert_eq!(r.missing, vec!["MZ".to_string()]);
        let later = check_day(
            "2027-01-01".parse().unwrap(),
            &cats,
            &["c".into()],
            &staff,
            &quals,
        );
        assert_eq!(later.missing.len(), 3);
    }
}
