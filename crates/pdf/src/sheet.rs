//! The printed sheet as plain data: every text of one guide resolved to one language, with the
//! captions beside it. The typst template reads this as JSON (`sys.inputs`), so no text from the
//! catalog is ever parsed as typst markup.

use crate::labels::{Labels, EN, ZH};
use crate::Lang;
use chrono::NaiveDate;
use quanke_domain::catalog::{Category, Guide, Item};
use serde::Serialize;

/// One guide, ready to print.
#[derive(Debug, Serialize)]
pub(crate) struct Sheet<'a> {
    /// typst's `lang` and `region` for line breaking and punctuation.
    lang: &'static str,
    region: &'static str,
    /// Font families, the first preferred.
    fonts: &'a [String],
    labels: &'static Labels,
    code: &'a str,
    title: &'a str,
    trail: String,
    summary: &'a str,
    /// Label and value of the four key facts under the title.
    facts: [[String; 2]; 4],
    who: &'a str,
    conditions: &'a [String],
    materials: Vec<MaterialRow<'a>>,
    steps: Vec<StepRow<'a>>,
    /// Label and value of each line of "where to go".
    place: Vec<[&'a str; 2]>,
    result: &'a str,
    delivery: String,
    faqs: Vec<FaqRow<'a>>,
    legal_basis: &'a [String],
    footer: &'static str,
    printed: String,
    /// Set tighter (less space between lines and around blocks) to fit two pages.
    pub(crate) tight: bool,
}

#[derive(Debug, Serialize)]
struct MaterialRow<'a> {
    name: &'a str,
    form: &'static str,
    copies: String,
    required: &'static str,
    note: String,
}

#[derive(Debug, Serialize)]
struct StepRow<'a> {
    name: &'a str,
    role: &'static str,
    what: &'a str,
    days: String,
}

#[derive(Debug, Serialize)]
struct FaqRow<'a> {
    q: &'a str,
    a: &'a str,
}

impl<'a> Sheet<'a> {
    /// Resolve a guide to one language. `printed` is the date in the footer.
    pub(crate) fn new(
        guide: &'a Guide,
        item: &'a Item,
        category: &'a Category,
        lang: Lang,
        fonts: &'a [String],
        printed: NaiveDate,
    ) -> Sheet<'a> {
        let zh = lang == Lang::Zh;
        let l: &'static Labels = if zh { &ZH } else { &EN };
        let pick = |zh_text: &'a str, en_text: &'a str| if zh { zh_text } else { en_text };
        let vocab = |z: &'static str, e: &'static str| if zh { z } else { e };
        let trail = [
            pick(&category.name_zh, &category.name_en),
            pick(&item.name_zh, &item.name_en),
            vocab(guide.situation.zh(), guide.situation.en()),
        ]
        .join(l.trail_sep);
        let materials = guide
            .materials
            .iter()
            .map(|m| {
                let mut note = if zh {
                    m.note_zh.clone()
                } else {
                    m.note_en.clone()
                };
                if let (true, Some(waiver)) = (zh, &m.waiver_zh) {
                    let waiver = format!("{}{waiver}", l.waiver);
                    note = Some(match note {
                        Some(n) => format!("{n}{}{waiver}", l.list_sep),
                        None => waiver,
                    });
                }
                MaterialRow {
                    name: pick(&m.name_zh, &m.name_en),
                    form: vocab(m.form.zh(), m.form.en()),
                    copies: m.copies.to_string(),
                    required: if m.required {
                        l.required_yes
                    } else {
                        l.required_no
                    },
                    note: note.unwrap_or_default(),
                }
            })
            .collect();
        let steps = guide
            .steps
            .iter()
            .map(|s| StepRow {
                name: pick(&s.name_zh, &s.name_en),
                role: vocab(s.role.zh(), s.role.en()),
                what: pick(&s.what_zh, &s.what_en),
                days: days(s.days, lang, true),
            })
            .collect();
        let delivery = guide
            .delivery
            .iter()
            .map(|d| vocab(d.zh(), d.en()))
            .collect::<Vec<_>>()
            .join(l.delivery_sep);
        Sheet {
            lang: if zh { "zh" } else { "en" },
            region: if zh { "cn" } else { "gb" },
            fonts,
            labels: l,
            code: &guide.code,
            title: pick(&guide.name_zh, &guide.name_en),
            trail,
            summary: pick(&guide.summary_zh, &guide.summary_en),
            facts: [
                [l.legal_days.into(), days(guide.legal_days, lang, false)],
                [
                    l.promised_days.into(),
                    days(guide.promised_days, lang, false),
                ],
                [l.fee.into(), pick(&guide.fee_zh, &guide.fee_en).into()],
                [l.visits.into(), visits(guide.visits, lang)],
            ],
            who: pick(&guide.who_zh, &guide.who_en),
            conditions: if zh {
                &guide.conditions_zh
            } else {
                &guide.conditions_en
            },
            materials,
            steps,
            place: vec![
                [
                    l.department,
                    pick(&guide.department_zh, &guide.department_en),
                ],
                [l.window, pick(&guide.window_zh, &guide.window_en)],
                [l.hours, pick(&guide.hours_zh, &guide.hours_en)],
                [l.phone, &guide.phone],
                [l.complaint_phone, &guide.complaint_phone],
            ],
            result: pick(&guide.result_zh, &guide.result_en),
            delivery,
            faqs: guide
                .faqs
                .iter()
                .map(|f| FaqRow {
                    q: pick(&f.q_zh, &f.q_en),
                    a: pick(&f.a_zh, &f.a_en),
                })
                .collect(),
            legal_basis: &guide.legal_basis,
            footer: l.footer,
            printed: format!("{}{}", l.printed, date(printed, lang)),
            tight: false,
        }
    }
}

/// A time limit in working days; 0 is settled on the spot. `short` is for table cells.
fn days(n: u32, lang: Lang, short: bool) -> String {
    match (lang, n) {
        (Lang::Zh, 0) => ZH.on_the_spot.into(),
        (Lang::En, 0) => EN.on_the_spot.into(),
        (Lang::Zh, n) => format!("{n}个工作日"),
        (Lang::En, 1) if short => "1 day".into(),
        (Lang::En, n) if short => format!("{n} days"),
        (Lang::En, 1) => "1 working day".into(),
        (Lang::En, n) => format!("{n} working days"),
    }
}

/// How many times the resident must come in person.
fn visits(n: u32, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Zh, 0) => "不用跑（0次）".into(),
        (Lang::Zh, n) => format!("最多跑{n}次"),
        (Lang::En, 0) => "None".into(),
        (Lang::En, 1) => "At most 1".into(),
        (Lang::En, n) => format!("At most {n}"),
    }
}

fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}
