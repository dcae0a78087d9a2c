//! A grid event (事件) from report to closure.
//!
//! ```text
//! reported ──accept──▶ accepted ──settle──▶ filed (备案: settled on the spot, "小事不出网格")
//!     │                   │
//!     │                   └──dispatch(department, deadline)──▶ dispatched ──handle──▶ handled
//!     │                                                          ▲                     │
//!     │                                        verify: failed ───┘                 feedback
//!     │                                                                                ▼
//!     │                                              closed ◀──close(outcome)── verified ◀─verify: passed── fed_back
//!     └──close(duplicate | not responsible | referral)──▶ closed
//! ```
//!
//! An accepted event may also be closed without work as a duplicate, not our responsibility, or
//! referred elsewhere. The final states follow FixMyStreet: fixed, unable to fix, not responsible,
//! duplicate, referral. Each stage has a yellow and a red time limit ([`clock`]); a dispatched event
//! runs against the deadline given with it, and an approved extension moves the limits on.

use crate::account::Role;
use serde::{Deserialize, Serialize};

/// Where an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Reported,
    Accepted,
    Dispatched,
    Handled,
    FedBack,
    Verified,
    /// Settled on the spot by the grid worker and filed (terminal).
    Filed,
    /// Closed with a final state (terminal).
    Closed,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Reported,
        State::Accepted,
        State::Dispatched,
        State::Handled,
        State::FedBack,
        State::Verified,
        State::Filed,
        State::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Reported => "reported",
            State::Accepted => "accepted",
            State::Dispatched => "dispatched",
            State::Handled => "handled",
            State::FedBack => "fed_back",
            State::Verified => "verified",
            State::Filed => "filed",
            State::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// True once nothing more can happen to the event.
    pub fn is_final(self) -> bool {
        matches!(self, State::Filed | State::Closed)
    }

    /// The actions that can be taken in this state.
    pub fn actions(self) -> &'static [ActionKind] {
        use ActionKind::*;
        match self {
            State::Reported => &[Accept, Close],
            State::Accepted => &[Settle, Dispatch, Close],
            State::Dispatched => &[Handle],
            State::Handled => &[Feedback],
            State::FedBack => &[Verify],
            State::Verified => &[Close],
            State::Filed | State::Closed => &[],
        }
    }
}

/// How a closed event ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Fixed,
    UnableToFix,
    NotResponsible,
    Duplicate,
    Referral,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Fixed,
        Outcome::UnableToFix,
        Outcome::NotResponsible,
        Outcome::Duplicate,
        Outcome::Referral,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Fixed => "fixed",
            Outcome::UnableToFix => "unable_to_fix",
            Outcome::NotResponsible => "not_responsible",
            Outcome::Duplicate => "duplicate",
            Outcome::Referral => "referral",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// True for the outcomes that need no work done: allowed before the event is handled.
    pub fn without_work(self) -> bool {
        matches!(
            self,
            Outcome::NotResponsible | Outcome::Duplicate | Outcome::Referral
        )
    }
}

/// The kinds of action, as named in the API and the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    Settle,
    Dispatch,
    Handle,
    Feedback,
    Verify,
    Close,
}

impl ActionKind {
    pub const ALL: [ActionKind; 7] = [
        ActionKind::Accept,
        ActionKind::Settle,
        ActionKind::Dispatch,
        ActionKind::Handle,
        ActionKind::Feedback,
        ActionKind::Verify,
        ActionKind::Close,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Accept => "accept",
            ActionKind::Settle => "settle",
            ActionKind::Dispatch => "dispatch",
            ActionKind::Handle => "handle",
            ActionKind::Feedback => "feedback",
            ActionKind::Verify => "verify",
            ActionKind::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Who may take this action. The grid side (grid workers, community workers) accepts,
    /// settles, dispatches, verifies and closes; the department (a reviewer) handles and feeds
    /// back; the administrator may do everything.
    pub fn roles(self) -> &'static [Role] {
        match self {
            ActionKind::Handle | ActionKind::Feedback => {
                &[Role::Reviewer, Role::Worker, Role::Admin]
            }
            _ => &[Role::Grid, Role::Worker, Role::Admin],
        }
    }
}

