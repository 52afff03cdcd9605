//! The plain rows the store takes and hands out, typed with the vocabulary
//! of `model`, and the one set of decoders that reads them from either
//! driver's rows (through the small `Columns` trait each driver implements).
//! Nothing here runs SQL.

use anyhow::{Context, Result, anyhow};

use crate::model::{EventData, EventKind, Kind, TicketId, TicketState};

/// A ticket to record; its "opened" event is written along with it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub kind: Kind,
    pub severity: Option<u8>,
    pub title: String,
    pub customer: Option<String>,
    pub service: Option<String>,
    pub reported_at: i64,
    pub opened_at: i64,
    pub policy_version: i64,
    /// Who opened it (the "opened" event's author).
    pub by: String,
    /// The "opened" event's text.
    pub text: Option<String>,
    /// An external reference (a customer's case number, an alert id),
    /// unique in the log.
    pub external_ref: Option<String>,
    /// The contract it opens under (`None`: the base policy).
    pub contract: Option<String>,
}

/// A stored ticket with its current summary.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    pub id: TicketId,
    pub kind: Kind,
    /// Severity at opening; the current one is in `summary`.
    pub severity: Option<u8>,
    pub title: String,
    pub customer: Option<String>,
    pub service: Option<String>,
    pub reported_at: i64,
    pub opened_at: i64,
    pub policy_version: i64,
    pub summary: Summary,
    /// The external reference, unique in the log: given at opening,
    /// corrected by `edit` (the title, customer and service too: the row
    /// holds their current values, the `edited` events what they were).
    pub external_ref: Option<String>,
    /// The contract the ticket is judged under, pinned with its policy
    /// version (`None`: the base policy).
    pub contract: Option<String>,
}

/// The ticket's state as derived from its events by the caller, stored
/// beside the ticket and rewritten with each event so that SQL can select
/// without reading events: `state` picks the open tickets,
/// `last_event_at` those that may have been open at a past instant and
/// `owner` those someone (or nobody) has taken. The
/// app never reads it back (it derives the summary from the events with
/// `sla::summarize`); migrate copies it with the row.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub state: TicketState,
    pub severity: Option<u8>,
    pub escalation_level: u8,
    /// The last instant anything about the ticket happened or was
    /// recorded: its latest event's time, or when the latest was recorded
    /// if later (a back-dated resolve keeps the ticket on the board "as of"
    /// any instant before it was recorded).
    pub last_event_at: i64,
    pub resolved_at: Option<i64>,
    /// Who owns the ticket now, if anyone.
    pub owner: Option<String>,
}

/// An event to append to a ticket's log (its `opened` event is written
/// with the ticket, by `insert_ticket`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub ticket: TicketId,
    pub at: i64,
    pub recorded_at: i64,
    pub by: String,
    pub kind: EventKind,
    pub reason: Option<String>,
    pub text: Option<String>,
    pub policy_version: Option<i64>,
    /// An `edited` event's value before and after (None: there was none).
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// For an opening or a re-pin, the contract it pinned the ticket to
    /// beside `policy_version` (None: the base policy).
    pub contract: Option<String>,
}

/// A stored event: its row id and what was appended.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub event: NewEvent,
    /// On an `opened` event, the severity the ticket was opened with,
    /// stored beside it (a severity change carries its new one in its
    /// kind); None on every other event.
    pub opened_severity: Option<u8>,
    /// The database role that wrote it, as the server authenticated it
    /// (PostgreSQL's `session_user`); None on SQLite, which has no roles.
    /// `event.by` is what a person said; this is what the server knows.
    pub db_user: Option<String>,
}

impl EventRow {
    /// What the event carries, as stored: its kind's data, and on an
    /// `opened` event the severity the ticket was opened with.
    pub fn data(&self) -> EventData {
        let mut data = self.event.kind.data();
        if self.event.kind == EventKind::Opened {
            data.severity = self.opened_severity;
        }
        data
    }
}

/// A correction `edit` made to one detail of a ticket: the event that
/// recorded it and the values before and after. A detail's value at a
/// past instant is found from these (`Tx::corrections`), as the clocks'
/// listing carries no values.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub ticket: TicketId,
    /// The `edited` event's id, which a void of it names.
    pub event: i64,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A stored event as the clocks need it: its id (which a void names), when,
