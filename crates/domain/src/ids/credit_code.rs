//! The unified social credit code (统一社会信用代码, GB 32100-2015) of an organisation: 18
//! characters over `0123456789ABCDEFGHJKLMNPQRTUWXY`, the last a check character (weights
//! 3^(i−1) mod 31, check = 31 − (Σ mod 31), 31 → 0).
//!
//! Some codes in real registers fail the check, so a wrong check character is reported as a
//! warning on the parsed code, not as an error.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::normalise;

/// The 31 characters of the code, in the order of their values 0–30.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// 3^(i−1) mod 31 for positions 1–17.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// An 18-character unified social credit code, upper case, whose characters are all allowed; its
/// check character may be wrong (see [`CreditCode::check_ok`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

/// A parsed code and the verdict of its check character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCodeParsed {
    /// The code as entered (normalised to upper case).
    pub code: CreditCode,
    /// True when the check character matches the first 17 characters.
    pub check_ok: bool,
    /// The check character the first 17 characters call for.
    pub expected_check: char,
}

/// Why a credit code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    /// Nothing was entered.
    #[error("the credit code is empty; enter the 18 characters from the business licence")]
    Empty,
    /// Not 18 characters.
    #[error(
        "a unified social credit code has 18 characters, this one has {found}; check for a \
         missing or an extra character"
    )]
    Length {
        /// How many characters were entered.
        found: usize,
    },
    /// A character outside the code's alphabet.
    #[error(
        "character {position} is '{found}'; a credit code uses digits and the capital letters \
         A–Y except I, O, S, V and Z"
    )]
    Character {
        /// 1-based position of the character.
        position: usize,
        /// The character found there.
        found: char,
    },
}

impl CreditCodeError {
    /// The message in English (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            CreditCodeError::Empty => {
                "统一社会信用代码为空；请输入营业执照（登记证书）上的18位代码".to_string()
            }
            CreditCodeError::Length { found } => {
                format!("统一社会信用代码应为18位，现为{found}位；请检查是否漏输或多输")
            }
            CreditCodeError::Character { position, found } => format!(
                "第{position}位是“{found}”；统一社会信用代码只使用数字和除I、O、S、V、Z以外的大写字母"
            ),
        }
    }
}

impl CreditCode {
    /// Parse a code as entered: whitespace is ignored, lower case is read as upper case. A wrong
    /// check character is not an error: see [`CreditCodeParsed::check_ok`].
    pub fn parse(input: &str) -> Result<CreditCodeParsed, CreditCodeError> {
        let text = normalise(input).to_ascii_uppercase();
        let count = text.chars().count();
        if count == 0 {
            return Err(CreditCodeError::Empty);
        }
        if count != 18 {
            return Err(CreditCodeError::Length { found: count });
        }
        if let Some((i, c)) = text.chars().enumerate().find(|&(_, c)| value(c).is_none()) {
            return Err(CreditCodeError::Character {
                position: i + 1,
                found: c,
            });
        }
        let code = CreditCode(text);
        let expected_check = code.expected_check();
        Ok(CreditCodeParsed {
            check_ok: code.0.ends_with(expected_check),
            expected_check,
            code,
        })
    }

    /// The code, 18 upper-case characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the check character matches the first 17 characters.
    pub fn check_ok(&self) -> bool {
        self.0.ends_with(self.expected_check())
    }

    /// The check character the first 17 characters call for.
    pub fn expected_check(&self) -> char {
        check_char(&self.0[..17])
    }
}

impl CreditCodeParsed {
    /// The warning to show when the check character is wrong, in English.
    pub fn warning_en(&self) -> Option<String> {
        (!self.check_ok).then(|| {
            format!(
                "the check character (18th) is '{}' but the first 17 characters give '{}'; \
                 compare the code with the business licence (some registered codes really fail \
                 this check, so it was accepted)",
                last_char(&self.code),
                self.expected_check
            )
        })
    }

    /// The warning to show when the check character is wrong, in Chinese.
    pub fn warning_zh(&self) -> Option<String> {
        (!self.check_ok).then(|| {
            format!(
                "校验码（第18位）是“{}”，按前17位应为“{}”；请对照营业执照核对（个别已登记的代码确实\
                 不符合校验规则，因此仍予接受）",
                last_char(&self.code),
                self.expected_check
            )
        })
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<CreditCode, CreditCodeError> {
        CreditCode::parse(&s).map(|parsed| parsed.code)
    }
}

impl From<CreditCode> for String {
    fn from(code: CreditCode) -> String {
        code.0
    }
}

/// The value 0–30 of a character of the code's alphabet.
fn value(c: char) -> Option<u32> {
    let b = u8::try_from(c).ok()?;
    ALPHABET.iter().position(|&a| a == b).map(|i| i as u32)
}

/// The check character for the first 17 characters (all in the alphabet).
fn check_char(body: &str) -> char {
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| value(c).unwrap_or(0) * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    char::from(ALPHABET[check as usize])
}

fn last_char(code: &CreditCode) -> char {
    code.0.chars().last().unwrap_or(' ')
}

#[cfg(test)]
mod tests;
