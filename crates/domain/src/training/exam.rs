//! Exams: what the administrator composes (checked field by field), each candidate's own random
//! draw and order, and automatic grading.

use super::questions::TrainingQuestion;
use chrono::NaiveDateTime;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::Serialize;
use std::collections::BTreeMap;

/// What an administrator typed into the exam form.
#[derive(Debug, Clone, Default)]
pub struct ExamInput<'a> {
    pub title: &'a str,
    pub categories: &'a [String],
    pub count: &'a str,
    pub minutes: &'a str,
    pub pass_percent: &'a str,
    pub valid_months: &'a str,
    /// `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`), Beijing time.
    pub opens: &'a str,
    pub closes: &'a str,
    pub candidates: &'a [String],
}

/// A checked exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamSpec {
    pub title: String,
    pub categories: Vec<String>,
    pub count: u32,
    pub minutes: u32,
    pub pass_percent: u32,
    pub valid_months: u32,
    pub opens: NaiveDateTime,
    pub closes: NaiveDateTime,
    pub candidates: Vec<String>,
}

/// One problem with the form: the field and what is wrong (a code the pages translate as
/// `training.err.<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExamProblem {
    pub field: &'static str,
    pub code: &'static str,
}

fn number(s: &str, lo: u32, hi: u32) -> Option<u32> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (lo..=hi).contains(n))
}

/// Parse a `datetime-local` value (with or without seconds).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
}

impl ExamSpec {
    /// Check the form. `known_categories` are the catalog's; `bank_size(categories)` says how
    /// many questions those categories have, so an exam never asks for more than exist.
    pub fn parse(
        input: &ExamInput<'_>,
        known_categories: &[String],
        bank_size: impl Fn(&[String]) -> usize,
    ) -> Result<ExamSpec, Vec<ExamProblem>> {
        let mut problems = Vec::new();
        let mut bad = |field, code| problems.push(ExamProblem { field, code });
        let title = input.title.trim().to_string();
        if title.is_empty() || title.chars().count() > 80 {
            bad("title", "title");
        }
        let mut categories: Vec<String> = Vec::new();
        for c in input.categories {
            if !known_categories.contains(c) {
                bad("categories", "category_unknown");
            } else if !categories.contains(c) {
                categories.push(c.clone());
            }
        }
        if input.categories.is_empty() {
            bad("categories", "categories");
        }
        let count = number(input.count, 1, 200);
        match count {
            None => bad("count", "count"),
            Some(n) if !categories.is_empty() && n as usize > bank_size(&categories) => {
                bad("count", "count_bank")
            }
            Some(_) => {}
        }
        let minutes = number(input.minutes, 1, 240);
        if minutes.is_none() {
            bad("minutes", "minutes");
        }
        let pass_percent = number(input.pass_percent, 1, 100);
        if pass_percent.is_none() {
            bad("pass_percent", "pass_percent");
        }
        let valid_months = number(input.valid_months, 1, 120);
        if valid_months.is_none() {
            bad("valid_months", "valid_months");
        }
        let opens = parse_local(input.opens);
        let closes = parse_local(input.closes);
        match (opens, closes) {
            (None, _) => bad("opens", "opens"),
            (_, None) => bad("closes", "closes"),
            (Some(o), Some(c)) if c <= o => bad("closes", "window"),
            _ => {}
        }
        if input.candidates.is_empty() {
            bad("candidates", "candidates");
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut candidates = input.candidates.to_vec();
        candidates.sort();
        candidates.dedup();
        Ok(ExamSpec {
            title,
            categories,
            count: count.unwrap_or(1),
            minutes: minutes.unwrap_or(1),
            pass_percent: pass_percent.unwrap_or(1),
            valid_months: valid_months.unwrap_or(1),
            opens: opens.expect("checked"),
            closes: closes.expect("checked"),
            candidates,
        })
    }
}

/// A candidate's own draw: `count` questions of `categories`, spread evenly over them, in a
/// random order, each with its options in a random order. `seed` differs per candidate.
pub fn draw(
    bank: &[TrainingQuestion],
    categories: &[String],
    count: usize,
    seed: u64,
) -> Vec<TrainingQuestion> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut groups: Vec<Vec<&TrainingQuestion>> = categories
        .iter()
        .map(|c| bank.iter().filter(|q| &q.category_code == c).collect())
        .collect();
    for g in &mut groups {
        g.shuffle(&mut rng);
    }
    let mut picked = Vec::with_capacity(count);
    let mut round = 0;
    while picked.len() < count && groups.iter().any(|g| g.len() > round) {
        for g in &groups {
            if picked.len() < count {
                if let Some(q) = g.get(round) {
                    picked.push(*q);
                }
            }
        }
        round += 1;
    }
    picked.shuffle(&mut rng);
    picked
        .into_iter()
        .map(|q| {
            let mut order: Vec<usize> = (0..q.options.len()).collect();
            order.shuffle(&mut rng);
            q.reordered(&order)
        })
        .collect()
}

/// The result of a sitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub correct: usize,
    pub total: usize,
    pub percent: u32,
    pub passed: bool,
    /// Per category: (right, asked).
    pub per_category: BTreeMap<String, (usize, usize)>,
    /// The categories this sitting qualifies for: the exam passed and the category's own score
    /// at the pass mark too.
    pub qualifies: Vec<String>,
    /// Positions answered wrongly or not at all.
    pub missed: Vec<usize>,
}

