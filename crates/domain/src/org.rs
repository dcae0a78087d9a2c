//! The organisation tree: subdistrict (街道) → communities (社区) → grids (网格).
//!
//! Every unit has a path code such as `370102-003-005`: the parent's code, a hyphen, and the unit's
//! own segment. "Everything under my community" is then a prefix test, which storage turns into a
//! prefix query, so scope is enforced where the data is read.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The level of an organisational unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Subdistrict,
    Community,
    Grid,
}

impl OrgKind {
    /// The stable name stored in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Subdistrict => "subdistrict",
            OrgKind::Community => "community",
            OrgKind::Grid => "grid",
        }
    }

    /// Parse the stored name.
    pub fn parse(s: &str) -> Option<OrgKind> {
        match s {
            "subdistrict" => Some(OrgKind::Subdistrict),
            "community" => Some(OrgKind::Community),
            "grid" => Some(OrgKind::Grid),
            _ => None,
        }
    }

    /// The kind a child of this kind has, if units of this kind may have children.
    pub fn child(self) -> Option<OrgKind> {
        match self {
            OrgKind::Subdistrict => Some(OrgKind::Community),
            OrgKind::Community => Some(OrgKind::Grid),
            OrgKind::Grid => None,
        }
    }
}

/// A path code: digit segments joined by hyphens, e.g. `370102-003` (a subdistrict),
/// `370102-003-005` (a community), `370102-003-005-02` (a grid).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(String);

/// Why a path code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgCodeError {
    #[error("the code is empty; enter digits such as 370102-003-005")]
    Empty,
    #[error("segment {0:?} is not 1–12 digits; a code is digit groups joined by hyphens, such as 370102-003-005")]
    BadSegment(String),
    #[error("a code has at most 6 segments")]
    TooDeep,
}

impl OrgCode {
    /// Parse a path code.
    pub fn parse(s: &str) -> Result<OrgCode, OrgCodeError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(OrgCodeError::Empty);
        }
        let segments: Vec<&str> = s.split('-').collect();
        if segments.len() > 6 {
            return Err(OrgCodeError::TooDeep);
        }
        for seg in &segments {
            if seg.is_empty() || seg.len() > 12 || !seg.bytes().all(|b| b.is_ascii_digit()) {
                return Err(OrgCodeError::BadSegment((*seg).to_string()));
            }
        }
        Ok(OrgCode(s.to_string()))
    }

    /// The code of a child with the given segment (digits only).
    pub fn child(&self, segment: &str) -> Result<OrgCode, OrgCodeError> {
        OrgCode::parse(&format!("{}-{}", self.0, segment))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `other` is this unit or lies below it.
    pub fn contains(&self, other: &OrgCode) -> bool {
        other.0 == self.0
            || (other.0.len() > self.0.len()
                && other.0.starts_with(&self.0)
                && other.0.as_bytes()[self.0.len()] == b'-')
    }

    /// True when one of the two units contains the other: the units an account scoped to `self`
    /// may see on the way up (its own community) and down (everything under it).
    pub fn related(&self, other: &OrgCode) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The parent's code, if any.
    pub fn parent(&self) -> Option<OrgCode> {
        self.0.rfind('-').map(|i| OrgCode(self.0[..i].to_string()))
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrgCode {
    type Error = OrgCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        OrgCode::parse(&s)
    }
}

impl From<OrgCode> for String {
    fn from(c: OrgCode) -> String {
        c.0
    }
}

/// A name of an organisational unit in both languages; the Chinese one is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgName {
    pub zh: String,
    pub en: String,
}

/// Why a unit's name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgNameError {
    #[error("the Chinese name is required")]
    MissingZh,
    #[error("a name is at most 60 characters")]
    TooLong,
}

impl OrgName {
    /// Build a name; the English one may be empty (the Chinese is shown instead).
    pub fn parse(zh: &str, en: &str) -> Result<OrgName, OrgNameError> {
        let (zh, en) = (zh.trim(), en.trim());
        if zh.is_empty() {
            return Err(OrgNameError::MissingZh);
        }
        if zh.chars().count() > 60 || en.chars().count() > 60 {
            return Err(OrgNameError::TooLong);
        }
        Ok(OrgName {
            zh: zh.to_string(),
            en: en.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_and_nest() {
        let sub = OrgCode::parse("370102-003").unwrap();
        let com = sub.child("005").unwrap();
        let grid = com.child("02").unwrap();
        assert_eq!(grid.as_str(), "370102-003-005-02");
        assert!(sub.contains(&grid));
        assert!(com.contains(&com));
        assert!(!grid.contains(&com));
        assert!(grid.related(&com));
        assert_eq!(grid.parent().unwrap(), com);
        // a sibling whose code merely starts with the same digits is not contained
        let other = OrgCode::parse("370102-003-0051").unwrap();
        assert!(!com.contains(&other));
    }

    #[test]
    fn bad_codes_say_why() {
        assert_eq!(OrgCode::parse(" "), Err(OrgCodeError::Empty));
        assert!(matches!(
            OrgCode::parse("3701-ab"),
            Err(OrgCodeError::BadSegment(s)) if s == "ab"
        ));
        assert!(matches!(
            OrgCode::parse("1--2"),
            Err(OrgCodeError::BadSegment(_))
        ));
        assert_eq!(OrgCode::parse("1-2-3-4-5-6-7"), Err(OrgCodeError::TooDeep));
    }

    #[test]
    fn names_need_chinese() {
        assert_eq!(OrgName::parse("", "x"), Err(OrgNameError::MissingZh));
        assert_eq!(OrgName::parse("甸柳第一社区", "").unwrap().en, "");
    }
}
