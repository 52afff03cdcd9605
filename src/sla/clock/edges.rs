//! The edges where the clocks meet, tested on whole evaluations: a wait
//! recorded at a deadline, a clock stopped while paused, a policy applied
//! between two events of one second, a restart that meets a breach.
//! (Tests only: the rules themselves live in each clock's file.)

use crate::sla::clock::{ClockState, Figures, evaluate, evaluate_history};
use crate::sla::testutil::*;
use crate::sla::{DEFAULT_POLICY, Event, EventKind, Policy, PolicyHistory, Repin, Severity};

#[test]
fn a_wait_recorded_at_a_deadline_pauses_the_clock_there() {
    use ClockState::{Breached, Paused, Running};
    let wait = |minutes| ev(minutes, EventKind::Waiting);
    let resume = |minutes| ev(minutes, EventKind::Resumed);
    let default = Policy::default_policy();
    // Severity 3 restore on 7 business hours: Tuesday 10:00 to 17:00 Brisbane (07:00Z).
    let short = edited(&[(
        "restore = { target = \"48h\", calendar = \"business\" }",
        "restore = { target = \"7h\", calendar = \"business\" }",
    )]);
    // One case a line, as a table: (what, policy, severity, events, now,
    // clock, state, deadline, remaining secs). Times in minutes.
    type Case<'a> = (
        &'a str,
        &'a Policy,
        u8,
        Vec<Event>,
        i64,
        Pick,
        ClockState,
        Option<i64>,
        i64,
    );
    #[rustfmt::skip]
    let cases: [Case; 9] = [
        // Severity 1 updates every 30 minutes: due 00:40.
        ("update waited on at its deadline", &default, 1, vec![update(10), wait(40)], 40, UPDATE, Paused, None, 0),
        ("update still paused later", &default, 1, vec![update(10), wait(40)], 90, UPDATE, Paused, None, 0),
        ("update resumed with nothing left", &default, 1, vec![update(10), wait(40), resume(70)], 70, UPDATE, Running, Some(70), 0),
        ("update overdue once resumed", &default, 1, vec![update(10), wait(40), resume(70)], 71, UPDATE, Breached, Some(70), -60),
        ("a wait after the deadline undoes nothing", &default, 1, vec![update(10), wait(41)], 50, UPDATE, Breached, Some(40), -60),
        ("restore waited on at its deadline", &default, 1, vec![update(5), wait(360)], 400, RESTORE, Paused, None, 0),
        ("business restore waited on at 17:00", &short, 3, vec![update(5), wait(420)], 480, RESTORE, Paused, None, 0),
        ("business restore waited on at 18:00", &short, 3, vec![update(5), wait(480)], 500, RESTORE, Breached, Some(420), -3600),
        ("response is not paused by waiting", &default, 1, vec![wait(15)], 15, RESPONSE, Running, Some(15), 0),
    ];
    for (what, policy, sev, events, now, clock, state, deadline, remaining) in cases {
        let e = evaluate(policy, &incident(sev), &events, at(now));
        let c = clock(&e.clocks);
        assert_eq!(
            (c.state, c.deadline, c.remaining_secs),
            (state, deadline.map(at), Some(remaining)),
            "{what}"
        );
    }
    // Paused at its deadline, the update clock is not at risk nor next due.
    let e = eval(&incident(1), &[update(10), wait(40)], 40);
    assert!(!e.clocks.update.at_risk(75));
    assert_eq!(e.next_deadline(), None);
}