/// what, and the policy version and contract it pinned the ticket to. The
/// fast listings read it from the events index alone, so it has no author,
/// text or recording time that could be misread: a listing of the log as
/// it stood at an instant leaves out what was recorded later before it
/// hands these out (`TicketFilter::recorded_by`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClockEvent {
    pub id: i64,
    pub at: i64,
    pub kind: EventKind,
    /// For an opening or a re-pin (`EventKind::pins_policy`), the version
    /// it pinned; `None` for every other event, whose version (if one was
    /// ever stored) the clocks never read and a listing does not fetch.
    pub policy_version: Option<i64>,
    /// For an opening or a re-pin, the contract it pinned (None: the base
    /// policy, and for every other event).
    pub contract: Option<String>,
}

impl EventRow {
    /// The event as the clocks see it.
    pub fn clock(&self) -> ClockEvent {
        let kind = self.event.kind.clone();
        let pins = kind.pins_policy();
        ClockEvent {
            id: self.id,
            at: self.event.at,
            policy_version: self.event.policy_version.filter(|_| pins),
            contract: self.event.contract.clone().filter(|_| pins),
            kind,
        }
    }
}

/// A policy text as it was when tickets were opened under it.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVersion {
    pub id: i64,
    pub hash: String,
    pub text: String,
    pub first_seen: i64,
}

/// A notification `notify` sent about one attention event of a ticket.
/// The event is named by its concern (`breached`, `at_risk`,
/// `escalation_due`, `waiting_too_long`), its clock and its occurrence (a
/// deadline, an escalation level or the start of a wait, as a number), so
/// the same event is recognised on the next run. The concern and clock are
/// the names `sla` gives them; the store only keeps and compares them.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotice {
    pub ticket: TicketId,
    pub concern: String,
    pub clock: String,
    pub occurrence: i64,
    pub sent_at: i64,
    /// `exec` or `webhook` (never the command or URL: a webhook URL is a secret).
    pub channel: String,
    /// The one-line summary that was sent.
    pub summary: String,
}

/// A stored notification: its row id and what was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRow {
    pub id: i64,
    pub notice: NewNotice,
}

/// What has been sent about one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentNotice {
    pub ticket: TicketId,
    pub concern: String,
    pub clock: String,
    pub occurrence: i64,
    pub last_sent_at: i64,
    pub times: i64,
}

/// A result row, as both drivers' rows can be read: by column index,
/// NULL as None. Implemented for `rusqlite::Row` and `tokio_postgres::Row`.
pub(super) trait Columns {
    /// An INTEGER (SQLite) or BIGINT (PostgreSQL) column.
    fn big(&self, i: usize) -> Result<Option<i64>>;
    /// An INTEGER (SQLite) or SMALLINT (PostgreSQL) column: a severity or level.
    fn small(&self, i: usize) -> Result<Option<i64>>;
    fn text(&self, i: usize) -> Result<Option<&str>>;
    /// The column's name, for messages.
    fn name(&self, i: usize) -> &str;
}

/// Column `i`, which the schema makes NOT NULL.
fn required<T>(r: &(impl Columns + ?Sized), i: usize, value: Option<T>) -> Result<T> {
    value.with_context(|| crate::msg!("log-empty-column", column = r.name(i)))
}

fn big(r: &(impl Columns + ?Sized), i: usize) -> Result<i64> {
    let value = r.big(i)?;
    required(r, i, value)
}

fn text(r: &(impl Columns + ?Sized), i: usize) -> Result<String> {
    let value = r.text(i)?.map(str::to_owned);
    required(r, i, value)
}

fn text_opt(r: &(impl Columns + ?Sized), i: usize) -> Result<Option<String>> {
    Ok(r.text(i)?.map(str::to_owned))
}

/// A severity or level, checked to fit a u8.
fn small(r: &(impl Columns + ?Sized), i: usize) -> Result<Option<u8>> {
    r.small(i)?
        .map(|v| {
            u8::try_from(v).map_err(|_| {
                anyhow!(crate::msg!(
                    "log-out-of-range",
                    column = r.name(i),
                    value = v.to_string()
                ))
            })
        })
        .transpose()
}

