//! Generation over the real catalog: every guide has its questions, every answer agrees with the
//! guide, and no wrong option is in fact right.

use super::*;
use crate::catalog::{Catalog, SourceFile};

/// The repository's catalog, parsed (and checked) like `quanke catalog check` does.
pub(crate) fn real_catalog() -> Catalog {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    let read = |p: &std::path::Path| SourceFile {
        path: p.display().to_string(),
        text: std::fs::read_to_string(p).unwrap(),
    };
    let cats = read(&root.join("categories.toml"));
    let mut items = Vec::new();
    for dir in std::fs::read_dir(root.join("items")).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            items.push(read(&f.unwrap().path()));
        }
    }
    let (c, problems) = Catalog::parse(&cats, &items);
    assert!(problems.is_empty(), "{problems:?}");
    c
}

fn right(q: &TrainingQuestion) -> Vec<&str> {
    q.answer.iter().map(|&i| q.options[i].zh.as_str()).collect()
}

fn wrong(q: &TrainingQuestion) -> Vec<&str> {
    (0..q.options.len())
        .filter(|i| !q.answer.contains(i))
        .map(|i| q.options[i].zh.as_str())
        .collect()
}

#[test]
fn every_guide_has_at_least_five_generated_questions_that_are_well_formed() {
    let c = real_catalog();
    let b = bank(&c);
    for g in c.guides() {
        let qs: Vec<_> = b.iter().filter(|q| q.guide_code == g.code).collect();
        let generated = qs.iter().filter(|q| !q.hand_written).count();
        assert!(
            generated >= 5,
            "{} has {generated} generated questions",
            g.code
        );
        assert_eq!(qs.len() - generated, g.questions.len(), "{}", g.code);
    }
    let mut ids = std::collections::HashSet::new();
    for q in &b {
        assert!(ids.insert(q.id.clone()), "duplicate id {}", q.id);
        assert!(q.options.len() >= 3 || q.hand_written, "{}", q.id);
        assert!(!q.answer.is_empty() && q.answer.iter().all(|&a| a < q.options.len()));
        let mut texts: Vec<&str> = q.options.iter().map(|o| o.zh.as_str()).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), q.options.len(), "options repeat in {}", q.id);
        match q.kind {
            QuestionKind::Single => assert_eq!(q.answer.len(), 1, "{}", q.id),
            QuestionKind::Multiple => assert!(q.answer.len() > 1 || q.key == "materials_needed"),
        }
        assert!(!q.text_en.is_empty() && !q.explain_zh.is_empty() || q.hand_written);
    }
}

#[test]
fn answers_agree_with_the_guide_and_no_wrong_option_is_right() {
    let c = real_catalog();
    for q in bank(&c).iter().filter(|q| !q.hand_written) {
        let g = c.guide(&q.guide_code).unwrap();
        let names: Vec<String> = g.materials.iter().map(|m| norm(&m.name_zh)).collect();
        let required: Vec<String> = g.required_materials().map(|m| norm(&m.name_zh)).collect();
        let (r, w) = (right(q), wrong(q));
        match q.key.as_str() {
            "materials_needed" => {
                assert!(r.iter().all(|x| required.contains(&norm(x))), "{}", q.id);
                assert!(w.iter().all(|x| !names.contains(&norm(x))), "{}", q.id);
            }
            "material_not_needed" => {
                assert!(r.iter().all(|x| !names.contains(&norm(x))), "{}", q.id);
                assert!(w.iter().all(|x| required.contains(&norm(x))), "{}", q.id);
            }
            "promised_days" => {
                assert_eq!(r, vec![days_text(g.promised_days).zh.as_str()]);
                assert!(!w.contains(&days_text(g.promised_days).zh.as_str()));
            }
            "legal_days" => {
                assert_eq!(r, vec![days_text(g.legal_days).zh.as_str()]);
                assert!(!w.contains(&days_text(g.legal_days).zh.as_str()));
            }
            "who" => {
                assert_eq!(r, vec![g.who_zh.as_str()]);
                assert!(!w.contains(&g.who_zh.as_str()));
            }
            "condition" => {
                assert!(g.conditions_zh.iter().any(|x| x == r[0]), "{}", q.id);
                assert!(w.iter().all(|x| !g.conditions_zh.iter().any(|c| c == x)));
            }
            "department" => {
                assert_eq!(r, vec![g.department_zh.as_str()]);
                assert!(!w.contains(&g.department_zh.as_str()));
            }
            "next_step" => {
                let pos = g
                    .steps
                    .iter()
                    .position(|s| q.text_zh.contains(&format!("「{}」之后", s.name_zh)))
                    .expect("the question names a step");
                assert_eq!(r, vec![g.steps[pos + 1].name_zh.as_str()], "{}", q.id);
                assert!(!w.contains(&g.steps[pos + 1].name_zh.as_str()));
            }
            "fee" => assert_eq!(r, vec![fee_text(g.fee_yuan).zh.as_str()]),
            "visits" => assert!(r[0].starts_with(&g.visits.to_string())),
            other => panic!("unexpected key {other}"),
        }
    }
}

#[test]
fn generation_is_deterministic_and_follows_the_guide() {
    let c = real_catalog();
    let g = c.guide("MZ-004-01").unwrap();
    let a = for_guide(&c, g);
    assert_eq!(a, for_guide(&c, g));
    let mut changed = c.clone();
    let mut g2 = g.clone();
    g2.promised_days += 7;
    changed.replace_guide(g2.clone());
    let b = for_guide(&changed, &g2);
    let id = |qs: &[TrainingQuestion], k: &str| qs.iter().find(|q| q.key == k).unwrap().id.clone();
    assert_ne!(id(&a, "promised_days"), id(&b, "promised_days"));
    assert_eq!(id(&a, "department"), id(&b, "department"));
    let p = b.iter().find(|q| q.key == "promised_days").unwrap();
    assert_eq!(right(p), vec![days_text(g2.promised_days).zh.as_str()]);
}

#[test]
fn hand_written_questions_are_in_the_bank() {
    let c = real_catalog();
    let g = c.guides().find(|g| !g.questions.is_empty()).unwrap();
    let qs = for_guide(&c, g);
    let h = qs.iter().find(|q| q.key == "hand1").unwrap();
    assert_eq!(h.text_zh, g.questions[0].text_zh);
    assert!(h.is_right(&g.questions[0].answer));
}
