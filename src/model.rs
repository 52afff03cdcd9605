//! The vocabulary of slaclock: ticket ids, kinds, severities, event kinds and
//! ticket states, and the codes they are stored as. This is the only place
//! those words are spelled: the store decodes its columns here, the sla core
//! reasons with these types, and an unknown code is an error that names it,
//! never a silent default. `instant` is the one conversion from the Unix
//! seconds the log stores (re-exported as `sla::instant`). A leaf module: it
//! depends on nothing else in the crate, and carries no serde: the JSON
//! shapes are written in `output::json`.

use std::fmt;

use chrono::{DateTime, Utc};

/// A stored code this build does not know (a log written by a newer
/// slaclock, or changed by hand), or one missing what it must carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("unknown {what} {code:?} (written by a newer slaclock?)")]
    Unknown { what: &'static str, code: String },
    #[error("a {kind:?} event without its {field}")]
    Missing {
        kind: &'static str,
        field: &'static str,
    },
}

fn unknown(what: &'static str, code: impl fmt::Display) -> CodeError {
    CodeError::Unknown {
        what,
        code: code.to_string(),
    }
}

/// An instant as the log stores it, in Unix seconds (clamped to chrono's
/// range).
pub fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or(if secs < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// A ticket's number, shown as `#42`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketId(pub i64);

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// An incident's severity: 1 (service loss) to 3 (no service impact),
/// stored as that number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Severity(u8);

impl Severity {
    pub const S1: Severity = Severity(1);
    pub const S2: Severity = Severity(2);
    pub const S3: Severity = Severity(3);
    pub const ALL: [Severity; 3] = [Severity::S1, Severity::S2, Severity::S3];

    pub fn new(n: u8) -> Option<Severity> {
        (1..=3).contains(&n).then_some(Severity(n))
    }

    /// A stored severity: 1, 2 or 3, anything else an error naming it.
    pub fn parse(n: u8) -> Result<Severity, CodeError> {
        Severity::new(n).ok_or_else(|| unknown("severity", n))
    }

    /// A severity as a policy key: exactly `1`, `2` or `3`. Spellings such
    /// as `01` or `+1` are refused, so two tables can never name one severity.
    pub fn from_key(key: &str) -> Option<Severity> {
        match key {
            "1" => Some(Severity::S1),
            "2" => Some(Severity::S2),
            "3" => Some(Severity::S3),
            _ => None,
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a request is about. Sales and billing questions are not tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Incident,
    Provisioning,
    Inquiry,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Incident, Kind::Provisioning, Kind::Inquiry];

    /// The stored code, which is also the word shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Provisioning => "provisioning",
            Kind::Inquiry => "inquiry",
        }
    }

    pub fn parse(code: &str) -> Result<Kind, CodeError> {
        match code {
            "incident" => Ok(Kind::Incident),
            "provisioning" => Ok(Kind::Provisioning),
            "inquiry" => Ok(Kind::Inquiry),
            other => Err(unknown("ticket kind", other)),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a ticket stands, derived from its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketState {
    Open,
    Waiting,
    Resolved,
}

impl TicketState {
    /// The stored code, which is also the word shown.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Open => "open",
            TicketState::Waiting => "waiting",
            TicketState::Resolved => "resolved",
        }
    }

    pub fn parse(code: &str) -> Result<TicketState, CodeError> {
        match code {
            "open" => Ok(TicketState::Open),
            "waiting" => Ok(TicketState::Waiting),
            "resolved" => Ok(TicketState::Resolved),
            other => Err(unknown("ticket state", other)),
        }
    }
}

/// What happened to a ticket, with what the event carries.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    Opened,
    /// An update sent to the customer; the first is the initial response.
    Updated {
        next_update: Option<DateTime<Utc>>,
    },
    Waiting,
    Resumed,
    Escalated {
        level: u8,
    },
    SeverityChanged {
        to: Severity,
    },
    Resolved,
    Reopened,
    /// An internal note: no clock moves.
    Note,
    /// The ticket was re-pinned to another policy version.
    PolicyApplied,
    /// Someone took the ticket on (replacing whoever had it).
    Assigned {
        to: String,
    },
    /// Nobody owns the ticket any more.
    Unassigned,
    /// A detail of the ticket was corrected; the values before and after
    /// are on the event's row (`NewEvent::old_value`, `new_value`).
    Edited {
        field: Field,
    },
    /// The event with this id (in the log) was recorded by mistake: it is
    /// judged as if it had never been recorded.
    Voided {
        event: i64,
    },
}

