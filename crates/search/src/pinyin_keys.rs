//! Pinyin keys: what a worker types on a keyboard without a Chinese input method. A name yields,
//! for each run of its words, the full pinyin (`gaolingjintie`) and the initials (`gljt`), for
//! EVERY reading of a polyphonic character (重庆 is `chongqing`/`cq` and `zhongqing`/`zq`), up
//! to a cap on the number of combinations.

use crate::text::{is_han, partition, words};
use pinyin::ToPinyinMulti;
use std::collections::BTreeSet;

/// At most this many spellings per run of words: the cartesian product of readings grows fast
/// (行 has 3, 的 has 2, …); the most common readings come first and are always kept.
pub const MAX_COMBINATIONS: usize = 16;

/// Runs of at most this many consecutive words are indexed (plus the whole name): enough for any
/// name a worker abbreviates, without a quadratic number of keys for long names.
pub const MAX_RUN_WORDS: usize = 4;

/// The plain readings of one character, most common first, without tones and duplicates. `ü` is
/// written both `v` (how keyboards type it) and `u` (how people drop the dots). A character that
/// is not Chinese is its own reading when it is an ASCII letter or digit, and has none otherwise.
pub fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    if is_han(c) {
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi {
                let plain = p.plain();
                if plain.contains('ü') {
                    push(plain.replace('ü', "v"));
                    push(plain.replace('ü', "u"));
                } else {
                    push(plain.to_string());
                }
            }
        }
    } else if c.is_ascii_alphanumeric() {
        push(c.to_ascii_lowercase().to_string());
    }
    out
}

/// The spellings of a run of characters: every combination of readings (capped), as full pinyin
/// and as initials.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Spellings {
    /// `gaolingjintie`
    pub full: Vec<String>,
    /// `gljt`
    pub initials: Vec<String>,
}

/// Spell a run of characters every way it can be read (at most [`MAX_COMBINATIONS`]). Characters
/// without a reading (punctuation) are skipped.
pub fn spell(chars: &str) -> Spellings {
    spell_capped(chars, MAX_COMBINATIONS)
}

/// [`spell`] with another cap on the combinations: for whole names, whose every polyphone
/// multiplies the spellings, and which a worker rarely types in full.
pub fn spell_capped(chars: &str, cap: usize) -> Spellings {
    // Each partial combination: (full, initials).
    let mut combos: Vec<(String, String)> = vec![(String::new(), String::new())];
    for c in chars.chars() {
        let rs = readings(c);
        if rs.is_empty() {
            continue;
        }
        let ascii = !is_han(c);
        let mut next = Vec::with_capacity((combos.len() * rs.len()).min(cap));
        'outer: for (full, init) in &combos {
            for r in &rs {
                if next.len() == cap.max(1) {
                    break 'outer;
                }
                let initial = if ascii { r.as_str() } else { &r[..1] };
                let mut f = String::with_capacity(full.len() + r.len());
                f.push_str(full);
                f.push_str(r);
                let mut i = String::with_capacity(init.len() + 1);
                i.push_str(init);
                i.push_str(initial);
                next.push((f, i));
            }
        }
        combos = next;
    }
    let mut full = Vec::new();
    let mut initials = Vec::new();
    for (f, i) in combos {
        if f.is_empty() {
            continue;
        }
        if !full.contains(&f) {
            full.push(f);
        }
        if !initials.contains(&i) {
            initials.push(i);
        }
    }
    Spellings { full, initials }
}

/// Every key of a name: the spellings of each run of up to [`MAX_RUN_WORDS`] consecutive jieba
/// words, of the whole name, and of the shorter words inside long ones (社保 in 社保卡). `name`
/// must be normalised.
pub fn keys(name: &str, full: &mut BTreeSet<String>, initials: &mut BTreeSet<String>) {
    let parts: Vec<String> = partition(name)
        .into_iter()
        .filter(|w| w.chars().any(|c| is_han(c) || c.is_ascii_alphanumeric()))
        .collect();
    let mut add = |run: &str| {
        let s = spell(run);
        full.extend(s.full);
        // A one-letter "initials" key would match every name with that sound: useless.
        initials.extend(s.initials.into_iter().filter(|i| i.len() > 1));
    };
    for start in 0..parts.len() {
        for end in start + 1..=(start + MAX_RUN_WORDS).min(parts.len()) {
            add(&parts[start..end].concat());
        }
    }
    if parts.len() > MAX_RUN_WORDS {
        add(&parts.concat());
    }
    for w in words(name) {
        add(&w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polyphone_has_every_reading() {
        let r = readings('重');
        assert!(r.contains(&"zhong".to_string()), "{r:?}");
        assert!(r.contains(&"chong".to_string()), "{r:?}");
    }

    #[test]
    fn chongqing_is_cq_and_zq() {
        let s = spell("重庆");
        assert!(s.initials.contains(&"cq".to_string()), "{s:?}");
        assert!(s.initials.contains(&"zq".to_string()), "{s:?}");
        assert!(s.full.contains(&"chongqing".to_string()), "{s:?}");
    }

    #[test]
    fn u_umlaut_is_typed_v_or_u() {
        let s = spell("法律");
        assert!(s.full.contains(&"falv".to_string()) && s.full.contains(&"falu".to_string()));
    }

    #[test]
    fn combinations_are_capped_and_keep_the_common_reading_first() {
        let s = spell("行长的了行长的了");
        assert!(s.full.len() <= MAX_COMBINATIONS);
        assert_eq!(s.full[0], "xingzhangdelexingzhangdele");
    }

    #[test]
    fn a_name_yields_keys_for_its_runs_of_words() {
        let (mut full, mut initials) = (BTreeSet::new(), BTreeSet::new());
        keys("高龄津贴申领", &mut full, &mut initials);
        for k in [
            "gaolingjintie",
            "gaoling",
            "jintie",
            "gaolingjintieshenling",
        ] {
            assert!(full.contains(k), "{k}: {full:?}");
        }
        assert!(initials.contains("gljt"), "{initials:?}");
    }
}
