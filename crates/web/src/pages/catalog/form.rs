//! The guide editor's form: every field as the text that was typed, so a form sent back with
//! errors keeps all of it; turned into a [`Guide`] only when every value parses.

use quanke_domain::catalog::vocab::{Delivery, LifeEvent, MaterialForm, Situation, StepRole, Tag};
use quanke_domain::catalog::{Faq, Guide, Material, Rule, RuleCheck, Step};
use std::collections::HashMap;

/// A material row as typed.
#[derive(Default, Clone)]
pub(crate) struct MaterialRow {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub form: String,
    pub copies: String,
    pub required: bool,
    pub note_zh: String,
    pub note_en: String,
    pub waiver_zh: String,
}

/// A step row as typed.
#[derive(Default, Clone)]
pub(crate) struct StepRow {
    pub name_zh: String,
    pub name_en: String,
    pub role: String,
    pub what_zh: String,
    pub what_en: String,
    pub days: String,
}

/// An FAQ row as typed.
#[derive(Default, Clone)]
pub(crate) struct FaqRow {
    pub q_zh: String,
    pub a_zh: String,
    pub q_en: String,
    pub a_en: String,
}

/// A rule row as typed.
#[derive(Default, Clone)]
pub(crate) struct RuleRow {
    pub kind: String,
    pub value: String,
    pub text_zh: String,
    pub text_en: String,
}

/// The whole form.
#[derive(Default, Clone)]
pub(crate) struct GuideForm {
    pub fields: HashMap<String, String>,
    pub delivery: Vec<String>,
    pub life_events: Vec<String>,
    pub materials: Vec<MaterialRow>,
    pub steps: Vec<StepRow>,
    pub faqs: Vec<FaqRow>,
    pub rules: Vec<RuleRow>,
}

/// Fields holding one entry per line.
pub(crate) const LINE_FIELDS: &[(&str, &str)] = &[
    ("aliases", "field.aliases"),
    ("conditions_zh", "field.conditions_zh"),
    ("conditions_en", "field.conditions_en"),
    ("legal_basis", "field.legal_basis"),
    ("related", "field.related"),
];

fn lines(v: &[String]) -> String {
    v.join("\n")
}

