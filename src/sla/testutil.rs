//! Small helpers shared by the sla tests: fixed instants, policies, and a
//! ticket's log written in minutes from `T0`.

use chrono::{DateTime, Utc};

use super::{
    Calendar, Clock, Clocks, DEFAULT_POLICY, Evaluation, Event, EventKind, Kind, Policy,
    PolicyHistory, Repin, Severity, Ticket, evaluate,
};

/// An instant from RFC 3339 text, e.g. `t("2026-11-24T09:00:00+10:00")`.
pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad test instant {s:?}: {e}"))
        .with_timezone(&Utc)
}

/// Seconds of an instant.
pub fn s(text: &str) -> i64 {
    t(text).timestamp()
}

pub fn hours(h: i64) -> i64 {
    h * 3600
}

/// A policy with one calendar named `cal`, defined by the TOML body given.
pub fn calendar(body: &str) -> Calendar {
    let text = format!(
        "[calendars.cal]\n{body}\n[severity.1]\nresponse = \"15m\"\nupdate = \"30m\"\nrestore = \"6h\"\n[severity.2]\nresponse = \"15m\"\nupdate = \"1h\"\nrestore = \"1d\"\n[severity.3]\nresponse = \"30m\"\nupdate = \"4h\"\nrestore = {{ target = \"1h\", calendar = \"cal\" }}\n"
    );
    let policy: Policy = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    policy.calendar_named("cal").expect("calendar cal").clone()
}

pub fn brisbane() -> Calendar {
    Policy::default_policy()
        .calendar_named("business")
        .expect("business")
        .clone()
}

// ---- A ticket's log, in minutes from T0 -----------------------------------

pub const T0: &str = "2026-11-24T00:00:00Z"; // Tuesday 10:00 in Brisbane

pub fn at(minutes: i64) -> DateTime<Utc> {
    t(T0) + chrono::Duration::minutes(minutes)
}

pub fn ev(minutes: i64, kind: EventKind) -> Event {
    Event::new(at(minutes), kind)
}

pub fn update(minutes: i64) -> Event {
    ev(minutes, EventKind::Updated { next_update: None })
}

pub fn promise(minutes: i64, next: i64) -> Event {
    ev(
        minutes,
        EventKind::Updated {
            next_update: Some(at(next)),
        },
    )
}

pub fn ticket(kind: Kind, severity: Option<u8>) -> Ticket {
    Ticket {
        kind,
        severity: severity.and_then(Severity::new),
        reported_at: t(T0),
    }
}

pub fn incident(sev: u8) -> Ticket {
    ticket(Kind::Incident, Some(sev))
}

pub fn eval(tk: &Ticket, events: &[Event], now_minutes: i64) -> Evaluation {
    evaluate(&Policy::default_policy(), tk, events, at(now_minutes))
}

pub fn restart_policy() -> Policy {
    let text = DEFAULT_POLICY.replace(
        "severity_change = \"retroactive\"",
        "severity_change = \"restart\"",
    );
    text.parse().unwrap()
}

/// The default policy with some of its text replaced.
pub fn edited(edits: &[(&str, &str)]) -> Policy {
    let mut text = DEFAULT_POLICY.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} is not in the policy");
        text = text.replace(from, to);
    }
    text.parse().unwrap()
}

/// A history re-pinned once, by the event at `event` (recorded at `minutes`).
pub fn repinned<'a>(
    old: &'a Policy,
    new: &'a Policy,
    minutes: i64,
    event: usize,
) -> PolicyHistory<'a> {
    PolicyHistory {
        current: new,
        earlier: vec![(
            Repin {
                at: at(minutes),
                event,
            },
            old,
        )],
    }
}

/// Picks one clock out of an evaluation, in the tables of cases.
pub type Pick = fn(&Clocks) -> &Clock;
pub const RESPONSE: Pick = |c| &c.response;
pub const UPDATE: Pick = |c| &c.update;
pub const RESTORE: Pick = |c| &c.restore;
pub const FASTER_UPDATES: (&str, &str) = ("update = \"30m\"", "update = \"20m\"");
pub const FASTER_RESPONSE: (&str, &str) = (
    "response = \"15m\"        # initial",
    "response = \"10m\"        # initial",
);
