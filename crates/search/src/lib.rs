//! Search over the service catalog: a resident's own words, pinyin (full or initials), English,
//! small typing mistakes, traditional characters. (Skeleton: substring matching, being replaced by
//! the real index.)
#![forbid(unsafe_code)]

use quanke_domain::catalog::Catalog;
use serde::Serialize;

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub score: f32,
}

struct Doc {
    code: String,
    title_zh: String,
    title_en: String,
    text: String,
}

/// An index over one catalog; rebuild it when the catalog changes.
pub struct SearchIndex {
    docs: Vec<Doc>,
}

impl SearchIndex {
    /// Index every guide of the catalog.
    pub fn build(catalog: &Catalog) -> SearchIndex {
        let docs = catalog
            .guides()
            .map(|g| Doc {
                code: g.code.clone(),
                title_zh: g.name_zh.clone(),
                title_en: g.name_en.clone(),
                text: format!("{} {} {}", g.name_zh, g.name_en.to_lowercase(), g.aliases.join(" ")),
            })
            .collect();
        SearchIndex { docs }
    }

    /// The best `limit` guides for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .docs
            .iter()
            .filter(|d| d.text.contains(&q))
            .map(|d| Hit { code: d.code.clone(), title_zh: d.title_zh.clone(), title_en: d.title_en.clone(), score: 1.0 })
            .collect();
        hits.truncate(limit);
        hits
    }

    /// How many guides are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
