//! A guide as a page shows it: every element in the page's language, ready for the templates.

use quanke_domain::catalog::vocab::{Delivery, LifeEvent};
use quanke_domain::catalog::{Catalog, Guide, Material, Step};

/// Pick the language.
fn pick<'a>(en: bool, zh: &'a str, en_text: &'a str) -> &'a str {
    if en && !en_text.trim().is_empty() {
        en_text
    } else {
        zh
    }
}

/// A guide with its category, item and related guides, in one language.
pub(crate) struct GuideView {
    pub g: Guide,
    pub en: bool,
    pub category_code: String,
    pub category_name: String,
    pub item_name: String,
    pub related: Vec<(String, String)>,
}

/// A material as a row of the checklist.
pub(crate) struct MaterialRow<'a> {
    pub m: &'a Material,
    pub name: &'a str,
    pub form: &'static str,
    pub note: &'a str,
}

/// A step as a row of the process.
pub(crate) struct StepRow<'a> {
    pub name: &'a str,
    pub role: &'static str,
    pub what: &'a str,
    pub days: u32,
}

impl GuideView {
    /// Build the view of guide `code` from the catalog.
    pub fn new(c: &Catalog, code: &str, en: bool) -> Option<GuideView> {
        let g = c.guide(code)?.clone();
        Self::of(c, g, en)
    }

    /// The view of a given version of a guide (it may differ from the one in force).
    pub fn of(c: &Catalog, g: Guide, en: bool) -> Option<GuideView> {
        let category = c.category(g.category_code());
        let item = c.item_of(&g.code);
        let related = g
            .related
            .iter()
            .filter_map(|r| {
                c.guide(r)
                    .map(|rg| (r.clone(), pick(en, &rg.name_zh, &rg.name_en).to_string()))
            })
            .collect();
        Some(GuideView {
            category_code: g.category_code().to_string(),
            category_name: category
                .map(|k| pick(en, &k.name_zh, &k.name_en).to_string())
                .unwrap_or_default(),
            item_name: item
                .map(|i| pick(en, &i.name_zh, &i.name_en).to_string())
                .unwrap_or_default(),
            related,
            en,
            g,
        })
    }

    pub fn code(&self) -> &str {
        &self.g.code
    }
    pub fn name(&self) -> &str {
        pick(self.en, &self.g.name_zh, &self.g.name_en)
    }
    pub fn summary(&self) -> &str {
        pick(self.en, &self.g.summary_zh, &self.g.summary_en)
    }
    pub fn situation(&self) -> &'static str {
        if self.en {
            self.g.situation.en()
        } else {
            self.g.situation.zh()
        }
    }
    pub fn department(&self) -> &str {
        pick(self.en, &self.g.department_zh, &self.g.department_en)
    }
    pub fn window(&self) -> &str {
        pick(self.en, &self.g.window_zh, &self.g.window_en)
    }
    pub fn hours(&self) -> &str {
        pick(self.en, &self.g.hours_zh, &self.g.hours_en)
    }
    pub fn who(&self) -> &str {
        pick(self.en, &self.g.who_zh, &self.g.who_en)
    }
    pub fn conditions(&self) -> &[String] {
        if self.en && self.g.conditions_en.len() == self.g.conditions_zh.len() {
            &self.g.conditions_en
        } else {
            &self.g.conditions_zh
        }
    }
    /// The machine-checkable conditions, described.
    pub fn rules(&self) -> Vec<&str> {
        self.g
            .rules
            .iter()
            .map(|r| pick(self.en, &r.text_zh, &r.text_en))
            .collect()
    }
    pub fn fee(&self) -> &str {
        pick(self.en, &self.g.fee_zh, &self.g.fee_en)
    }
    pub fn result(&self) -> &str {
        pick(self.en, &self.g.result_zh, &self.g.result_en)
    }
    pub fn delivery(&self) -> String {
        let names: Vec<&str> = self
            .g
            .delivery
            .iter()
            .map(|d: &Delivery| if self.en { d.en() } else { d.zh() })
            .collect();
        names.join(if self.en { ", " } else { "、" })
    }
    pub fn life_events(&self) -> Vec<(&'static str, &'static str)> {
        self.g
            .life_events
            .iter()
            .map(|e: &LifeEvent| (e.code(), if self.en { e.en() } else { e.zh() }))
            .collect()
    }
    pub fn materials(&self) -> Vec<MaterialRow<'_>> {
        self.g
            .materials
            .iter()
            .map(|m| MaterialRow {
                m,
                name: pick(self.en, &m.name_zh, &m.name_en),
                form: if self.en { m.form.en() } else { m.form.zh() },
                note: pick(
                    self.en,
                    m.note_zh.as_deref().unwrap_or(""),
                    m.note_en.as_deref().unwrap_or(""),
                ),
            })
            .collect()
    }
    pub fn steps(&self) -> Vec<StepRow<'_>> {
        self.g
            .steps
            .iter()
            .map(|s: &Step| StepRow {
                name: pick(self.en, &s.name_zh, &s.name_en),
                role: if self.en { s.role.en() } else { s.role.zh() },
                what: pick(self.en, &s.what_zh, &s.what_en),
                days: s.days,
            })
            .collect()
    }
    pub fn faqs(&self) -> Vec<(&str, &str)> {
        self.g
            .faqs
            .iter()
            .map(|f| {
                (
                    pick(self.en, &f.q_zh, &f.q_en),
                    pick(self.en, &f.a_zh, &f.a_en),
                )
            })
            .collect()
    }
}
