//! Questions generated from the guides themselves, plus the ones written by hand in the catalog.
//!
//! Every guide gets questions on what a worker must be able to say at the window: which materials
//! are needed and which are not, the promised and legal time limits, who may apply and on what
//! conditions, which department decides, which step comes next, the fee and the visits. Wrong
//! options are drawn from similar guides (the same category first) and are checked never to be
//! right for this guide. Generation is deterministic: the same guide (and catalog) gives the same
//! questions, and a question's id includes a hash of what it asks, so a changed guide gives new
//! ids exactly for the questions that changed.

use super::fnv;
use crate::catalog::{Catalog, Guide};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;

/// Single or multiple choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Single,
    Multiple,
}

/// One option, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub zh: String,
    pub en: String,
}

impl Choice {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Choice {
        Choice {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The option in the wanted language.
    pub fn text(&self, english: impl Borrow<bool>) -> &str {
        if *english.borrow() && !self.en.is_empty() {
            &self.en
        } else {
            &self.zh
        }
    }
}

/// A practice or exam question about one guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingQuestion {
    /// `GUIDE.KEY.HASH`: changes when the question's text, options or answer change.
    pub id: String,
    pub guide_code: String,
    pub category_code: String,
    /// What it asks (`materials_needed`, `promised_days`, …, `hand1`, `hand2`, …).
    pub key: String,
    pub kind: QuestionKind,
    pub text_zh: String,
    pub text_en: String,
    pub options: Vec<Choice>,
    /// Zero-based indexes of the right options, ascending.
    pub answer: Vec<usize>,
    pub explain_zh: String,
    pub explain_en: String,
    /// Written by hand in the catalog files (else generated).
    pub hand_written: bool,
}

impl TrainingQuestion {
    /// The question in the wanted language.
    pub fn text(&self, english: impl Borrow<bool>) -> &str {
        if *english.borrow() {
            &self.text_en
        } else {
            &self.text_zh
        }
    }

    /// The explanation in the wanted language.
    pub fn explain(&self, english: impl Borrow<bool>) -> &str {
        if *english.borrow() {
            &self.explain_en
        } else {
            &self.explain_zh
        }
    }

    /// True for a multiple-choice question.
    pub fn is_multiple(&self) -> bool {
        self.kind == QuestionKind::Multiple
    }

    /// True when option `i` is right.
    pub fn is_answer(&self, i: impl Borrow<usize>) -> bool {
        self.answer.contains(i.borrow())
    }

    /// True when exactly the right options were chosen.
    pub fn is_right(&self, chosen: &[usize]) -> bool {
        let mut c = chosen.to_vec();
        c.sort_unstable();
        c.dedup();
        c == self.answer
    }

