//! What counts as a material change of a guide: its materials, who may apply and the conditions
//! (and the machine-checked rules), the time limits, the fee, or the process steps. A reworded
//! FAQ, a summary or a material's note is not: a worker qualified yesterday still explains the
//! guide correctly.

use crate::catalog::Guide;

/// The substantive parts that differ between two versions of a guide (empty = no material change).
pub fn material_changes(old: &Guide, new: &Guide) -> Vec<&'static str> {
    let mut out = Vec::new();
    let materials = |g: &Guide| -> Vec<(String, String, bool, u32)> {
        g.materials
            .iter()
            .map(|m| (m.key.clone(), m.name_zh.clone(), m.required, m.copies))
            .collect()
    };
    if materials(old) != materials(new)
        || old
            .materials
            .iter()
            .map(|m| m.form)
            .ne(new.materials.iter().map(|m| m.form))
    {
        out.push("materials");
    }
    if old.who_zh != new.who_zh || old.conditions_zh != new.conditions_zh || old.rules != new.rules
    {
        out.push("conditions");
    }
    if old.promised_days != new.promised_days || old.legal_days != new.legal_days {
        out.push("time_limits");
    }
    if old.fee_yuan != new.fee_yuan {
        out.push("fee");
    }
    let steps = |g: &Guide| -> Vec<(String, crate::catalog::vocab::StepRole, u32)> {
        g.steps
            .iter()
            .map(|s| (s.name_zh.clone(), s.role, s.days))
            .collect()
    };
    if steps(old) != steps(new) {
        out.push("steps");
    }
    if old.department_zh != new.department_zh {
        out.push("department");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::questions::tests::real_catalog;

    #[test]
    fn a_faq_typo_is_not_material_but_a_new_time_limit_is() {
        let c = real_catalog();
        let old = c.guide("MZ-004-01").unwrap().clone();
        let mut typo = old.clone();
        typo.faqs[0].a_zh.push('。');
        typo.summary_zh.push('。');
        if let Some(m) = typo.materials.first_mut() {
            m.note_zh = Some("备注改了".into());
        }
        assert!(material_changes(&old, &typo).is_empty());
        let mut days = old.clone();
        days.promised_days += 1;
        assert_eq!(material_changes(&old, &days), vec!["time_limits"]);
        let mut mat = old.clone();
        mat.materials.pop();
        mat.fee_yuan = 5.0;
        assert_eq!(material_changes(&old, &mat), vec!["materials", "fee"]);
        let mut steps = old.clone();
        steps.steps[0].days += 1;
        steps.conditions_zh.push("新条件".into());
        assert_eq!(material_changes(&old, &steps), vec!["conditions", "steps"]);
    }
}
