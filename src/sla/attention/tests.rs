//! The rules of `attention`, each status with the ticket states that
//! cause it.

use super::*;
use crate::sla::testutil::*;
use crate::sla::{EventKind, Kind};

const RULES: Rules = Rules {
    warn_at: 75,
    max_wait_secs: 24 * 3600,
    history: false,
};

fn concerns(reasons: &[Reason]) -> Vec<(Concern, &str)> {
    reasons.iter().map(|r| (r.concern, r.clock)).collect()
}

#[test]
fn the_reasons_of_an_evaluation_gravest_first() {
    // Severity 1 at 02:05: the response (due 00:15) is overdue, level 1
    // fell due at 02:00, and the restore clock has used 34% of 6 hours.
    let e = eval(&incident(1), &[], 125);
    let reasons = assess(
        &e,
        &Rules {
            warn_at: 30,
            ..RULES
        },
        at(125),
    );
    assert_eq!(
        concerns(&reasons),
        [
            (Concern::Breached, "response"),
            (Concern::EscalationDue, "escalation"),
            (Concern::AtRisk, "restore"),
        ]
    );
    assert_eq!(reasons[0].deadline, Some(at(15)));
    assert_eq!(reasons[1].level, Some(1));
    assert_eq!(reasons[2].used_percent, Some(34));
    // Nothing to say about a ticket well within its targets.
    let calm = eval(&incident(2), &[update(5)], 10);
    assert!(assess(&calm, &RULES, at(10)).is_empty());
}

#[test]
fn a_breach_that_has_stopped_is_history_not_a_concern() {
    // Severity 2 answered 5 minutes late at 00:20, updated on time since:
    // at 02:30 nothing is running late.
    let events = [update(20), update(75), update(130)];
    let e = eval(&incident(2), &events, 150);
    assert_eq!(e.clocks.response.state, ClockState::Breached);
    assert!(assess(&e, &RULES, at(150)).is_empty());
    let past = past_breaches(&e);
    assert_eq!(concerns(&past), [(Concern::PastBreach, "response")]);
    assert_eq!(
        (past[0].deadline, past[0].stopped_at),
        (Some(at(15)), Some(at(20)))
    );
    // An update interval that ended late is history once closed; the
    // one open past its deadline is the active breach.
    let events = [update(5), update(80), update(140)];
    let closed = eval(&incident(2), &events, 150);
    assert!(assess(&closed, &RULES, at(150)).is_empty());
    let past = past_breaches(&closed);
    assert_eq!(concerns(&past), [(Concern::PastBreach, "update")]);
    assert_eq!(past[0].missed, Some(1));
    let open = eval(&incident(2), &events, 210);
    assert_eq!(
        concerns(&assess(&open, &RULES, at(210))),
        [(Concern::Breached, "update")]
    );
    assert_eq!(past_breaches(&open)[0].missed, Some(1));
    // A restore clock past its target stays an active breach while the
    // ticket waits on the customer: it has not stopped.
    let waiting = [update(5), ev(400, EventKind::Waiting)];
    let e = eval(&incident(1), &waiting, 420);
    assert_eq!(e.clocks.restore.state, ClockState::Breached);
    assert!(
        assess(&e, &RULES, at(420))
            .iter()
            .any(|r| r.clock == "restore")
    );
}

