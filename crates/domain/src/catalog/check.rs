//! `catalog check`: schema, unique codes, links between guides, and the completeness of every
//! guide. Each problem names its file and field so the person fixing it goes straight there.

use super::model::{Category, Guide, Item, RuleCheck};
use super::vocab::Situation;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One problem in the catalog's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, field: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.field, self.message)
        }
    }
}

/// The catalog's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub categories: usize,
    pub items: usize,
    pub guides: usize,
}

fn is_item_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_uppercase()
        && b[2] == b'-'
        && b[3..].iter().all(u8::is_ascii_digit)
}

fn is_snake(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Check parsed files. `items` pairs each item with its file's path.
pub(super) fn check(categories: &[Category], items: &[(String, Item)]) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut cat_codes = HashSet::new();
    for c in categories {
        if !cat_codes.insert(c.code.as_str()) {
            out.push(Problem::new(
                "catalog/categories.toml",
                &format!("category {}", c.code),
                "duplicate category code",
            ));
        }
        if c.name_zh.trim().is_empty() || c.name_en.trim().is_empty() {
            out.push(Problem::new(
                "catalog/categories.toml",
                &format!("category {}", c.code),
                "name_zh and name_en are required",
            ));
        }
    }
    let mut item_codes: HashMap<&str, &str> = HashMap::new();
    let mut guide_codes: HashMap<&str, &str> = HashMap::new();
    for (path, item) in items {
        let stem = std::path::Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if !is_item_code(&item.code) {
            out.push(Problem::new(
                path,
                "code",
                format!("{:?} is not an item code like MZ-001", item.code),
            ));
        }
        if stem != item.code {
            out.push(Problem::new(
                path,
                "code",
                format!("the file must be named {}.toml after its code", item.code),
            ));
        }
        if !item.code.starts_with(&format!("{}-", item.category)) {
            out.push(Problem::new(
                path,
                "category",
                format!("{} does not match the code {}", item.category, item.code),
            ));
        }
        if !cat_codes.contains(item.category.as_str()) {
            out.push(Problem::new(
                path,
                "category",
                format!(
                    "unknown category {:?}; see catalog/categories.toml",
                    item.category
                ),
            ));
        }
        if let Some(other) = item_codes.insert(&item.code, path) {
            out.push(Problem::new(
                path,
                "code",
                format!("item {} is also in {other}", item.code),
            ));
        }
        for (label, v) in [("name_zh", &item.name_zh), ("name_en", &item.name_en)] {
            if v.trim().is_empty() {
                out.push(Problem::new(path, label, "is required"));
            }
        }
        if item.guides.is_empty() {
            out.push(Problem::new(
                path,
                "guide",
                "an item needs at least one [[guide]]",
            ));
        }
        for g in &item.guides {
            if let Some(other) = guide_codes.insert(&g.code, path) {
                out.push(Problem::new(
                    path,
                    &format!("guide {}", g.code),
                    format!("duplicate guide code (also in {other})"),
                ));
            }
            check_guide(path, item, g, &mut out);
        }
    }
    for (path, item) in items {
        for g in &item.guides {
            for r in &g.related {
                if r == &g.code {
                    out.push(Problem::new(
                        path,
                        &format!("guide {} / related", g.code),
                        "a guide cannot be related to itself",
                    ));
                } else if !guide_codes.contains_key(r.as_str()) {
                    out.push(Problem::new(
                        path,
                        &format!("guide {} / related", g.code),
                        format!("no guide has the code {r}"),
                    ));
                }
            }
        }
    }
    out
}

