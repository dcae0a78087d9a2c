//! Checking a visit (走访) and a visiting duty as typed into a form or sent to the API, with every
//! problem named by field in both languages.

use crate::residents::Problem;
use chrono::NaiveDate;
use quanke_domain::catalog::vocab::Tag;
use quanke_domain::grid::visit::parse_interval;
use quanke_store::visits::NewVisit;
use serde::Deserialize;

/// Who records visits and sees who is due: the grid side.
pub(crate) const VISITORS: &[quanke_domain::account::Role] = &[
    quanke_domain::account::Role::Grid,
    quanke_domain::account::Role::Worker,
    quanke_domain::account::Role::Admin,
];

/// Who sets visiting duties: community workers and the administrator.
pub(crate) const DUTY_SETTERS: &[quanke_domain::account::Role] = &[
    quanke_domain::account::Role::Worker,
    quanke_domain::account::Role::Admin,
];

/// A visit as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct VisitInput {
    pub household_id: String,
    pub resident_id: String,
    /// YYYY-MM-DD; today when empty.
    pub visited_on: String,
    pub found: String,
    pub follow_up: String,
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Check a visit; `today` bounds the date (not in the future, not more than a year back).
pub(crate) fn check_visit(v: &VisitInput, today: NaiveDate) -> Result<NewVisit, Vec<Problem>> {
    let mut problems = Vec::new();
    if v.household_id.trim().is_empty() && v.resident_id.trim().is_empty() {
        problems.push(Problem::new(
            "household_id",
            "请选择走访的住户或居民",
            "Choose the household or the resident visited",
        ));
    }
    let on = if v.visited_on.trim().is_empty() {
        Some(today)
    } else {
        match NaiveDate::parse_from_str(v.visited_on.trim(), "%Y-%m-%d") {
            Ok(d) if d > today => {
                problems.push(Problem::new(
                    "visited_on",
                    "走访日期不能晚于今天",
                    "The visit date cannot be after today",
                ));
                None
            }
            Ok(d) if (today - d).num_days() > 366 => {
                problems.push(Problem::new(
                    "visited_on",
                    "走访日期不能早于一年前",
                    "The visit date cannot be more than a year ago",
                ));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(Problem::new(
                    "visited_on",
                    "走访日期格式应为 YYYY-MM-DD，如 2026-11-29",
                    "Write the visit date as YYYY-MM-DD, e.g. 2026-11-29",
                ));
                None
            }
        }
    };
    let found = v.found.trim();
    let n = found.chars().count();
    if n < 2 {
        problems.push(Problem::new(
            "found",
            "请填写走访情况（至少两个字）",
            "Write what was found (at least two characters)",
        ));
    } else if n > 2000 {
        problems.push(Problem::new(
            "found",
            "走访情况最多 2000 字",
            "What was found is at most 2000 characters",
        ));
    }
    if v.follow_up.trim().chars().count() > 2000 {
        problems.push(Problem::new(
            "follow_up",
            "后续事项最多 2000 字",
            "The follow-up is at most 2000 characters",
        ));
    }
    match on {
        Some(d) if problems.is_empty() => Ok(NewVisit {
            household_id: some(&v.household_id),
            resident_id: some(&v.resident_id),
            visited_on: d,
            found: found.to_string(),
            follow_up: v.follow_up.trim().to_string(),
        }),
        _ => Err(problems),
    }
}

/// A duty as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DutyInput {
    pub org_code: String,
    pub tag: String,
    pub every_days: String,
    /// YYYY-MM-DD; today when empty.
    pub since: String,
}

/// A checked duty.
#[derive(Debug)]
pub(crate) struct DutyParts {
    pub org_code: quanke_domain::org::OrgCode,
    pub tag: Tag,
    pub every_days: u32,
    pub since: NaiveDate,
}

/// Check a duty.
pub(crate) fn check_duty(d: &DutyInput, today: NaiveDate) -> Result<DutyParts, Vec<Problem>> {
    let mut problems = Vec::new();
    let org = quanke_domain::org::OrgCode::parse(&d.org_code).map_err(|_| {
        Problem::new(
            "org_code",
            "请选择社区或网格",
            "Choose the community or grid",
        )
    });
    let tag = quanke_domain::grid::import::parse_tag(&d.tag).ok_or_else(|| {
        Problem::new(
            "tag",
            "请选择要定期走访的人群标签",
            "Choose the group to visit regularly",
        )
    });
    let every = parse_interval(&d.every_days).map_err(|_| {
        Problem::new(
            "every_days",
            "周期为 1 到 366 之间的整数天，如每周走访填 7",
            "The interval is a whole number of days from 1 to 366, e.g. 7 for weekly",
        )
    });
    let since = if d.since.trim().is_empty() {
        Ok(today)
    } else {
        NaiveDate::parse_from_str(d.since.trim(), "%Y-%m-%d").map_err(|_| {
            Problem::new(
                "since",
                "起始日期格式应为 YYYY-MM-DD",
                "Write the start date as YYYY-MM-DD",
            )
        })
    };
    for p in [
        &org.as_ref().err(),
        &tag.as_ref().err(),
        &every.as_ref().err(),
        &since.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        problems.push((*p).clone());
    }
    match (org, tag, every, since) {
        (Ok(org_code), Ok(tag), Ok(every_days), Ok(since)) => Ok(DutyParts {
            org_code,
            tag,
            every_days,
            since,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn visits_are_checked() {
        let today = d("2026-11-29");
        let ok = check_visit(
            &VisitInput {
                household_id: "h1".into(),
                found: "老人身体好".into(),
                ..Default::default()
            },
            today,
        )
        .unwrap();
        assert_eq!(ok.visited_on, today);
        let bad = check_visit(
            &VisitInput {
                visited_on: "2026-12-01".into(),
                ..Default::default()
            },
            today,
        )
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["household_id", "visited_on", "found"]);
    }

    #[test]
    fn duties_are_checked() {
        let today = d("2026-11-29");
        let ok = check_duty(
            &DutyInput {
                org_code: "370102-003-001".into(),
                tag: "独居老人".into(),
                every_days: "7".into(),
                since: String::new(),
            },
            today,
        )
        .unwrap();
        assert_eq!(ok.every_days, 7);
        let bad = check_duty(&DutyInput::default(), today).unwrap_err();
        assert_eq!(bad.len(), 3);
    }
}
