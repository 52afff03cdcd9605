//! Small helpers shared by the sla tests: fixed instants and policies.

use chrono::{DateTime, Utc};

use super::{Calendar, Policy};

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
