//! The verdict on one ID number in a form that serialises as the JSON of `quanke id check --json`.

use chrono::NaiveDate;
use serde::Serialize;

use super::{IdError, ResidentId, Sex};

/// The result of checking an ID number. Serialises exactly as
/// `{"valid": bool, "reason": string|null, "birth_date": "YYYY-MM-DD"|null,
/// "sex": "male"|"female"|null, "region": "370102"|null}`; the facts are given only for a valid
/// number, and `reason` (in English) only for an invalid one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdCheckReport {
    /// True when every check passed.
    pub valid: bool,
    /// Which check failed and how to fix it, in English.
    pub reason: Option<String>,
    /// The birth date.
    pub birth_date: Option<NaiveDate>,
    /// The sex.
    pub sex: Option<Sex>,
    /// The 6-digit region code.
    pub region: Option<String>,
    /// The failed check itself, for a message in another language ([`IdError::message_zh`]);
    /// not serialised.
    #[serde(skip)]
    pub error: Option<IdError>,
}

impl IdCheckReport {
    /// The report for the outcome of [`ResidentId::parse`].
    pub fn from_result(result: Result<ResidentId, IdError>) -> IdCheckReport {
        match result {
            Ok(id) => IdCheckReport {
                valid: true,
                reason: None,
                birth_date: Some(id.birth_date()),
                sex: Some(id.sex()),
                region: Some(id.region_code().to_string()),
                error: None,
            },
            Err(e) => IdCheckReport {
                valid: false,
                reason: Some(e.to_string()),
                birth_date: None,
                sex: None,
                region: None,
                error: Some(e),
            },
        }
    }
}
