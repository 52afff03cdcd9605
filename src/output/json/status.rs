//! `status --format json`: the object of SPEC section 7, "The JSON that
//! scripts read", for one ticket, and the board as an array of them.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::TicketJson;
use crate::output::View;
use crate::sla::{Clock, Escalation, Figures};

/// One ticket.
#[derive(Serialize)]
struct StatusJson<'a> {
    #[serde(flatten)]
    ticket: TicketJson<'a>,
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
    /// Who owns the ticket, or null.
    owner: Option<&'a str>,
    state: &'a str,
    opened_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    waiting_since: Option<DateTime<Utc>>,
    escalation_level: u8,
    clocks: ClocksJson<'a>,
    escalation: EscalationJson<'a>,
    policy_version: i64,
    /// The contract the ticket is judged under, or null (issue 16).
    contract: Option<&'a str>,
}

#[derive(Serialize)]
struct ClocksJson<'a> {
    response: ClockJson<'a>,
    update: ClockJson<'a>,
    restore: ClockJson<'a>,
    own: ClockJson<'a>,
}

/// A clock: the figures every clock has, then its own.
#[derive(Serialize)]
struct ClockJson<'a> {
    state: &'a str,
    target_secs: Option<i64>,
    deadline: Option<DateTime<Utc>>,
    stopped_at: Option<DateTime<Utc>>,
    remaining_secs: Option<i64>,
    #[serde(flatten)]
    own: OwnFiguresJson,
}

/// The figures that belong to one clock only.
#[derive(Serialize)]
#[serde(untagged)]
enum OwnFiguresJson {
    Update {
        missed: u32,
        longest_gap_secs: Option<i64>,
        promised_at: Option<DateTime<Utc>>,
    },
    Restore {
        counted_secs: Option<i64>,
        waiting_secs: Option<i64>,
    },
    Response {},
    Own {},
}

#[derive(Serialize)]
struct EscalationJson<'a> {
    next_level: Option<u8>,
    due_at: Option<DateTime<Utc>>,
    due: bool,
    contact: Option<&'a str>,
}

impl<'a> ClockJson<'a> {
    fn of(c: &'a Clock) -> Self {
        ClockJson {
            state: c.state.as_str(),
            target_secs: c.target_secs,
            deadline: c.deadline,
            stopped_at: c.stopped_at,
            remaining_secs: c.remaining_secs,
            own: match c.figures {
                Figures::Update {
                    missed,
                    longest_gap_secs,
                    promised_at,
                } => OwnFiguresJson::Update {
                    missed,
                    longest_gap_secs,
                    promised_at,
                },
                Figures::Restore {
                    counted_secs,
                    waiting_secs,
                } => OwnFiguresJson::Restore {
                    counted_secs,
                    waiting_secs,
                },
                Figures::Response {} => OwnFiguresJson::Response {},
                Figures::Own {} => OwnFiguresJson::Own {},
            },
        }
    }
}

impl<'a> EscalationJson<'a> {
    fn of(e: &'a Escalation) -> Self {
        EscalationJson {
            next_level: e.next_level,
            due_at: e.due_at,
            due: e.due,
            contact: e.contact.as_deref(),
        }
    }
}

impl<'a> StatusJson<'a> {
    fn of(v: &'a View) -> Self {
        let (t, e) = (&v.ticket, &v.eval);
        StatusJson {
            ticket: TicketJson::of(t, e.severity),
            reference: t.reference.as_deref(),
            owner: e.owner.as_deref(),
            state: e.state.as_str(),
            opened_at: t.reported_at,
            resolved_at: e.resolved_at,
            waiting_since: e.waiting_since,
            escalation_level: e.escalation_level,
            clocks: ClocksJson {
                response: ClockJson::of(&e.clocks.response),
                update: ClockJson::of(&e.clocks.update),
                restore: ClockJson::of(&e.clocks.restore),
                own: ClockJson::of(&e.clocks.own),
            },
            escalation: EscalationJson::of(&e.escalation),
            policy_version: t.policy_version,
            contract: t.contract.as_deref(),
        }
    }
}

/// `status ID --format json`: one object, and a newline (as every JSON
/// document slaclock prints ends, so a shell's prompt starts on its own
/// line).
pub fn status_json(w: &mut impl Write, v: &View) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &StatusJson::of(v))?;
    writeln!(w)
}