fn check_guide(path: &str, item: &Item, g: &Guide, out: &mut Vec<Problem>) {
    let at = |field: &str| format!("guide {} / {field}", g.code);
    let mut p = |field: &str, msg: String| out.push(Problem::new(path, &at(field), msg));
    let digits = g.code.strip_prefix(&format!("{}-", item.code));
    if !digits.is_some_and(|d| d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit())) {
        p(
            "code",
            format!(
                "a guide's code is its item's code and two digits, like {}-01",
                item.code
            ),
        );
    }
    let required = [
        ("name_zh", &g.name_zh),
        ("name_en", &g.name_en),
        ("summary_zh", &g.summary_zh),
        ("summary_en", &g.summary_en),
        ("department_zh", &g.department_zh),
        ("department_en", &g.department_en),
        ("window_zh", &g.window_zh),
        ("window_en", &g.window_en),
        ("hours_zh", &g.hours_zh),
        ("hours_en", &g.hours_en),
        ("phone", &g.phone),
        ("complaint_phone", &g.complaint_phone),
        ("who_zh", &g.who_zh),
        ("who_en", &g.who_en),
        ("fee_zh", &g.fee_zh),
        ("fee_en", &g.fee_en),
        ("result_zh", &g.result_zh),
        ("result_en", &g.result_en),
    ];
    for (field, v) in required {
        if v.trim().is_empty() {
            p(field, "is required".into());
        }
    }
    if g.aliases.len() < 3 {
        p("aliases", "give at least 3 phrasings residents use".into());
    }
    if g.conditions_zh.is_empty() {
        p("conditions_zh", "list at least one condition".into());
    }
    if g.conditions_zh.len() != g.conditions_en.len() {
        p(
            "conditions_en",
            format!(
                "has {} entries but conditions_zh has {}",
                g.conditions_en.len(),
                g.conditions_zh.len()
            ),
        );
    }
    if g.promised_days > g.legal_days {
        p(
            "promised_days",
            format!(
                "{} is more than legal_days {}",
                g.promised_days, g.legal_days
            ),
        );
    }
    if g.fee_yuan < 0.0 || !g.fee_yuan.is_finite() {
        p("fee_yuan", "must be 0 or more".into());
    }
    if g.legal_basis.iter().all(|b| b.trim().is_empty()) {
        p("legal_basis", "cite at least one legal basis".into());
    }
    if g.delivery.is_empty() {
        p("delivery", "say how the result reaches the resident".into());
    }
    if g.visits > 2 {
        p(
            "visits",
            format!("{} visits; a guide needs 0, 1 or 2", g.visits),
        );
    }
    if g.life_events.is_empty() {
        p("life_events", "name at least one life event".into());
    }
    let (mut min_age, mut max_age) = (None, None);
    for (i, r) in g.rules.iter().enumerate() {
        let f = format!("rule[{i}]");
        match &r.check {
            RuleCheck::AgeMin(a) | RuleCheck::AgeMax(a) if *a > 150 => {
                p(&f, format!("age {a} is not plausible"))
            }
            RuleCheck::AgeMin(a) => min_age = Some(*a),
            RuleCheck::AgeMax(a) => max_age = Some(*a),
            RuleCheck::Residence(v) if v != "subdistrict" => {
                p(&f, "residence rules take the value \"subdistrict\"".into())
            }
            _ => {}
        }
        if r.text_zh.trim().is_empty() || r.text_en.trim().is_empty() {
            p(&f, "text_zh and text_en are required".into());
        }
    }
    if let (Some(lo), Some(hi)) = (min_age, max_age) {
        if lo > hi {
            p("rule", format!("age_min {lo} is above age_max {hi}"));
        }
    }
    if g.materials.is_empty() && !matches!(g.situation, Situation::Report | Situation::Consult) {
        p(
            "material",
            "list the materials (only reports and consultations may have none)".into(),
        );
    }
    let mut keys = HashSet::new();
    for (i, m) in g.materials.iter().enumerate() {
        let f = format!("material[{i}]");
        if !is_snake(&m.key) {
            p(&f, format!("key {:?} must be snake_case", m.key));
        }
        if !keys.insert(m.key.as_str()) {
            p(&f, format!("key {:?} is used twice", m.key));
        }
        if m.name_zh.trim().is_empty() || m.name_en.trim().is_empty() {
            p(&f, "name_zh and name_en are required".into());
        }
    }
    if g.steps.len() < 2 {
        p("step", "a process has at least 2 steps".into());
    }
    let mut total = 0;
    for (i, s) in g.steps.iter().enumerate() {
        total += s.days;
        if [&s.name_zh, &s.name_en, &s.what_zh, &s.what_en]
            .iter()
            .any(|v| v.trim().is_empty())
        {
            p(
                &format!("step[{i}]"),
                "name_zh, name_en, what_zh and what_en are required".into(),
            );
        }
    }
    if total > g.legal_days {
        p(
            "step",
            format!(
                "the steps take {total} working days, more than legal_days {}",
                g.legal_days
            ),
        );
    }
    if g.faqs.len() < 2 {
        p("faq", "give at least 2 frequently asked questions".into());
    }
    for (i, q) in g.faqs.iter().enumerate() {
        if [&q.q_zh, &q.a_zh, &q.q_en, &q.a_en]
            .iter()
            .any(|v| v.trim().is_empty())
        {
            p(
                &format!("faq[{i}]"),
                "q_zh, a_zh, q_en and a_en are required".into(),
            );
        }
    }
    for (i, q) in g.questions.iter().enumerate() {
        let f = format!("question[{i}]");
        let distinct: HashSet<_> = q.options_zh.iter().collect();
        if q.text_zh.trim().is_empty() || q.options_zh.len() < 2 {
            p(
                &f,
                "a question needs its text and at least 2 options".into(),
            );
        } else if distinct.len() != q.options_zh.len() {
            p(&f, "two options are the same".into());
        }
        if q.answer.is_empty() || q.answer.iter().any(|&a| a >= q.options_zh.len()) {
            p(
                &f,
                format!(
                    "answer must list option indexes from 0 to {}",
                    q.options_zh.len().saturating_sub(1)
                ),
            );
        }
    }
}
