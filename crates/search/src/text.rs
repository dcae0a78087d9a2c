//! Turning text into the terms the index holds: one normal form (simplified characters, half-width,
//! lower case), jieba words, character bigrams, and a handful of Chinese function words that say
//! nothing about which service is wanted.
//!
//! The same functions analyse the catalog and the query, so both sides always agree.

use std::sync::OnceLock;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy_jieba::JiebaTokenizer;

/// The longest query, in characters, that is analysed; the rest is ignored. A resident's question
/// fits easily, and it bounds the work a pasted page of text can cause.
pub const MAX_QUERY_CHARS: usize = 64;

/// One normal form for both sides: traditional → simplified (fast2s), full-width ASCII →
/// half-width, lower case, every kind of space → one ASCII space.
pub fn normalize(text: &str) -> String {
    let simplified = fast2s::convert(text);
    let mut out = String::with_capacity(simplified.len());
    for c in simplified.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c if c.is_whitespace() => ' ',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// A Chinese character (CJK unified ideographs and extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Words that carry no meaning for finding a service: particles, pronouns, question words and the
/// verbs of any request ("办", "要", "能").
const STOP_WORDS: &[&str] = &[
    "的",
    "了",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "嘛",
    "么",
    "我",
    "我们",
    "你",
    "您",
    "他",
    "她",
    "它",
    "有",
    "没有",
    "什么",
    "怎么",
    "怎么办",
    "怎样",
    "如何",
    "咋",
    "咋办",
    "哪",
    "哪里",
    "哪儿",
    "去",
    "在",
    "要",
    "能",
    "能不能",
    "可以",
    "是",
    "就",
    "都",
    "也",
    "还",
    "和",
    "跟",
    "给",
    "把",
    "被",
    "让",
    "这",
    "那",
    "这个",
    "那个",
    "个",
    "一",
    "一下",
    "请问",
    "想",
    "办",
    "办理",
    "谁",
    "找",
    "找谁",
    "多少",
    "吗",
    "会",
    "该",
    "得",
    "着",
    "过",
    "又",
    "很",
    "太",
    "a",
    "an",
    "the",
    "of",
    "for",
    "to",
    "in",
    "on",
    "my",
    "i",
    "is",
    "me",
    "and",
    "or",
    "how",
    "do",
    "can",
    "what",
    "with",
    "at",
    "by",
];

/// True for a word that says nothing about which service is wanted.
pub fn is_stop(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

fn jieba(search_mode: bool) -> JiebaTokenizer {
    // HMM off: with it, jieba glues unknown neighbours into odd words ("证新办"), and the result
    // depends on the context; without it a name segments the same way in a guide and in a query.
    let mut t = JiebaTokenizer::with_search_mode(search_mode);
    t.set_hmm(false);
    t
}

/// Load jieba's dictionary once per process (the first call takes ~0.2 s), so that the first
/// build or query does not pay for it at an awkward moment.
pub fn warm_up() {
    static WARM: OnceLock<()> = OnceLock::new();
    WARM.get_or_init(|| {
        let _ = words("低保");
    });
}

fn segment(text: &str, search_mode: bool) -> Vec<String> {
    let mut tokenizer = jieba(search_mode);
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let w = stream.token().text.trim();
        if w.chars().any(|c| c.is_alphanumeric()) {
            out.push(w.to_string());
        }
    }
    out
}

/// Jieba words in search mode (a long word also yields its shorter words), without stop words.
/// `text` must be normalised.
pub fn words(text: &str) -> Vec<String> {
    segment(text, true)
        .into_iter()
        .filter(|w| !is_stop(w))
        .collect()
}

/// Jieba's partition of `text` into words (default mode: no overlaps), stop words kept. Used to
/// cut a name into the runs whose pinyin is indexed.
pub fn partition(text: &str) -> Vec<String> {
    segment(text, false)
}

/// Every pair of neighbouring characters of each run of Chinese characters (and, with
/// `singles`, every single character): what a partial name matches when jieba cuts it
/// differently. For the index; single characters only where a suggestion may start with one.
pub fn index_grams(text: &str, singles: bool) -> Vec<String> {
    let mut out = Vec::new();
    for run in han_runs(text) {
        for (i, c) in run.iter().enumerate() {
            if singles {
                out.push(c.to_string());
            }
            if let Some(n) = run.get(i + 1) {
                out.push([*c, *n].iter().collect());
            }
        }
    }
    out
}

/// The grams of a query: pairs of neighbouring characters, after stop words are taken out (they
/// split the runs), and a lone character where a run has only one. Single characters elsewhere
/// are too common to help.
pub fn query_grams(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    };
    for w in partition(text) {
        if is_stop(&w) || !w.chars().all(is_han) {
            flush(&mut run, &mut out);
        } else {
            run.extend(w.chars());
        }
    }
    flush(&mut run, &mut out);
    out
}

fn han_runs(text: &str) -> Vec<Vec<char>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for c in text.chars() {
        if is_han(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The Latin words of a normalised text (letters, digits and inner hyphens), in order.
pub fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Only the Chinese characters, ASCII letters and digits of a normalised text: a whole name as
/// one term, whatever spaces and punctuation were typed.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|&c| is_han(c) || c.is_ascii_alphanumeric())
        .collect()
}

/// True when the text has at least one Chinese character.
pub fn has_han(text: &str) -> bool {
    text.chars().any(is_han)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_form_is_simplified_half_width_lower_case() {
        assert_eq!(normalize("殘疾人證"), "残疾人证");
        assert_eq!(normalize("ＤＢＳＱ　低保"), "dbsq 低保");
    }

    #[test]
    fn query_grams_skip_stop_words() {
        let g = query_grams("社保卡丢了怎么办");
        assert!(g.contains(&"社保".to_string()) && g.contains(&"保卡".to_string()));
        assert!(!g.iter().any(|g| g.contains('了')));
    }

    #[test]
    fn latin_words_split_on_anything_else() {
        assert_eq!(latin_words("e-bike, 充电 dibso!"), vec!["e-bike", "dibso"]);
    }
}
