//! Tests of `status`: moved beside it so the code reads in one sitting.

use std::rc::Rc;

use super::*;
use crate::model::TicketId;
use crate::output::TicketDetails;
use crate::sla::{AT_RISK_PERCENT, Policy, Severity, Ticket, Tz, evaluate};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn event(when: &str, kind: EventKind) -> TimelineEvent {
    TimelineEvent {
        number: 1,
        at: at(when),
        recorded_at: at(when),
        kind,
        by: "alice".into(),
        db_user: None,
        severity: None,
        level: None,
        next_update: None,
        reason: None,
        text: None,
        old_value: None,
        new_value: None,
        voids: None,
        voided: None,
    }
}

/// A severity 1 incident reported at 00:00 with nothing since, judged `now`.
fn severity_1(now: DateTime<Utc>) -> View {
    let reported = at("2026-11-24T00:00:00Z");
    let policy = Policy::default_policy();
    let sla_ticket = Ticket {
        kind: Kind::Incident,
        severity: Some(Severity::S1),
        reported_at: reported,
    };
    View {
        ticket: TicketDetails {
            id: TicketId(7),
            kind: Kind::Incident,
            title: "VXC down".into(),
            customer: Some("ACME".into()),
            service: None,
            reference: None,
            reported_at: reported,
            opened_at: reported,
            policy_version: 1,
            contract: None,
        },
        eval: evaluate(&policy, &sla_ticket, &[], now),
        policy: Rc::new(policy),
    }
}

#[test]
fn a_ticket_is_named_by_its_id_its_whole_title_and_its_customer() {
    let mut v = severity_1(at("2026-11-24T00:00:00Z"));
    assert_eq!(head(&v), "#7 VXC down (ACME)");
    v.ticket.customer = None;
    v.ticket.title = format!("{}\tend", "long ".repeat(30));
    assert_eq!(head(&v), format!("#7 {} end", "long ".repeat(30)));
    let style = Style {
        color: false,
        zone: Tz::named("Australia/Brisbane").unwrap(),
        warn_at: AT_RISK_PERCENT,
        width: None,
        lang: crate::i18n::Lang::En,
    };
    let mut out = vec![];
    let note = Event {
        at: at("2026-11-24T00:05:00Z"),
        kind: EventKind::Note,
        voided: false,
    };
    recorded(&mut out, &note, &v, at("2026-11-25T00:00:00Z"), &style).unwrap();
    // Another day than now: the event's date is named too.
    assert!(
        String::from_utf8(out)
            .unwrap()
            .ends_with(" end: note added at Tue 24 Nov 10:05\n")
    );
}

#[test]
fn the_timeline_shows_each_event_with_what_was_recorded_with_it() {
    let now = at("2026-11-24T00:30:00Z");
    let view = severity_1(now);
    let promised = at("2026-11-24T01:00:00Z");
    let timeline = [
        TimelineEvent {
            severity: Some(1),
            text: Some("line\nbreak".into()),
            ..event("2026-11-24T00:00:00Z", EventKind::Opened)
        },
        TimelineEvent {
            next_update: Some(promised),
            ..event(
                "2026-11-24T00:10:00Z",
                EventKind::Updated {
                    next_update: Some(promised),
                },
            )
        },
        TimelineEvent {
            level: Some(1),
            reason: Some("customer".into()),
            ..event("2026-11-24T00:20:00Z", EventKind::Escalated { level: 1 })
        },
    ];
    let style = Style {
        color: false,
        zone: Tz::UTC,
        warn_at: AT_RISK_PERCENT,
        width: None,
        lang: crate::i18n::Lang::En,
    };
    let mut out = vec![];
    ticket(&mut out, &view, &timeline, now, &style, &[]).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().skip_while(|l| *l != "timeline").collect();
    let row = |word: &str| {
        lines
            .iter()
            .find(|l| l.contains(word))
            .unwrap_or_else(|| panic!("no {word} row:\n{text}"))
            .to_string()
    };
    let opened = row("opened");
    assert!(opened.contains("2026-11-24 00:00 UTC"), "{opened}");
    assert!(opened.contains("alice"), "{opened}");
    assert!(opened.contains("severity 1; line break"), "{opened}");
    let updated = row("updated");
    assert!(
        updated.contains("next update by 2026-11-24 01:00 UTC"),
        "{updated}"
    );
    assert!(row("escalated").contains("level 1; reason: customer"));
}

