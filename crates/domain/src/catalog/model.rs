//! The catalog's records, exactly as `catalog/SCHEMA.md` describes the files. The same structs
//! are stored as JSON (each guide version) and written back to TOML by `catalog export`.

use super::vocab::{Delivery, LifeEvent, MaterialForm, Situation, StepRole, Tag};
use serde::{Deserialize, Serialize};

/// One of the 8 categories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub order: u32,
}

/// The categories file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoriesFile {
    pub category: Vec<Category>,
}

/// One item file: an item (事项) and its guides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub code: String,
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(rename = "guide")]
    pub guides: Vec<Guide>,
}

/// A guide (办事指南, 明白纸): one situation of an item, with every element a worker needs to
/// explain it completely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub code: String,
    pub situation: Situation,
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub department_zh: String,
    pub department_en: String,
    pub window_zh: String,
    pub window_en: String,
    pub hours_zh: String,
    pub hours_en: String,
    pub phone: String,
    pub complaint_phone: String,
    pub who_zh: String,
    pub who_en: String,
    pub conditions_zh: Vec<String>,
    pub conditions_en: Vec<String>,
    /// 法定时限, working days (0 = settled on the spot).
    pub legal_days: u32,
    /// 承诺时限, working days, at most `legal_days`.
    pub promised_days: u32,
    pub fee_yuan: f64,
    pub fee_zh: String,
    pub fee_en: String,
    pub legal_basis: Vec<String>,
    pub result_zh: String,
    pub result_en: String,
    pub delivery: Vec<Delivery>,
    /// 到现场次数: 0, 1 or 2.
    pub visits: u32,
    #[serde(default)]
    pub related: Vec<String>,
    pub life_events: Vec<LifeEvent>,
    #[serde(default, rename = "rule", skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    #[serde(default, rename = "material")]
    pub materials: Vec<Material>,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
    #[serde(rename = "faq")]
    pub faqs: Vec<Faq>,
    #[serde(default, rename = "question", skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

impl Guide {
    /// The item code (`MZ-001` of `MZ-001-01`).
    pub fn item_code(&self) -> &str {
        self.code
            .rsplit_once('-')
            .map(|(i, _)| i)
            .unwrap_or(&self.code)
    }

    /// The category code (`MZ` of `MZ-001-01`).
    pub fn category_code(&self) -> &str {
        self.code.split('-').next().unwrap_or("")
    }

    /// The name in the wanted language.
    pub fn name(&self, english: bool) -> &str {
        if english {
            &self.name_en
        } else {
            &self.name_zh
        }
    }

    /// The materials that are always required.
    pub fn required_materials(&self) -> impl Iterator<Item = &Material> {
        self.materials.iter().filter(|m| m.required)
    }
}

/// A machine-checkable condition, checked against the resident's record at intake.
/// (No `deny_unknown_fields` here: serde does not allow it beside `flatten`.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    #[serde(flatten)]
    pub check: RuleCheck,
    pub text_zh: String,
    pub text_en: String,
}

/// What a [`Rule`] checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum RuleCheck {
    /// At least this many years old.
    AgeMin(u32),
    /// At most this many years old.
    AgeMax(u32),
    /// The resident carries this tag.
    Tag(Tag),
    /// The resident does not carry this tag.
    NotTag(Tag),
    /// The resident lives in the subdistrict (value "subdistrict").
    Residence(String),
}

/// A document the applicant brings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub form: MaterialForm,
    pub copies: u32,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver_zh: Option<String>,
}

/// One step of the process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name_zh: String,
    pub name_en: String,
    pub role: StepRole,
    pub what_zh: String,
    pub what_en: String,
    /// This step's own limit in working days.
    pub days: u32,
}

/// A frequently asked question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub q_zh: String,
    pub a_zh: String,
    pub q_en: String,
    pub a_en: String,
}

/// An exam question written by hand (training generates more from the guide itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub text_zh: String,
    pub options_zh: Vec<String>,
    /// Zero-based indexes of the right options (several = multiple choice).
    pub answer: Vec<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain_zh: Option<String>,
}
