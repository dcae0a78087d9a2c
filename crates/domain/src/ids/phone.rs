//! A mainland mobile number (`^1[3-9]\d{9}$`), as residents write it: with spaces or hyphens
//! between the groups and an optional `+86` / `0086` country prefix.

use std::fmt;

use super::normalise;

/// A checked mainland mobile number, 11 digits.
///
/// `Debug` prints only the masked form; use [`Phone::as_str`] where the full number is meant.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

/// Why a mobile number was refused. The messages never quote the whole number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing was entered.
    #[error("the mobile number is empty; enter 11 digits such as 138 0013 8000")]
    Empty,
    /// Something other than digits, spaces, hyphens and a leading +86 / 0086.
    #[error(
        "'{found}' cannot be part of a mobile number; use digits, optionally grouped with \
         spaces or hyphens and preceded by +86"
    )]
    Character {
        /// The offending character.
        found: char,
    },
    /// Not 11 digits after the country prefix.
    #[error(
        "a mobile number has 11 digits, this one has {found}; check for a missing or an extra \
         digit (landline numbers are not accepted here)"
    )]
    Length {
        /// How many digits were entered.
        found: usize,
    },
    /// 11 digits, but not starting 13–19.
    #[error(
        "a mainland mobile number starts with 13 to 19, this one starts with {prefix}; check \
         the first digits (landline numbers are not accepted here)"
    )]
    NotMobile {
        /// The first two digits.
        prefix: String,
    },
}

impl PhoneError {
    /// The message in English (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            PhoneError::Empty => "手机号码为空；请输入11位号码，例如 138 0013 8000".to_string(),
            PhoneError::Character { found } => format!(
                "手机号码中不能有“{found}”；请只输入数字，可用空格或短横线分组，可加 +86 前缀"
            ),
            PhoneError::Length { found } => format!(
                "手机号码应为11位数字，现为{found}位；请检查是否漏输或多输（此处不接受固定电话）"
            ),
            PhoneError::NotMobile { prefix } => format!(
                "大陆手机号码以13–19开头，此号码以{prefix}开头；请核对前几位（此处不接受固定电话）"
            ),
        }
    }
}

impl Phone {
    /// Parse a mobile number as entered: spaces and hyphens anywhere are dropped, full-width
    /// digits are read as ASCII, and a leading `+86` or `0086` is removed.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let text: String = normalise(input).chars().filter(|&c| c != '-').collect();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        let digits = text
            .strip_prefix("+86")
            .or_else(|| text.strip_prefix("0086"))
            .unwrap_or(&text);
        if let Some(found) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(PhoneError::Character { found });
        }
        if digits.len() != 11 {
            return Err(PhoneError::Length {
                found: digits.len(),
            });
        }
        let b = digits.as_bytes();
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(PhoneError::NotMobile {
                prefix: digits[..2].to_string(),
            });
        }
        Ok(Phone(digits.to_string()))
    }

    /// The 11 digits, without prefix or separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number for display (GB/T 35273): first 3 and last 4 digits, e.g. `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests;