#[test]
fn the_timeline_numbers_events_and_shows_corrections_and_owners() {
    let now = at("2026-11-24T00:30:00Z");
    let view = severity_1(now);
    let timeline = [
        event("2026-11-24T00:00:00Z", EventKind::Opened),
        TimelineEvent {
            number: 2,
            voided: Some(crate::output::Voiding {
                number: 4,
                at: at("2026-11-24T00:20:00Z"),
                by: "bob".into(),
                reason: Some("wrong ticket".into()),
            }),
            ..event(
                "2026-11-24T00:05:00Z",
                EventKind::Assigned { to: "carol".into() },
            )
        },
        TimelineEvent {
            number: 3,
            old_value: Some("VXC down".into()),
            new_value: Some("VXC down in Sydney".into()),
            ..event(
                "2026-11-24T00:10:00Z",
                EventKind::Edited {
                    field: Field::Title,
                },
            )
        },
        TimelineEvent {
            number: 4,
            voids: Some(2),
            reason: Some("wrong ticket".into()),
            by: "bob".into(),
            ..event("2026-11-24T00:20:00Z", EventKind::Voided { event: 11 })
        },
    ];
    let style = Style {
        color: false,
        zone: Tz::UTC,
        warn_at: AT_RISK_PERCENT,
        width: None,
        lang: crate::i18n::Lang::En,
    };
    let mut out = vec![];
    ticket(&mut out, &view, &timeline, now, &style, &[]).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "timeline")
        .skip(3)
        .map(str::trim)
        .collect();
    assert!(rows[0].starts_with("1 "), "{text}");
    assert!(
        rows[1].starts_with("2 ")
            && rows[1].contains("assigned (void)")
            && rows[1].contains("VOIDED by bob at 00:20 (event 4): wrong ticket; to carol"),
        "{text}"
    );
    assert!(
        rows[2].contains("edited")
            && rows[2].contains("title \"VXC down\" → \"VXC down in Sydney\""),
        "{text}"
    );
    assert!(
        rows[3].starts_with("4 ") && rows[3].contains("voids event 2; reason: wrong ticket"),
        "{text}"
    );
    assert!(text.contains("open; no owner; reported"), "{text}");
}

#[test]
fn a_clock_is_shown_at_risk_from_the_style_s_threshold() {
    // At 00:09 the response clock has used 60% of its 15 minutes.
    let now = at("2026-11-24T00:09:00Z");
    let v = severity_1(now);
    let yellow = |warn_at: u8| {
        let style = Style {
            color: true,
            zone: Tz::UTC,
            warn_at,
            width: None,
            lang: crate::i18n::Lang::En,
        };
        let (mut board_out, mut ticket_out) = (vec![], vec![]);
        crate::output::board(&mut board_out, std::slice::from_ref(&v), now, &style).unwrap();
        ticket(&mut ticket_out, &v, &[], now, &style, &[]).unwrap();
        let board_text = String::from_utf8(board_out).unwrap();
        let ticket_text = String::from_utf8(ticket_out).unwrap();
        // Both drawn by the one grid, in its yellow.
        (
            board_text.contains("\x1b[33m"),
            ticket_text.contains("\x1b[33m"),
        )
    };
    assert_eq!(yellow(50), (true, true));
    assert_eq!(yellow(60), (true, true));
    assert_eq!(yellow(AT_RISK_PERCENT), (false, false));
}

/// An event recorded more than `RECORDED_LATE_SECS` after its time says
/// when it was recorded; one recorded within them does not.
#[test]
fn the_timeline_marks_an_event_recorded_well_after_its_time() {
    let now = at("2026-11-24T02:00:00Z");
    let view = severity_1(now);
    let timeline = [
        TimelineEvent {
            recorded_at: at("2026-11-24T00:25:00Z"),
            ..event("2026-11-24T00:10:00Z", EventKind::Note)
        },
        TimelineEvent {
            number: 2,
            recorded_at: at("2026-11-24T00:35:01Z"),
            ..event("2026-11-24T00:20:00Z", EventKind::Resolved)
        },
    ];
    let style = Style {
        color: false,
        zone: Tz::UTC,
        warn_at: AT_RISK_PERCENT,
        width: None,
        lang: crate::i18n::Lang::En,
    };
    let mut out = vec![];
    ticket(&mut out, &view, &timeline, now, &style, &[]).unwrap();
    let text = String::from_utf8(out).unwrap();
    let row = |word: &str| text.lines().find(|l| l.contains(word)).unwrap_or_default();
    assert!(row("note").trim_end().ends_with("alice"), "{text}");
    assert!(row("resolved").ends_with("alice  recorded 00:35"), "{text}");
}
