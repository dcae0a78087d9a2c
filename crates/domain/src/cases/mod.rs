//! A case (办件): what happens to one application from the window to the result.
//!
//! - [`workflow`]: the state machine — which action each state allows and which role may take it
//!   on the guide's current step.
//! - [`eligibility`]: a guide's machine-checkable rules against the applicant's record
//!   (met / not met / cannot tell).
//! - [`timing`]: the deadline in working days with suspended periods, and how urgent a case is.
//! - [`number`]: case numbers.
//! - [`rating`]: the resident's rating of the service (好差评).

pub mod eligibility;
pub mod number;
pub mod rating;
pub mod timing;
pub mod workflow;

pub use eligibility::{evaluate, Applicant, Outcome, RuleResult};
pub use number::CaseNumber;
pub use rating::Rating;
pub use timing::{case_deadline, pause_range, Urgency};
pub use workflow::{may_act, Action, ActionError, CaseState, Status, Transition};

use crate::catalog::Guide;

/// The materials of `guide` that are required and not among `received`, in the guide's order.
/// An unknown key in `received` is returned as an error naming it.
pub fn missing_materials(guide: &Guide, received: &[String]) -> Result<Vec<String>, String> {
    if let Some(bad) = received
        .iter()
        .find(|k| !guide.materials.iter().any(|m| &m.key == *k))
    {
        let known: Vec<&str> = guide.materials.iter().map(|m| m.key.as_str()).collect();
        return Err(format!(
            "{bad:?} is not a material of guide {}; its materials are: {}",
            guide.code,
            known.join(", ")
        ));
    }
    Ok(guide
        .required_materials()
        .filter(|m| !received.contains(&m.key))
        .map(|m| m.key.clone())
        .collect())
}

/// A name as the public tracking page shows it: the first character, then `*` for the rest but
/// the last (张*明, 李*, 欧**峰).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_but_recognisable() {
        assert_eq!(mask_name("张三明"), "张*明");
        assert_eq!(mask_name("李娜"), "李*");
        assert_eq!(mask_name("欧阳晓峰"), "欧**峰");
        assert_eq!(mask_name("王"), "*");
    }

    #[test]
    fn missing_materials_are_the_required_ones_not_brought() {
        let text = include_str!("../../../../catalog/items/MZ/MZ-004.toml");
        let item: crate::catalog::Item = toml::from_str(text).expect("MZ-004 parses");
        let guide = &item.guides[0];
        assert!(guide.required_materials().count() >= 2);
        let all: Vec<String> = guide.required_materials().map(|m| m.key.clone()).collect();
        assert!(missing_materials(guide, &all).unwrap().is_empty());
        let missing = missing_materials(guide, &all[1..]).unwrap();
        assert_eq!(missing, vec![all[0].clone()]);
        let err = missing_materials(guide, &["no_such_paper".into()]).unwrap_err();
        assert!(err.contains("no_such_paper"));
    }
}
