//! From what was typed to one tantivy query: a disjunction of weighted clauses, each one way the
//! words might match a guide (its name, its item, its summary, its pinyin, its English, with or
//! without a typing mistake). BM25 scores the word clauses (corrected English words too); pinyin
//! keys, their corrections and the starts of names add a constant (their weight) to each guide
//! they reach. The situations the query names (复核, 补办,
//! "report") are returned beside it, for the ranking to prefer those guides.

use crate::correct;
use crate::fields::{Fields, ENGLISH, ENGLISH_RAW};
use crate::names::{HEAD_CHARS, HEAD_LETTERS};
use crate::pinyin_keys::spell;
use crate::text::{self, is_han, is_stop, latin_words, normalize, query_grams, words};
use crate::vocab::{expand_en, expand_zh, mentioned};
use quanke_domain::catalog::vocab::Situation;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Searcher, Term};

/// Whether the query is a finished question or the start of one being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A whole query: exact and corrected matches count most.
    Search,
    /// A prefix as the worker types ("低", "dib", "gaol"): the starts of names count most.
    Suggest,
}

/// A query ready to run.
pub struct Plan {
    /// The clauses.
    pub query: Box<dyn Query>,
    /// The situations the query names.
    pub situations: Vec<Situation>,
}

type FieldOf = fn(&Fields) -> Field;

/// Weights of the Chinese fields: a guide's own name and aliases first, then its item, its
/// situation, its summary, the rest.
const ZH_WORD: [(FieldOf, f32); 5] = [
    (|f| f.name_w, 3.0),
    (|f| f.item_w, 1.8),
    (|f| f.situation, 1.5),
    (|f| f.summary_w, 0.8),
    (|f| f.detail_w, 0.4),
];
const ZH_GRAM: [(FieldOf, f32); 4] = [
    (|f| f.name_g, 2.0),
    (|f| f.item_g, 1.2),
    (|f| f.summary_g, 0.5),
    (|f| f.detail_g, 0.25),
];
/// Weight of a one-character word, relative to longer words.
const SINGLE_CHAR: f32 = 0.3;
/// Weights of a whole name matched as typed (characters, pinyin or initials): the guide's, the
/// item's.
const WHOLE: f32 = 6.0;
const ITEM_WHOLE: f32 = 4.0;
/// Weights of a name that starts with what is being typed (suggestions): the guide's, the item's.
const SUGGEST_WHOLE: f32 = 3.0;
const SUGGEST_ITEM_WHOLE: f32 = 2.5;
/// At most this many terms starting with what is typed are searched, when it is too long for
/// the `head` fields.
const MAX_PREFIX_TERMS: usize = 32;
/// At most this many completions of an English word being typed are searched.
const MAX_COMPLETIONS: usize = 12;
/// Weight of the terms the colloquial table adds, relative to the query's own words.
const EXPANSION: f32 = 0.6;
/// Weight of a corrected English word, relative to a word spelt right.
const CORRECTED: f32 = 0.8;
/// Pinyin longer than this is not corrected: a mistake in a long string costs much to find, and
/// its other syllables find the guide anyway.
const MAX_FUZZY_PINYIN: usize = 24;
/// Queries longer than this many Chinese characters are not also tried as pinyin (a homophone
/// typo in a long sentence is carried by its other words).
const MAX_HAN_FOR_PINYIN: usize = 10;

/// Collects weighted clauses.
struct Clauses<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    out: Vec<(Occur, Box<dyn Query>)>,
}

