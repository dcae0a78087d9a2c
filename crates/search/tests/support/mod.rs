//! Shared by the tests, the eval example and the benchmark: the repository's catalog, the eval
//! set (`bench/search/eval.tsv`) and its scoring, and a generated catalog of any size.
#![allow(dead_code)]

use quanke_domain::catalog::{Catalog, SourceFile};
use quanke_search::SearchIndex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace's root directory.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The repository's catalog (`catalog/`), which must parse without problems.
pub fn repository_catalog() -> Catalog {
    let root = workspace().join("catalog");
    let categories = SourceFile {
        path: "catalog/categories.toml".into(),
        text: std::fs::read_to_string(root.join("categories.toml")).unwrap(),
    };
    let mut items = Vec::new();
    for dir in std::fs::read_dir(root.join("items")).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            items.push(SourceFile {
                path: p.display().to_string(),
                text: std::fs::read_to_string(&p).unwrap(),
            });
        }
    }
    let (catalog, problems) = Catalog::parse(&categories, &items);
    assert!(problems.is_empty(), "{problems:?}");
    catalog
}

/// One query of the eval set.
#[derive(Debug, Clone)]
pub struct Case {
    pub query: String,
    pub kind: String,
    /// Any of these is a right answer.
    pub expected: Vec<String>,
}

/// The eval set, `bench/search/eval.tsv` (written before tuning, and used while tuning).
pub fn eval_cases() -> Vec<Case> {
    cases("eval.tsv")
}

/// The held-out set, `bench/search/holdout.tsv` (written after tuning, never tuned on).
pub fn holdout_cases() -> Vec<Case> {
    cases("holdout.tsv")
}

fn cases(file: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(workspace().join("bench/search").join(file)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("query\t") && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "three columns: {l}");
            Case {
                query: cols[0].to_string(),
                kind: cols[1].to_string(),
                expected: cols[2].split('|').map(str::to_string).collect(),
            }
        })
        .collect()
}

/// Hits in the first place and in the first three, counted per kind of query.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub total: usize,
    pub top1: usize,
    pub top3: usize,
}

impl Tally {
    pub fn top1_rate(&self) -> f64 {
        self.top1 as f64 / self.total.max(1) as f64
    }
    pub fn top3_rate(&self) -> f64 {
        self.top3 as f64 / self.total.max(1) as f64
    }
}

/// The result of running the eval set.
#[derive(Debug, Default)]
pub struct Report {
    pub overall: Tally,
    pub by_kind: BTreeMap<String, Tally>,
    pub by_category: BTreeMap<String, Tally>,
    /// Queries whose expected guide is not in the first three: (query, expected, got).
    pub misses: Vec<(String, String, Vec<String>)>,
}

/// Run every case against the index.
pub fn evaluate(index: &SearchIndex, cases: &[Case]) -> Report {
    let mut r = Report::default();
    for c in cases {
        let hits: Vec<String> = index
            .search(&c.query, 3)
            .into_iter()
            .map(|h| h.code)
            .collect();
        let at1 = hits.first().is_some_and(|h| c.expected.contains(h));
        let at3 = hits.iter().any(|h| c.expected.contains(h));
        let cat = c.expected[0][..2].to_string();
        for t in [
            &mut r.overall,
            r.by_kind.entry(c.kind.clone()).or_default(),
            r.by_category.entry(cat).or_default(),
        ] {
            t.total += 1;
            t.top1 += usize::from(at1);
            t.top3 += usize::from(at3);
        }
        if !at3 {
            r.misses.push((c.query.clone(), c.expected.join("|"), hits));
        }
    }
    r
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "| kind | queries | top-1 | top-3 |\n|---|---|---|---|")?;
        let row = |f: &mut std::fmt::Formatter<'_>, name: &str, t: &Tally| {
            writeln!(
                f,
                "| {name} | {} | {:.1}% | {:.1}% |",
                t.total,
                100.0 * t.top1_rate(),
                100.0 * t.top3_rate()
            )
        };
        for (k, t) in &self.by_kind {
            row(f, k, t)?;
        }
        row(f, "**all**", &self.overall)?;
        writeln!(
            f,
            "\n| category | queries | top-1 | top-3 |\n|---|---|---|---|"
        )?;
        for (k, t) in &self.by_category {
            row(f, k, t)?;
        }
        if !self.misses.is_empty() {
            writeln!(f, "\nNot in the first three:")?;
            for (q, want, got) in &self.misses {
                writeln!(f, "- {q} → want {want}, got {got:?}")?;
            }
        }
        Ok(())
    }
}

/// A catalog of at least `guides` guides, made by cloning the real items with new codes and
/// names varied by a number, so that the large index has realistic text and many near-duplicates.
pub fn generated_catalog(base: &Catalog, guides: usize) -> Catalog {
    const PLACES: &[&str] = &[
        "甸柳",
        "千佛山",
        "燕山",
        "姚家",
        "文东",
        "解放路",
        "舜玉",
        "龙洞",
    ];
    let mut out = Catalog {
        categories: base.categories.clone(),
        items: Vec::new(),
    };
    let mut count = 0;
    let mut round = 0;
    while count < guides {
        for item in &base.items {
            let mut it = item.clone();
            let place = PLACES[round % PLACES.len()];
            it.code = format!(
                "{}-{:03}",
                item.category,
                100 + round * 100 + out.items.len() % 100
            );
            it.name_zh = format!("{place}{}（第{round}批）", item.name_zh);
            it.name_en = format!("{} ({place}, batch {round})", item.name_en);
            for (i, g) in it.guides.iter_mut().enumerate() {
                g.code = format!("{}-{:02}", it.code, i + 1);
                g.name_zh = format!("{place}{}{round}", g.name_zh);
                g.name_en = format!("{} — {place} {round}", g.name_en);
                count += 1;
            }
            out.items.push(it);
            if count >= guides {
                break;
            }
        }
        round += 1;
    }
    out
}
