//! `notify`'s rules: which attention events of an open ticket are sent
//! (the concerns `assess` finds: a clock breached, a clock at risk, an
//! escalation due, a wait gone on too long), how one event is recognised
//! from one run to the next (`Alert::occurrence`), when an event of a clock
//! counted in business hours waits for its calendar to open, and when an
//! event already sent is due again (`sending`).
//!
//! Pure: evaluations, the policy the ticket is judged by, what was sent and
//! `now` in; decisions out. Sending and recording are `app`'s.

use chrono::{DateTime, Utc};

use super::attention::{Reason, Rules, assess};
use super::{Calendar, ClockKind, Concern, Evaluation, Kind, Policy, Severity};

/// One attention event of a ticket, as `notify` sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub reason: Reason,
    /// With the ticket, the concern and the clock, what names this event
    /// from one run to the next: for a clock, when its target began to
    /// count plus the target (the deadline it had before any wait moved
    /// it), so the next update interval or a new target is a new event
    /// and a wait and resume are not; the escalation level that is due;
    /// or when the wait began.
    pub occurrence: i64,
    /// What earlier builds named a clock's event by: its deadline as it
    /// stands, which a wait moves. A notice they recorded under it is this
    /// event's, so an upgrade sends nothing twice.
    pub named_before: Option<i64>,
    /// When the event's clock counts in a business calendar that is closed
    /// now: when that calendar opens. The event waits until then.
    pub held_until: Option<DateTime<Utc>>,
}

/// The attention events of one open ticket at `now`, judged under
/// `policy` (the one it is pinned to).
pub fn alerts(
    policy: &Policy,
    kind: Kind,
    eval: &Evaluation,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Vec<Alert> {
    assess(eval, rules, now)
        .into_iter()
        .filter(|r| r.concern != Concern::PastBreach)
        .map(|reason| {
            let deadline = reason.deadline.map_or(0, |t| t.timestamp());
            let (occurrence, named_before) = match reason.concern {
                Concern::EscalationDue => (reason.level.map_or(0, i64::from), None),
                Concern::WaitingTooLong => {
                    (reason.waiting_since.map_or(0, |t| t.timestamp()), None)
                }
                _ => {
                    let first = eval
                        .clocks()
                        .into_iter()
                        .find(|(name, _)| *name == reason.clock)
                        .and_then(|(_, c)| Some(c.started_at?.timestamp() + c.target_secs?));
                    match first {
                        Some(first) => (first, (first != deadline).then_some(deadline)),
                        None => (deadline, None),
                    }
                }
            };
            let held_until = match calendar(policy, kind, eval.severity, reason.clock) {
                Some(c @ Calendar::Business(_)) => {
                    let opens = super::instant(c.next_open_secs(now.timestamp()));
                    (opens > now).then_some(opens)
                }
                _ => None,
            };
            Alert {
                reason,
                occurrence,
                named_before,
                held_until,
            }
        })
        .collect()
}

/// The calendar an event's clock counts in: its target's, and for an
/// escalation the restore clock's (escalation counts restore time). A
/// wait is measured on the wall clock.
fn calendar<'p>(
    policy: &'p Policy,
    kind: Kind,
    severity: Option<Severity>,
    clock: &str,
) -> Option<&'p Calendar> {
    let which = match clock {
        "response" => ClockKind::Response,
        "update" => ClockKind::Update,
        "restore" | "escalation" => ClockKind::Restore,
        "own" => ClockKind::Own,
        _ => return None,
    };
    policy
        .target(kind, severity, which)
        .map(|t| policy.calendar(t))
}

/// What to do with an event this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sending {
    /// Never sent: send it.
    New,
    /// Sent, still active, and the last time was `--renotify` ago or more.
    Again,
    /// Due, but its calendar is closed until then.
    Held(DateTime<Utc>),
    /// Sent, and not due again.
    Sent,
}