/// A clock already late when a wait begins stays breached and an
/// active breach (the wait does not make it history), but how late it
/// is stands still until the wait ends.
#[test]
fn a_breach_a_wait_holds_stays_active_and_its_lateness_stands_still() {
    // Severity 1 answered at 00:05: the update due 00:35 was 15
    // minutes late when the wait began at 00:50.
    let waiting = [update(5), ev(50, EventKind::Waiting)];
    for minutes in [60, 180] {
        let e = eval(&incident(1), &waiting, minutes);
        let clock = &e.clocks.update;
        assert_eq!(
            (clock.state, clock.paused_since),
            (ClockState::Breached, Some(at(50)))
        );
        assert_eq!(clock.remaining_secs, Some(-15 * 60), "frozen at the wait");
        let reasons = assess(&e, &RULES, at(minutes));
        assert_eq!(concerns(&reasons), [(Concern::Breached, "update")]);
        assert_eq!(reasons[0].deadline, Some(at(35)));
        assert_eq!(reasons[0].late_while_paused_secs, Some(15 * 60));
    }
    // Resumed at 02:00: late again by the clock, 15m plus what ran since.
    let resumed = [
        update(5),
        ev(50, EventKind::Waiting),
        ev(120, EventKind::Resumed),
    ];
    let e = eval(&incident(1), &resumed, 180);
    assert_eq!(e.clocks.update.paused_since, None);
    assert_eq!(e.clocks.update.remaining_secs, Some(-75 * 60));
    let reasons = assess(&e, &RULES, at(180));
    assert_eq!(reasons[0].late_while_paused_secs, None);
    // Before its deadline, a paused clock is `paused`, not a concern.
    let early = [update(5), ev(20, EventKind::Waiting)];
    let e = eval(&incident(1), &early, 60);
    assert_eq!(
        (e.clocks.update.state, e.clocks.update.paused_since),
        (ClockState::Paused, Some(at(20)))
    );
    assert!(assess(&e, &RULES, at(60)).is_empty());
    // A written promise runs through a wait: it is never paused.
    let promised = [
        ev(
            5,
            EventKind::Updated {
                next_update: Some(at(20)),
            },
        ),
        ev(30, EventKind::Waiting),
    ];
    let e = eval(&incident(1), &promised, 60);
    assert!(e.clocks.update.paused_since.is_none() && active_breach(&e.clocks.update));
}

#[test]
fn a_wait_longer_than_the_rules_allow_is_reported() {
    let events = [update(5), ev(60, EventKind::Waiting)];
    let rules = Rules {
        max_wait_secs: 3600,
        ..RULES
    };
    let at_limit = eval(&incident(3), &events, 120);
    assert!(
        assess(&at_limit, &rules, at(120)).is_empty(),
        "not longer yet"
    );
    let past = eval(&incident(3), &events, 121);
    let reasons = assess(&past, &rules, at(121));
    assert_eq!(concerns(&reasons), [(Concern::WaitingTooLong, "waiting")]);
    assert_eq!(
        (reasons[0].waiting_since, reasons[0].deadline),
        (Some(at(60)), Some(at(120)))
    );
    // Resumed: nothing to remind.
    let resumed = [
        update(5),
        ev(60, EventKind::Waiting),
        ev(200, EventKind::Resumed),
    ];
    assert!(assess(&eval(&incident(3), &resumed, 210), &rules, at(210)).is_empty());
}

#[test]
fn counts_status_and_the_boards_order() {
    let mut f = Findings::new(RULES, at(25));
    let add = |f: &mut Findings<&'static str>,
               id,
               tk: &crate::sla::Ticket,
               events: &[crate::sla::Event],
               name| {
        f.add(tk.kind, id, &eval(tk, events, 25), || name);
    };
    add(&mut f, 1, &incident(2), &[update(5)], "calm");
    assert_eq!((f.status(), f.open), (CheckStatus::Ok, 1));
    assert!(f.tickets.is_empty(), "asked only when listed");
    let waiting = [update(5), ev(6, EventKind::Waiting)];
    add(
        &mut f,
        2,
        &ticket(Kind::Inquiry, Some(3)),
        &waiting,
        "paused",
    );
    assert_eq!(f.status(), CheckStatus::Ok);
    // Answered late at 00:17: history, not a concern.
    add(&mut f, 3, &incident(1), &[update(17)], "late once");
    assert_eq!(f.status(), CheckStatus::Ok);
    assert!(f.tickets.is_empty());
    // Severity 3 unanswered: 25 of its 30 response minutes used.
    add(
        &mut f,
        4,
        &incident(3),
        &[ev(8, EventKind::Note)],
        "at risk",
    );
    assert_eq!(f.status(), CheckStatus::Warning);
    add(&mut f, 5, &incident(1), &[], "late");
    assert_eq!(f.status(), CheckStatus::Critical);
    assert_eq!(
        (
            f.open,
            f.breached,
            f.at_risk,
            f.escalation_due,
            f.waiting_too_long
        ),
        (5, 1, 1, 0, 0)
    );
    f.sort();
    let listed: Vec<&str> = f.tickets.iter().map(|a| a.ticket).collect();
    assert_eq!(listed, ["late", "at risk"]);
    assert_eq!(f.tickets[0].severity, Some(Severity::S1));

    // With the history, the late answer is listed where the board has
    // it (breached first), and the counts do not change.
    let mut h = Findings::new(
        Rules {
            history: true,
            ..RULES
        },
        at(25),
    );
    add(
        &mut h,
        4,
        &incident(3),
        &[ev(8, EventKind::Note)],
        "at risk",
    );
    add(&mut h, 3, &incident(1), &[update(17)], "late once");
    h.sort();
    let listed: Vec<&str> = h.tickets.iter().map(|a| a.ticket).collect();
    assert_eq!(listed, ["late once", "at risk"]);
    assert_eq!(
        concerns(&h.tickets[0].reasons),
        [(Concern::PastBreach, "response")]
    );
    assert_eq!(
        (h.breached, h.at_risk, h.status()),
        (0, 1, CheckStatus::Warning)
    );

    let codes = [
        CheckStatus::Ok,
        CheckStatus::Warning,
        CheckStatus::Critical,
        CheckStatus::Unknown,
    ]
    .map(CheckStatus::word);
    assert_eq!(codes, ["OK", "WARNING", "CRITICAL", "UNKNOWN"]);
}

