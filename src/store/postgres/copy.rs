//! `migrate` into PostgreSQL: the rows it copies with their ids are kept
//! here and sent in batches with binary COPY (`BinaryCopyInWriter`), one
//! request per table and batch instead of one INSERT round trip per row.
//! A batch goes out when it is full, and before any other statement of the
//! transaction (so nothing ever reads around rows still held here) or its
//! COMMIT. Tables go in the order their foreign keys need: policy versions,
//! tickets, events (a void names an earlier event: the check runs at the
//! end of the COPY), notices. COPY with explicit ids leaves the identities
//! and the append-only triggers exactly as the INSERTs did: the triggers
//! guard UPDATE, DELETE and TRUNCATE only, and `continue_ids` moves the
//! identities past the copied ids afterwards either way.

use anyhow::{Context, Result};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

use super::queries::values;
use super::session::{Session, Step};
use crate::model::EventData;
use crate::store::sql::{
    COPIED_EVENT_COLUMNS, COPIED_NOTICE_COLUMNS, COPIED_POLICY_COLUMNS, COPIED_TICKET_COLUMNS,
    Param, copied_event_values, copied_notice_values, copied_policy_values, copied_ticket_values,
};
use crate::store::{EventRow, NoticeRow, PolicyVersion, TicketRow};

/// How many rows are held before they are sent: a batch is one statement
/// on the server, well inside its `statement_timeout`, and a few
/// megabytes here.
pub(super) const BATCH: usize = 20_000;

/// The rows copied and not sent yet, by table.
#[derive(Debug)]
pub(super) struct Copies {
    policies: Vec<PolicyVersion>,
    tickets: Vec<TicketRow>,
    /// Each event with what is stored beside its code (`EventRow::data`).
    events: Vec<(EventRow, EventData)>,
    notices: Vec<NoticeRow>,
    /// Rows held before a batch is sent.
    batch: usize,
}

