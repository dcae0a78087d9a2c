//! The index's fields and how a guide becomes one document. Each field holds one kind of text at
//! one level of the catalog, so that the query can weigh them: the guide's own name and aliases
//! most, then its item's names, then the summary, then conditions, materials and the rest.

use crate::names::Terms;
use crate::text::{index_grams, normalize, words};
use crate::vocab::{situation_words, situation_words_en};
use quanke_domain::catalog::vocab::Situation;
use quanke_domain::catalog::{Guide, Item};
use std::collections::BTreeSet;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::TantivyDocument;

/// Tokenizer of the fields this crate analyses itself: the text arrives as space-separated terms.
pub const PRE_TOKENIZED: &str = "whitespace";
/// Tokenizer of the English fields (tantivy's: words, lower case, English stemmer).
pub const ENGLISH: &str = "en_stem";
/// Tokenizer of the unstemmed English words that typing mistakes are matched against.
pub const ENGLISH_RAW: &str = "default";

/// Every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Position of the guide in the index's list of hits.
    pub ord: Field,
    /// The situations the guide covers, as a bit mask over `Situation::ALL` (see
    /// [`situation_mask`]).
    pub situations: Field,
    /// Guide name and aliases: jieba words, character grams.
    pub name_w: Field,
    pub name_g: Field,
    /// Item name and aliases: jieba words, character grams.
    pub item_w: Field,
    pub item_g: Field,
    /// Words that name the guide's situation (复核, 停发, 补办 …).
    pub situation: Field,
    /// Summary and who may apply.
    pub summary_w: Field,
    pub summary_g: Field,
    /// Conditions, materials, rules, result, questions, life events.
    pub detail_w: Field,
    pub detail_g: Field,
    /// English names (guide, item, situation), stemmed.
    pub en_name: Field,
    /// English summary, conditions, materials, questions, stemmed.
    pub en_text: Field,
    /// All the English text, unstemmed: the vocabulary misspelt words are corrected against.
    pub en_raw: Field,
    /// Pinyin of the guide's names (full, initials), and of the item's names joined to the
    /// situation's words.
    pub py_full: Field,
    pub py_init: Field,
    /// Pinyin of the item's names (full, initials).
    pub py_item_full: Field,
    pub py_item_init: Field,
    /// Whole names of the guide (and item name + situation word), each one term: in characters,
    /// in full pinyin and in initials. A query that is a whole name counts more than one that
    /// is part of one.
    pub whole: Field,
    /// Whole names of the item, the same way.
    pub item_whole: Field,
    /// The starts of the guide's whole names (not the composites): 1–12 letters of pinyin, 1–6
    /// characters.
    pub head: Field,
    /// The starts of the item's whole names.
    pub item_head: Field,
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

