//! The case's state machine.
//!
//! ```text
//! notice_issued ──accept──▶ accepted (step 0) ──advance──▶ accepted (step 1) … ──complete──▶ completed
//!                              │  ▲                     
//!                  return (补正)│  │resume      suspend (公示) ──▶ suspended ──resume──▶ accepted
//!                              ▼  │
//!                           returned          reject (with a reason) from accepted/returned/suspended
//! ```
//!
//! Every action on an accepted case is taken by the role that acts on the guide's current step
//! ([`may_act`]); an administrator may act on any step. `transfer` hands the current step to
//! another person without changing the state.

use crate::account::Role;
use crate::catalog::vocab::StepRole;
use serde::{Deserialize, Serialize};

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Materials were missing: a one-time notice (一次性告知书) lists all of them.
    NoticeIssued,
    /// Accepted (受理) and moving through the guide's steps.
    Accepted,
    /// Returned to the resident for correction (补正); the clock stops.
    Returned,
    /// Suspended, e.g. for a public notice (公示); the clock stops.
    Suspended,
    /// Done, with its result.
    Completed,
    /// Refused, with the reason.
    Rejected,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NoticeIssued,
        Status::Accepted,
        Status::Returned,
        Status::Suspended,
        Status::Completed,
        Status::Rejected,
    ];

    /// The stable name stored and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NoticeIssued => "notice_issued",
            Status::Accepted => "accepted",
            Status::Returned => "returned",
            Status::Suspended => "suspended",
            Status::Completed => "completed",
            Status::Rejected => "rejected",
        }
    }

    /// Parse the stored name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// True when nothing more happens to the case.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Rejected)
    }

    /// True while the clock is stopped.
    pub fn is_paused(self) -> bool {
        matches!(self, Status::Returned | Status::Suspended)
    }
}

/// What someone does to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The materials of a one-time notice were brought: accept the case.
    Accept,
    /// The current step is done (approved): go to the next step.
    Advance,
    /// Return for correction (补正): the clock stops until `resume`.
    Return,
    /// Suspend (public notice 公示): the clock stops until `resume`.
    Suspend,
    /// End a return or a suspension; the clock runs again.
    Resume,
    /// Refuse the application, with the reason.
    Reject,
    /// Hand the current step to another person.
    Transfer,
    /// Finish the case with its result (on the last step).
    Complete,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Accept,
        Action::Advance,
        Action::Return,
        Action::Suspend,
        Action::Resume,
        Action::Reject,
        Action::Transfer,
        Action::Complete,
    ];

    /// The stable name used in the API and the event log.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Advance => "advance",
            Action::Return => "return",
            Action::Suspend => "suspend",
            Action::Resume => "resume",
            Action::Reject => "reject",
            Action::Transfer => "transfer",
            Action::Complete => "complete",
        }
    }

    /// Parse a name.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }

    /// True when the action needs a note (a reason, a result, what to correct).
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            Action::Return | Action::Suspend | Action::Reject | Action::Complete | Action::Transfer
        )
    }
}

/// True when an account of `role` may act on a step whose acting role is `step`. Administrators
/// may act on any step; a general social worker also does grid steps and records what the
/// applicant does (collecting the result); reviewers act for the departments.
pub fn may_act(role: Role, step: StepRole) -> bool {
    match role {
        Role::Admin => true,
        Role::Worker => matches!(step, StepRole::Worker | StepRole::Grid | StepRole::Resident),
        Role::Grid => matches!(step, StepRole::Grid),
        Role::Reviewer => matches!(step, StepRole::Reviewer | StepRole::Department),
        Role::Auditor => false,
    }
}

/// True when `role` may take in applications: general social workers at the window, grid workers
/// on home visits (the case then belongs to the applicant's community like any other), and
/// administrators.
pub fn may_take_in(role: Role) -> bool {
    matches!(role, Role::Worker | Role::Grid | Role::Admin)
}

/// A case as the state machine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    pub status: Status,
    /// Index into the guide's steps.
    pub step: usize,
}

/// The result of an allowed action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub status: Status,
    pub step: usize,
    /// The clock stops (a return or a suspension begins).
    pub pauses: bool,
    /// The clock runs again.
    pub resumes: bool,
    /// The step changed: a new step's time limit starts.
    pub new_step: bool,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// The caller's role does not act on the current step.
    #[error("the current step {step:?} is done by the role {step_role}; yours may not act on it")]
    Forbidden {
        step: String,
        step_role: &'static str,
    },
    /// The state does not allow the action.
    #[error("a case that is {status} cannot be given the action {action}{hint}")]
    NotAllowed {
        status: &'static str,
        action: &'static str,
        hint: &'static str,
    },
    /// A reason or result is required.
    #[error("the action {0} needs a note: say why, or what the result is")]
    NoteRequired(&'static str),
}