impl Clauses<'_> {
    fn push(&mut self, q: Box<dyn Query>, weight: f32) {
        self.out
            .push((Occur::Should, Box::new(BoostQuery::new(q, weight))));
    }

    /// A term scored by BM25.
    fn term(&mut self, field: Field, text: &str, weight: f32) {
        let t = Term::from_field_text(field, text);
        self.push(
            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
            weight,
        );
    }

    /// A term that adds `weight` to every guide that has it, however often and in however long a
    /// field: for the pinyin keys, whose number says how many aliases a guide has, not how well
    /// it matches.
    fn flat(&mut self, field: Field, text: &str, weight: f32) {
        let t = Term::from_field_text(field, text);
        let q = TermQuery::new(t, IndexRecordOption::Basic);
        self.push(Box::new(ConstScoreQuery::new(Box::new(q), 1.0)), weight);
    }

    /// Adds `weight` to every guide with a term in `field` that starts with `text`: the
    /// [`MAX_PREFIX_TERMS`] shortest such terms (the likeliest ends of what is being typed; a
    /// short prefix starts thousands of terms in a large catalog).
    fn prefix(&mut self, field: Field, text: &str, weight: f32) {
        let terms = correct::completions(self.searcher, field, text, MAX_PREFIX_TERMS);
        if terms.is_empty() {
            return;
        }
        let any: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let q = TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::Basic);
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        let q = ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 1.0);
        self.push(Box::new(q), weight);
    }

    /// Chinese words and grams in every Chinese field, except those in `skip` (already searched).
    /// Without `grams`, words only: for the colloquial table's terms, which are the catalog's own
    /// words and need no help from character pairs. While typing, a lone character is the start
    /// of a word, not a word: it is left to the grams and the prefixes.
    fn chinese(&mut self, text: &str, factor: f32, skip: &[String], grams: bool, mode: Mode) {
        // The query's own words in search mode (a long word also yields its shorter words, so
        // that 残疾人证 reaches 残疾); the table's terms as jieba cuts them, without the shorter
        // words (流动人口 must not also search 动人).
        let mut ws = if grams {
            words(text)
        } else {
            text::partition(text)
                .into_iter()
                .filter(|w| !is_stop(w))
                .collect()
        };
        ws.sort();
        ws.dedup();
        ws.retain(|w| !skip.contains(w));
        for w in &ws {
            // One character says little about which service is wanted ("低", "证", "卡"),
            // except as a situation word ("退", "续", "变").
            let single = w.chars().count() == 1 && w.chars().all(is_han);
            if single && mode == Mode::Suggest {
                continue;
            }
            for (field, weight) in ZH_WORD {
                let f = field(self.fields);
                let weak = single && f != self.fields.situation;
                let weight = if weak { weight * SINGLE_CHAR } else { weight };
                self.term(f, w, weight * factor);
            }
        }
        if !grams {
            return;
        }
        let mut gs = query_grams(text);
        gs.sort();
        gs.dedup();
        for g in gs.iter().filter(|g| !ws.contains(g) && !skip.contains(g)) {
            for (field, weight) in ZH_GRAM {
                self.term(field(self.fields), g, weight * factor);
            }
        }
    }

    /// One spelling in the pinyin fields: exactly, with a typing mistake (`fuzzy`), or as a
    /// prefix.
    fn pinyin(&mut self, key: &str, factor: f32, mode: Mode, fuzzy: bool) {
        let f = self.fields;
        let n = key.len();
        if n < 2 || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
            return;
        }
        self.flat(f.py_full, key, 4.0 * factor);
        self.flat(f.py_item_full, key, 2.5 * factor);
        self.flat(f.py_init, key, 4.0 * factor);
        self.flat(f.py_item_init, key, 2.5 * factor);
        self.flat(f.whole, key, WHOLE * factor);
        self.flat(f.item_whole, key, ITEM_WHOLE * factor);
        if fuzzy && (5..=MAX_FUZZY_PINYIN).contains(&n) {
            let targets = [
                (f.py_full, 3.0),
                (f.whole, 0.5 * WHOLE),
                (f.item_whole, 0.5 * ITEM_WHOLE),
            ];
            let found = correct::near(self.searcher, &targets.map(|t| t.0), key);
            for ((field, weight), terms) in targets.into_iter().zip(found) {
                for t in terms {
                    self.flat(field, &t, weight * factor);
                }
            }
        }
        // A name that starts with the key: what is being typed, or the start of a name (zdcj of
        // 重度残疾人…, which jieba cuts 重度/残疾人).
        match mode {
            Mode::Suggest => self.starts(key, SUGGEST_WHOLE, SUGGEST_ITEM_WHOLE, factor),
            Mode::Search if n >= 3 => self.starts(key, 0.5 * WHOLE, 0.5 * ITEM_WHOLE, factor),
            Mode::Search => {}
        }
    }

    /// Adds `guide` to every guide one of whose names starts with `text`, `item` to every guide
    /// whose item's name does: one lookup in the `head` fields while `text` is short enough to
    /// be indexed there, the names' shortest completions after that.
    fn starts(&mut self, text: &str, guide: f32, item: f32, factor: f32) {
        let f = self.fields;
        let short = if text.is_ascii() {
            text.len() <= HEAD_LETTERS
        } else {
            text.chars().count() <= HEAD_CHARS
        };
        if short {
            self.flat(f.head, text, guide * factor);
            self.flat(f.item_head, text, item * factor);
        } else {
            self.prefix(f.whole, text, guide * factor);
            self.prefix(f.item_whole, text, item * factor);
        }
    }

    /// English words in the English fields, stemmed, with the colloquial table's terms.
    fn english(&mut self, tokenizers: &TokenizerManager, words: &[String], factor: f32) {
        let f = self.fields;
        for t in analyze(tokenizers, ENGLISH, &words.join(" ")) {
            self.term(f.en_name, &t, 2.5 * factor);
            self.term(f.en_text, &t, 0.6 * factor);
        }
        for t in analyze(tokenizers, ENGLISH, &expand_en(words)) {
            self.term(f.en_name, &t, 2.5 * EXPANSION * factor);
            self.term(f.en_text, &t, 0.6 * EXPANSION * factor);
        }
    }
}