#[test]
fn a_breached_ticket_is_not_also_at_risk_and_waits_count_apart() {
    let mut f = Findings::<()>::new(RULES, at(0));
    let reasons = [
        Reason::new(Concern::Breached, "response"),
        Reason::new(Concern::EscalationDue, "escalation"),
        Reason::new(Concern::AtRisk, "restore"),
        Reason::new(Concern::WaitingTooLong, "waiting"),
        Reason::new(Concern::PastBreach, "update"),
    ];
    f.tally(&reasons);
    assert_eq!(
        (f.breached, f.escalation_due, f.at_risk, f.waiting_too_long),
        (1, 1, 0, 1)
    );
    f.tally(&reasons[2..3]);
    assert_eq!(f.at_risk, 1);
}

#[test]
fn a_calendar_needs_a_holiday_more_than_sixty_days_ahead() {
    // The shipped calendar's last holiday is 2027-12-28 (Brisbane).
    let p = Policy::default_policy();
    let brisbane = |date: &str| t(&format!("{date}T09:00:00+10:00"));
    // 61 days before: fine. 60 and 59: stale.
    assert_eq!(stale_calendars(&p, brisbane("2027-10-28")), []);
    for date in ["2027-10-29", "2027-10-30", "2028-03-01"] {
        assert_eq!(
            stale_calendars(&p, brisbane(date)),
            [StaleCalendar {
                name: "business".into(),
                last_holiday: NaiveDate::from_ymd_opt(2027, 12, 28)
            }],
            "{date}"
        );
    }
    // "Today" is the date in the calendar's own zone: 23:30 on the
    // 28th in Brisbane is still the 28th there.
    assert_eq!(stale_calendars(&p, t("2027-10-28T23:30:00+10:00")), []);
    assert_eq!(stale_calendars(&p, t("2027-10-29T00:30:00+10:00")).len(), 1);
    // A calendar that lists no holidays is stale; 24x7 never is.
    let bare: Policy = "[calendars.shop]\ntimezone = \"Europe/London\"\nmon = [\"09:00-17:00\"]\n\
         [severity.1]\nresponse = \"15m\"\nupdate = \"30m\"\nrestore = \"6h\"\n\
         [severity.2]\nresponse = \"15m\"\nupdate = \"1h\"\nrestore = \"1d\"\n\
         [severity.3]\nresponse = \"30m\"\nupdate = \"4h\"\nrestore = { target = \"1h\", calendar = \"shop\" }\n"
        .parse()
        .unwrap();
    assert_eq!(
        stale_calendars(&bare, at(0)),
        [StaleCalendar {
            name: "shop".into(),
            last_holiday: None
        }]
    );
}