fn split_lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl GuideForm {
    /// The form filled from a guide.
    pub fn from_guide(g: &Guide) -> GuideForm {
        let mut f = HashMap::new();
        for (k, v) in [
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
        ] {
            f.insert(k.to_string(), v.clone());
        }
        f.insert("situation".into(), g.situation.code().into());
        f.insert("legal_days".into(), g.legal_days.to_string());
        f.insert("promised_days".into(), g.promised_days.to_string());
        f.insert("fee_yuan".into(), g.fee_yuan.to_string());
        f.insert("visits".into(), g.visits.to_string());
        f.insert("aliases".into(), lines(&g.aliases));
        f.insert("conditions_zh".into(), lines(&g.conditions_zh));
        f.insert("conditions_en".into(), lines(&g.conditions_en));
        f.insert("legal_basis".into(), lines(&g.legal_basis));
        f.insert("related".into(), lines(&g.related));
        GuideForm {
            fields: f,
            delivery: g.delivery.iter().map(|d| d.code().to_string()).collect(),
            life_events: g.life_events.iter().map(|e| e.code().to_string()).collect(),
            materials: g
                .materials
                .iter()
                .map(|m| MaterialRow {
                    key: m.key.clone(),
                    name_zh: m.name_zh.clone(),
                    name_en: m.name_en.clone(),
                    form: m.form.code().into(),
                    copies: m.copies.to_string(),
                    required: m.required,
                    note_zh: m.note_zh.clone().unwrap_or_default(),
                    note_en: m.note_en.clone().unwrap_or_default(),
                    waiver_zh: m.waiver_zh.clone().unwrap_or_default(),
                })
                .collect(),
            steps: g
                .steps
                .iter()
                .map(|s| StepRow {
                    name_zh: s.name_zh.clone(),
                    name_en: s.name_en.clone(),
                    role: s.role.code().into(),
                    what_zh: s.what_zh.clone(),
                    what_en: s.what_en.clone(),
                    days: s.days.to_string(),
                })
                .collect(),
            faqs: g
                .faqs
                .iter()
                .map(|q| FaqRow {
                    q_zh: q.q_zh.clone(),
                    a_zh: q.a_zh.clone(),
                    q_en: q.q_en.clone(),
                    a_en: q.a_en.clone(),
                })
                .collect(),
            rules: g
                .rules
                .iter()
                .map(|r| {
                    let (kind, value) = match &r.check {
                        RuleCheck::AgeMin(a) => ("age_min", a.to_string()),
                        RuleCheck::AgeMax(a) => ("age_max", a.to_string()),
                        RuleCheck::Tag(t) => ("tag", t.code().to_string()),
                        RuleCheck::NotTag(t) => ("not_tag", t.code().to_string()),
                        RuleCheck::Residence(v) => ("residence", v.clone()),
                    };
                    RuleRow {
                        kind: kind.into(),
                        value,
                        text_zh: r.text_zh.clone(),
                        text_en: r.text_en.clone(),
                    }
                })
                .collect(),
        }
    }

    /// The form as posted (`material.0.key=…` style names for rows).
    pub fn from_pairs(pairs: &[(String, String)]) -> GuideForm {
        let mut f = GuideForm::default();
        for (k, v) in pairs {
            let mut parts = k.splitn(3, '.');
            match (
                parts.next(),
                parts.next().and_then(|i| i.parse::<usize>().ok()),
                parts.next(),
            ) {
                (Some(table), Some(i), Some(col)) if i < 60 => f.set_row(table, i, col, v),
                _ => match k.as_str() {
                    "delivery" => f.delivery.push(v.clone()),
                    "life_events" => f.life_events.push(v.clone()),
                    _ => {
                        f.fields.insert(k.clone(), v.clone());
                    }
                },
            }
        }
        f
    }

    fn set_row(&mut self, table: &str, i: usize, col: &str, v: &str) {
        fn at<T: Default + Clone>(rows: &mut Vec<T>, i: usize) -> &mut T {
            if rows.len() <= i {
                rows.resize(i + 1, T::default());
            }
            &mut rows[i]
        }
        let v = v.to_string();
        match table {
            "material" => {
                let r = at(&mut self.materials, i);
                match col {
                    "key" => r.key = v,
                    "name_zh" => r.name_zh = v,
                    "name_en" => r.name_en = v,
                    "form" => r.form = v,
                    "copies" => r.copies = v,
                    "required" => r.required = v == "on" || v == "true",
                    "note_zh" => r.note_zh = v,
                    "note_en" => r.note_en = v,
                    "waiver_zh" => r.waiver_zh = v,
                    _ => {}
                }
            }
            "step" => {
                let r = at(&mut self.steps, i);
                match col {
                    "name_zh" => r.name_zh = v,
                    "name_en" => r.name_en = v,
                    "role" => r.role = v,
                    "what_zh" => r.what_zh = v,
                    "what_en" => r.what_en = v,
                    "days" => r.days = v,
                    _ => {}
                }
            }
            "faq" => {
                let r = at(&mut self.faqs, i);
                match col {
                    "q_zh" => r.q_zh = v,
                    "a_zh" => r.a_zh = v,
                    "q_en" => r.q_en = v,
                    "a_en" => r.a_en = v,
                    _ => {}
                }
            }
            "rule" => {
                let r = at(&mut self.rules, i);
                match col {
                    "kind" => r.kind = v,
                    "value" => r.value = v,
                    "text_zh" => r.text_zh = v,
                    "text_en" => r.text_en = v,
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// One field's text.
    pub fn get(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }

    /// Blank rows to add more entries.
    pub fn with_blank_rows(mut self) -> GuideForm {
        self.materials.push(MaterialRow {
            form: "original".into(),
            copies: "1".into(),
            required: true,
            ..Default::default()
        });
        self.steps.push(StepRow {
            role: "worker".into(),
            days: "1".into(),
            ..Default::default()
        });
        self.faqs.push(FaqRow::default());
        self.rules.push(RuleRow::default());
        self
    }

    /// Turn the form into a guide, keeping from `base` what the form does not edit (code, the
    /// hand-written exam questions). Errors name the field, in the language's words.
    pub fn to_guide(&self, base: &Guide) -> Result<Guide, Vec<String>> {
        let mut errors = Vec::new();
        let num = |key: &str, errors: &mut Vec<String>| -> u32 {
            self.get(key).trim().parse::<u32>().unwrap_or_else(|_| {
                errors.push(format!("{key}: a whole number of 0 or more"));
                0
            })
        };
        let legal_days = num("legal_days", &mut errors);
        let promised_days = num("promised_days", &mut errors);
        let visits = num("visits", &mut errors);
        let fee_yuan = self
            .get("fee_yuan")
            .trim()
            .parse::<f64>()
            .unwrap_or_else(|_| {
                errors.push("fee_yuan: a number such as 0 or 12.5".into());
                0.0
            });
        let situation = Situation::parse(self.get("situation")).unwrap_or_else(|| {
            errors.push("situation: choose one".into());
            base.situation
        });
        let delivery = self
            .delivery
            .iter()
            .filter_map(|d| Delivery::parse(d))
            .collect();
        let life_events = self
            .life_events
            .iter()
            .filter_map(|e| LifeEvent::parse(e))
            .collect();
        let mut materials = Vec::new();
        for (i, m) in self.materials.iter().enumerate() {
            if m.key.trim().is_empty() && m.name_zh.trim().is_empty() {
                continue;
            }
            let Some(form) = MaterialForm::parse(&m.form) else {
                errors.push(format!("material[{i}]: choose the kind of document"));
                continue;
            };
            let copies = m.copies.trim().parse().unwrap_or_else(|_| {
                errors.push(format!("material[{i}].copies: a whole number"));
                1
            });
            let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            materials.push(Material {
                key: m.key.trim().to_string(),
                name_zh: m.name_zh.trim().to_string(),
                name_en: m.name_en.trim().to_string(),
                form,
                copies,
                required: m.required,
                note_zh: opt(&m.note_zh),
                note_en: opt(&m.note_en),
                waiver_zh: opt(&m.waiver_zh),
            });
        }
        let mut steps = Vec::new();
        for (i, s) in self.steps.iter().enumerate() {
            if s.name_zh.trim().is_empty() && s.what_zh.trim().is_empty() {
                continue;
            }
            let role = StepRole::parse(&s.role).unwrap_or_else(|| {
                errors.push(format!("step[{i}].role: choose who acts"));
                StepRole::Worker
            });
            let days = s.days.trim().parse().unwrap_or_else(|_| {
                errors.push(format!("step[{i}].days: a whole number of working days"));
                0
            });
            steps.push(Step {
                name_zh: s.name_zh.trim().into(),
                name_en: s.name_en.trim().into(),
                role,
                what_zh: s.what_zh.trim().into(),
                what_en: s.what_en.trim().into(),
                days,
            });
        }
        let faqs = self
            .faqs
            .iter()
            .filter(|q| !(q.q_zh.trim().is_empty() && q.a_zh.trim().is_empty()))
            .map(|q| Faq {
                q_zh: q.q_zh.trim().into(),
                a_zh: q.a_zh.trim().into(),
                q_en: q.q_en.trim().into(),
                a_en: q.a_en.trim().into(),
            })
            .collect();
        let mut rules = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            if r.kind.trim().is_empty() {
                continue;
            }
            let v = r.value.trim();
            let check = match r.kind.as_str() {
                "age_min" => v.parse().ok().map(RuleCheck::AgeMin),
                "age_max" => v.parse().ok().map(RuleCheck::AgeMax),
                "tag" => Tag::parse(v).map(RuleCheck::Tag),
                "not_tag" => Tag::parse(v).map(RuleCheck::NotTag),
                "residence" => Some(RuleCheck::Residence(v.to_string())),
                _ => None,
            };
            match check {
                Some(check) => rules.push(Rule {
                    check,
                    text_zh: r.text_zh.trim().into(),
                    text_en: r.text_en.trim().into(),
                }),
                None => errors.push(format!(
                    "rule[{i}]: an age in years, or a tag code such as disabled"
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let t = |k: &str| self.get(k).trim().to_string();
        Ok(Guide {
            code: base.code.clone(),
            situation,
            name_zh: t("name_zh"),
            name_en: t("name_en"),
            summary_zh: t("summary_zh"),
            summary_en: t("summary_en"),
            aliases: split_lines(self.get("aliases")),
            department_zh: t("department_zh"),
            department_en: t("department_en"),
            window_zh: t("window_zh"),
            window_en: t("window_en"),
            hours_zh: t("hours_zh"),
            hours_en: t("hours_en"),
            phone: t("phone"),
            complaint_phone: t("complaint_phone"),
            who_zh: t("who_zh"),
            who_en: t("who_en"),
            conditions_zh: split_lines(self.get("conditions_zh")),
            conditions_en: split_lines(self.get("conditions_en")),
            legal_days,
            promised_days,
            fee_yuan,
            fee_zh: t("fee_zh"),
            fee_en: t("fee_en"),
            legal_basis: split_lines(self.get("legal_basis")),
            result_zh: t("result_zh"),
            result_en: t("result_en"),
            delivery,
            visits,
            related: split_lines(&self.get("related").replace([',', '，', ' '], "\n")),
            life_events,
            rules,
            materials,
            steps,
            faqs,
            questions: base.questions.clone(),
        })
    }
}