impl Copies {
    pub(super) fn new(batch: usize) -> Copies {
        Copies {
            policies: vec![],
            tickets: vec![],
            events: vec![],
            notices: vec![],
            batch: batch.max(1),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.held() == 0
    }

    fn held(&self) -> usize {
        self.policies.len() + self.tickets.len() + self.events.len() + self.notices.len()
    }

    pub(super) fn policy(&mut self, v: &PolicyVersion) -> bool {
        self.policies.push(v.clone());
        self.full()
    }

    pub(super) fn ticket(&mut self, t: &TicketRow) -> bool {
        self.tickets.push(t.clone());
        self.full()
    }

    pub(super) fn event(&mut self, e: &EventRow) -> bool {
        self.events.push((e.clone(), e.data()));
        self.full()
    }

    pub(super) fn notice(&mut self, n: &NoticeRow) -> bool {
        self.notices.push(n.clone());
        self.full()
    }

    fn full(&self) -> bool {
        self.held() >= self.batch
    }

    /// Sends every row held, table by table, and forgets them. On an
    /// error the transaction is aborted (the caller rolls it back), so
    /// nothing is sent twice.
    pub(super) fn send(&mut self, session: &Session, step: Step) -> Result<()> {
        if self.held() == 0 {
            return Ok(());
        }
        let policies = std::mem::take(&mut self.policies);
        let tickets = std::mem::take(&mut self.tickets);
        let events = std::mem::take(&mut self.events);
        let notices = std::mem::take(&mut self.notices);
        copy(
            session,
            step,
            "policy_versions",
            COPIED_POLICY_COLUMNS,
            &policies,
            copied_policy_values,
        )
        .with_context(|| span("policy-versions", policies.iter().map(|v| v.id)))?;
        copy(
            session,
            step,
            "tickets",
            COPIED_TICKET_COLUMNS,
            &tickets,
            copied_ticket_values,
        )
        .with_context(|| span("tickets", tickets.iter().map(|t| t.id.0)))?;
        copy(
            session,
            step,
            "events",
            COPIED_EVENT_COLUMNS,
            &events,
            event_values,
        )
        .with_context(|| span("events", events.iter().map(|(e, _)| e.id)))?;
        copy(
            session,
            step,
            "notices",
            COPIED_NOTICE_COLUMNS,
            &notices,
            copied_notice_values,
        )
        .with_context(|| span("notices", notices.iter().map(|n| n.id)))?;
        Ok(())
    }
}

fn event_values((e, data): &(EventRow, EventData)) -> [Param<'_>; 19] {
    copied_event_values(e, data)
}

/// "cannot copy the tickets 1 to 20000", for an error in a batch.
fn span(what: &'static str, ids: impl Iterator<Item = i64>) -> crate::i18n::Msg {
    let (low, high) = ids.fold((i64::MAX, i64::MIN), |(l, h), id| (l.min(id), h.max(id)));
    crate::msg!(
        "pg-cannot-copy-span",
        what = what,
        low = low.to_string(),
        high = high.to_string()
    )
}

/// The column type of a value: ids and instants BIGINT, severities and
/// levels SMALLINT, the rest TEXT (as the schema has them).
fn type_of(p: &Param) -> Type {
    match p {
        Param::Big(_) => Type::INT8,
        Param::Small(_) => Type::INT2,
        Param::Text(_) => Type::TEXT,
    }
}

/// One binary COPY of `rows` into `columns` of `table`, as one request
/// with one deadline (see `Session::run`).
fn copy<R, const N: usize>(
    session: &Session,
    step: Step,
    table: &str,
    columns: &str,
    rows: &[R],
    values_of: for<'r> fn(&'r R) -> [Param<'r>; N],
) -> Result<u64> {
    let Some(first) = rows.first() else {
        return Ok(0);
    };
    let types: Vec<Type> = values_of(first).iter().map(type_of).collect();
    // The table and columns are fixed names from `sql.rs`; values go in
    // the COPY's own data, never in the SQL.
    let sql = format!("COPY {table} ({columns}) FROM STDIN (FORMAT binary)");
    session.run(step, |client| async move {
        let sink = client.copy_in(&sql).await?;
        let mut writer = std::pin::pin!(BinaryCopyInWriter::new(sink, &types));
        for row in rows {
            let params = values_of(row);
            writer.as_mut().write(&values(&params)).await?;
        }
        writer.finish().await
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use anyhow::{Context, Result};

    use super::super::{PgStore, fresh_database};
    use crate::model::{EventKind, Kind, TicketId, TicketState};
    use crate::store::{CopyTx, EventRow, NewEvent, NewNotice, NoticeRow, PolicyVersion};
    use crate::store::{Summary, TicketRow, Tx};

    fn server() -> Result<String> {
        std::env::var("SLACLOCK_TEST_POSTGRES")
            .context("SLACLOCK_TEST_POSTGRES names a PostgreSQL server")
    }

    fn policy(id: i64) -> PolicyVersion {
        PolicyVersion {
            id,
            hash: format!("h{id}"),
            text: format!("policy {id} 東京"),
            first_seen: id * 10,
        }
    }

    fn ticket_row(id: i64, policy: i64) -> TicketRow {
        TicketRow {
            id: TicketId(id),
            kind: Kind::Incident,
            severity: if id % 2 == 0 { Some(2) } else { None },
            title: format!("ticket {id} 東京"),
            customer: (id % 3 == 0).then(|| "ACME".to_owned()),
            service: None,
            reported_at: id * 100,
            opened_at: id * 100 + 1,
            policy_version: policy,
            summary: Summary {
                state: if id % 4 == 0 {
                    TicketState::Resolved
                } else {
                    TicketState::Open
                },
                severity: Some(2),
                escalation_level: u8::try_from(id % 3).unwrap_or(0),
                last_event_at: id * 100 + 50,
                resolved_at: (id % 4 == 0).then_some(id * 100 + 50),
                owner: (id % 2 == 1).then(|| "carol".to_owned()),
            },
            external_ref: Some(format!("CASE-{id}")),
            contract: None,
        }
    }

    fn event_row(id: i64, ticket: i64, kind: EventKind, policy: Option<i64>) -> EventRow {
        EventRow {
            id,
            event: NewEvent {
                ticket: TicketId(ticket),
                at: ticket * 100 + id,
                recorded_at: ticket * 100 + id + 1,
                by: "bob".to_owned(),
                kind,
                reason: None,
                text: Some(format!("event {id}")),
                policy_version: policy,
                old_value: None,
                new_value: None,
                contract: None,
            },
            opened_severity: None,
            db_user: Some(format!("role {id}")),
        }
    }

    /// Policy versions, tickets with their events, and notices.
    type Log = (
        Vec<PolicyVersion>,
        Vec<(TicketRow, Vec<EventRow>)>,
        Vec<NoticeRow>,
    );

    /// Ids with gaps, as a log that lost rolled-back inserts has them; a
    /// void names an event sent in an earlier batch.
    fn log() -> Log {
        let policies = vec![policy(2), policy(5)];
        let mut tickets = vec![];
        let mut next_event = 3;
        for id in [1, 2, 4, 7, 8, 9, 12] {
            let version = if id < 5 { 2 } else { 5 };
            let mut events = vec![event_row(next_event, id, EventKind::Opened, Some(version))];
            events[0].opened_severity = Some(2);
            next_event += 2;
            events.push(event_row(next_event, id, EventKind::Note, None));
            next_event += 1;
            if id > 4 {
                let voids = EventKind::Voided { event: 5 };
                events.push(event_row(next_event, id, voids, None));
                next_event += 1;
            }
            tickets.push((ticket_row(id, version), events));
        }
        let notices = [3, 9]
            .into_iter()
            .map(|id| NoticeRow {
                id,
                notice: NewNotice {
                    ticket: TicketId(id - 1),
                    concern: "breached".into(),
                    clock: "response".into(),
                    occurrence: id,
                    sent_at: id * 7,
                    channel: "exec".into(),
                    summary: format!("notice {id}"),
                },
            })
            .collect();
        (policies, tickets, notices)
    }

    /// `tx` reads back exactly `log()`: its policy versions, its tickets
    /// with their events, and its notices.
    fn assert_holds_the_log(tx: &mut dyn CopyTx) -> Result<()> {
        let (policies, tickets, notices) = log();
        assert_eq!(tx.policy_versions()?, policies);
        let mut seen = vec![];
        tx.for_each_stored_ticket(&mut |t, events| {
            seen.push((t, events));
            Ok(())
        })?;
        assert_eq!(seen, tickets);
        assert_eq!(tx.notices()?, notices);
        Ok(())
    }

    fn copy_all(tx: &mut dyn CopyTx) -> Result<()> {
        let (policies, tickets, notices) = log();
        for v in &policies {
            tx.copy_policy_version(v)?;
        }
        for (t, events) in &tickets {
            tx.copy_ticket(t)?;
            for e in events {
                tx.copy_event(e)?;
            }
        }
        for n in &notices {
            tx.copy_notice(n)?;
        }
        Ok(())
    }

    /// Rows sent in batches of 4 (so every table spans batches and a
    /// batch holds rows of several tables) read back exactly as they were,
    /// before and after the commit, and new rows continue after them.
    #[test]
    #[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
    fn rows_copied_in_batches_read_back_as_they_were() -> Result<()> {
        let url = fresh_database(&server()?)?;
        let mut store = PgStore::open(&url, true)?;
        store.set_copy_batch(4);
        store.write(|tx| {
            copy_all(tx)?;
            // Held rows are sent before anything reads.
            assert_holds_the_log(tx)?;
            tx.finish_copy()
        })?;
        store.read(|tx| assert_holds_the_log(tx))?;
        store.write(|tx| {
            let id = tx.insert_ticket(&crate::store::suite::ticket(Kind::Incident, 5, 9))?;
            assert_eq!(id, TicketId(13));
            assert_eq!(tx.events(id)?[0].id, 28);
            Ok(())
        })
    }

    /// A PostgreSQL log copied into another while it is walked (`migrate`
    /// between two servers): the copy sends its batches from inside the
    /// walk's callback, so the walk must not be waiting on its own session
    /// then (one runtime cannot be entered from within another).
    #[test]
    #[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
    fn a_log_copies_into_another_while_it_is_walked() -> Result<()> {
        let mut from = PgStore::open(&fresh_database(&server()?)?, true)?;
        from.write(|tx| {
            copy_all(tx)?;
            tx.finish_copy()
        })?;
        let mut to = PgStore::open(&fresh_database(&server()?)?, true)?;
        to.set_copy_batch(4);
        from.read(|source| {
            to.write(|target| {
                for v in &source.policy_versions()? {
                    target.copy_policy_version(v)?;
                }
                source.for_each_stored_ticket(&mut |t, events| {
                    target.copy_ticket(&t)?;
                    events.iter().try_for_each(|e| target.copy_event(e))
                })?;
                for n in &source.notices()? {
                    target.copy_notice(n)?;
                }
                target.finish_copy()
            })
        })?;
        to.read(|tx| assert_holds_the_log(tx))
    }

    /// Rows that break a rule of the schema fail their batch with a
    /// message naming the rows, and the copy keeps nothing.
    #[test]
    #[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
    fn a_batch_the_schema_refuses_names_its_rows_and_keeps_nothing() -> Result<()> {
        let url = fresh_database(&server()?)?;
        let mut store = PgStore::open(&url, true)?;
        let err = store
            .write(|tx| {
                tx.copy_policy_version(&policy(2))?;
                tx.copy_ticket(&ticket_row(1, 2))?;
                tx.copy_event(&event_row(3, 1, EventKind::Note, None))?;
                // A ticket that is not there.
                tx.copy_event(&event_row(4, 6, EventKind::Note, None))?;
                tx.finish_copy()
            })
            .expect_err("the foreign key refuses event 4");
        let message = format!("{err:#}");
        assert!(
            message.starts_with("cannot copy the events 3 to 4: "),
            "{message}"
        );
        assert!(message.contains("foreign key"), "{message}");
        store.read(|tx| {
            assert_eq!((tx.ticket_count()?, tx.event_count()?), (0, 0));
            assert!(tx.policy_versions()?.is_empty());
            Ok(())
        })
    }

    /// A TCP proxy to `upstream` that passes everything both ways until
    /// `frozen` is set; from then on the server's answers are swallowed,
    /// as if it had stopped. Returns the proxy's port.
    fn freezing_proxy(upstream: (String, u16), frozen: Arc<AtomicBool>) -> Result<u16> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect((upstream.0.as_str(), upstream.1)) else {
                    continue;
                };
                let pass =
                    |mut from: TcpStream, mut to: TcpStream, gate: Option<Arc<AtomicBool>>| {
                        std::thread::spawn(move || {
                            let mut buf = [0u8; 65536];
                            while let Ok(n @ 1..) = from.read(&mut buf) {
                                if gate.as_ref().is_some_and(|g| g.load(Ordering::SeqCst)) {
                                    continue;
                                }
                                if to.write_all(&buf[..n]).is_err() {
                                    break;
                                }
                            }
                        });
                    };
                let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else {
                    continue;
                };
                pass(client, server, None);
                pass(s2, c2, Some(frozen.clone()));
            }
        });
        Ok(port)
    }

    /// A server that stops answering in the middle of a copy: the COPY is
    /// given up at the answer limit like any other request, and says that
    /// nothing was recorded.
    #[test]
    #[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
    fn a_copy_the_server_stops_answering_is_given_up() -> Result<()> {
        let url = fresh_database(&server()?)?;
        drop(PgStore::open(&url, true)?);
        let config: tokio_postgres::Config = url.parse()?;
        let host = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
            _ => "127.0.0.1".to_owned(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let frozen = Arc::new(AtomicBool::new(false));
        let proxy = freezing_proxy((host, port), frozen.clone())?;
        let user = config.get_user().unwrap_or("postgres");
        let name = config.get_dbname().context("a database name")?;
        let via = format!("postgres://{user}@127.0.0.1:{proxy}/{name}?connect_timeout=1");
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let outcome = (|| -> Result<()> {
                let mut store = PgStore::open(&via, false)?;
                store.set_busy_timeout(Duration::from_millis(100))?;
                store.session.set_statement_work(Duration::from_millis(100));
                store.write(|tx| {
                    tx.copy_policy_version(&policy(2))?;
                    frozen.store(true, Ordering::SeqCst);
                    tx.finish_copy()
                })
            })();
            let _ = send.send(outcome.map_err(|e| format!("{e:#}")));
        });
        let outcome = receive
            .recv_timeout(Duration::from_secs(60))
            .expect("still copying after 60 s: it hangs");
        let err = outcome.expect_err("the server stopped answering");
        assert!(
            err.contains("did not answer within 1s 200ms; nothing was recorded"),
            "{err}"
        );
        Ok(())
    }
}
