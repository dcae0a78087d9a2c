//! The resident's side of a case, shared by the public tracking page and the API: look-up by
//! number and the phone's last four digits (rate-limited against guessing), the public view
//! (status, steps, masked name), and the rating once the case is completed.

use crate::casework::{guide_of, step_views, StepView, WorkError};
use crate::AppState;
use quanke_domain::cases::{CaseNumber, Rating, Status};
use quanke_store::cases::Case;
use quanke_store::{now_ms, StoreError};
use serde::Serialize;

/// Failed look-ups allowed per address, and per case number, in [`WINDOW_MS`].
pub(crate) const MAX_FAILURES_PER_IP: i64 = 10;
pub(crate) const MAX_FAILURES_PER_NUMBER: i64 = 5;
pub(crate) const WINDOW_MS: i64 = 15 * 60 * 1000;

/// What a look-up found.
pub(crate) enum Lookup {
    /// Malformed input: (field, message).
    Bad(Vec<(String, String)>),
    /// Too many failures lately.
    Limited,
    NoMatch,
    Found(Box<Case>),
}

/// Look a case up for the public. Every miss is counted; once the address or the number has too
/// many recent misses, even a right answer is refused until the window passes.
pub(crate) async fn lookup(
    st: &AppState,
    ip: &str,
    number: &str,
    last4: &str,
) -> Result<Lookup, StoreError> {
    let mut errors = Vec::new();
    let parsed = CaseNumber::parse(number);
    if let Err(m) = &parsed {
        errors.push(("number".to_string(), m.clone()));
    }
    let last4 = last4.trim();
    if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
        errors.push((
            "phone_last4".to_string(),
            "the last four digits of the phone number given at the window".to_string(),
        ));
    }
    let Ok(number) = parsed else {
        return Ok(Lookup::Bad(errors));
    };
    if !errors.is_empty() {
        return Ok(Lookup::Bad(errors));
    }
    let since = now_ms() - WINDOW_MS;
    let f = st
        .store
        .track_failures_since(ip, number.as_str(), since)
        .await?;
    if f.by_ip >= MAX_FAILURES_PER_IP || f.by_number >= MAX_FAILURES_PER_NUMBER {
        return Ok(Lookup::Limited);
    }
    match st.store.case_for_tracking(number.as_str(), last4).await? {
        Some(c) => Ok(Lookup::Found(Box::new(c))),
        None => {
            st.store.record_track_failure(ip, number.as_str()).await?;
            Ok(Lookup::NoMatch)
        }
    }
}

/// What the public sees of a case.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PublicView {
    pub number: String,
    pub guide_name_zh: String,
    pub guide_name_en: String,
    pub name_masked: String,
    pub status: Status,
    pub steps: Vec<StepView>,
    pub accepted_on: Option<chrono::NaiveDate>,
    pub deadline: Option<chrono::NaiveDate>,
    pub missing: Vec<String>,
    pub can_rate: bool,
    pub rating: Option<Rating>,
}

pub(crate) async fn public_view(st: &AppState, case: &Case) -> Result<PublicView, WorkError> {
    let guide = guide_of(st, case).await?;
    let rating = st.store.case_rating(&case.id).await?;
    let missing = match case.status {
        Status::NoticeIssued => st
            .store
            .case_notice(&case.id)
            .await?
            .map(|n| {
                n.missing
                    .iter()
                    .map(|k| {
                        guide
                            .materials
                            .iter()
                            .find(|m| &m.key == k)
                            .map(|m| m.name_zh.clone())
                            .unwrap_or_else(|| k.clone())
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(PublicView {
        number: case.number.clone(),
        guide_name_zh: guide.name_zh.clone(),
        guide_name_en: guide.name_en.clone(),
        name_masked: case.name_masked.clone(),
        status: case.status,
        steps: step_views(&guide, case),
        accepted_on: case.accepted_on,
        deadline: case.deadline,
        missing,
        can_rate: case.status == Status::Completed && rating.is_none(),
        rating: rating.map(|r| r.rating),
    })
}
