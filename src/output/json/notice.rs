//! The JSON `notify` sends about one attention event: on the standard
//! input of `--exec CMD`, and as the body POSTed to `--webhook URL`. Its
//! `text` is the event's one-line summary, which is all Slack, Microsoft
//! Teams and Mattermost incoming webhooks need; the other fields are for
//! scripts. These names are a contract, like `check --format json`'s.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::TicketJson;
use crate::output::TicketDetails;
use crate::sla::{Reason, Severity, TicketState};

/// One event of one ticket, with what is said about it.
pub struct NoticeEvent<'a> {
    pub ticket: &'a TicketDetails,
    pub severity: Option<Severity>,
    pub state: TicketState,
    pub reason: &'a Reason,
    /// The one-line summary (`#3 severity 1 incident "VXC down" for ACME:
    /// response 5m overdue`).
    pub summary: &'a str,
    /// Sent before, and sent again because it is still active (`--renotify`).
    pub repeat: bool,
    pub at: DateTime<Utc>,
}

#[derive(Serialize)]
struct TicketOfNotice<'a> {
    #[serde(flatten)]
    ticket: TicketJson<'a>,
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
    state: &'a str,
}

#[derive(Serialize)]
struct NoticeJson<'a> {
    text: String,
    event: &'static str,
    clock: &'a str,
    deadline: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    used_percent: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiting_since: Option<DateTime<Utc>>,
    repeat: bool,
    at: DateTime<Utc>,
    ticket: TicketOfNotice<'a>,
}

/// The event as one JSON object. For a webhook (`chat`), `text` has `&`,
/// `<` and `>` escaped as Slack asks (`&amp;`, `&lt;`, `&gt;`), so a title
/// cannot mention `<!channel>` or make a link; Teams and Mattermost show
/// the entities as the characters.
pub fn notice_json(n: &NoticeEvent, chat: bool) -> String {
    let r = n.reason;
    let doc = NoticeJson {
        text: if chat {
            chat_text(n.summary)
        } else {
            n.summary.to_owned()
        },
        event: r.concern.as_str(),
        clock: r.clock,
        deadline: r.deadline,
        used_percent: r.used_percent,
        level: r.level,
        contact: r.contact.as_deref(),
        waiting_since: r.waiting_since,
        repeat: n.repeat,
        at: n.at,
        ticket: TicketOfNotice {
            ticket: TicketJson::of(n.ticket, n.severity),
            reference: n.ticket.reference.as_deref(),
            state: n.state.as_str(),
        },
    };
    // Plain data: serialising it cannot fail.
    serde_json::to_string(&doc).unwrap_or_default()
}

/// Slack's three control characters, escaped.
fn chat_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::{at, keys};
    use super::*;
    use crate::sla::{Concern, Kind};
    use crate::store::TicketId;

    #[test]
    fn one_object_with_text_first_and_the_ticket_last() {
        let ticket = TicketDetails {
            id: TicketId(3),
            kind: Kind::Incident,
            title: "VXC <down> & out".into(),
            customer: Some("ACME".into()),
            service: None,
            reference: Some("ALERT-1".into()),
            reported_at: at(0),
            opened_at: at(0),
            policy_version: 1,
            contract: None,
        };
        let reason = Reason {
            level: Some(1),
            contact: Some("Ops <ops@example.com>".into()),
            deadline: Some(at(120)),
            ..Reason::new(Concern::EscalationDue, "escalation")
        };
        let summary = "#3 severity 1 incident \"VXC <down> & out\" for ACME: escalation to level 1 due since 10m";
        let event = NoticeEvent {
            ticket: &ticket,
            severity: Some(Severity::S1),
            state: TicketState::Open,
            reason: &reason,
            summary,
            repeat: false,
            at: at(130),
        };
        let text = notice_json(&event, false);
        assert!(!text.contains('\n'), "one line: {text}");
        assert_eq!(
            keys(&text, &[]),
            [
                "text", "event", "clock", "deadline", "level", "contact", "repeat", "at", "ticket"
            ]
        );
        assert_eq!(
            keys(&text, &["ticket"]),
            [
                "id", "kind", "severity", "title", "customer", "service", "ref", "state"
            ]
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["text"], summary);
        assert_eq!(v["event"], "escalation_due");
        assert_eq!(
            (v["level"].as_u64(), v["repeat"].as_bool()),
            (Some(1), Some(false))
        );
        assert_eq!(v["deadline"], "2026-11-24T02:00:00Z");
        assert_eq!(v["at"], "2026-11-24T02:10:00Z");
        assert_eq!(
            (v["ticket"]["id"].as_i64(), v["ticket"]["ref"].as_str()),
            (Some(3), Some("ALERT-1"))
        );
        // For a chat, the text is escaped; the structured fields are not.
        let v: Value = serde_json::from_str(&notice_json(&event, true)).unwrap();
        assert_eq!(
            v["text"],
            "#3 severity 1 incident \"VXC &lt;down&gt; &amp; out\" for ACME: escalation to level 1 due since 10m"
        );
        assert_eq!(v["ticket"]["title"], "VXC <down> & out");
    }
}