#[test]
fn a_clock_stopped_while_paused_has_no_deadline() {
    use ClockState::{Breached, Met};
    let wait = |minutes| ev(minutes, EventKind::Waiting);
    let resolve = |minutes| ev(minutes, EventKind::Resolved);
    let resume = |minutes| ev(minutes, EventKind::Resumed);
    let default = Policy::default_policy();
    let held = edited(&[(
        "pauses = [\"update\", \"restore\"]",
        "pauses = [\"response\", \"update\", \"restore\"]",
    )]);
    // (what, policy, events, clock, state, deadline, remaining secs), severity 1.
    type Case<'a> = (
        &'a str,
        &'a Policy,
        Vec<Event>,
        Pick,
        ClockState,
        Option<i64>,
        i64,
    );
    #[rustfmt::skip]
    let cases: [Case; 8] = [
        // Update due 00:40: 20 minutes were left at the wait, and still are.
        ("update", &default, vec![update(10), wait(20), resolve(30)], UPDATE, Met, None, 1200),
        ("restore", &default, vec![update(10), wait(20), resolve(30)], RESTORE, Met, None, 6 * 3600 - 1200),
        ("waited and resolved in one second", &default, vec![update(10), wait(30), resolve(30)], UPDATE, Met, None, 600),
        // Resumed first: it ran again, so its deadline was in force.
        ("resumed, then resolved", &default, vec![update(10), wait(20), resume(30), resolve(30)], UPDATE, Met, Some(50), 1200),
        // Past due before the wait: that deadline stands.
        ("breached before the wait", &default, vec![update(10), wait(50), resolve(60)], UPDATE, Breached, Some(40), -600),
        ("an update sent while waiting", &default, vec![update(10), wait(20), update(25), resolve(30)], UPDATE, Met, None, 1800),
        ("response held by the policy", &held, vec![wait(5), resolve(10)], RESPONSE, Met, None, 600),
        ("response not held by default", &default, vec![wait(5), resolve(10)], RESPONSE, Met, Some(15), 300),
    ];
    for (what, policy, events, clock, state, deadline, remaining) in cases {
        let e = evaluate(policy, &incident(1), &events, at(90));
        let c = clock(&e.clocks);
        assert_eq!(
            (c.state, c.deadline, c.remaining_secs),
            (state, deadline.map(at), Some(remaining)),
            "{what}"
        );
    }
    let e = eval(&incident(1), &[update(10), wait(20), resolve(30)], 90);
    let Figures::Restore { counted_secs, .. } = e.clocks.restore.figures else {
        panic!()
    };
    assert_eq!(counted_secs, Some(1200));
    assert_eq!(e.clocks.update.stopped_at, Some(at(30)));
    // Reopened, the restore clock runs on from what it had left.
    let reopened = [
        update(10),
        wait(20),
        resolve(30),
        ev(60, EventKind::Reopened),
    ];
    let e = eval(&incident(1), &reopened, 61);
    assert_eq!(e.clocks.restore.deadline, Some(at(60 + 360 - 20)));
}

#[test]
fn before_an_apply_follows_the_order_of_recording() {
    let old = Policy::default_policy();
    let strict = edited(&[FASTER_RESPONSE]);
    let apply = ev(12, EventKind::PolicyApplied);
    // Responded at 00:12, then applied in the same second: met under 15 minutes.
    let first = [update(12), apply.clone()];
    let history = repinned(&old, &strict, 12, 1);
    let r = evaluate_history(&history, &incident(1), &first, at(20))
        .clocks
        .response;
    assert_eq!((r.state, r.target_secs), (ClockState::Met, Some(900)));
    // Applied first, then the response in the same second: 10 minutes, late.
    let second = [apply, update(12)];
    let history = repinned(&old, &strict, 12, 0);
    let r = evaluate_history(&history, &incident(1), &second, at(20))
        .clocks
        .response;
    assert_eq!((r.state, r.target_secs), (ClockState::Breached, Some(600)));
    // An update interval closed in the apply's second, before it: judged
    // under 30 minutes (00:05 to 00:30, met), the next due 00:50.
    let faster = edited(&[FASTER_UPDATES]);
    let closed = [update(5), update(30), ev(30, EventKind::PolicyApplied)];
    let history = repinned(&old, &faster, 30, 2);
    let u = evaluate_history(&history, &incident(1), &closed, at(31))
        .clocks
        .update;
    assert_eq!((u.missed(), u.deadline), (0, Some(at(50))));
}

