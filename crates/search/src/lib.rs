//! Search over the service catalog: a resident's own words, pinyin (full or initials), English,
//! small typing mistakes, traditional characters.
//!
//! One in-RAM tantivy index, one document per guide. Chinese text is cut into jieba words and
//! character pairs; names also become pinyin keys (every reading of a polyphone); English is
//! stemmed. A query becomes a weighted disjunction over all of these (`query.rs`); a small
//! table maps colloquial words to the catalog's terms (`vocab.rs`).
#![forbid(unsafe_code)]

mod correct;
mod fields;
mod names;
pub mod pinyin_keys;
mod query;
pub mod text;
mod vocab;

use fields::{situation_bit, Fields};
use quanke_domain::catalog::vocab::Situation;
use quanke_domain::catalog::{Catalog, Guide, Item};
use query::Mode;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::{DocId, Index, IndexWriter, Score, Searcher, SegmentReader};

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The guide's code (`MZ-001-01`).
    pub code: String,
    /// The guide's name in Chinese.
    pub title_zh: String,
    /// The guide's name in English.
    pub title_en: String,
    /// Relevance; only the order means something.
    pub score: f32,
}

struct Meta {
    code: String,
    title_zh: String,
    title_en: String,
}

/// An index over one catalog, kept in RAM; rebuild it when the catalog changes.
pub struct SearchIndex {
    fields: Fields,
    index: Index,
    searcher: Searcher,
    metas: Vec<Meta>,
}

/// The score of a guide that covers a situation the query names ("低保 复核") is multiplied by
/// this …
const NAMED_SITUATION: Score = 1.2;
/// … and, when the query names none, that of a guide that is not a new application by this:
/// asked about an item without a situation, a resident most often wants to apply.
const NOT_NEW: Score = 0.85;

/// Memory the index writer may use while building (tantivy's minimum is 15 MB per thread).
const WRITER_BUDGET: usize = 64_000_000;

impl SearchIndex {
    /// Index every guide of the catalog.
    pub fn build(catalog: &Catalog) -> SearchIndex {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        let guides: Vec<(&Item, &Guide)> = catalog
            .items
            .iter()
            .flat_map(|i| i.guides.iter().map(move |g| (i, g)))
            .collect();
        if !guides.is_empty() {
            text::warm_up();
        }
        let metas = guides
            .iter()
            .map(|(_, g)| Meta {
                code: g.code.clone(),
                title_zh: g.name_zh.clone(),
                title_en: g.name_en.clone(),
            })
            .collect();
        // Cutting words and spelling pinyin is half the work, and each guide is independent:
        // spread it over the cores, each thread handing its documents straight to tantivy's
        // indexing threads. Tantivy gets a second thread only for a large catalog (each writes
        // its own segment; one is quicker for a small catalog).
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = if guides.len() >= 1_000 {
            cores.min(2)
        } else {
            1
        };
        // An in-RAM index with our own schema cannot fail to build; a failure here is a bug.
        let mut writer: IndexWriter = index
            .writer_with_num_threads(threads, threads * WRITER_BUDGET)
            .expect("an in-RAM index writer");
        let chunk = guides.len().div_ceil(cores).max(1);
        std::thread::scope(|s| {
            for (n, part) in guides.chunks(chunk).enumerate() {
                let writer = &writer;
                s.spawn(move || {
                    for (i, (item, guide)) in part.iter().enumerate() {
                        let doc = fields.document((n * chunk + i) as u64, item, guide);
                        writer.add_document(doc).expect("a document of our schema");
                    }
                });
            }
        });
        writer.commit().expect("committing an in-RAM index");
        let reader = index.reader().expect("a reader of an in-RAM index");
        let searcher = reader.searcher();
        SearchIndex {
            fields,
            index,
            searcher,
            metas,
        }
    }

    /// The best `limit` guides for `query`, best first. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.run(query, limit, Mode::Search)
    }

    /// Suggestions while a worker types: the best `limit` guides for the start of a query ("低",
    /// "dib", "gaol", "disab"), best first.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Hit> {
        self.run(prefix, limit, Mode::Suggest)
    }

    /// How many guides are indexed.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    fn run(&self, input: &str, limit: usize, mode: Mode) -> Vec<Hit> {
        if limit == 0 || self.metas.is_empty() || input.trim().is_empty() {
            return Vec::new();
        }
        let tokenizers = self.index.tokenizers();
        let Some(plan) = query::build(&self.fields, &self.searcher, tokenizers, input, mode) else {
            return Vec::new();
        };
        let named = plan.situations.iter().fold(0, |m, &s| m | situation_bit(s));
        let new = situation_bit(Situation::New);
        let factor = move |mask: u64| -> Score {
            if mask & named != 0 {
                NAMED_SITUATION
            } else if named == 0 && mask & new == 0 {
                NOT_NEW
            } else {
                1.0
            }
        };
        let collector = TopDocs::with_limit(limit).tweak_score(move |segment: &SegmentReader| {
            let masks = segment
                .fast_fields()
                .u64("situations")
                .map(|c| c.first_or_default_col(new));
            move |doc: DocId, score: Score| match &masks {
                Ok(m) => score * factor(m.get_val(doc)),
                Err(_) => score,
            }
        });
        // Searching an in-RAM index only fails on a bug; a search box should then show nothing
        // rather than take the page down.
        let Ok(top) = self.searcher.search(&*plan.query, &collector) else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(score, addr)| {
                let segment = self.searcher.segment_reader(addr.segment_ord);
                let ord = segment.fast_fields().u64("ord").ok()?.first(addr.doc_id)?;
                let m = self.metas.get(ord as usize)?;
                Some(Hit {
                    code: m.code.clone(),
                    title_zh: m.title_zh.clone(),
                    title_en: m.title_en.clone(),
                    score,
                })
            })
            .collect()
    }
}