/// The role check for `action` on a case at `state` of a guide with `steps` (the acting role of
/// each step). Accepting a noticed case is intake; every other action is done by the role of the
/// current step.
pub fn check_role(
    role: Role,
    state: CaseState,
    action: Action,
    steps: &[(String, StepRole)],
) -> Result<(), ActionError> {
    if action == Action::Accept || state.status == Status::NoticeIssued {
        return if may_take_in(role) {
            Ok(())
        } else {
            Err(ActionError::Forbidden {
                step: "intake".into(),
                step_role: StepRole::Worker.code(),
            })
        };
    }
    let Some((name, step_role)) = steps.get(state.step) else {
        return if role == Role::Admin {
            Ok(())
        } else {
            Err(ActionError::Forbidden {
                step: String::new(),
                step_role: StepRole::Admin.code(),
            })
        };
    };
    // The resident brings the corrections to any window: a worker may resume a returned case.
    let window_resume = action == Action::Resume
        && state.status == Status::Returned
        && matches!(role, Role::Worker | Role::Admin);
    if may_act(role, *step_role) || window_resume {
        Ok(())
    } else {
        Err(ActionError::Forbidden {
            step: name.clone(),
            step_role: step_role.code(),
        })
    }
}

/// What `action` does to a case at `state` whose guide has `step_count` steps (role already
/// checked with [`check_role`]). `note` is the worker's note.
pub fn transition(
    state: CaseState,
    step_count: usize,
    action: Action,
    note: &str,
) -> Result<Transition, ActionError> {
    use Status::*;
    let refused = |hint: &'static str| ActionError::NotAllowed {
        status: state.status.as_str(),
        action: action.as_str(),
        hint,
    };
    let last = step_count.saturating_sub(1);
    let same = Transition {
        status: state.status,
        step: state.step,
        pauses: false,
        resumes: false,
        new_step: false,
    };
    let t = match (state.status, action) {
        (NoticeIssued, Action::Accept) => Transition {
            status: Accepted,
            step: 0,
            new_step: true,
            ..same
        },
        (Accepted, Action::Advance) if state.step < last => Transition {
            step: state.step + 1,
            new_step: true,
            ..same
        },
        (Accepted, Action::Advance) => {
            return Err(refused(
                " (this is the last step: complete the case with its result)",
            ))
        }
        (Accepted, Action::Complete) if state.step >= last => Transition {
            status: Completed,
            ..same
        },
        (Accepted, Action::Complete) => {
            return Err(refused(
                " before its last step (advance through the steps first)",
            ))
        }
        (Accepted, Action::Return) => Transition {
            status: Returned,
            pauses: true,
            ..same
        },
        (Accepted, Action::Suspend) => Transition {
            status: Suspended,
            pauses: true,
            ..same
        },
        (Returned | Suspended, Action::Resume) => Transition {
            status: Accepted,
            resumes: true,
            ..same
        },
        (Accepted | Returned | Suspended, Action::Reject) => Transition {
            status: Rejected,
            resumes: state.status.is_paused(),
            ..same
        },
        (Accepted, Action::Transfer) => same,
        (NoticeIssued, _) => {
            return Err(refused(
                " (it has a one-time notice: accept it when the missing materials are brought)",
            ))
        }
        (Completed | Rejected, _) => return Err(refused(" (the case is closed)")),
        (Returned | Suspended, _) => return Err(refused(" (resume it first)")),
        (Accepted, Action::Accept | Action::Resume) => {
            return Err(refused(" (it is already accepted and running)"))
        }
    };
    if action.needs_note() && note.trim().is_empty() {
        return Err(ActionError::NoteRequired(action.as_str()));
    }
    Ok(t)
}

/// The actions that a `role` may take on a case now (for the buttons of the case page).
pub fn available(role: Role, state: CaseState, steps: &[(String, StepRole)]) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| check_role(role, state, *a, steps).is_ok())
        .filter(|a| transition(state, steps.len(), *a, "x").is_ok())
        .collect()
}

#[cfg(test)]
mod tests;
