//! Eligibility at intake: a guide's machine-checkable rules ([`RuleCheck`]) against what the
//! resident's record says. Each rule is met, not met, or cannot be told from the record (the
//! worker then checks it by hand, like the guide's plain-language conditions).

use crate::catalog::vocab::Tag;
use crate::catalog::{Guide, RuleCheck};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What the record says about the applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// From the ID number.
    pub birth_date: Option<NaiveDate>,
    /// The tags on the record.
    pub tags: Vec<Tag>,
    /// True when the record belongs to a unit of this subdistrict.
    pub lives_in_subdistrict: Option<bool>,
}

/// The answer for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    NotMet,
    CannotTell,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::NotMet => "not_met",
            Outcome::CannotTell => "cannot_tell",
        }
    }
}

/// One rule of the guide with its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    pub text_zh: String,
    pub text_en: String,
    pub outcome: Outcome,
}

/// Full years of age on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    u32::try_from(age).unwrap_or(0)
}

/// Check one rule.
pub fn check(rule: &RuleCheck, who: &Applicant, today: NaiveDate) -> Outcome {
    let yes = |b: bool| if b { Outcome::Met } else { Outcome::NotMet };
    match rule {
        RuleCheck::AgeMin(n) => who
            .birth_date
            .map_or(Outcome::CannotTell, |b| yes(age_on(b, today) >= *n)),
        RuleCheck::AgeMax(n) => who
            .birth_date
            .map_or(Outcome::CannotTell, |b| yes(age_on(b, today) <= *n)),
        // A tag missing from the record may just not be recorded yet: the proof decides.
        RuleCheck::Tag(t) => {
            if who.tags.contains(t) {
                Outcome::Met
            } else {
                Outcome::CannotTell
            }
        }
        RuleCheck::NotTag(t) => yes(!who.tags.contains(t)),
        RuleCheck::Residence(_) => who.lives_in_subdistrict.map_or(Outcome::CannotTell, yes),
    }
}

/// Every rule of `guide` against the applicant.
pub fn evaluate(guide: &Guide, who: &Applicant, today: NaiveDate) -> Vec<RuleResult> {
    guide
        .rules
        .iter()
        .map(|r| RuleResult {
            text_zh: r.text_zh.clone(),
            text_en: r.text_en.clone(),
            outcome: check(&r.check, who, today),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn who(birth: Option<NaiveDate>, tags: &[Tag]) -> Applicant {
        Applicant {
            birth_date: birth,
            tags: tags.to_vec(),
            lives_in_subdistrict: Some(true),
        }
    }

    #[test]
    fn age_counts_full_years_to_the_birthday() {
        assert_eq!(age_on(d(1946, 11, 30), d(2026, 11, 29)), 79);
        assert_eq!(age_on(d(1946, 11, 29), d(2026, 11, 29)), 80);
        let today = d(2026, 11, 29);
        let a = who(Some(d(1946, 11, 30)), &[]);
        assert_eq!(check(&RuleCheck::AgeMin(80), &a, today), Outcome::NotMet);
        let b = who(Some(d(1946, 11, 29)), &[]);
        assert_eq!(check(&RuleCheck::AgeMin(80), &b, today), Outcome::Met);
        assert_eq!(check(&RuleCheck::AgeMax(60), &b, today), Outcome::NotMet);
        assert_eq!(
            check(&RuleCheck::AgeMin(80), &who(None, &[]), today),
            Outcome::CannotTell
        );
    }

    #[test]
    fn tags_are_met_when_recorded_and_unknown_otherwise() {
        let today = d(2026, 1, 1);
        let a = who(None, &[Tag::Dibao]);
        assert_eq!(check(&RuleCheck::Tag(Tag::Dibao), &a, today), Outcome::Met);
        assert_eq!(
            check(&RuleCheck::Tag(Tag::Disabled), &a, today),
            Outcome::CannotTell
        );
        assert_eq!(
            check(&RuleCheck::NotTag(Tag::Dibao), &a, today),
            Outcome::NotMet
        );
        assert_eq!(
            check(&RuleCheck::NotTag(Tag::Tekun), &a, today),
            Outcome::Met
        );
    }

    #[test]
    fn residence_follows_the_record() {
        let today = d(2026, 1, 1);
        let mut a = who(None, &[]);
        let r = RuleCheck::Residence("subdistrict".into());
        assert_eq!(check(&r, &a, today), Outcome::Met);
        a.lives_in_subdistrict = Some(false);
        assert_eq!(check(&r, &a, today), Outcome::NotMet);
        a.lives_in_subdistrict = None;
        assert_eq!(check(&r, &a, today), Outcome::CannotTell);
    }
}