    /// The same question with its options in another order: `order[i]` is the old index of the
    /// option now shown at `i`.
    pub fn reordered(&self, order: &[usize]) -> TrainingQuestion {
        let mut q = self.clone();
        q.options = order.iter().map(|&i| self.options[i].clone()).collect();
        q.answer = order
            .iter()
            .enumerate()
            .filter(|(_, old)| self.answer.contains(old))
            .map(|(new, _)| new)
            .collect();
        q
    }
}

/// Every question of the catalog, guide by guide in code order.
pub fn bank(c: &Catalog) -> Vec<TrainingQuestion> {
    c.guides().flat_map(|g| for_guide(c, g)).collect()
}

/// The questions of one guide: the generated ones, then those written by hand.
pub fn for_guide(c: &Catalog, g: &Guide) -> Vec<TrainingQuestion> {
    let similar = similar_guides(c, g);
    let generator = Gen { g, similar };
    let mut out: Vec<TrainingQuestion> = [
        generator.materials_needed(),
        generator.material_not_needed(),
        generator.days("promised_days"),
        generator.days("legal_days"),
        generator.who(),
        generator.condition(),
        generator.department(),
        generator.next_step(),
        generator.fee(),
        generator.visits(),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (i, h) in g.questions.iter().enumerate() {
        let options: Vec<Choice> = h.options_zh.iter().map(|o| Choice::new(o, o)).collect();
        let mut answer = h.answer.clone();
        answer.sort_unstable();
        answer.dedup();
        if answer.is_empty() || answer.iter().any(|&a| a >= options.len()) {
            continue; // the catalog checker refuses these; never show a broken question
        }
        let explain = h.explain_zh.clone().unwrap_or_default();
        out.push(finish(
            g,
            &format!("hand{}", i + 1),
            if answer.len() > 1 {
                QuestionKind::Multiple
            } else {
                QuestionKind::Single
            },
            (h.text_zh.clone(), h.text_zh.clone()),
            options,
            answer,
            (explain.clone(), explain),
            true,
        ));
    }
    out
}

/// Guides that supply plausible wrong answers: other guides of the same category (other items
/// first, since a sibling situation of the same item shares too much), then the rest.
fn similar_guides<'a>(c: &'a Catalog, g: &Guide) -> Vec<&'a Guide> {
    let cat = g.category_code();
    let item = g.item_code();
    let mut same_cat_other_item = Vec::new();
    let mut same_item = Vec::new();
    let mut rest = Vec::new();
    for o in c.guides().filter(|o| o.code != g.code) {
        if o.category_code() == cat && o.item_code() != item {
            same_cat_other_item.push(o);
        } else if o.item_code() == item {
            same_item.push(o);
        } else {
            rest.push(o);
        }
    }
    // Rotate each group by the guide's hash so neighbours do not all get the same distractors.
    let seed = fnv(&[g.code.as_str()]) as usize;
    for v in [&mut same_cat_other_item, &mut rest] {
        if !v.is_empty() {
            let n = seed % v.len();
            v.rotate_left(n);
        }
    }
    same_cat_other_item
        .into_iter()
        .chain(same_item)
        .chain(rest)
        .collect()
}

/// Character bigrams of a text (for "is this wrong answer really wrong?").
fn bigrams(s: &str) -> std::collections::HashSet<(char, char)> {
    let cs: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    cs.windows(2).map(|w| (w[0], w[1])).collect()
}

/// True when most of `candidate`'s bigrams appear in `reference`: it probably says the same.
fn says_much_the_same(candidate: &str, reference: &str) -> bool {
    let c = bigrams(candidate);
    if c.is_empty() {
        return true;
    }
    let r = bigrams(reference);
    let shared = c.iter().filter(|b| r.contains(b)).count();
    shared * 2 > c.len()
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a time limit in working days.
pub fn days_text(n: u32) -> Choice {
    if n == 0 {
        Choice::new("当场办结", "Settled on the spot")
    } else {
        Choice::new(format!("{n}个工作日"), format!("{n} working days"))
    }
}

/// The text of a fee.
pub fn fee_text(yuan: f64) -> Choice {
    if yuan <= 0.0 {
        Choice::new("不收费", "Free")
    } else {
        Choice::new(format!("收费{yuan}元"), format!("{yuan} yuan"))
    }
}

struct Gen<'a> {
    g: &'a Guide,
    similar: Vec<&'a Guide>,
}

/// Put the options together in a deterministic order and give the question its id.
#[allow(clippy::too_many_arguments)]
fn finish(
    g: &Guide,
    key: &str,
    kind: QuestionKind,
    text: (String, String),
    options: Vec<Choice>,
    answer: Vec<usize>,
    explain: (String, String),
    hand_written: bool,
) -> TrainingQuestion {
    let mut fp: Vec<String> = vec![text.0.clone()];
    fp.extend(options.iter().map(|o| o.zh.clone()));
    fp.extend(answer.iter().map(|a| a.to_string()));
    fp.push(explain.0.clone());
    let refs: Vec<&str> = fp.iter().map(String::as_str).collect();
    let hash = fnv(&refs) & 0xffff_ffff_ffff;
    TrainingQuestion {
        id: format!("{}.{key}.{hash:012x}", g.code),
        guide_code: g.code.clone(),
        category_code: g.category_code().to_string(),
        key: key.to_string(),
        kind,
        text_zh: text.0,
        text_en: text.1,
        options,
        answer,
        explain_zh: explain.0,
        explain_en: explain.1,
        hand_written,
    }
}