/// The data stored beside an event's code: the severity, level and next
/// update in columns `i` to `i + 2`, the owner, field and voided event in
/// columns `j` to `j + 2`.
fn event_data(r: &(impl Columns + ?Sized), i: usize, j: usize) -> Result<EventData> {
    Ok(EventData {
        severity: small(r, i)?,
        level: small(r, i + 1)?,
        next_update: r.big(i + 2)?,
        owner: text_opt(r, j)?,
        field: text_opt(r, j + 1)?,
        voids: r.big(j + 2)?,
    })
}

/// `event_data` from a row of the clocks' columns (`sql::CLOCK_EVENT_COLUMNS`:
/// the text datum, owner or field, as one column `j`, the voided event at
/// `j + 1`), each column read only when an event of `code` uses it
/// (`EventKind::parse`): most events use none, and a listing for the
/// clocks reads millions of them (issue 18). The tests hold it to
/// `event_data` for every code.
fn used_data(r: &(impl Columns + ?Sized), code: &str, i: usize, j: usize) -> Result<EventData> {
    let mut data = EventData::default();
    match code {
        "severity" => data.severity = small(r, i)?,
        "escalated" => data.level = small(r, i + 1)?,
        "updated" => data.next_update = r.big(i + 2)?,
        "assigned" => data.owner = text_opt(r, j)?,
        "edited" => data.field = text_opt(r, j)?,
        "void" => data.voids = r.big(j + 1)?,
        _ => {}
    }
    Ok(data)
}

/// A row of `sql::TICKET_COLUMNS`.
pub(super) fn ticket_row(r: &(impl Columns + ?Sized)) -> Result<TicketRow> {
    let id = TicketId(big(r, 0)?);
    let ticket = || -> Result<TicketRow> {
        Ok(TicketRow {
            id,
            kind: Kind::parse(required(r, 1, r.text(1)?)?)?,
            severity: small(r, 2)?,
            title: text(r, 3)?,
            customer: text_opt(r, 4)?,
            service: text_opt(r, 5)?,
            reported_at: big(r, 6)?,
            opened_at: big(r, 7)?,
            policy_version: big(r, 8)?,
            summary: Summary {
                state: TicketState::parse(required(r, 9, r.text(9)?)?)?,
                severity: small(r, 10)?,
                escalation_level: required(r, 11, small(r, 11)?)?,
                last_event_at: big(r, 12)?,
                resolved_at: r.big(13)?,
                owner: text_opt(r, 15)?,
            },
            external_ref: text_opt(r, 14)?,
            contract: text_opt(r, 16)?,
        })
    };
    ticket().with_context(|| crate::msg!("log-cannot-read-ticket", id = id.to_string()))
}

/// A row of `sql::EVENT_COLUMNS`.
pub(super) fn event_row(r: &(impl Columns + ?Sized)) -> Result<EventRow> {
    let id = big(r, 0)?;
    let event = || -> Result<EventRow> {
        let code = r.text(5)?;
        let data = event_data(r, 6, 12)?;
        let severity = data.severity;
        let kind = EventKind::parse(required(r, 5, code)?, data)?;
        Ok(EventRow {
            id,
            opened_severity: (kind == EventKind::Opened).then_some(severity).flatten(),
            event: NewEvent {
                ticket: TicketId(big(r, 1)?),
                at: big(r, 2)?,
                recorded_at: big(r, 3)?,
                by: text(r, 4)?,
                kind,
                reason: text_opt(r, 9)?,
                text: text_opt(r, 10)?,
                policy_version: r.big(11)?,
                old_value: text_opt(r, 15)?,
                new_value: text_opt(r, 16)?,
                contract: text_opt(r, 18)?,
            },
            db_user: text_opt(r, 17)?,
        })
    };
    event().with_context(|| cannot_read_event(id))
}

/// What failed when event `id` could not be read.
fn cannot_read_event(id: i64) -> crate::i18n::Msg {
    crate::msg!("log-cannot-read-event", id = id.to_string())
}

/// An event as a listing reads it, with the ticket it belongs to: the
/// clocks' form or the whole row.
pub(super) trait Listed: Sized {
    /// The columns it is read from (on events aliased `e`).
    const COLUMNS: &'static str;

    fn decode(r: &(impl Columns + ?Sized)) -> Result<(TicketId, Self)>;
}