/// An action with what it carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Accept,
    /// Settled on the spot by the grid worker.
    Settle,
    /// Sent to a department with a deadline (Unix ms).
    Dispatch {
        department: String,
        deadline_ms: i64,
    },
    Handle,
    Feedback,
    /// The reporter's or grid worker's check of the work; failing sends the event back.
    Verify {
        passed: bool,
    },
    Close {
        outcome: Outcome,
    },
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Accept => ActionKind::Accept,
            Action::Settle => ActionKind::Settle,
            Action::Dispatch { .. } => ActionKind::Dispatch,
            Action::Handle => ActionKind::Handle,
            Action::Feedback => ActionKind::Feedback,
            Action::Verify { .. } => ActionKind::Verify,
            Action::Close { .. } => ActionKind::Close,
        }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("an event that is {state} cannot take the action {action}; possible now: {allowed}")]
    NotNow {
        state: &'static str,
        action: &'static str,
        allowed: String,
    },
    #[error("an event can be closed as {0} only after it was handled and verified; close it as duplicate, not_responsible or referral, or dispatch it")]
    OutcomeNeedsWork(&'static str),
    #[error("name the department the event is sent to")]
    NoDepartment,
    #[error("the deadline must be after now")]
    DeadlineInPast,
    #[error("this role may not {0} an event")]
    Role(&'static str),
}

/// The state after `action` in `state`, with the outcome when it ends the event.
pub fn next(
    state: State,
    action: &Action,
    now_ms: i64,
) -> Result<(State, Option<Outcome>), TransitionError> {
    let not_now = || TransitionError::NotNow {
        state: state.as_str(),
        action: action.kind().as_str(),
        allowed: if state.actions().is_empty() {
            "nothing (the event is finished)".to_string()
        } else {
            state
                .actions()
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        },
    };
    if !state.actions().contains(&action.kind()) {
        return Err(not_now());
    }
    Ok(match (state, action) {
        (State::Reported, Action::Accept) => (State::Accepted, None),
        (State::Accepted, Action::Settle) => (State::Filed, Some(Outcome::Fixed)),
        (
            State::Accepted,
            Action::Dispatch {
                department,
                deadline_ms,
            },
        ) => {
            if department.trim().is_empty() {
                return Err(TransitionError::NoDepartment);
            }
            if *deadline_ms <= now_ms {
                return Err(TransitionError::DeadlineInPast);
            }
            (State::Dispatched, None)
        }
        (State::Dispatched, Action::Handle) => (State::Handled, None),
        (State::Handled, Action::Feedback) => (State::FedBack, None),
        (State::FedBack, Action::Verify { passed: true }) => (State::Verified, None),
        (State::FedBack, Action::Verify { passed: false }) => (State::Dispatched, None),
        (State::Reported | State::Accepted, Action::Close { outcome }) => {
            if !outcome.without_work() {
                return Err(TransitionError::OutcomeNeedsWork(outcome.as_str()));
            }
            (State::Closed, Some(*outcome))
        }
        (State::Verified, Action::Close { outcome }) => (State::Closed, Some(*outcome)),
        _ => return Err(not_now()),
    })
}

/// Check the role too.
pub fn next_for(
    role: Role,
    state: State,
    action: &Action,
    now_ms: i64,
) -> Result<(State, Option<Outcome>), TransitionError> {
    if !action.kind().roles().contains(&role) {
        return Err(TransitionError::Role(action.kind().as_str()));
    }
    next(state, action, now_ms)
}

const HOUR_MS: i64 = 3_600_000;

/// A stage's time limits, from the moment the event entered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub yellow_ms: i64,
    pub red_ms: i64,
}

/// The limits of each open stage (wall-clock hours: events are urgent). A dispatched event is red
/// at its deadline and yellow when three quarters of its time is used.
pub fn limits(state: State, entered_ms: i64, deadline_ms: Option<i64>) -> Option<Limits> {
    let h = |y: i64, r: i64| {
        Some(Limits {
            yellow_ms: entered_ms + y * HOUR_MS,
            red_ms: entered_ms + r * HOUR_MS,
        })
    };
    match state {
        State::Reported => h(2, 4),
        State::Accepted => h(12, 24),
        State::Dispatched => match deadline_ms {
            Some(d) if d > entered_ms => Some(Limits {
                yellow_ms: entered_ms + (d - entered_ms) * 3 / 4,
                red_ms: d,
            }),
            _ => h(48, 72),
        },
        State::Handled => h(12, 24),
        State::FedBack => h(24, 48),
        State::Verified => h(12, 24),
        State::Filed | State::Closed => None,
    }
}

/// How an open stage stands against its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    Green,
    Yellow,
    Red,
}

impl Clock {
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Green => "green",
            Clock::Yellow => "yellow",
            Clock::Red => "red",
        }
    }
}

/// The clock of a stage entered at `entered_ms`, with `extension_ms` granted on top.
pub fn clock(
    state: State,
    entered_ms: i64,
    deadline_ms: Option<i64>,
    extension_ms: i64,
    now_ms: i64,
) -> Option<Clock> {
    let l = limits(state, entered_ms, deadline_ms)?;
    Some(if now_ms >= l.red_ms + extension_ms {
        Clock::Red
    } else if now_ms >= l.yellow_ms + extension_ms {
        Clock::Yellow
    } else {
        Clock::Green
    })
}

/// Who reported an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    GridWorker,
    Resident,
    System,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::GridWorker, Source::Resident, Source::System];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::GridWorker => "grid_worker",
            Source::Resident => "resident",
            Source::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[cfg(test)]
mod tests;