/// A detail of a ticket that `edit` corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Customer,
    Service,
    /// The external reference.
    Ref,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Title, Field::Customer, Field::Service, Field::Ref];

    /// The stored code, which is also the word shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Customer => "customer",
            Field::Service => "service",
            Field::Ref => "ref",
        }
    }

    pub fn parse(code: &str) -> Result<Field, CodeError> {
        match code {
            "title" => Ok(Field::Title),
            "customer" => Ok(Field::Customer),
            "service" => Ok(Field::Service),
            "ref" => Ok(Field::Ref),
            other => Err(unknown("edited field", other)),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a ticket was escalated, as `escalate --reason` takes it and the log
/// stores it in an escalation's `reason` (the column is free text for
/// the other events: a wait's, a severity change's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EscalationReason {
    /// The impact on the customer's business has grown.
    Impact,
    /// The problem is not being resolved quickly enough.
    Slow,
    /// The support effort is not meeting expectations.
    Expectations,
}

impl EscalationReason {
    pub const ALL: [EscalationReason; 3] = [
        EscalationReason::Impact,
        EscalationReason::Slow,
        EscalationReason::Expectations,
    ];

    /// The stored code, which is also what `--reason` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationReason::Impact => "impact",
            EscalationReason::Slow => "slow",
            EscalationReason::Expectations => "expectations",
        }
    }

    /// The reason a stored code names; `None` for other text (a log
    /// written by hand keeps its words, shown as they are).
    pub fn parse(code: &str) -> Option<EscalationReason> {
        EscalationReason::ALL
            .into_iter()
            .find(|r| r.as_str() == code)
    }
}

/// What an event carries, as the log stores it beside the event's code:
/// the `severity`, `level`, `next_update`, `owner`, `field` and `voids`
/// columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventData {
    pub severity: Option<u8>,
    pub level: Option<u8>,
    pub next_update: Option<i64>,
    /// An assignment's new owner.
    pub owner: Option<String>,
    /// The code of the field an edit corrected.
    pub field: Option<String>,
    /// The id of the event a void marks.
    pub voids: Option<i64>,
}

impl EventKind {
    /// Whether the policy version stored with such an event matters to
    /// the clocks: an opening's (the version the ticket opened under) and
    /// a re-pin's (`policy apply`). Listings read it of no other event.
    pub fn pins_policy(&self) -> bool {
        matches!(self, EventKind::Opened | EventKind::PolicyApplied)
    }

