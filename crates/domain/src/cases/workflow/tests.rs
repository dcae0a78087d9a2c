use super::*;
use Role::*;

fn steps() -> Vec<(String, StepRole)> {
    vec![
        ("社区受理".into(), StepRole::Worker),
        ("入户核查".into(), StepRole::Grid),
        ("街道审核".into(), StepRole::Reviewer),
        ("主管部门审批".into(), StepRole::Department),
    ]
}

fn at(status: Status, step: usize) -> CaseState {
    CaseState { status, step }
}

#[test]
fn a_case_moves_through_every_step_to_completion() {
    let s = steps();
    let mut st = at(Status::Accepted, 0);
    for (role, _) in [(Worker, 0), (Grid, 1), (Reviewer, 2)] {
        check_role(role, st, Action::Advance, &s).unwrap();
        let t = transition(st, s.len(), Action::Advance, "").unwrap();
        assert!(t.new_step);
        st = CaseState {
            status: t.status,
            step: t.step,
        };
    }
    assert_eq!(st, at(Status::Accepted, 3));
    // The last step cannot be advanced, only completed with a result.
    assert!(matches!(
        transition(st, s.len(), Action::Advance, ""),
        Err(ActionError::NotAllowed { .. })
    ));
    assert_eq!(
        transition(st, s.len(), Action::Complete, ""),
        Err(ActionError::NoteRequired("complete"))
    );
    let done = transition(st, s.len(), Action::Complete, "批准，补贴自次月发放").unwrap();
    assert_eq!(done.status, Status::Completed);
    // Closed: nothing more.
    for a in Action::ALL {
        assert!(transition(at(Status::Completed, 3), 4, a, "x").is_err());
        assert!(transition(at(Status::Rejected, 1), 4, a, "x").is_err());
    }
}

#[test]
fn completion_needs_the_last_step() {
    assert!(matches!(
        transition(at(Status::Accepted, 1), 4, Action::Complete, "done"),
        Err(ActionError::NotAllowed { .. })
    ));
    // A guide of one step completes from it.
    assert!(transition(at(Status::Accepted, 0), 1, Action::Complete, "done").is_ok());
}

#[test]
fn each_step_is_acted_on_by_its_role() {
    let s = steps();
    // Worker step: worker and admin, not reviewer, grid or auditor.
    let st = at(Status::Accepted, 0);
    assert!(check_role(Worker, st, Action::Advance, &s).is_ok());
    assert!(check_role(Admin, st, Action::Advance, &s).is_ok());
    for r in [Reviewer, Grid, Auditor] {
        assert!(matches!(
            check_role(r, st, Action::Advance, &s),
            Err(ActionError::Forbidden { .. })
        ));
    }
    // Department step: reviewer and admin only.
    let st = at(Status::Accepted, 3);
    assert!(check_role(Reviewer, st, Action::Complete, &s).is_ok());
    assert!(check_role(Worker, st, Action::Complete, &s).is_err());
    // Grid step: grid and worker.
    let st = at(Status::Accepted, 1);
    assert!(check_role(Grid, st, Action::Advance, &s).is_ok());
    assert!(check_role(Worker, st, Action::Advance, &s).is_ok());
    assert!(check_role(Reviewer, st, Action::Advance, &s).is_err());
}

#[test]
fn return_and_suspend_stop_the_clock_and_resume_restarts_it() {
    let s = steps();
    let st = at(Status::Accepted, 2);
    assert_eq!(
        transition(st, 4, Action::Return, " "),
        Err(ActionError::NoteRequired("return"))
    );
    let r = transition(st, 4, Action::Return, "身份证复印件不清晰").unwrap();
    assert_eq!((r.status, r.pauses, r.step), (Status::Returned, true, 2));
    let returned = at(Status::Returned, 2);
    // Paused: no advancing until resumed.
    assert!(transition(returned, 4, Action::Advance, "").is_err());
    let back = transition(returned, 4, Action::Resume, "").unwrap();
    assert_eq!((back.status, back.resumes), (Status::Accepted, true));
    // The resident brings corrections to the window: a worker may resume a reviewer's return.
    assert!(check_role(Worker, returned, Action::Resume, &s).is_ok());
    // …but not a reviewer's suspension.
    let suspended = at(Status::Suspended, 2);
    assert!(check_role(Worker, suspended, Action::Resume, &s).is_err());
    assert!(check_role(Reviewer, suspended, Action::Resume, &s).is_ok());
    let s2 = transition(st, 4, Action::Suspend, "公示7天").unwrap();
    assert_eq!((s2.status, s2.pauses), (Status::Suspended, true));
    // Reject from a pause ends the pause.
    let rej = transition(
        suspended,
        4,
        Action::Reject,
        "公示期间有异议，经核实不符合条件",
    )
    .unwrap();
    assert_eq!((rej.status, rej.resumes), (Status::Rejected, true));
    assert_eq!(
        transition(st, 4, Action::Reject, ""),
        Err(ActionError::NoteRequired("reject"))
    );
}

#[test]
fn a_notice_is_accepted_by_intake_roles_only() {
    let s = steps();
    let st = at(Status::NoticeIssued, 0);
    for r in [Worker, Grid, Admin] {
        assert!(check_role(r, st, Action::Accept, &s).is_ok());
    }
    for r in [Reviewer, Auditor] {
        assert!(check_role(r, st, Action::Accept, &s).is_err());
    }
    let t = transition(st, 4, Action::Accept, "").unwrap();
    assert_eq!((t.status, t.step, t.new_step), (Status::Accepted, 0, true));
    assert!(transition(st, 4, Action::Advance, "").is_err());
    assert!(transition(at(Status::Accepted, 0), 4, Action::Accept, "").is_err());
}

#[test]
fn transfer_keeps_the_state_and_needs_a_note() {
    let st = at(Status::Accepted, 1);
    let t = transition(st, 4, Action::Transfer, "交给第二网格").unwrap();
    assert_eq!((t.status, t.step, t.new_step), (Status::Accepted, 1, false));
    assert!(transition(st, 4, Action::Transfer, "").is_err());
}

#[test]
fn available_lists_the_buttons() {
    let s = steps();
    let worker = available(Worker, at(Status::Accepted, 0), &s);
    assert_eq!(
        worker,
        vec![
            Action::Advance,
            Action::Return,
            Action::Suspend,
            Action::Reject,
            Action::Transfer
        ]
    );
    assert!(available(Reviewer, at(Status::Accepted, 0), &s).is_empty());
    assert_eq!(
        available(Reviewer, at(Status::Accepted, 3), &s),
        vec![
            Action::Return,
            Action::Suspend,
            Action::Reject,
            Action::Transfer,
            Action::Complete
        ]
    );
    assert!(Action::parse("advance").is_some() && Action::parse("approve").is_none());
    assert_eq!(Status::parse("notice_issued"), Some(Status::NoticeIssued));
}
