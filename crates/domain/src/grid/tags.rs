//! Resident tags as the grid's work sees them: grouped by the seed's data domains (party building,
//! human resources and social security, city management, comprehensive governance) plus civil
//! affairs, with the facts each tag needs (disability type and grade, party branch, 低保 since
//! when, …), and which facts are sensitive personal information (PIPL Art. 28: health, specific
//! identities, minors) and so are masked until an audited reveal.

use crate::catalog::vocab::Tag;
use crate::grid::category::Domain;
use chrono::NaiveDate;

/// How a fact is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// Free text, at most 60 characters.
    Text,
    /// A date, YYYY-MM-DD.
    Date,
    /// One of a fixed list.
    Choice(&'static [&'static str]),
}

/// One fact a tag carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    /// The key in the tag's detail (`type`, `grade`, `branch`, `since`, …).
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub kind: FactKind,
}

const DISABILITY_TYPES: &[&str] = &["视力", "听力", "言语", "肢体", "智力", "精神", "多重"];
const DISABILITY_GRADES: &[&str] = &["一级", "二级", "三级", "四级"];

/// The domain a tag is filed under.
pub fn domain_of(tag: Tag) -> Domain {
    match tag {
        Tag::PartyMember => Domain::PartyBuilding,
        Tag::Unemployed => Domain::SocialSecurity,
        Tag::Renter | Tag::Floating => Domain::CityManagement,
        Tag::CommunityCorrection | Tag::KeyYouth => Domain::Governance,
        _ => Domain::CivilAffairs,
    }
}

/// The facts a tag carries (most carry none).
pub fn facts(tag: Tag) -> &'static [Fact] {
    const fn f(key: &'static str, zh: &'static str, en: &'static str, kind: FactKind) -> Fact {
        Fact { key, zh, en, kind }
    }
    const DISABLED: [Fact; 2] = [
        f(
            "type",
            "残疾类别",
            "Type of disability",
            FactKind::Choice(DISABILITY_TYPES),
        ),
        f(
            "grade",
            "残疾等级",
            "Grade",
            FactKind::Choice(DISABILITY_GRADES),
        ),
    ];
    const PARTY: [Fact; 2] = [
        f("branch", "所在党支部", "Party branch", FactKind::Text),
        f("joined", "入党日期", "Joined on", FactKind::Date),
    ];
    const DIBAO: [Fact; 1] = [f(
        "since",
        "享受低保起始日期",
        "Receiving since",
        FactKind::Date,
    )];
    const TEKUN: [Fact; 1] = [f(
        "since",
        "特困供养起始日期",
        "Supported since",
        FactKind::Date,
    )];
    const UNEMPLOYED: [Fact; 1] = [f(
        "since",
        "失业登记日期",
        "Registered unemployed on",
        FactKind::Date,
    )];
    const VETERAN: [Fact; 1] = [f("discharged", "退役日期", "Discharged on", FactKind::Date)];
    const CORRECTION: [Fact; 1] = [f(
        "until",
        "矫正期满日期",
        "Correction ends on",
        FactKind::Date,
    )];
    const RENTER: [Fact; 1] = [f(
        "lease_until",
        "租约到期日期",
        "Lease ends on",
        FactKind::Date,
    )];
    match tag {
        Tag::Disabled => &DISABLED,
        Tag::PartyMember => &PARTY,
        Tag::Dibao => &DIBAO,
        Tag::Tekun => &TEKUN,
        Tag::Unemployed => &UNEMPLOYED,
        Tag::Veteran => &VETERAN,
        Tag::CommunityCorrection => &CORRECTION,
        Tag::Renter => &RENTER,
        _ => &[],
    }
}

/// True when the tag's facts are sensitive personal information: shown masked until an audited
/// reveal.
pub fn sensitive(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Disabled
            | Tag::Dibao
            | Tag::Tekun
            | Tag::CommunityCorrection
            | Tag::KeyYouth
            | Tag::LeftBehindChild
    )
}

/// Check a fact's value (already trimmed and not empty); the message says what is expected.
pub fn check_fact(fact: &Fact, value: &str) -> Result<String, (String, String)> {
    let v = value.trim();
    match fact.kind {
        FactKind::Text if v.chars().count() <= 60 => Ok(v.to_string()),
        FactKind::Text => Err((
            format!("“{}”最多 60 个字", fact.zh),
            format!("{} has at most 60 characters", fact.en),
        )),
        FactKind::Date => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| d.format("%Y-%m-%d").to_string())
            .map_err(|_| {
                (
                    format!("“{}”应为日期，如 2024-03-01", fact.zh),
                    format!("{} is a date such as 2024-03-01", fact.en),
                )
            }),
        FactKind::Choice(list) => {
            // Accept "2" or "2级" for 二级 as people write it.
            let normal = match v.trim_end_matches('级') {
                "1" | "一" => "一级",
                "2" | "二" => "二级",
                "3" | "三" => "三级",
                "4" | "四" => "四级",
                _ => v,
            };
            list.iter()
                .find(|c| **c == normal || **c == v)
                .map(|c| c.to_string())
                .ok_or_else(|| {
                    (
                        format!("“{}”应为以下之一：{}", fact.zh, list.join("、")),
                        format!("{} is one of: {}", fact.en, list.join(", ")),
                    )
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_has_a_domain_and_facts_check() {
        for t in Tag::ALL {
            let _ = domain_of(*t);
        }
        assert_eq!(domain_of(Tag::PartyMember), Domain::PartyBuilding);
        assert_eq!(domain_of(Tag::CommunityCorrection), Domain::Governance);
        let grade = &facts(Tag::Disabled)[1];
        assert_eq!(check_fact(grade, "2").unwrap(), "二级");
        assert_eq!(check_fact(grade, "二级").unwrap(), "二级");
        assert!(check_fact(grade, "五级")
            .unwrap_err()
            .0
            .contains("一级、二级"));
        let since = &facts(Tag::Dibao)[0];
        assert_eq!(check_fact(since, "2020-01-05").unwrap(), "2020-01-05");
        assert!(check_fact(since, "2020年1月").is_err());
        assert!(sensitive(Tag::Disabled) && !sensitive(Tag::PartyMember));
    }
}