    /// The stored code, which is also the word shown in timelines and exports.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::Opened => "opened",
            EventKind::Updated { .. } => "updated",
            EventKind::Waiting => "waiting",
            EventKind::Resumed => "resumed",
            EventKind::Escalated { .. } => "escalated",
            EventKind::SeverityChanged { .. } => "severity",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Note => "note",
            EventKind::PolicyApplied => "policy",
            EventKind::Assigned { .. } => "assigned",
            EventKind::Unassigned => "unassigned",
            EventKind::Edited { .. } => "edited",
            EventKind::Voided { .. } => "void",
        }
    }

    /// Its data as stored (an `opened` event's severity is the ticket's,
    /// which the event kind does not carry: see `EventRow`).
    pub fn data(&self) -> EventData {
        match self {
            EventKind::Updated { next_update } => EventData {
                next_update: next_update.map(|t| t.timestamp()),
                ..EventData::default()
            },
            EventKind::Escalated { level } => EventData {
                level: Some(*level),
                ..EventData::default()
            },
            EventKind::SeverityChanged { to } => EventData {
                severity: Some(to.get()),
                ..EventData::default()
            },
            EventKind::Assigned { to } => EventData {
                owner: Some(to.clone()),
                ..EventData::default()
            },
            EventKind::Edited { field } => EventData {
                field: Some(field.as_str().to_owned()),
                ..EventData::default()
            },
            EventKind::Voided { event } => EventData {
                voids: Some(*event),
                ..EventData::default()
            },
            _ => EventData::default(),
        }
    }

    /// The event stored as `code` with `data`. Columns a kind does not use
    /// are ignored. An escalation stored without a level reads as level 0,
    /// which no rule accepts, as it always has; a severity change without a
    /// valid severity is an error, and so is an assignment without its
    /// owner, an edit without its field or a void without its event.
    pub fn parse(code: &str, data: EventData) -> Result<EventKind, CodeError> {
        let missing = |kind, field| CodeError::Missing { kind, field };
        Ok(match code {
            "opened" => EventKind::Opened,
            "updated" => EventKind::Updated {
                next_update: data.next_update.map(instant),
            },
            "waiting" => EventKind::Waiting,
            "resumed" => EventKind::Resumed,
            "escalated" => EventKind::Escalated {
                level: data.level.unwrap_or(0),
            },
            "severity" => EventKind::SeverityChanged {
                to: match data.severity {
                    Some(n) => Severity::parse(n)?,
                    None => {
                        return Err(CodeError::Missing {
                            kind: "severity",
                            field: "severity",
                        });
                    }
                },
            },
            "resolved" => EventKind::Resolved,
            "reopened" => EventKind::Reopened,
            "note" => EventKind::Note,
            "policy" => EventKind::PolicyApplied,
            "assigned" => EventKind::Assigned {
                to: data.owner.ok_or_else(|| missing("assigned", "owner"))?,
            },
            "unassigned" => EventKind::Unassigned,
            "edited" => EventKind::Edited {
                field: Field::parse(
                    data.field
                        .as_deref()
                        .ok_or_else(|| missing("edited", "field"))?,
                )?,
            },
            "void" => EventKind::Voided {
                event: data.voids.ok_or_else(|| missing("void", "event"))?,
            },
            other => return Err(unknown("event kind", other)),
        })
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One event of every kind (two `updated`: with and without a promise).
    pub(crate) fn every_event_kind() -> Vec<EventKind> {
        vec![
            EventKind::Opened,
            EventKind::Updated { next_update: None },
            EventKind::Updated {
                next_update: Some(instant(1_800_000_000)),
            },
            EventKind::Waiting,
            EventKind::Resumed,
            EventKind::Escalated { level: 2 },
            EventKind::SeverityChanged { to: Severity::S1 },
            EventKind::Resolved,
            EventKind::Reopened,
            EventKind::Note,
            EventKind::PolicyApplied,
            EventKind::Assigned { to: "bob".into() },
            EventKind::Unassigned,
            EventKind::Edited {
                field: Field::Customer,
            },
            EventKind::Voided { event: 7 },
        ]
    }

    #[test]
    fn every_escalation_reason_reads_back_and_other_text_is_none() {
        for r in EscalationReason::ALL {
            assert_eq!(EscalationReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(EscalationReason::parse("Slow"), None);
        assert_eq!(EscalationReason::parse("customer"), None);
    }

    #[test]
    fn every_code_reads_back_as_what_was_stored() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Ok(kind));
        }
        for state in [
            TicketState::Open,
            TicketState::Waiting,
            TicketState::Resolved,
        ] {
            assert_eq!(TicketState::parse(state.as_str()), Ok(state));
        }
        for severity in Severity::ALL {
            assert_eq!(Severity::parse(severity.get()), Ok(severity));
        }
        for event in every_event_kind() {
            assert_eq!(EventKind::parse(event.as_str(), event.data()), Ok(event));
        }
        for field in Field::ALL {
            assert_eq!(Field::parse(field.as_str()), Ok(field));
        }
    }

    #[test]
    fn the_codes_are_the_words_the_log_has_always_held() {
        let events: Vec<&str> = every_event_kind().iter().map(EventKind::as_str).collect();
        assert_eq!(
            events,
            [
                "opened",
                "updated",
                "updated",
                "waiting",
                "resumed",
                "escalated",
                "severity",
                "resolved",
                "reopened",
                "note",
                "policy",
                "assigned",
                "unassigned",
                "edited",
                "void"
            ]
        );
        let fields: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(fields, ["title", "customer", "service", "ref"]);
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(kinds, ["incident", "provisioning", "inquiry"]);
    }

    #[test]
    fn an_unknown_code_is_an_error_naming_it() {
        let cases = [
            (
                Kind::parse("billing").map(|_| ()),
                r#"unknown ticket kind "billing" (written by a newer slaclock?)"#,
            ),
            (
                TicketState::parse("Open").map(|_| ()),
                r#"unknown ticket state "Open" (written by a newer slaclock?)"#,
            ),
            (
                EventKind::parse("merged", EventData::default()).map(|_| ()),
                r#"unknown event kind "merged" (written by a newer slaclock?)"#,
            ),
            (
                Severity::parse(4).map(|_| ()),
                r#"unknown severity "4" (written by a newer slaclock?)"#,
            ),
            (
                EventKind::parse(
                    "severity",
                    EventData {
                        severity: Some(0),
                        ..EventData::default()
                    },
                )
                .map(|_| ()),
                r#"unknown severity "0" (written by a newer slaclock?)"#,
            ),
            (
                EventKind::parse("severity", EventData::default()).map(|_| ()),
                r#"a "severity" event without its severity"#,
            ),
            (
                EventKind::parse("assigned", EventData::default()).map(|_| ()),
                r#"a "assigned" event without its owner"#,
            ),
            (
                EventKind::parse("void", EventData::default()).map(|_| ()),
                r#"a "void" event without its event"#,
            ),
            (
                EventKind::parse(
                    "edited",
                    EventData {
                        field: Some("colour".into()),
                        ..EventData::default()
                    },
                )
                .map(|_| ()),
                r#"unknown edited field "colour" (written by a newer slaclock?)"#,
            ),
        ];
        for (result, message) in cases {
            assert_eq!(result.map_err(|e| e.to_string()), Err(message.to_owned()));
        }
    }

    #[test]
    fn columns_a_kind_does_not_use_are_ignored() {
        let data = EventData {
            severity: Some(2),
            level: Some(1),
            next_update: Some(5),
            owner: Some("bob".into()),
            field: Some("title".into()),
            voids: Some(3),
        };
        assert_eq!(EventKind::parse("note", data.clone()), Ok(EventKind::Note));
        assert_eq!(EventKind::parse("opened", data), Ok(EventKind::Opened));
        assert_eq!(
            EventKind::parse("escalated", EventData::default()),
            Ok(EventKind::Escalated { level: 0 })
        );
    }
}
