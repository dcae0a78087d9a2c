//! Case numbers: `QK` + the acceptance date + a four-digit sequence of the day, e.g.
//! `QK20261129-0007`. Short enough to read over the phone; the date helps people find paper.

use chrono::NaiveDate;
use std::fmt;

/// A case number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CaseNumber(String);

impl CaseNumber {
    /// The number of the `seq`-th case (from 1) of `day`. Sequences past 9999 get more digits.
    pub fn new(day: NaiveDate, seq: u32) -> CaseNumber {
        CaseNumber(format!("QK{}-{seq:04}", day.format("%Y%m%d")))
    }

    /// Parse a number as a resident types it (spaces dropped, lower case allowed).
    pub fn parse(input: &str) -> Result<CaseNumber, String> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let bad = || {
            format!(
                "{input:?} is not a case number; it looks like QK20261129-0007 (on the receipt)"
            )
        };
        let rest = s.strip_prefix("QK").ok_or_else(bad)?;
        let (date, seq) = rest.split_once('-').ok_or_else(bad)?;
        if NaiveDate::parse_from_str(date, "%Y%m%d").is_err()
            || date.len() != 8
            || !(4..=9).contains(&seq.len())
            || !seq.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        Ok(CaseNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let n = CaseNumber::new(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), 7);
        assert_eq!(n.as_str(), "QK20261129-0007");
        assert_eq!(CaseNumber::parse(" qk20261129-0007 ").unwrap(), n);
        assert!(CaseNumber::parse("QK20261329-0007").is_err());
        assert!(CaseNumber::parse("20261129-0007").is_err());
        assert!(CaseNumber::parse("QK20261129-07").is_err());
        assert!(CaseNumber::parse("QK20261129-00x7").is_err());
    }
}