/// Whether an event is sent now, given when it was last sent (if ever)
/// and how long before a still-active event is sent again (if at all).
pub fn sending(
    alert: &Alert,
    last_sent: Option<DateTime<Utc>>,
    renotify_secs: Option<i64>,
    now: DateTime<Utc>,
) -> Sending {
    // An escalation is named by its level alone; one that fell due again
    // after it was sent (a severity change moved its threshold, so it
    // stopped being due and became due anew) is a new event.
    let due_anew = alert.reason.concern == Concern::EscalationDue
        && matches!((alert.reason.deadline, last_sent), (Some(due), Some(last)) if due > last);
    let due = match (last_sent, renotify_secs) {
        _ if due_anew => Sending::New,
        (None, _) => Sending::New,
        (Some(last), Some(every)) if (now - last).num_seconds() >= every => Sending::Again,
        (Some(_), _) => return Sending::Sent,
    };
    match alert.held_until {
        Some(opens) => Sending::Held(opens),
        None => due,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::testutil::*;
    use crate::sla::{AT_RISK_PERCENT, EventKind};

    const RULES: Rules = Rules {
        warn_at: AT_RISK_PERCENT,
        max_wait_secs: 3600,
        history: false,
    };

    fn alerts_at(
        tk: &crate::sla::Ticket,
        events: &[crate::sla::Event],
        minutes: i64,
    ) -> Vec<Alert> {
        let p = Policy::default_policy();
        alerts(&p, tk.kind, &eval(tk, events, minutes), &RULES, at(minutes))
    }

    fn named(a: &[Alert]) -> Vec<(Concern, &str, i64)> {
        a.iter()
            .map(|a| (a.reason.concern, a.reason.clock, a.occurrence))
            .collect()
    }

    #[test]
    fn each_event_is_named_by_its_deadline_level_or_wait() {
        // Severity 1 at 02:05: response overdue since 00:15, level 1 due.
        let a = alerts_at(&incident(1), &[], 125);
        assert_eq!(
            named(&a),
            [
                (Concern::Breached, "response", at(15).timestamp()),
                (Concern::EscalationDue, "escalation", 1)
            ]
        );
        assert!(a.iter().all(|a| a.held_until.is_none()), "24x7 clocks");
        // The next update interval at risk is another event than the one before.
        let first = alerts_at(&incident(1), &[update(5)], 28);
        let second = alerts_at(&incident(1), &[update(5), update(30)], 53);
        assert_eq!(
            named(&first),
            [(Concern::AtRisk, "update", at(35).timestamp())]
        );
        assert_eq!(
            named(&second),
            [(Concern::AtRisk, "update", at(60).timestamp())]
        );
        // A late response once given is history: no event.
        assert!(alerts_at(&incident(1), &[update(20)], 25).is_empty());
        // A wait gone on too long is named by when it began.
        let waiting = [update(5), ev(10, EventKind::Waiting)];
        assert_eq!(
            named(&alerts_at(&incident(3), &waiting, 71)),
            [(Concern::WaitingTooLong, "waiting", at(10).timestamp())]
        );
    }

    /// A wait moves a running clock's deadline but is not a new event:
    /// the interval at risk before it is the one at risk after it. What
    /// earlier builds recorded, the deadline as it stands, still names it.
    #[test]
    fn a_wait_and_resume_is_the_same_event() {
        let before = alerts_at(&incident(1), &[update(5)], 28);
        assert_eq!(
            named(&before),
            [(Concern::AtRisk, "update", at(35).timestamp())]
        );
        assert_eq!(before[0].named_before, None, "no wait moved it");
        let waited = [
            update(5),
            ev(29, EventKind::Waiting),
            ev(45, EventKind::Resumed),
        ];
        let after = alerts_at(&incident(1), &waited, 50);
        assert_eq!(after[0].reason.deadline, Some(at(51)), "moved by the wait");
        assert_eq!(named(&after), named(&before), "the same event");
        assert_eq!(after[0].named_before, Some(at(51).timestamp()));
        // The next interval is another event, wait or not.
        let next = alerts_at(&incident(1), &[update(5), update(30)], 53);
        assert_ne!(named(&next), named(&before));
        // So is a target that changed: severity 2 raised to 1 restarts
        // the restore clock on the shorter target.
        let raised = [
            update(5),
            ev(
                10,
                EventKind::SeverityChanged {
                    to: crate::sla::Severity::new(1).expect("severity 1"),
                },
            ),
        ];
        let restore = |events: &[crate::sla::Event], minutes| {
            alerts_at(&incident(2), events, minutes)
                .into_iter()
                .find(|a| a.reason.clock == "restore")
                .map(|a| a.occurrence)
                .expect("restore at risk")
        };
        assert_ne!(restore(&raised, 300), restore(&[update(5)], 23 * 60));
    }

    #[test]
    fn a_business_hours_clock_waits_for_its_calendar_to_open() {
        // Severity 3 reported Tuesday 10:00 in Brisbane; restore is 48
        // business hours, due Wednesday 2 December 10:00, and at risk (75%)
        // from Monday 30 November 14:00. At 16:59 that Monday the calendar
        // is open; at 03:00 on Tuesday it is closed until 09:00.
        let events = [update(5)];
        let tk = incident(3);
        let p = Policy::default_policy();
        let alerts_at = |when: &str| {
            let now = t(when);
            alerts(
                &p,
                tk.kind,
                &crate::sla::evaluate(&p, &tk, &events, now),
                &RULES,
                now,
            )
        };
        let restore = |alerts: Vec<Alert>| {
            alerts
                .into_iter()
                .find(|a| a.reason.clock == "restore")
                .expect("restore at risk")
        };
        let open = restore(alerts_at("2026-11-30T16:59:00+10:00"));
        assert_eq!(open.reason.concern, Concern::AtRisk);
        assert_eq!(open.held_until, None);
        let closed = restore(alerts_at("2026-12-01T03:00:00+10:00"));
        assert_eq!(closed.held_until, Some(t("2026-12-01T09:00:00+10:00")));
        assert_eq!(closed.occurrence, open.occurrence, "the same event");
        // Its update clock (long overdue) counts on 24x7: never held.
        let update = alerts_at("2026-12-01T03:00:00+10:00")
            .into_iter()
            .find(|a| a.reason.clock == "update")
            .expect("update overdue");
        assert_eq!(
            (update.reason.concern, update.held_until),
            (Concern::Breached, None)
        );
    }

    #[test]
    fn sent_once_then_again_after_renotify_and_held_while_closed() {
        let mut alert = alerts_at(&incident(1), &[], 20).remove(0);
        let now = at(60);
        assert_eq!(sending(&alert, None, None, now), Sending::New);
        assert_eq!(sending(&alert, Some(at(20)), None, now), Sending::Sent);
        assert_eq!(
            sending(&alert, Some(at(20)), Some(3600), now),
            Sending::Sent
        );
        assert_eq!(
            sending(&alert, Some(at(0)), Some(3600), now),
            Sending::Again
        );
        alert.held_until = Some(at(100));
        assert_eq!(sending(&alert, None, None, now), Sending::Held(at(100)));
        assert_eq!(
            sending(&alert, Some(at(0)), Some(3600), now),
            Sending::Held(at(100))
        );
        assert_eq!(
            sending(&alert, Some(at(20)), Some(3600), now),
            Sending::Sent
        );
    }

    /// Severity 1, level 1 due at 02:00 and sent at 02:01; lowered to
    /// severity 2 at 02:10, level 1 is due anew at 12:00 (12 hours of
    /// restore): a new event, though named by the same level.
    #[test]
    fn an_escalation_due_anew_after_it_was_sent_is_sent_again() {
        let severity_2 = ev(
            130,
            EventKind::SeverityChanged {
                to: crate::sla::Severity::new(2).unwrap(),
            },
        );
        let events = [update(1), severity_2];
        let escalation = |minutes| {
            alerts_at(&incident(1), &events, minutes)
                .into_iter()
                .find(|a| a.reason.concern == Concern::EscalationDue)
        };
        assert!(escalation(700).is_none(), "not due between");
        let anew = escalation(721).expect("due again at 12:00");
        assert_eq!(anew.reason.deadline, Some(at(720)));
        assert_eq!(sending(&anew, Some(at(121)), None, at(721)), Sending::New);
        // Once sent anew, it is sent.
        assert_eq!(sending(&anew, Some(at(721)), None, at(730)), Sending::Sent);
        // Due before it was sent: the same event.
        let first = alerts_at(&incident(1), &[update(1)], 125)
            .into_iter()
            .find(|a| a.reason.concern == Concern::EscalationDue)
            .expect("level 1 due at 02:00");
        assert_eq!(sending(&first, Some(at(121)), None, at(125)), Sending::Sent);
    }
}
