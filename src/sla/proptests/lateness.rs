//! Property tests of lateness: a breach is as late as the wall clock
//! since its deadline, less what does not count (waits that pause it, a
//! resolved spell), on business hours too, and a clock is breached exactly
//! when less than nothing is left.

use proptest::prelude::*;

use super::{event_log, start};
use crate::sla::*;
use chrono::{DateTime, Utc};

proptest! {
    #[test]
    fn a_live_breach_is_as_late_as_its_counted_time_says(sev in 1u8..=3, events in event_log(), later in 0i64..200_000) {
        // The time past the target (remaining, negative) is the wall time
        // past the deadline less the waits since: before a wait, during it
        // (standing still) and after it; on a business calendar too
        // (severity 3's restore), where the office being closed does not
        // make a breach any less late.
        let policy = business_policy();
        let ticket = Ticket { kind: Kind::Incident, severity: Severity::new(sev), reported_at: start() };
        let now = events.last().map_or(start(), |e| e.at) + chrono::Duration::seconds(later);
        let eval = evaluate(&policy, &ticket, &events, now);
        let (waits, resolved) = waits_of(&events, now);
        for (name, c) in eval.clocks() {
            let live_breach = c.state == ClockState::Breached && c.stopped_at.is_none();
            prop_assert_eq!(c.late_secs().is_some(), live_breach, "{}: {:?}", name, c);
            let (Some(late), Some(deadline)) = (c.late_secs(), c.deadline) else { continue };
            // Worked out apart: the wall time since the deadline, less the
            // waits in it where they pause this clock (update and restore
            // under the shipped policy; a written promise runs through),
            // and for the restore the time the ticket stood resolved.
            let promised = matches!(c.figures, Figures::Update { promised_at: Some(_), .. });
            let paused = matches!(name, "update" | "restore") && !promised;
            let (d, t) = (deadline.timestamp(), now.timestamp());
            let within = |spans: &[(i64, i64)]| -> i64 { spans.iter().map(|&(a, b)| (b.min(t) - a.max(d)).max(0)).sum() };
            let stood = if paused { within(&waits) } else { 0 } + if name == "restore" { within(&resolved) } else { 0 };
            prop_assert_eq!(late, t - d - stood, "{}: {:?} {:?} {:?}", name, c, waits, resolved);
            prop_assert_eq!(c.seconds_left(now), Some(-late), "{}", name);
        }
    }

    #[test]
    fn a_clock_is_breached_exactly_when_less_than_nothing_is_left(sev in 1u8..=3, events in event_log(), later in 0i64..200_000) {
        // Response and restore (severity 3's on business hours): met or
        // running with something or nothing left, breached with less, so
        // no surface ever says "breached, 0s late".
        let policy = business_policy();
        let ticket = Ticket { kind: Kind::Incident, severity: Severity::new(sev), reported_at: start() };
        let now = events.last().map_or(start(), |e| e.at) + chrono::Duration::seconds(later);
        let eval = evaluate(&policy, &ticket, &events, now);
        for (name, c) in [("response", &eval.clocks.response), ("restore", &eval.clocks.restore)] {
            let Some(left) = c.remaining_secs else { continue };
            prop_assert_eq!(c.state == ClockState::Breached, left < 0, "{}: {:?}", name, c);
        }
    }
}

/// Stretches of time, in seconds: from, to.
type Spans = Vec<(i64, i64)>;

/// The waits on the customer in `events` and the times the ticket stood
/// resolved, as the rules let them happen: a wait from a wait on an open
/// ticket not already waiting to the next resume or resolve, a resolve to
/// the next reopen (or either to `now`), in seconds.
fn waits_of(events: &[Event], now: DateTime<Utc>) -> (Spans, Spans) {
    let (mut waits, mut resolves) = (vec![], vec![]);
    let (mut waiting, mut resolved) = (None, None);
    for e in events {
        let t = e.at.timestamp();
        match e.kind {
            EventKind::Waiting if resolved.is_none() && waiting.is_none() => waiting = Some(t),
            EventKind::Resumed => waits.extend(waiting.take().map(|s| (s, t))),
            EventKind::Resolved if resolved.is_none() => {
                resolved = Some(t);
                waits.extend(waiting.take().map(|s| (s, t)));
            }
            EventKind::Reopened => resolves.extend(resolved.take().map(|s| (s, t))),
            _ => {}
        }
    }
    let now = now.timestamp();
    waits.extend(waiting.map(|s| (s, now)));
    resolves.extend(resolved.map(|s| (s, now)));
    (waits, resolves)
}

/// The shipped policy with severity 3's clocks short and all three on
/// business hours, so a few days of events cross closed hours and breaches.
fn business_policy() -> Policy {
    let text = DEFAULT_POLICY
        .replace(
            "restore = { target = \"48h\", calendar = \"business\" }",
            "restore = { target = \"3h\", calendar = \"business\" }",
        )
        .replace(
            "response = \"30m\"\nupdate = \"4h\"",
            "response = { target = \"30m\", calendar = \"business\" }\nupdate = { target = \"1h\", calendar = \"business\" }",
        );
    assert!(
        text.contains(
            "update = { target = \"1h\", calendar = \"business\" }\nrestore = { target = \"3h\""
        ),
        "{text}"
    );
    text.parse().expect("valid")
}
