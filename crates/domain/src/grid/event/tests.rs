use super::*;

const NOW: i64 = 1_780_000_000_000;

fn run(actions: &[Action]) -> Result<(State, Option<Outcome>), TransitionError> {
    let mut state = State::Reported;
    let mut outcome = None;
    for a in actions {
        let (s, o) = next(state, a, NOW)?;
        state = s;
        outcome = o;
    }
    Ok((state, outcome))
}

fn dispatch() -> Action {
    Action::Dispatch {
        department: "城管执法中队".into(),
        deadline_ms: NOW + 48 * HOUR_MS,
    }
}

#[test]
fn settled_on_the_spot_is_filed_as_fixed() {
    assert_eq!(
        run(&[Action::Accept, Action::Settle]),
        Ok((State::Filed, Some(Outcome::Fixed)))
    );
}

#[test]
fn dispatched_handled_verified_closed_with_every_outcome() {
    for outcome in Outcome::ALL {
        let r = run(&[
            Action::Accept,
            dispatch(),
            Action::Handle,
            Action::Feedback,
            Action::Verify { passed: true },
            Action::Close { outcome },
        ]);
        assert_eq!(r, Ok((State::Closed, Some(outcome))));
    }
}

#[test]
fn a_failed_verification_sends_the_event_back() {
    let r = run(&[
        Action::Accept,
        dispatch(),
        Action::Handle,
        Action::Feedback,
        Action::Verify { passed: false },
    ]);
    assert_eq!(r, Ok((State::Dispatched, None)));
    let r = run(&[
        Action::Accept,
        dispatch(),
        Action::Handle,
        Action::Feedback,
        Action::Verify { passed: false },
        Action::Handle,
        Action::Feedback,
        Action::Verify { passed: true },
        Action::Close {
            outcome: Outcome::Fixed,
        },
    ]);
    assert_eq!(r, Ok((State::Closed, Some(Outcome::Fixed))));
}

#[test]
fn closing_without_work_only_with_the_outcomes_that_need_none() {
    for outcome in [
        Outcome::Duplicate,
        Outcome::NotResponsible,
        Outcome::Referral,
    ] {
        assert_eq!(
            run(&[Action::Close { outcome }]),
            Ok((State::Closed, Some(outcome)))
        );
        assert_eq!(
            run(&[Action::Accept, Action::Close { outcome }]),
            Ok((State::Closed, Some(outcome)))
        );
    }
    for outcome in [Outcome::Fixed, Outcome::UnableToFix] {
        assert_eq!(
            run(&[Action::Accept, Action::Close { outcome }]),
            Err(TransitionError::OutcomeNeedsWork(outcome.as_str()))
        );
    }
}

#[test]
fn actions_out_of_order_are_refused_saying_what_is_possible() {
    let e = run(&[Action::Settle]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "an event that is reported cannot take the action settle; possible now: accept, close"
    );
    assert!(run(&[Action::Accept, Action::Handle]).is_err());
    assert!(run(&[Action::Accept, Action::Settle, Action::Accept])
        .unwrap_err()
        .to_string()
        .contains("nothing (the event is finished)"));
    // Every state refuses every action it does not list.
    for s in State::ALL {
        for k in ActionKind::ALL {
            let a = match k {
                ActionKind::Accept => Action::Accept,
                ActionKind::Settle => Action::Settle,
                ActionKind::Dispatch => dispatch(),
                ActionKind::Handle => Action::Handle,
                ActionKind::Feedback => Action::Feedback,
                ActionKind::Verify => Action::Verify { passed: true },
                ActionKind::Close => Action::Close {
                    outcome: Outcome::Duplicate,
                },
            };
            assert_eq!(
                next(s, &a, NOW).is_ok(),
                s.actions().contains(&k),
                "{s:?} {k:?}"
            );
        }
    }
}

#[test]
fn dispatch_needs_a_department_and_a_future_deadline() {
    let no_dept = Action::Dispatch {
        department: " ".into(),
        deadline_ms: NOW + 1,
    };
    assert_eq!(
        next(State::Accepted, &no_dept, NOW),
        Err(TransitionError::NoDepartment)
    );
    let past = Action::Dispatch {
        department: "环卫所".into(),
        deadline_ms: NOW,
    };
    assert_eq!(
        next(State::Accepted, &past, NOW),
        Err(TransitionError::DeadlineInPast)
    );
}

#[test]
fn roles_are_checked() {
    assert_eq!(
        next_for(Role::Reviewer, State::Reported, &Action::Accept, NOW),
        Err(TransitionError::Role("accept"))
    );
    assert!(next_for(Role::Reviewer, State::Dispatched, &Action::Handle, NOW).is_ok());
    assert_eq!(
        next_for(Role::Grid, State::Dispatched, &Action::Handle, NOW),
        Err(TransitionError::Role("handle"))
    );
    assert_eq!(
        next_for(Role::Auditor, State::Reported, &Action::Accept, NOW),
        Err(TransitionError::Role("accept"))
    );
}

#[test]
fn yellow_and_red_per_stage_and_extensions_move_them() {
    assert_eq!(
        clock(State::Reported, NOW, None, 0, NOW),
        Some(Clock::Green)
    );
    assert_eq!(
        clock(State::Reported, NOW, None, 0, NOW + 2 * HOUR_MS),
        Some(Clock::Yellow)
    );
    assert_eq!(
        clock(State::Reported, NOW, None, 0, NOW + 4 * HOUR_MS),
        Some(Clock::Red)
    );
    // Dispatched with a 40-hour deadline: yellow after 30 h, red at 40 h.
    let d = Some(NOW + 40 * HOUR_MS);
    assert_eq!(
        clock(State::Dispatched, NOW, d, 0, NOW + 29 * HOUR_MS),
        Some(Clock::Green)
    );
    assert_eq!(
        clock(State::Dispatched, NOW, d, 0, NOW + 30 * HOUR_MS),
        Some(Clock::Yellow)
    );
    assert_eq!(
        clock(State::Dispatched, NOW, d, 0, NOW + 40 * HOUR_MS),
        Some(Clock::Red)
    );
    // A 24-hour extension.
    assert_eq!(
        clock(State::Dispatched, NOW, d, 24 * HOUR_MS, NOW + 40 * HOUR_MS),
        Some(Clock::Green)
    );
    assert_eq!(
        clock(State::Closed, NOW, None, 0, NOW + 1000 * HOUR_MS),
        None
    );
    for s in State::ALL {
        assert_eq!(limits(s, NOW, None).is_none(), s.is_final());
        if let Some(l) = limits(s, NOW, None) {
            assert!(NOW < l.yellow_ms && l.yellow_ms < l.red_ms);
        }
    }
}

#[test]
fn names_round_trip() {
    for s in State::ALL {
        assert_eq!(State::parse(s.as_str()), Some(s));
    }
    for o in Outcome::ALL {
        assert_eq!(Outcome::parse(o.as_str()), Some(o));
    }
    for a in ActionKind::ALL {
        assert_eq!(ActionKind::parse(a.as_str()), Some(a));
    }
    for x in Source::ALL {
        assert_eq!(Source::parse(x.as_str()), Some(x));
    }
}
