//! The resident ID number (公民身份号码, GB 11643-1999): 6-digit region code, birth date YYYYMMDD,
//! 3-digit sequence (odd for men, even for women) and a check character (ISO 7064 MOD 11-2).
//! Old records still carry the 15-digit form (YYMMDD, born 19xx, no check character); it is
//! upgraded to 18 characters on parsing.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{normalise, IdCheckReport, IdError};

/// Weights of the first 17 digits for the check character.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each value of Σ(digit × weight) mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// No living person, and no record worth keeping, was born earlier.
const EARLIEST_BIRTH_YEAR: i32 = 1880;

/// Sex as encoded in the sequence digits: odd for male, even for female.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

impl Sex {
    /// The stable name: `male` or `female`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    /// The Chinese label: 男 or 女.
    pub fn label_zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// A checked 18-character resident ID number, with an upper-case X.
///
/// `Debug` prints only the masked form, so the number does not leak into logs by accident; use
/// [`ResidentId::as_str`] where the full number is meant.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId {
    number: String,
    birth: NaiveDate,
}

impl ResidentId {
    /// Parse an ID number as entered: 18 characters (x or X at the end), or the 15-digit legacy
    /// form. Whitespace is ignored and full-width characters are read as ASCII. The birth date
    /// must be a real date from 1880 up to `today`.
    pub fn parse(input: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
        let text = normalise(input).to_ascii_uppercase();
        let chars: Vec<char> = text.chars().collect();
        let legacy = match chars.len() {
            0 => return Err(IdError::Empty),
            18 => false,
            15 => true,
            found => return Err(IdError::Length { found }),
        };
        for (i, &c) in chars.iter().enumerate() {
            let check_position = !legacy && i == 17;
            if !(c.is_ascii_digit() || (check_position && c == 'X')) {
                return Err(IdError::Character {
                    position: i + 1,
                    found: c,
                });
            }
        }
        // All ASCII from here on, so byte slicing is safe.
        let region = &text[..6];
        check_region(region)?;
        let (birth_text, sequence) = if legacy {
            (&text[6..12], &text[12..15])
        } else {
            (&text[6..14], &text[14..17])
        };
        let birth = parse_birth(birth_text, today)?;
        let body = format!("{region}{}{sequence}", birth.format("%Y%m%d"));
        let expected = check_char(&body);
        if !legacy {
            let found = chars[17];
            if found != expected {
                return Err(IdError::CheckCharacter { expected, found });
            }
        }
        Ok(ResidentId {
            number: format!("{body}{expected}"),
            birth,
        })
    }

    /// Check an ID number for `quanke id check`: the verdict, the reason when it fails, and what
    /// the number says when it passes.
    pub fn check_report(input: &str, today: NaiveDate) -> IdCheckReport {
        IdCheckReport::from_result(ResidentId::parse(input, today))
    }

    /// Build a valid number from its parts, computing the check character: for demo data and
    /// tests.
    ///
    /// # Panics
    ///
    /// When `region` is not 6 digits with a province-level start and no `0000` in digits 3–6,
    /// when `birth` is outside the years 1880–9999, or when `seq` is over 999.
    pub fn generate(region: &str, birth: NaiveDate, seq: u16) -> ResidentId {
        assert!(
            region.len() == 6 && region.bytes().all(|b| b.is_ascii_digit()),
            "region {region:?} is not 6 digits"
        );
        if let Err(e) = check_region(region) {
            panic!("{e}");
        }
        assert!(
            (EARLIEST_BIRTH_YEAR..=9999).contains(&birth.year()),
            "birth year {} is outside 1880–9999",
            birth.year()
        );
        assert!(seq <= 999, "sequence {seq} is over 999");
        let body = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let check = check_char(&body);
        ResidentId {
            number: format!("{body}{check}"),
            birth,
        }
    }

    /// The 18-character number, with an upper-case X.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// The birth date (digits 7–14).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// The sex: digit 17 odd for male, even for female.
    pub fn sex(&self) -> Sex {
        if (self.number.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The region code where the number was issued (digits 1–6), e.g. `370102`.
    pub fn region_code(&self) -> &str {
        &self.number[..6]
    }

    /// Age in whole years on `date`; 0 before the birth date. A birthday counts on the day itself;
    /// someone born on 29 February turns a year older on 1 March in common years.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        if date < self.birth {
            return 0;
        }
        let mut age = date.year() - self.birth.year();
        if (date.month(), date.day()) < (self.birth.month(), self.birth.day()) {
            age -= 1;
        }
        age.try_into().unwrap_or(0)
    }

    /// The number for display (GB/T 35273): the region code, 8 stars for the birth date, and the
    /// last 4 characters, e.g. `370102********1234`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.number[..6], &self.number[14..])
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

/// The check character for the first 17 digits (all ASCII digits).
fn check_char(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Digits 1–2 must be a province-level code of GB/T 2260 and digits 3–6 must not be `0000`.
fn check_region(region: &str) -> Result<(), IdError> {
    let province: u8 = region[..2].parse().unwrap_or(0);
    if !is_province(province) {
        return Err(IdError::RegionProvince {
            code: region.to_string(),
        });
    }
    if &region[2..] == "0000" {
        return Err(IdError::RegionIncomplete {
            code: region.to_string(),
        });
    }
    Ok(())
}

/// The province-level codes of GB/T 2260 (including Taiwan 71, Hong Kong 81 and Macao 82).
fn is_province(code: u8) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

/// The birth date from 8 digits YYYYMMDD, or 6 digits YYMMDD meaning 19YY.
fn parse_birth(text: &str, today: NaiveDate) -> Result<NaiveDate, IdError> {
    let full = if text.len() == 6 {
        format!("19{text}")
    } else {
        text.to_string()
    };
    let number = |range: std::ops::Range<usize>| full[range].parse::<u32>().unwrap_or(0);
    let date = i32::try_from(number(0..4))
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, number(4..6), number(6..8)))
        .ok_or_else(|| IdError::BirthDateInvalid {
            text: text.to_string(),
        })?;
    if date.year() < EARLIEST_BIRTH_YEAR {
        return Err(IdError::BirthDateTooEarly { date });
    }
    if date > today {
        return Err(IdError::BirthDateInFuture { date, today });
    }
    Ok(date)
}

#[cfg(test)]
mod tests;