impl Fields {
    /// The schema and its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let pre = text(PRE_TOKENIZED);
        let fields = Fields {
            ord: b.add_u64_field("ord", FAST),
            situations: b.add_u64_field("situations", FAST),
            name_w: b.add_text_field("name_w", pre.clone()),
            name_g: b.add_text_field("name_g", pre.clone()),
            item_w: b.add_text_field("item_w", pre.clone()),
            item_g: b.add_text_field("item_g", pre.clone()),
            situation: b.add_text_field("situation", pre.clone()),
            summary_w: b.add_text_field("summary_w", pre.clone()),
            summary_g: b.add_text_field("summary_g", pre.clone()),
            detail_w: b.add_text_field("detail_w", pre.clone()),
            detail_g: b.add_text_field("detail_g", pre.clone()),
            en_name: b.add_text_field("en_name", text(ENGLISH)),
            en_text: b.add_text_field("en_text", text(ENGLISH)),
            en_raw: b.add_text_field("en_raw", text(ENGLISH_RAW)),
            py_full: b.add_text_field("py_full", pre.clone()),
            py_init: b.add_text_field("py_init", pre.clone()),
            py_item_full: b.add_text_field("py_item_full", pre.clone()),
            py_item_init: b.add_text_field("py_item_init", pre.clone()),
            whole: b.add_text_field("whole", pre.clone()),
            item_whole: b.add_text_field("item_whole", pre.clone()),
            head: b.add_text_field("head", pre.clone()),
            item_head: b.add_text_field("item_head", pre),
        };
        (b.build(), fields)
    }

    /// The document of one guide of `item`, at position `ord` in the list of hits.
    pub fn document(&self, ord: u64, item: &Item, guide: &Guide) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_u64(self.ord, ord);
        doc.add_u64(self.situations, situation_mask(guide));

        let name: Vec<&str> = std::iter::once(guide.name_zh.as_str())
            .chain(guide.aliases.iter().map(String::as_str))
            .collect();
        let item_names: Vec<&str> = std::iter::once(item.name_zh.as_str())
            .chain(item.aliases.iter().map(String::as_str))
            .collect();
        self.add_zh(&mut doc, self.name_w, self.name_g, &name, true);
        self.add_zh(&mut doc, self.item_w, self.item_g, &item_names, true);
        let sit = situation_words(guide.situation);
        doc.add_text(self.situation, sit.join(" "));
        self.add_zh(
            &mut doc,
            self.summary_w,
            self.summary_g,
            &[&guide.summary_zh, &guide.who_zh],
            false,
        );
        let mut detail: Vec<&str> = guide.conditions_zh.iter().map(String::as_str).collect();
        detail.extend(guide.materials.iter().map(|m| m.name_zh.as_str()));
        detail.extend(guide.rules.iter().map(|r| r.text_zh.as_str()));
        detail.extend(guide.faqs.iter().map(|f| f.q_zh.as_str()));
        detail.extend(guide.life_events.iter().map(|e| e.zh()));
        detail.push(&guide.result_zh);
        self.add_zh(&mut doc, self.detail_w, self.detail_g, &detail, false);

        let en_name = format!(
            "{} {} {}",
            guide.name_en,
            item.name_en,
            situation_words_en(guide.situation)
        );
        doc.add_text(self.en_name, &en_name);
        let mut en_text: Vec<&str> = vec![&guide.summary_en, &guide.who_en];
        en_text.extend(guide.conditions_en.iter().map(String::as_str));
        en_text.extend(guide.materials.iter().map(|m| m.name_en.as_str()));
        en_text.extend(guide.faqs.iter().map(|f| f.q_en.as_str()));
        en_text.extend(guide.life_events.iter().map(|e| e.en()));
        doc.add_text(self.en_text, en_text.join(" "));
        // The vocabulary that misspelt words are corrected against: each word once.
        let raw = format!("{en_name} {}", en_text.join(" ")).to_lowercase();
        let vocabulary: BTreeSet<&str> = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        doc.add_text(
            self.en_raw,
            vocabulary.into_iter().collect::<Vec<_>>().join(" "),
        );

        // Pinyin: the guide's names, and the item's names and the longer words in them, each
        // followed by a word of the situation: "社保卡" + "补办" → 社保卡补办, sbkbb. (Words of
        // two characters are left out: 低保 in 低保边缘 would make 低保申请 a name of the
        // near-dibao guide.)
        let guide_names: Vec<String> = name.iter().map(|n| normalize(n)).collect();
        let item_names: Vec<String> = item_names.iter().map(|n| normalize(n)).collect();
        let mut own = Terms::of(&guide_names);
        let mut stems: BTreeSet<String> = item_names.iter().cloned().collect();
        for n in &item_names {
            stems.extend(words(n).into_iter().filter(|w| w.chars().count() > 2));
        }
        for stem in &stems {
            for s in sit.iter().filter(|s| s.chars().count() > 1) {
                own.add_composite(&format!("{stem}{s}"));
            }
        }
        self.add_terms(
            &mut doc,
            [self.py_full, self.py_init, self.whole, self.head],
            own,
        );
        let items = Terms::of(&item_names);
        let to = [
            self.py_item_full,
            self.py_item_init,
            self.item_whole,
            self.item_head,
        ];
        self.add_terms(&mut doc, to, items);
        doc
    }

    fn add_terms(&self, doc: &mut TantivyDocument, to: [Field; 4], t: Terms) {
        for (field, set) in to.into_iter().zip([t.full, t.initials, t.whole, t.head]) {
            doc.add_text(field, set.into_iter().collect::<Vec<_>>().join(" "));
        }
    }

    /// Words and grams of `texts`. With `once` (names), each term counts once, and single
    /// characters are grams too: names and aliases are alternative names, and a word that several
    /// aliases repeat does not make the guide more relevant than a sibling with fewer aliases.
    fn add_zh(&self, doc: &mut TantivyDocument, w: Field, g: Field, texts: &[&str], once: bool) {
        let mut ws = Vec::new();
        let mut gs = Vec::new();
        for t in texts {
            let t = normalize(t);
            ws.extend(words(&t));
            gs.extend(index_grams(&t, once));
        }
        if once {
            ws.sort();
            ws.dedup();
            gs.sort();
            gs.dedup();
        }
        doc.add_text(w, ws.join(" "));
        doc.add_text(g, gs.join(" "));
    }
}

/// The bit of a situation in a mask: its position in `Situation::ALL`.
pub fn situation_bit(s: Situation) -> u64 {
    1 << Situation::ALL.iter().position(|&x| x == s).unwrap_or(0)
}

/// The situations a guide covers: its own, and any other its name says in a word of two
/// characters or more ("残疾人两项补贴变更、停发报告" is a change and a cancellation). Not "new":
/// 申请 and 登记 are in the names of every kind of guide.
pub fn situation_mask(guide: &Guide) -> u64 {
    let name = normalize(&guide.name_zh);
    Situation::ALL
        .iter()
        .filter(|&&s| {
            s == guide.situation
                || (s != Situation::New
                    && situation_words(s)
                        .iter()
                        .any(|w| w.chars().count() > 1 && name.contains(w)))
        })
        .fold(0, |mask, &s| mask | situation_bit(s))
}