/// `status --format json`: the board, an array of the same objects.
pub fn board_json(w: &mut impl Write, views: &[View]) -> io::Result<()> {
    let list: Vec<StatusJson> = views.iter().map(StatusJson::of).collect();
    serde_json::to_writer_pretty(&mut *w, &list)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use serde_json::Value;

    use super::super::{at, keys, written};
    use super::*;
    use crate::model::TicketId;
    use crate::output::TicketDetails;
    use crate::sla::{Event, EventKind, Kind, Policy, Severity, Ticket, evaluate};

    fn ev(minutes: i64, kind: EventKind) -> Event {
        Event::new(at(minutes), kind)
    }

    /// A ticket of `kind` opened at T0, judged `now` minutes later.
    fn view(kind: Kind, severity: Option<u8>, events: &[Event], now: i64) -> View {
        let policy = Policy::default_policy();
        let ticket = Ticket {
            kind,
            severity: severity.and_then(Severity::new),
            reported_at: at(0),
        };
        View {
            ticket: TicketDetails {
                id: TicketId(42),
                kind,
                title: "VXC down".into(),
                customer: Some("ACME".into()),
                service: None,
                reference: Some("CASE-1".into()),
                reported_at: at(0),
                opened_at: at(1),
                policy_version: 3,
                contract: None,
            },
            eval: evaluate(&policy, &ticket, events, at(now)),
            policy: Rc::new(policy),
        }
    }

    #[test]
    fn a_ticket_serialises_to_the_json_contract() {
        let update = EventKind::Updated { next_update: None };
        let v = view(
            Kind::Incident,
            Some(1),
            &[ev(10, update), ev(20, EventKind::Waiting)],
            80,
        );
        let text = written(|w| status_json(w, &v));
        assert!(text.ends_with("}\n"), "one newline after the object");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            keys(&text, &[]),
            [
                "id",
                "kind",
                "severity",
                "title",
                "customer",
                "service",
                "ref",
                "owner",
                "state",
                "opened_at",
                "resolved_at",
                "waiting_since",
                "escalation_level",
                "clocks",
                "escalation",
                "policy_version",
                "contract"
            ]
        );
        assert_eq!(v["id"], 42);
        assert_eq!(v["kind"], "incident");
        assert_eq!(v["severity"], 1);
        assert_eq!(v["customer"], "ACME");
        assert_eq!(v["service"], Value::Null);
        assert_eq!(v["ref"], "CASE-1");
        assert_eq!(v["state"], "waiting");
        assert_eq!(v["opened_at"], "2026-11-24T00:00:00Z");
        assert_eq!(v["waiting_since"], "2026-11-24T00:20:00Z");
        assert_eq!(v["policy_version"], 3);
        assert_eq!(v["contract"], Value::Null);
        let c = &v["clocks"];
        assert_eq!(
            keys(&text, &["clocks"]),
            ["response", "update", "restore", "own"]
        );
        let common = [
            "state",
            "target_secs",
            "deadline",
            "stopped_at",
            "remaining_secs",
        ];
        assert_eq!(keys(&text, &["clocks", "response"]), common);
        // Issue 14: the owner, or null; time to own, `none` without a target.
        assert_eq!(v["owner"], Value::Null);
        assert_eq!(keys(&text, &["clocks", "own"]), common);
        assert_eq!(c["own"]["state"], "none");
        assert_eq!(c["own"]["target_secs"], Value::Null);
        assert_eq!(c["own"]["deadline"], Value::Null);
        let own = |extra: &[&'static str]| [&common[..], extra].concat();
        assert_eq!(
            keys(&text, &["clocks", "update"]),
            own(&["missed", "longest_gap_secs", "promised_at"])
        );
        assert_eq!(
            keys(&text, &["clocks", "restore"]),
            own(&["counted_secs", "waiting_secs"])
        );
        assert_eq!(c["response"]["state"], "met");
        assert_eq!(c["response"]["target_secs"], 900);
        assert_eq!(c["response"]["deadline"], "2026-11-24T00:15:00Z");
        assert_eq!(c["response"]["stopped_at"], "2026-11-24T00:10:00Z");
        assert_eq!(c["response"]["remaining_secs"], 300);
        assert_eq!(c["update"]["state"], "paused");
        assert_eq!(c["update"]["missed"], 0);
        assert_eq!(c["update"]["remaining_secs"], 1200);
        assert_eq!(c["restore"]["state"], "paused");
        assert_eq!(c["restore"]["deadline"], Value::Null);
        assert_eq!(c["restore"]["counted_secs"], 1200);
        assert_eq!(c["restore"]["remaining_secs"], 21600 - 1200);
        let e = &v["escalation"];
        assert_eq!(
            keys(&text, &["escalation"]),
            ["next_level", "due_at", "due", "contact"]
        );
        assert_eq!(e["next_level"], 1);
        assert_eq!(e["due"], false);
        let none = view(Kind::Provisioning, None, &[], 1);
        let none: Value = serde_json::from_str(&written(|w| status_json(w, &none))).unwrap();
        assert_eq!(none["clocks"]["restore"]["state"], "none");
        assert_eq!(none["clocks"]["restore"]["deadline"], Value::Null);
        assert_eq!(none["severity"], Value::Null);
        let owned = view(
            Kind::Incident,
            Some(1),
            &[ev(5, EventKind::Assigned { to: "bob".into() })],
            6,
        );
        let owned: Value = serde_json::from_str(&written(|w| status_json(w, &owned))).unwrap();
        assert_eq!(owned["owner"], "bob");
    }

    #[test]
    fn the_board_is_an_array_of_the_same_objects() {
        let views = [
            view(Kind::Incident, Some(2), &[], 5),
            view(Kind::Inquiry, Some(3), &[], 5),
        ];
        let board: Value = serde_json::from_str(&written(|w| board_json(w, &views))).unwrap();
        let one: Value = serde_json::from_str(&written(|w| status_json(w, &views[1]))).unwrap();
        assert_eq!(board.as_array().unwrap().len(), 2);
        assert_eq!(board[1], one);
        assert_eq!(written(|w| board_json(w, &[])), "[]\n");
    }
}
