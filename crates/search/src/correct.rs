//! Spelling correction of English words against the index's own vocabulary: a word the catalog
//! does not know is replaced by the known words one typing mistake away (two for long words), or
//! split into two known words ("streetlight" → "street light"). The corrected words then score
//! like any other word, so a rare misspelt word still counts more than a common one.

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// At most this many corrections of one word are searched.
const MAX_CORRECTIONS: usize = 6;
/// At most this many terms are read from a dictionary for one prefix: enough for the words of
/// the English text, a bound on the time a short prefix can take.
const MAX_SCAN: usize = 2_000;

/// True when some segment's dictionary of `field` holds `word`.
pub fn known(searcher: &Searcher, field: Field, word: &str) -> bool {
    searcher.segment_readers().iter().any(|r| {
        r.inverted_index(field)
            .ok()
            .and_then(|ii| ii.terms().get(word).ok().flatten())
            .is_some()
    })
}

/// The words of `field` within one edit of `word` (a swap of neighbours is one edit), or two
/// for a word of 8 letters or more when none is within one.
pub fn corrections(searcher: &Searcher, field: Field, word: &str) -> Vec<String> {
    near(searcher, &[field], word).pop().unwrap_or_default()
}

/// For each of `fields`, its words within one edit of `word`, or two for a word of 8 letters or
/// more when no field has one within one (at most [`MAX_CORRECTIONS`] per field, `word` itself
/// left out). One automaton serves all the fields.
pub fn near(searcher: &Searcher, fields: &[Field], word: &str) -> Vec<Vec<String>> {
    let mut out = within(searcher, fields, word, 1);
    if out.iter().all(Vec::is_empty) && word.len() >= 8 {
        out = within(searcher, fields, word, 2);
    }
    out
}

fn within(searcher: &Searcher, fields: &[Field], word: &str, distance: u8) -> Vec<Vec<String>> {
    let Some(&first) = fields.first() else {
        return Vec::new();
    };
    let query = FuzzyTermQuery::new(Term::from_field_text(first, word), distance, true);
    let Ok(dfa) = query.automaton() else {
        return vec![Vec::new(); fields.len()];
    };
    fields
        .iter()
        .map(|&field| {
            let mut out = Vec::new();
            for reader in searcher.segment_readers() {
                let Ok(ii) = reader.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = ii.terms().search(&dfa).into_stream() else {
                    continue;
                };
                while stream.advance() {
                    if let Ok(w) = std::str::from_utf8(stream.key()) {
                        if w != word {
                            out.push(w.to_string());
                        }
                    }
                }
            }
            out.sort();
            out.dedup();
            out.truncate(MAX_CORRECTIONS);
            out
        })
        .collect()
}

/// The terms of `field` that start with `prefix`, at most `max`, shortest first: what a word
/// being typed may become.
pub fn completions(searcher: &Searcher, field: Field, prefix: &str, max: usize) -> Vec<String> {
    if prefix.is_empty() {
        return Vec::new();
    }
    let query = FuzzyTermQuery::new_prefix(Term::from_field_text(field, prefix), 0, true);
    let mut out = Vec::new();
    for reader in searcher.segment_readers() {
        let (Ok(dfa), Ok(ii)) = (query.automaton(), reader.inverted_index(field)) else {
            continue;
        };
        let Ok(mut stream) = ii.terms().search(dfa).into_stream() else {
            continue;
        };
        while out.len() < MAX_SCAN && stream.advance() {
            if let Ok(w) = std::str::from_utf8(stream.key()) {
                out.push(w.to_string());
            }
        }
    }
    out.sort_by_key(|w| (w.len(), w.clone()));
    out.dedup();
    out.truncate(max);
    out
}

/// `word` as two known words, the longest first part first, each at least 3 letters.
pub fn split(searcher: &Searcher, field: Field, word: &str) -> Option<(String, String)> {
    if !word.is_ascii() || word.len() < 6 {
        return None;
    }
    (3..=word.len() - 3).rev().find_map(|i| {
        let (a, b) = word.split_at(i);
        (known(searcher, field, a) && known(searcher, field, b)).then(|| (a.into(), b.into()))
    })
}
