//! Simplified Chinese first, complete English beside it.
//!
//! Every text shown to people has a key; `locales/zh/*.toml` and `locales/en/*.toml` hold the two
//! translations, one file per part of the product (a test proves both folders have the same keys and that every key the code and the
//! templates use is there). The language comes from the `quanke_lang` cookie set by the visible
//! switch, else from `Accept-Language`, else Chinese.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use include_dir::{include_dir, Dir};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::OnceLock;

/// The cookie that remembers the language chosen with the switch.
pub const LANG_COOKIE: &str = "quanke_lang";

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The code used in URLs, cookies and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parse `zh`, `zh-CN`, `en`, `en-GB`, …
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The best language for an `Accept-Language` header value, honouring q-values.
    pub fn from_accept_language(value: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in value.split(',') {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("").trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::parse(tag) {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.filter(|(q, _)| *q > 0.0).map(|(_, l)| l)
    }

    /// The text for `key` in this language. A missing key shows the key itself, so it is noticed.
    pub fn t(self, key: &str) -> &'static str {
        let table = match self {
            Lang::Zh => zh(),
            Lang::En => en(),
        };
        match table.get(key) {
            Some(v) => v.as_str(),
            None => {
                tracing::warn!(key, "missing translation");
                Box::leak(key.to_string().into_boxed_str())
            }
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Infallible> {
        Ok(from_headers(&parts.headers))
    }
}

/// The language of a request: the switch's cookie, else `Accept-Language`, else Chinese.
pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
    let from_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(LANG_COOKIE)
                .and_then(|r| r.strip_prefix('='))
        })
        .and_then(Lang::parse);
    from_cookie
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

type Table = HashMap<String, String>;

/// Parse every file of one language's folder into one table. A key defined twice (in two files, or
/// a section repeated) is a bug and panics, which the tests catch.
fn parse_dir(dir: &Dir<'static>) -> Table {
    let mut out = Table::new();
    let mut files: Vec<_> = dir.files().collect();
    files.sort_by_key(|f| f.path());
    for f in files {
        let src = f.contents_utf8().expect("locale file is UTF-8");
        let value: toml::Table = toml::from_str(src).unwrap_or_else(|e| {
            panic!("locale file {} is not valid TOML: {e}", f.path().display())
        });
        let mut part = Table::new();
        flatten("", &value, &mut part);
        for (k, v) in part {
            if out.insert(k.clone(), v).is_some() {
                panic!("locale key {k} is defined twice ({})", f.path().display());
            }
        }
    }
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Table) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out),
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// One folder per language; each part of the product keeps its texts in its own file
/// (`core.toml`, `cases.toml`, …) with the same name in both folders.
static ZH_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales/zh");
static EN_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales/en");

fn zh() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse_dir(&ZH_DIR))
}

fn en() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse_dir(&EN_DIR))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn accept_language_with_q_values() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,zh-CN;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr, zh;q=0.5, en;q=0.4"),
            Some(Lang::Zh)
        );
        assert_eq!(Lang::from_accept_language("fr-FR"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let zh: BTreeSet<_> = zh().keys().collect();
        let en: BTreeSet<_> = en().keys().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "keys missing in en.toml: {only_zh:?}");
        assert!(only_en.is_empty(), "keys missing in zh.toml: {only_en:?}");
    }

    /// Every `t("…")` in the templates and the code must be translated.
    #[test]
    fn every_used_key_is_translated() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        for dir in ["templates", "src"] {
            for entry in walk(&root.join(dir)) {
                let text = std::fs::read_to_string(&entry).unwrap();
                for key in used_keys(&text) {
                    if !zh().contains_key(&key) {
                        missing.push(format!("{}: {key}", entry.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "untranslated keys:\n{}",
            missing.join("\n")
        );
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }

    fn used_keys(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for pat in [".t(\"", "t(\""] {
            let mut rest = text;
            while let Some(i) = rest.find(pat) {
                rest = &rest[i + pat.len()..];
                if let Some(end) = rest.find('"') {
                    let key = &rest[..end];
                    if key.contains('.') && !key.contains(' ') && !key.contains('{') {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        keys
    }
}