impl Gen<'_> {
    fn rng(&self, key: &str) -> SmallRng {
        SmallRng::seed_from_u64(fnv(&[self.g.code.as_str(), key]))
    }

    /// Shuffle right and wrong options together; `None` when there are too few of either.
    #[allow(clippy::too_many_arguments)]
    fn build(
        &self,
        key: &str,
        kind: QuestionKind,
        text: (String, String),
        right: Vec<Choice>,
        wrong: Vec<Choice>,
        explain: (String, String),
    ) -> Option<TrainingQuestion> {
        if right.is_empty() || wrong.is_empty() || right.len() + wrong.len() < 3 {
            return None;
        }
        let mut all: Vec<(Choice, bool)> = right
            .into_iter()
            .map(|c| (c, true))
            .chain(wrong.into_iter().map(|c| (c, false)))
            .collect();
        all.shuffle(&mut self.rng(key));
        let answer = all
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| *r)
            .map(|(i, _)| i)
            .collect();
        let options = all.into_iter().map(|(c, _)| c).collect();
        Some(finish(
            self.g, key, kind, text, options, answer, explain, false,
        ))
    }

    /// Up to `n` distinct candidates that pass `ok`, in the order given, none equal to `taken`.
    fn pick(
        candidates: impl Iterator<Item = Choice>,
        taken: &[Choice],
        n: usize,
        ok: impl Fn(&Choice) -> bool,
    ) -> Vec<Choice> {
        let mut seen: Vec<String> = taken.iter().map(|c| norm(&c.zh)).collect();
        let mut out = Vec::new();
        for c in candidates {
            if out.len() == n {
                break;
            }
            let k = norm(&c.zh);
            if k.is_empty() || seen.contains(&k) || !ok(&c) {
                continue;
            }
            seen.push(k);
            out.push(c);
        }
        out
    }

    fn own_material_names(&self) -> Vec<String> {
        self.g.materials.iter().map(|m| norm(&m.name_zh)).collect()
    }

    fn foreign_materials(&self) -> impl Iterator<Item = Choice> + '_ {
        let keys: Vec<&str> = self.g.materials.iter().map(|m| m.key.as_str()).collect();
        let names = self.own_material_names();
        self.similar
            .iter()
            .flat_map(|o| o.materials.iter())
            .filter(move |m| !keys.contains(&m.key.as_str()) && !names.contains(&norm(&m.name_zh)))
            .map(|m| Choice::new(&m.name_zh, &m.name_en))
    }

    fn materials_needed(&self) -> Option<TrainingQuestion> {
        let right: Vec<Choice> = self
            .g
            .required_materials()
            .take(3)
            .map(|m| Choice::new(&m.name_zh, &m.name_en))
            .collect();
        let all_own = self.own_material_names();
        let wrong = Self::pick(self.foreign_materials(), &right, 2, |c| {
            !all_own
                .iter()
                .any(|o| o.contains(&norm(&c.zh)) || norm(&c.zh).contains(o.as_str()))
        });
        let g = self.g;
        self.build(
            "materials_needed",
            QuestionKind::Multiple,
            (
                format!(
                    "办理「{}」时，以下哪些材料是必须提交的？（多选）",
                    g.name_zh
                ),
                format!(
                    "Which of these documents must be brought for “{}”? (choose all that apply)",
                    g.name_en
                ),
            ),
            right,
            wrong,
            (
                format!("「{}」的必备材料见办事指南“需要带的材料”。", g.name_zh),
                format!(
                    "The required documents are listed in the guide “{}”.",
                    g.name_en
                ),
            ),
        )
    }

    fn material_not_needed(&self) -> Option<TrainingQuestion> {
        let all_own = self.own_material_names();
        let right = Self::pick(self.foreign_materials(), &[], 1, |c| {
            !all_own
                .iter()
                .any(|o| o.contains(&norm(&c.zh)) || norm(&c.zh).contains(o.as_str()))
        });
        let wrong: Vec<Choice> = self
            .g
            .required_materials()
            .take(3)
            .map(|m| Choice::new(&m.name_zh, &m.name_en))
            .collect();
        if wrong.len() < 2 {
            return None;
        }
        let g = self.g;
        self.build(
            "material_not_needed",
            QuestionKind::Single,
            (
                format!("以下哪一项不是办理「{}」需要提交的材料？", g.name_zh),
                format!(
                    "Which of these is NOT a document needed for “{}”?",
                    g.name_en
                ),
            ),
            right,
            wrong,
            (
                format!("其余各项都是「{}」的必备材料。", g.name_zh),
                format!("All the others are required for “{}”.", g.name_en),
            ),
        )
    }

    fn days(&self, key: &str) -> Option<TrainingQuestion> {
        let g = self.g;
        let (value, other, zh, en) = if key == "promised_days" {
            (
                g.promised_days,
                g.legal_days,
                "承诺时限",
                "promised time limit",
            )
        } else {
            (
                g.legal_days,
                g.promised_days,
                "法定时限",
                "legal time limit",
            )
        };
        let right = vec![days_text(value)];
        let pool = std::iter::once(other)
            .chain(self.similar.iter().map(|o| {
                if key == "promised_days" {
                    o.promised_days
                } else {
                    o.legal_days
                }
            }))
            .chain([1, 3, 5, 10, 15, 20, 30, 60])
            .filter(|d| *d != value)
            .map(days_text);
        let wrong = Self::pick(pool, &right, 3, |_| true);
        self.build(
            key,
            QuestionKind::Single,
            (
                format!("「{}」的{zh}是多少？", g.name_zh),
                format!("What is the {en} of “{}”?", g.name_en),
            ),
            right.clone(),
            wrong,
            (
                format!(
                    "{zh}：{}（承诺时限 {}，法定时限 {}）。",
                    right[0].zh,
                    days_text(g.promised_days).zh,
                    days_text(g.legal_days).zh
                ),
                format!(
                    "The {en} is {} (promised {}, legal {}).",
                    right[0].en,
                    days_text(g.promised_days).en,
                    days_text(g.legal_days).en
                ),
            ),
        )
    }

    fn who(&self) -> Option<TrainingQuestion> {
        let g = self.g;
        let right = vec![Choice::new(&g.who_zh, &g.who_en)];
        let reference = format!("{}{}", g.who_zh, g.conditions_zh.join(""));
        let pool = self
            .similar
            .iter()
            .filter(|o| o.item_code() != g.item_code())
            .map(|o| Choice::new(&o.who_zh, &o.who_en));
        let wrong = Self::pick(pool, &right, 3, |c| !says_much_the_same(&c.zh, &reference));
        self.build(
            "who",
            QuestionKind::Single,
            (
                format!("谁可以办理「{}」？", g.name_zh),
                format!("Who may apply for “{}”?", g.name_en),
            ),
            right,
            wrong,
            (
                format!("办事指南“谁可以办”：{}", g.who_zh),
                format!("The guide says: {}", g.who_en),
            ),
        )
    }

    fn condition(&self) -> Option<TrainingQuestion> {
        let g = self.g;
        if g.conditions_zh.is_empty() {
            return None;
        }
        let i = (fnv(&[g.code.as_str(), "condition"]) as usize) % g.conditions_zh.len();
        let en = g.conditions_en.get(i).cloned().unwrap_or_default();
        let right = vec![Choice::new(&g.conditions_zh[i], en)];
        let reference = format!("{}{}", g.who_zh, g.conditions_zh.join(""));
        let pool = self
            .similar
            .iter()
            .filter(|o| o.item_code() != g.item_code())
            .flat_map(|o| {
                o.conditions_zh
                    .iter()
                    .zip(o.conditions_en.iter())
                    .map(|(z, e)| Choice::new(z, e))
            });
        let wrong = Self::pick(pool, &right, 3, |c| !says_much_the_same(&c.zh, &reference));
        self.build(
            "condition",
            QuestionKind::Single,
            (
                format!("以下哪一项是办理「{}」的受理条件？", g.name_zh),
                format!("Which of these is a condition for “{}”?", g.name_en),
            ),
            right,
            wrong,
            (
                format!("受理条件：{}", g.conditions_zh.join("；")),
                format!("Conditions: {}", g.conditions_en.join("; ")),
            ),
        )
    }

    fn department(&self) -> Option<TrainingQuestion> {
        let g = self.g;
        let right = vec![Choice::new(&g.department_zh, &g.department_en)];
        let pool = self
            .similar
            .iter()
            .map(|o| Choice::new(&o.department_zh, &o.department_en));
        let own = norm(&g.department_zh);
        let wrong = Self::pick(pool, &right, 3, |c| {
            let n = norm(&c.zh);
            !n.contains(&own) && !own.contains(&n)
        });
        self.build(
            "department",
            QuestionKind::Single,
            (
                format!("「{}」的实施主体（负责审批的部门）是？", g.name_zh),
                format!("Which department decides on “{}”?", g.name_en),
            ),
            right,
            wrong,
            (
                format!("实施主体：{}", g.department_zh),
                format!("Competent department: {}", g.department_en),
            ),
        )
    }

    fn next_step(&self) -> Option<TrainingQuestion> {
        let g = self.g;
        if g.steps.len() < 2 {
            return None;
        }
        let i = (fnv(&[g.code.as_str(), "next_step"]) as usize) % (g.steps.len() - 1);
        let (cur, next) = (&g.steps[i], &g.steps[i + 1]);
        let right = vec![Choice::new(&next.name_zh, &next.name_en)];
        let own = g
            .steps
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i + 1)
            .map(|(_, s)| Choice::new(&s.name_zh, &s.name_en));
        let foreign = self
            .similar
            .iter()
            .flat_map(|o| o.steps.iter())
            .map(|s| Choice::new(&s.name_zh, &s.name_en));
        let wrong = Self::pick(own.chain(foreign), &right, 3, |c| {
            norm(&c.zh) != norm(&cur.name_zh) || g.steps.len() < 3
        });
        self.build(
            "next_step",
            QuestionKind::Single,
            (
                format!(
                    "办理「{}」时，「{}」之后的下一步是？",
                    g.name_zh, cur.name_zh
                ),
                format!(
                    "In “{}”, which step comes after “{}”?",
                    g.name_en, cur.name_en
                ),
            ),
            right,
            wrong,
            (
                format!(
                    "办理流程：{}",
                    g.steps
                        .iter()
                        .map(|s| s.name_zh.as_str())
                        .collect::<Vec<_>>()
                        .join(" → ")
                ),
                format!(
                    "The steps: {}",
                    g.steps
                        .iter()
                        .map(|s| s.name_en.as_str())
                        .collect::<Vec<_>>()
                        .join(" → ")
                ),
            ),
        )
    }

    fn fee(&self) -> Option<TrainingQuestion> {
        let g = self.g;
        let right = vec![fee_text(g.fee_yuan)];
        let pool = [0.0, 10.0, 20.0, 50.0].into_iter().map(fee_text);
        let wrong = Self::pick(pool, &right, 3, |_| true);
        self.build(
            "fee",
            QuestionKind::Single,
            (
                format!("办理「{}」收费吗？", g.name_zh),
                format!("Is there a fee for “{}”?", g.name_en),
            ),
            right,
            wrong,
            (format!("收费：{}", g.fee_zh), format!("Fee: {}", g.fee_en)),
        )
    }

    fn visits(&self) -> Option<TrainingQuestion> {
        let g = self.g;
        let text = |n: u32| {
            if n == 0 {
                Choice::new("0次（全程网办）", "None (entirely online)")
            } else {
                Choice::new(format!("{n}次"), format!("{n}"))
            }
        };
        let right = vec![text(g.visits)];
        let wrong = Self::pick((0..4).map(text), &right, 3, |_| true);
        self.build(
            "visits",
            QuestionKind::Single,
            (
                format!("按办事指南，办理「{}」申请人需要到现场几次？", g.name_zh),
                format!(
                    "How many times must the applicant come in person for “{}”?",
                    g.name_en
                ),
            ),
            right,
            wrong,
            (
                format!("到现场次数：{}", text(g.visits).zh),
                format!("Visits in person: {}", text(g.visits).en),
            ),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests;
