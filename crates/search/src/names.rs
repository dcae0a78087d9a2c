//! The pinyin terms of a guide's names: runs of words spelt in full and as initials (`py_*`),
//! each whole name as one term in characters, full pinyin and initials (`whole`), and the starts
//! of those whole names (`head`), so that a name being typed is one term lookup however many
//! names start the same way.

use crate::pinyin_keys::{self, spell_capped};
use crate::text::compact;
use std::collections::BTreeSet;

/// Spellings of a whole name: polyphones multiply them, and a worker rarely types a whole long
/// name in full pinyin.
const WHOLE_COMBINATIONS: usize = 8;
/// Spellings of an item's name joined to a situation word (many per guide).
const COMPOSITE_COMBINATIONS: usize = 4;
/// Starts of names are indexed up to this many letters of pinyin …
pub const HEAD_LETTERS: usize = 12;
/// … and this many Chinese characters.
pub const HEAD_CHARS: usize = 6;

/// The pinyin terms of a set of names (normalised).
#[derive(Debug, Default)]
pub struct Terms {
    /// Runs of words in full pinyin.
    pub full: BTreeSet<String>,
    /// Runs of words as initials.
    pub initials: BTreeSet<String>,
    /// Whole names: characters, full pinyin, initials.
    pub whole: BTreeSet<String>,
    /// The starts of the whole names.
    pub head: BTreeSet<String>,
}

impl Terms {
    /// The terms of `names`.
    pub fn of(names: &[String]) -> Terms {
        let mut t = Terms::default();
        for n in names {
            pinyin_keys::keys(n, &mut t.full, &mut t.initials);
            t.add_whole(n, WHOLE_COMBINATIONS, true);
        }
        t
    }

    /// A name made of an item's name and a situation word (社保卡 + 补办): whole only.
    pub fn add_composite(&mut self, name: &str) {
        self.add_whole(name, COMPOSITE_COMBINATIONS, false);
    }

    fn add_whole(&mut self, name: &str, cap: usize, head: bool) {
        let c = compact(name);
        if c.is_empty() {
            return;
        }
        let s = spell_capped(&c, cap);
        let initials = s.initials.into_iter().filter(|k| k.len() > 1);
        let spellings: Vec<String> = s.full.into_iter().chain(initials).collect();
        if head {
            for sp in &spellings {
                for n in 1..=sp.len().min(HEAD_LETTERS) {
                    self.head.insert(sp[..n].to_string());
                }
            }
            let chars: Vec<char> = c.chars().collect();
            for n in 1..=chars.len().min(HEAD_CHARS) {
                self.head.insert(chars[..n].iter().collect());
            }
        }
        self.whole.extend(spellings);
        self.whole.insert(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_has_its_whole_spellings_and_their_starts() {
        let t = Terms::of(&["高龄津贴".to_string()]);
        for w in ["高龄津贴", "gaolingjintie", "gljt"] {
            assert!(t.whole.contains(w), "{w}");
        }
        for h in ["高", "高龄", "g", "gaol", "gaolingjinti", "glj"] {
            assert!(t.head.contains(h), "{h}");
        }
        assert!(
            !t.head.contains("gaolingjintie"),
            "longer than {HEAD_LETTERS} letters"
        );
    }

    #[test]
    fn a_composite_is_whole_only() {
        let mut t = Terms::default();
        t.add_composite("社保卡补办");
        assert!(t.whole.contains("sbkbb") && t.whole.contains("社保卡补办"));
        assert!(t.head.is_empty() && t.full.is_empty());
    }
}