/// The query for `input`, or `None` when it holds nothing to search for.
pub fn build(
    fields: &Fields,
    searcher: &Searcher,
    tokenizers: &TokenizerManager,
    input: &str,
    mode: Mode,
) -> Option<Plan> {
    let cut: String = input.chars().take(text::MAX_QUERY_CHARS).collect();
    let q = normalize(&cut);
    let mut c = Clauses {
        fields,
        searcher,
        out: Vec::new(),
    };
    let mut said = words(&q);

    if text::has_han(&q) {
        c.chinese(&q, 1.0, &[], true, mode);
        let extra = expand_zh(&q);
        if !extra.is_empty() {
            let mut own = said.clone();
            own.extend(query_grams(&q));
            c.chinese(&extra, EXPANSION, &own, false, mode);
        }
        let whole = text::compact(&q);
        c.flat(fields.whole, &whole, WHOLE);
        c.flat(fields.item_whole, &whole, ITEM_WHOLE);
        // A character typed by its sound (低包 for 低保): the spelling of the Chinese part.
        let han: String = q.chars().filter(|&ch| is_han(ch)).collect();
        if han.chars().count() <= MAX_HAN_FOR_PINYIN {
            for key in spell(&han).full {
                c.flat(fields.py_full, &key, 2.0);
                c.flat(fields.py_item_full, &key, 1.2);
                c.flat(fields.whole, &key, WHOLE);
                c.flat(fields.item_whole, &key, ITEM_WHOLE);
            }
        }
        if mode == Mode::Suggest {
            c.starts(&whole, SUGGEST_WHOLE, SUGGEST_ITEM_WHOLE, 1.0);
            if let Some(last) = text::partition(&q).last().filter(|w| w.chars().all(is_han)) {
                c.prefix(fields.name_w, last, 1.5);
                c.prefix(fields.item_w, last, 1.0);
            }
        }
    }

    let latin: Vec<String> = latin_words(&q)
        .into_iter()
        .filter(|w| !is_stop(w))
        .collect();
    if !latin.is_empty() {
        let Checked {
            spelt,
            fixed,
            pinyin_typo,
        } = correct_words(fields, searcher, tokenizers, &latin, mode);
        c.english(tokenizers, &spelt, 1.0);
        c.english(tokenizers, &fixed, CORRECTED);
        let joined: String = latin.concat();
        c.pinyin(&joined, 1.0, mode, pinyin_typo);
        if latin.len() > 1 {
            for w in &latin {
                c.pinyin(w, 0.4, mode, false);
            }
        }
        said.extend(spelt);
        said.extend(fixed);
    }

    if c.out.is_empty() {
        return None;
    }
    Some(Plan {
        query: Box::new(BooleanQuery::new(c.out)),
        situations: mentioned(&said),
    })
}

/// The Latin words of a query, checked against the catalog's vocabulary.
struct Checked {
    /// Words spelt as the catalog spells them, too short to correct, or unknown and left alone.
    spelt: Vec<String>,
    /// Corrections of misspelt words, and completions of a word being typed.
    fixed: Vec<String>,
    /// Some word is neither English nor pinyin the catalog knows, and not a misspelt English
    /// word either: it may be misspelt pinyin.
    pinyin_typo: bool,
}

/// Check each word; correct a word the catalog does not know. A word being typed (the last one
/// of a suggestion) is completed instead.
fn correct_words(
    fields: &Fields,
    searcher: &Searcher,
    tokenizers: &TokenizerManager,
    latin: &[String],
    mode: Mode,
) -> Checked {
    let raw = analyze(tokenizers, ENGLISH_RAW, &latin.join(" "));
    let (mut spelt, mut fixed, mut pinyin_typo) = (Vec::new(), Vec::new(), false);
    let pinyin_key = |w: &str| {
        [fields.py_full, fields.py_init, fields.py_item_full]
            .into_iter()
            .any(|f| correct::known(searcher, f, w))
    };
    let known = |w: &str| correct::known(searcher, fields.en_raw, w) || pinyin_key(w);
    for (i, w) in raw.iter().enumerate() {
        let typing = mode == Mode::Suggest && i + 1 == raw.len();
        if typing {
            // The word being typed: itself, and what it may become ("disab" → disability).
            spelt.push(w.clone());
            let more = correct::completions(searcher, fields.en_raw, w, MAX_COMPLETIONS);
            fixed.extend(more.into_iter().filter(|m| m != w));
            continue;
        }
        if w.len() < 4 || !w.chars().all(|c| c.is_ascii_alphabetic()) || known(w) {
            spelt.push(w.clone());
            continue;
        }
        let found = correct::corrections(searcher, fields.en_raw, w);
        // Misspelt pinyin, unless it is an English word misspelt: its corrections are English
        // words that are not pinyin ("dibso" → "dibao" is pinyin in an English name).
        if found.iter().all(|c| pinyin_key(c)) {
            pinyin_typo = true;
        }
        if !found.is_empty() {
            fixed.extend(found);
        } else if let Some((a, b)) = correct::split(searcher, fields.en_raw, w) {
            fixed.extend([a, b]);
        } else {
            spelt.push(w.clone());
        }
    }
    Checked {
        spelt,
        fixed,
        pinyin_typo,
    }
}

fn analyze(tokenizers: &TokenizerManager, name: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = tokenizers.get(name) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push(t.text.clone()));
    out.dedup();
    out
}