#[test]
fn a_restart_never_erases_a_breach() {
    use ClockState::{Breached, Running};
    let p = restart_policy();
    let to = |minutes, sev| {
        ev(
            minutes,
            EventKind::SeverityChanged {
                to: Severity::new(sev).unwrap(),
            },
        )
    };
    let resolve = ev(450, EventKind::Resolved);
    // (what, severity opened at, events, now, clock, state, deadline,
    // target secs). Response: 15 minutes at 1 and 2, 30 at 3. Restore:
    // 6 hours at 1, 24 at 2.
    type Case = (
        &'static str,
        u8,
        Vec<Event>,
        i64,
        Pick,
        ClockState,
        i64,
        i64,
    );
    #[rustfmt::skip]
    let cases: [Case; 8] = [
        ("response past due, raised", 3, vec![to(60, 1)], 61, RESPONSE, Breached, 30, 1800),
        ("response past due, lowered", 1, vec![to(20, 3)], 21, RESPONSE, Breached, 15, 900),
        ("response answered after the change", 1, vec![to(20, 3), update(25)], 30, RESPONSE, Breached, 15, 900),
        ("response at its deadline restarts", 1, vec![to(15, 2)], 16, RESPONSE, Running, 30, 900),
        ("restore past due, lowered", 1, vec![update(5), to(400, 2)], 401, RESTORE, Breached, 360, 6 * 3600),
        ("restore past due, changed twice", 1, vec![update(5), to(400, 2), to(500, 1)], 501, RESTORE, Breached, 360, 6 * 3600),
        ("restore past due, then resolved", 1, vec![update(5), to(400, 2), resolve], 460, RESTORE, Breached, 360, 6 * 3600),
        ("restore within target restarts", 1, vec![update(5), to(300, 2)], 301, RESTORE, Running, 300 + 24 * 60, 24 * 3600),
    ];
    for (what, sev, events, now, clock, state, deadline, target) in cases {
        let e = evaluate(&p, &incident(sev), &events, at(now));
        let c = clock(&e.clocks);
        assert_eq!(
            (c.state, c.deadline, c.target_secs),
            (state, Some(at(deadline)), Some(target)),
            "{what}"
        );
    }
    // Escalation keeps counting on the breached restore clock: level 1
    // of severity 2 falls due 12 hours from the report, not the change.
    let e = evaluate(&p, &incident(1), &[update(5), to(400, 2)], at(401));
    assert_eq!(e.escalation.due_at, Some(at(720)));
}

#[test]
fn a_policy_applied_later_never_rejudges_stopped_clocks() {
    let old = Policy::default_policy();
    let strict: Policy = DEFAULT_POLICY
        .replace("response = \"30m\"", "response = \"10m\"")
        .replace("update = \"4h\"", "update = \"1h\"")
        .parse()
        .unwrap();
    let history = PolicyHistory {
        current: &strict,
        earlier: vec![(
            Repin {
                at: at(60),
                event: 1,
            },
            &old,
        )],
    };
    // Severity 3: responded at 00:20 (met under 30m), policy applied at 01:00.
    let events = [update(20), ev(60, EventKind::PolicyApplied)];
    let e = evaluate_history(&history, &incident(3), &events, at(70));
    assert_eq!(e.clocks.response.state, ClockState::Met);
    assert_eq!(e.clocks.response.target_secs, Some(1800));
    // The interval open at the apply closes there, judged under the old
    // 4 hours (met); the next is due within the new hour from the apply.
    assert_eq!(e.clocks.update.deadline, Some(at(120)));
    assert_eq!(e.clocks.update.missed(), 0);
    // Without the history, the new policy would call the response late.
    let rejudged = evaluate(&strict, &incident(3), &events, at(70));
    assert_eq!(rejudged.clocks.response.state, ClockState::Breached);
}

#[test]
fn an_apply_does_not_decide_a_restart_again_under_its_own_targets() {
    let to_1 = ev(
        20,
        EventKind::SeverityChanged {
            to: Severity::new(1).unwrap(),
        },
    );
    let restart = restart_policy();
    // Severity 3 (response 30m) raised to 1 at 00:20, within its target:
    // the response restarts from 00:20 under 15 minutes, due 00:35. An
    // apply at 00:25 that makes severity 3's response 10 minutes must not
    // find the change past a deadline it never had (00:10).
    let stricter = edited(&[
        (
            "severity_change = \"retroactive\"",
            "severity_change = \"restart\"",
        ),
        ("response = \"30m\"", "response = \"10m\""),
    ]);
    let events = [to_1.clone(), ev(25, EventKind::PolicyApplied)];
    let history = repinned(&restart, &stricter, 25, 1);
    let r = evaluate_history(&history, &incident(3), &events, at(26))
        .clocks
        .response;
    assert_eq!(
        (r.state, r.deadline, r.target_secs),
        (ClockState::Running, Some(at(35)), Some(900))
    );
    // Raised at 00:40 instead, past the 00:30 deadline: the breach stands
    // whatever a later apply says of severity 3's target.
    let late = ev(
        40,
        EventKind::SeverityChanged {
            to: Severity::new(1).unwrap(),
        },
    );
    let history = repinned(&restart, &stricter, 45, 1);
    let r = evaluate_history(
        &history,
        &incident(3),
        &[late, ev(45, EventKind::PolicyApplied)],
        at(46),
    )
    .clocks
    .response;
    assert_eq!(r.state, ClockState::Breached);
}