fn percent(right: usize, total: usize) -> u32 {
    (right * 100).checked_div(total).unwrap_or(0) as u32
}

/// Grade the answers (`None` = not answered) against the questions as they were shown.
pub fn grade(
    questions: &[TrainingQuestion],
    answers: &[Option<Vec<usize>>],
    pass_percent: u32,
) -> Grade {
    let mut per_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut correct = 0;
    let mut missed = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let right = answers
            .get(i)
            .and_then(|a| a.as_deref())
            .is_some_and(|a| q.is_right(a));
        let e = per_category.entry(q.category_code.clone()).or_default();
        e.1 += 1;
        if right {
            correct += 1;
            e.0 += 1;
        } else {
            missed.push(i);
        }
    }
    let total = questions.len();
    let pct = percent(correct, total);
    let passed = total > 0 && pct >= pass_percent;
    let qualifies = if passed {
        per_category
            .iter()
            .filter(|(_, (r, t))| percent(*r, *t) >= pass_percent)
            .map(|(c, _)| c.clone())
            .collect()
    } else {
        Vec::new()
    };
    Grade {
        correct,
        total,
        percent: pct,
        passed,
        per_category,
        qualifies,
        missed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::questions::{bank, tests::real_catalog};

    #[test]
    fn each_candidate_gets_an_own_even_draw() {
        let c = real_catalog();
        let b = bank(&c);
        let cats = vec!["MZ".to_string(), "DJ".to_string()];
        let a = draw(&b, &cats, 10, 1);
        let z = draw(&b, &cats, 10, 2);
        assert_eq!(a.len(), 10);
        assert_ne!(
            a.iter().map(|q| &q.id).collect::<Vec<_>>(),
            z.iter().map(|q| &q.id).collect::<Vec<_>>()
        );
        assert_eq!(a.iter().filter(|q| q.category_code == "MZ").count(), 5);
        assert_eq!(a, draw(&b, &cats, 10, 1), "same seed, same draw");
        // Reordered options keep the right answer right.
        for q in &a {
            let orig = b.iter().find(|o| o.id == q.id).unwrap();
            let right: Vec<&str> = q.answer.iter().map(|&i| q.options[i].zh.as_str()).collect();
            let orig_right: Vec<&str> = orig
                .answer
                .iter()
                .map(|&i| orig.options[i].zh.as_str())
                .collect();
            let mut r1 = right.clone();
            r1.sort();
            let mut r2 = orig_right.clone();
            r2.sort();
            assert_eq!(r1, r2);
        }
    }

    #[test]
    fn grading_counts_and_qualifies_per_category() {
        let c = real_catalog();
        let b = bank(&c);
        let cats = vec!["MZ".to_string(), "DJ".to_string()];
        let qs = draw(&b, &cats, 10, 7);
        let all_right: Vec<Option<Vec<usize>>> =
            qs.iter().map(|q| Some(q.answer.clone())).collect();
        let g = grade(&qs, &all_right, 80);
        assert_eq!((g.correct, g.percent, g.passed), (10, 100, true));
        assert_eq!(g.qualifies, vec!["DJ".to_string(), "MZ".to_string()]);
        // Miss two DJ questions: 80% overall passes, but DJ alone (3/5) does not qualify.
        let mut answers = all_right.clone();
        let dj: Vec<usize> = (0..qs.len())
            .filter(|&i| qs[i].category_code == "DJ")
            .collect();
        answers[dj[0]] = None;
        answers[dj[1]] = Some(vec![99]);
        let g = grade(&qs, &answers, 80);
        assert!(g.passed);
        assert_eq!(g.qualifies, vec!["MZ".to_string()]);
        assert_eq!(g.missed.len(), 2);
        let g = grade(&qs, &vec![None; qs.len()], 60);
        assert!(!g.passed && g.qualifies.is_empty());
    }

    #[test]
    fn the_form_says_what_is_wrong() {
        let known = vec!["MZ".to_string()];
        let cats = vec!["MZ".to_string(), "XX".to_string()];
        let none: Vec<String> = vec![];
        let input = ExamInput {
            title: " ",
            categories: &cats,
            count: "500",
            minutes: "0",
            pass_percent: "101",
            valid_months: "x",
            opens: "2026-12-01T09:00",
            closes: "2026-12-01T08:00",
            candidates: &none,
        };
        let p = ExamSpec::parse(&input, &known, |_| 100).unwrap_err();
        let codes: Vec<&str> = p.iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            vec![
                "title",
                "category_unknown",
                "count",
                "minutes",
                "pass_percent",
                "valid_months",
                "window",
                "candidates"
            ]
        );
        let cats = vec!["MZ".to_string()];
        let who = vec!["u1".to_string()];
        let ok = ExamInput {
            title: "民政考试",
            categories: &cats,
            count: "20",
            minutes: "30",
            pass_percent: "80",
            valid_months: "24",
            opens: "2026-12-01T09:00",
            closes: "2026-12-01T18:00",
            candidates: &who,
        };
        let s = ExamSpec::parse(&ok, &known, |_| 100).unwrap();
        assert_eq!((s.count, s.minutes, s.pass_percent), (20, 30, 80));
        let p = ExamSpec::parse(&ok, &known, |_| 10).unwrap_err();
        assert_eq!(p[0].code, "count_bank");
    }
}
