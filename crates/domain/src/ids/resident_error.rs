//! Why a resident ID number was refused: one variant per check, each saying what failed and how to
//! fix it, in English (`Display`) and Chinese ([`IdError::message_zh`]).
//!
//! The messages quote at most the region code or the birth date, never the whole number, so they
//! are safe to show and to log.

use chrono::NaiveDate;

/// A failed check of a resident ID number (GB 11643-1999).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing was entered.
    #[error("the ID number is empty; enter the 18 characters printed on the ID card")]
    Empty,
    /// Neither 18 characters nor the 15 digits of an old record.
    #[error(
        "an ID number has 18 characters (15 digits on old records), this one has {found}; \
         check for a missing or an extra digit"
    )]
    Length {
        /// How many characters were entered.
        found: usize,
    },
    /// A character other than a digit, or an X anywhere but at the end of an 18-character number.
    #[error(
        "character {position} is '{found}'; an ID number is digits only, and X may only be the \
         18th (check) character"
    )]
    Character {
        /// 1-based position of the character.
        position: usize,
        /// The character found there.
        found: char,
    },
    /// The first two digits are not a province-level code of GB/T 2260.
    #[error(
        "the region code {code} (digits 1–6) does not start with a province-level code; \
         digits 1–2 must be one of 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82: \
         check the first two digits"
    )]
    RegionProvince {
        /// The 6-digit region code as entered.
        code: String,
    },
    /// Digits 3–6 are `0000`: a province with no county, which no ID number carries.
    #[error(
        "the region code {code} (digits 1–6) names only a province; digits 3–6 must give the \
         city and county and cannot be 0000: check them against the ID card"
    )]
    RegionIncomplete {
        /// The 6-digit region code as entered.
        code: String,
    },
    /// The birth-date digits are not a real calendar date.
    #[error(
        "digits {} ({text}) are not a real date in the form {}; check the birth date digits",
        birth_positions(text),
        birth_form(text)
    )]
    BirthDateInvalid {
        /// The birth-date digits as entered (8, or 6 on a 15-digit number).
        text: String,
    },
    /// The birth date is after today.
    #[error("the birth date {date} is after today ({today}); check the birth date digits")]
    BirthDateInFuture {
        /// The birth date in the number.
        date: NaiveDate,
        /// The day the number was checked.
        today: NaiveDate,
    },
    /// The birth date is before 1880.
    #[error("the birth date {date} is before 1880; check the birth date digits")]
    BirthDateTooEarly {
        /// The birth date in the number.
        date: NaiveDate,
    },
    /// The check character does not match the first 17 digits.
    #[error(
        "the check character (18th) is '{found}', but the first 17 digits give '{expected}'; \
         a character is mistyped: compare every digit with the ID card"
    )]
    CheckCharacter {
        /// The check character the first 17 digits call for.
        expected: char,
        /// The check character entered.
        found: char,
    },
}

impl IdError {
    /// The message in English (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            IdError::Empty => "身份证号码为空；请输入身份证上的18位号码".to_string(),
            IdError::Length { found } => format!(
                "身份证号码应为18位（旧号码为15位数字），现为{found}位；请检查是否漏输或多输"
            ),
            IdError::Character { position, found } => format!(
                "第{position}位是“{found}”；身份证号码只能由数字组成，仅第18位（校验码）可以是X"
            ),
            IdError::RegionProvince { code } => format!(
                "地址码 {code}（第1–6位）的前两位不是有效的省级代码（应为11–15、21–23、31–37、\
                 41–46、50–54、61–65、71、81、82）；请核对前两位"
            ),
            IdError::RegionIncomplete { code } => format!(
                "地址码 {code}（第1–6位）只到省级；第3–6位应为市、县代码，不能是0000，请对照身份证核对"
            ),
            IdError::BirthDateInvalid { text } => format!(
                "第{}位（{text}）不是有效的{}日期；请核对出生日期",
                birth_positions(text),
                birth_form(text)
            ),
            IdError::BirthDateInFuture { date, today } => {
                format!("出生日期 {date} 晚于今天（{today}）；请核对出生日期")
            }
            IdError::BirthDateTooEarly { date } => {
                format!("出生日期 {date} 早于1880年；请核对出生日期")
            }
            IdError::CheckCharacter { expected, found } => format!(
                "校验码（第18位）是“{found}”，按前17位应为“{expected}”；有一位输错了，请逐位对照身份证核对"
            ),
        }
    }
}

/// Where the birth date stands: digits 7–14, or 7–12 on a 15-digit number.
fn birth_positions(text: &str) -> &'static str {
    if text.len() == 6 {
        "7–12"
    } else {
        "7–14"
    }
}

/// The form of the birth date: YYYYMMDD, or YYMMDD on a 15-digit number.
fn birth_form(text: &str) -> &'static str {
    if text.len() == 6 {
        "YYMMDD"
    } else {
        "YYYYMMDD"
    }
}
