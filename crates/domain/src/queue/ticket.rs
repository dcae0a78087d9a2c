//! A queue ticket's vocabulary: priority groups, states, the displayed number, a linked case
//! number, and the estimate of the wait shown on the ticket.

use serde::Serialize;

/// Residents served before everyone else (priority first, then arrival).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Aged 60 or over (老年人).
    Elderly,
    /// A person with a disability (残疾人).
    Disabled,
    /// Pregnant (孕妇).
    Pregnant,
}

impl Priority {
    /// Every priority group, in the kiosk's order.
    pub const ALL: [Priority; 3] = [Priority::Elderly, Priority::Disabled, Priority::Pregnant];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Elderly => "elderly",
            Priority::Disabled => "disabled",
            Priority::Pregnant => "pregnant",
        }
    }

    /// From the stored form; `""` (no priority) and unknown names are `None`.
    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s.trim())
    }
}

/// Where a ticket is in its life: waiting → called → serving → done, or no-show after a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Waiting,
    Called,
    Serving,
    Done,
    NoShow,
}

impl TicketStatus {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::Serving => "serving",
            TicketStatus::Done => "done",
            TicketStatus::NoShow => "no_show",
        }
    }

    /// From the stored form.
    pub fn parse(s: &str) -> Option<TicketStatus> {
        [
            TicketStatus::Waiting,
            TicketStatus::Called,
            TicketStatus::Serving,
            TicketStatus::Done,
            TicketStatus::NoShow,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// The letter a ticket's number starts with: `V` for priority, `A` for "not sure", and for a
/// catalog category the letter after `A` by the category's place in the catalog (`B`, `C`, …).
pub fn ticket_prefix(priority: Option<Priority>, category_index: Option<usize>) -> char {
    const LETTERS: &[u8] = b"BCDEFGHJKLMNPQRSTU";
    match (priority, category_index) {
        (Some(_), _) => 'V',
        (None, Some(i)) => LETTERS.get(i).map(|b| *b as char).unwrap_or('Z'),
        (None, None) => 'A',
    }
}

/// The number as called out and printed: prefix and at least three digits, e.g. `A012`.
pub fn ticket_number(prefix: &str, seq: i64) -> String {
    format!("{prefix}{seq:03}")
}

/// What the display board announces: `请A012号到3号窗口`.
pub fn call_text_zh(number: &str, window: i64) -> String {
    format!("请{number}号到{window}号窗口")
}

/// A case number as written on a ticket: 4–40 characters of ASCII letters, digits and hyphens,
/// starting with a letter or digit (e.g. `MZ-20261129-0001`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseNo(String);

/// Why a case number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseNoError {
    #[error("the case number must be 4 to 40 characters long, e.g. MZ-20261129-0001")]
    Length,
    #[error(
        "the case number may hold only letters A–Z, digits and hyphens, starting with a letter or \
         digit, e.g. MZ-20261129-0001"
    )]
    Characters,
}

impl CaseNo {
    /// Parse a case number (upper-cased, surrounding blanks dropped).
    pub fn parse(s: &str) -> Result<CaseNo, CaseNoError> {
        let s = s.trim().to_ascii_uppercase();
        if !(4..=40).contains(&s.len()) {
            return Err(CaseNoError::Length);
        }
        let ok = s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && s.as_bytes()[0].is_ascii_alphanumeric();
        if !ok {
            return Err(CaseNoError::Characters);
        }
        Ok(CaseNo(s))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The wait a newcomer can expect, in whole minutes: those ahead share the open windows, each
/// taking the mean service time (rounded up; 0 when nobody is ahead).
pub fn estimated_wait_minutes(ahead: usize, mean_service_minutes: f64, windows: usize) -> u32 {
    if ahead == 0 {
        return 0;
    }
    let per = if mean_service_minutes.is_finite() && mean_service_minutes > 0.0 {
        mean_service_minutes
    } else {
        DEFAULT_SERVICE_MINUTES
    };
    (ahead as f64 * per / windows.max(1) as f64).ceil() as u32
}

/// The mean service time assumed before a hall has served anyone.
pub const DEFAULT_SERVICE_MINUTES: f64 = 10.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_and_states_round_trip() {
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
        assert_eq!(Priority::parse(""), None);
        assert_eq!(TicketStatus::parse("no_show"), Some(TicketStatus::NoShow));
        assert_eq!(TicketStatus::parse("gone"), None);
    }

    #[test]
    fn numbers_and_calls() {
        assert_eq!(ticket_prefix(None, None), 'A');
        assert_eq!(ticket_prefix(None, Some(0)), 'B');
        assert_eq!(ticket_prefix(Some(Priority::Elderly), Some(3)), 'V');
        assert_eq!(ticket_number("A", 12), "A012");
        assert_eq!(ticket_number("B", 1234), "B1234");
        assert_eq!(call_text_zh("A012", 3), "请A012号到3号窗口");
    }

    #[test]
    fn case_numbers() {
        assert_eq!(
            CaseNo::parse(" mz-20261129-0001 ").unwrap().as_str(),
            "MZ-20261129-0001"
        );
        assert_eq!(CaseNo::parse("ab"), Err(CaseNoError::Length));
        assert_eq!(CaseNo::parse("MZ 2026"), Err(CaseNoError::Characters));
        assert_eq!(CaseNo::parse("-MZ2026"), Err(CaseNoError::Characters));
    }

    #[test]
    fn estimates() {
        assert_eq!(estimated_wait_minutes(0, 12.0, 3), 0);
        assert_eq!(estimated_wait_minutes(4, 12.0, 3), 16);
        assert_eq!(estimated_wait_minutes(1, f64::NAN, 0), 10);
    }
}