impl Listed for EventRow {
    const COLUMNS: &'static str = super::sql::EVENT_COLUMNS;

    fn decode(r: &(impl Columns + ?Sized)) -> Result<(TicketId, EventRow)> {
        let row = event_row(r)?;
        Ok((row.event.ticket, row))
    }
}

/// Every column of `sql::CLOCK_EVENT_COLUMNS` is in the `events_by_ticket`
/// index, so a listing of these is read from the index alone.
impl Listed for ClockEvent {
    const COLUMNS: &'static str = super::sql::CLOCK_EVENT_COLUMNS;

    fn decode(r: &(impl Columns + ?Sized)) -> Result<(TicketId, ClockEvent)> {
        let ticket = TicketId(big(r, 1)?);
        let event = || -> Result<ClockEvent> {
            let code = required(r, 3, r.text(3)?)?;
            let kind = EventKind::parse(code, used_data(r, code, 4, 8)?)?;
            // Fetched only where the clocks read them: two columns fewer
            // for nine events in ten (BENCHMARKS.md, issue 18). A pin's
            // text datum is its contract.
            let (policy_version, contract) = if kind.pins_policy() {
                (r.big(7)?, text_opt(r, 8)?)
            } else {
                (None, None)
            };
            Ok(ClockEvent {
                id: big(r, 0)?,
                at: big(r, 2)?,
                kind,
                policy_version,
                contract,
            })
        };
        let event = event().with_context(|| {
            let id = r.big(0).ok().flatten().unwrap_or_default();
            cannot_read_event(id)
        })?;
        Ok((ticket, event))
    }
}

/// An event as the clocks see it, with when it was recorded: for the log
/// as it stood at an instant (`TicketFilter::recorded_by`). Its text is not
/// read, so a long log's walk sorts only what the clocks need.
pub(super) struct RecordedClockEvent {
    pub recorded_at: i64,
    pub event: ClockEvent,
}

impl Listed for RecordedClockEvent {
    const COLUMNS: &'static str = super::sql::RECORDED_CLOCK_EVENT_COLUMNS;

    fn decode(r: &(impl Columns + ?Sized)) -> Result<(TicketId, RecordedClockEvent)> {
        let (ticket, event) = ClockEvent::decode(r)?;
        let recorded_at = big(r, 10).with_context(|| cannot_read_event(event.id))?;
        Ok((ticket, RecordedClockEvent { recorded_at, event }))
    }
}

/// A row of `sql::corrections`: ticket, event, old and new value.
pub(super) fn correction_row(r: &(impl Columns + ?Sized)) -> Result<Correction> {
    let event = big(r, 1)?;
    let correction = || -> Result<Correction> {
        Ok(Correction {
            ticket: TicketId(big(r, 0)?),
            event,
            old_value: text_opt(r, 2)?,
            new_value: text_opt(r, 3)?,
        })
    };
    correction().with_context(|| cannot_read_event(event))
}

/// A row of `sql::POLICY_VERSIONS`.
pub(super) fn policy_version_row(r: &(impl Columns + ?Sized)) -> Result<PolicyVersion> {
    Ok(PolicyVersion {
        id: big(r, 0)?,
        hash: text(r, 1)?,
        text: text(r, 2)?,
        first_seen: big(r, 3)?,
    })
}

/// A row of `sql::NOTICES`.
pub(super) fn notice_row(r: &(impl Columns + ?Sized)) -> Result<NoticeRow> {
    let id = big(r, 0)?;
    let notice = || -> Result<NoticeRow> {
        Ok(NoticeRow {
            id,
            notice: NewNotice {
                ticket: TicketId(big(r, 1)?),
                concern: text(r, 2)?,
                clock: text(r, 3)?,
                occurrence: big(r, 4)?,
                sent_at: big(r, 5)?,
                channel: text(r, 6)?,
                summary: text(r, 7)?,
            },
        })
    };
    notice().with_context(|| crate::msg!("log-cannot-read-notice", id = id.to_string()))
}

/// A row of `sql::SENT_NOTICES`.
pub(super) fn sent_notice_row(r: &(impl Columns + ?Sized)) -> Result<SentNotice> {
    Ok(SentNotice {
        ticket: TicketId(big(r, 0)?),
        concern: text(r, 1)?,
        clock: text(r, 2)?,
        occurrence: big(r, 3)?,
        last_sent_at: big(r, 4)?,
        times: big(r, 5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of values by column, for the decoders.
    struct Values(Vec<Option<Result<i64, &'static str>>>);

    impl Columns for Values {
        fn big(&self, i: usize) -> Result<Option<i64>> {
            match self.0[i] {
                Some(Ok(n)) => Ok(Some(n)),
                Some(Err(_)) => anyhow::bail!("column {i} holds text"),
                None => Ok(None),
            }
        }

        fn small(&self, i: usize) -> Result<Option<i64>> {
            self.big(i)
        }

        fn text(&self, i: usize) -> Result<Option<&str>> {
            match self.0[i] {
                Some(Err(t)) => Ok(Some(t)),
                Some(Ok(_)) => anyhow::bail!("column {i} holds a number"),
                None => Ok(None),
            }
        }

        fn name(&self, _: usize) -> &str {
            "?"
        }
    }

    /// A listing fetches the policy version and contract of an opening
    /// and a re-pin only, and the whole row's clock form agrees, for every
    /// code.
    #[test]
    fn the_clocks_get_the_policy_version_of_openings_and_re_pins_only() {
        for kind in crate::model::tests::every_event_kind() {
            let row = Values(vec![
                Some(Ok(5)),
                Some(Ok(1)),
                Some(Ok(60)),
                Some(Err(kind.as_str())),
                Some(Ok(2)),
                Some(Ok(1)),
                Some(Ok(3600)),
                Some(Ok(9)),
                Some(Err("title")),
                Some(Ok(4)),
            ]);
            let (_, listed) = ClockEvent::decode(&row).expect("every code decodes");
            let pinned = matches!(kind, EventKind::Opened | EventKind::PolicyApplied);
            assert_eq!(listed.policy_version, pinned.then_some(9), "{kind:?}");
            assert_eq!(
                listed.contract.as_deref(),
                pinned.then_some("title"),
                "{kind:?}"
            );
            let whole = EventRow {
                id: 5,
                event: NewEvent {
                    ticket: TicketId(1),
                    at: 60,
                    recorded_at: 60,
                    by: "alice".into(),
                    kind: listed.kind.clone(),
                    reason: None,
                    text: None,
                    policy_version: Some(9),
                    old_value: None,
                    new_value: None,
                    contract: Some("title".into()),
                },
                opened_severity: None,
                db_user: None,
            };
            assert_eq!(whole.clock(), listed, "{kind:?}");
        }
    }

    /// Reading only the column an event's code uses, with the text datum
    /// as one column (`coalesce(owner, field, contract)`), gives the clocks
    /// the same event as reading every column, for every code the log
    /// stores. An event has at most one text datum, by its kind.
    #[test]
    fn the_clocks_read_only_the_data_each_event_uses_and_get_the_same_event() {
        let kinds = crate::model::tests::every_event_kind();
        for code in kinds.iter().map(EventKind::as_str) {
            // Every data column of the kind filled, then each left empty.
            for empty in [None, Some(0), Some(1), Some(2), Some(4), Some(5), Some(6)] {
                let owner = (code == "assigned").then_some(Err("alice"));
                let field = (code == "edited").then_some(Err("title"));
                let mut row = Values(vec![
                    Some(Ok(2)),
                    Some(Ok(1)),
                    Some(Ok(3600)),
                    Some(Ok(7200)),
                    owner,
                    field,
                    Some(Ok(41)),
                ]);
                if let Some(i) = empty {
                    row.0[i] = None;
                }
                let text = row.0[4].or(row.0[5]);
                let clocks = Values(vec![row.0[0], row.0[1], row.0[2], row.0[3], text, row.0[6]]);
                let all = event_data(&row, 0, 4).map(|d| EventKind::parse(code, d));
                let used = used_data(&clocks, code, 0, 4).map(|d| EventKind::parse(code, d));
                match (all, used) {
                    (Ok(Ok(all)), Ok(Ok(used))) => assert_eq!(used, all, "{code}"),
                    (Ok(Err(all)), Ok(Err(used))) => {
                        assert_eq!(used.to_string(), all.to_string(), "{code}")
                    }
                    (all, used) => panic!("{code}, column {empty:?} empty: {all:?} / {used:?}"),
                }
            }
        }
    }
}
