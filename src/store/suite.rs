//! The behaviour both stores must share. Every test here runs against a
//! fresh SQLite file and, when `SLACLOCK_TEST_POSTGRES` names a PostgreSQL
//! server, against a fresh database on it, so the two cannot drift apart.
//! Without a server the PostgreSQL half is counted as ignored, never passed.
//!
//! Each shared behaviour is one function, named once in `suite!` below, so
//! none can run on one store only; the filters' are in `suite/filters.rs`,
//! owners', corrections' and contracts' in `suite/corrections.rs`.
//!
//! Over 600 lines: tests only, the behaviour both stores share, kept in one
//! file so that what one store must do is read in one place (filters and
//! corrections have files of their own).

use anyhow::{Context, Result, bail};

use super::*;
use crate::model::{EventKind, Kind, TicketState};

mod corrections;
mod filters;
mod upgrades;

use corrections::{
    contracts_are_pinned_and_repinned, corrections_of_a_detail_are_listed_in_the_order_recorded,
    events_record_the_role_that_wrote_them, owners_corrections_and_voids_read_back,
};
use filters::{
    a_listing_as_recorded_by_an_instant_leaves_out_what_came_later,
    a_listing_passes_over_the_events_of_tickets_it_leaves_out, owner_filters_select_by_the_summary,
    sample, text_filters_match_a_part_in_any_case, ticket_filters,
};
// The logs an older slaclock wrote, for each store's schema tests.
pub(crate) use upgrades::*;

/// A minimal ticket of `kind` reported at `reported_at`.
pub(super) fn ticket(kind: Kind, policy: i64, reported_at: i64) -> NewTicket {
    NewTicket {
        kind,
        severity: Some(2),
        title: format!("{kind} at {reported_at}"),
        customer: None,
        service: None,
        reported_at,
        opened_at: reported_at + 5,
        policy_version: policy,
        by: "alice".to_owned(),
        text: None,
        external_ref: None,
        contract: None,
    }
}

/// A policy version and one incident reported at 10: the log the stores'
/// own tests corrupt or contend over.
pub(super) fn one_incident<T: Tx + ?Sized>(tx: &mut T) -> Result<TicketId> {
    let policy = tx.policy_version("h", "p", 0)?;
    tx.insert_ticket(&ticket(Kind::Incident, policy, 10))
}

fn event(ticket: TicketId, kind: EventKind, at: i64) -> NewEvent {
    NewEvent {
        ticket,
        at,
        recorded_at: at + 1,
        by: "bob".to_owned(),
        kind,
        reason: None,
        text: None,
        policy_version: None,
        old_value: None,
        new_value: None,
        contract: None,
    }
}

/// A notice about `ticket`'s `concern` on the response clock.
pub(super) fn notice(ticket: TicketId, concern: &str, occurrence: i64, sent_at: i64) -> NewNotice {
    NewNotice {
        ticket,
        concern: concern.to_owned(),
        clock: "response".to_owned(),
        occurrence,
        sent_at,
        channel: "exec".to_owned(),
        summary: format!("{ticket} {concern} 東京"),
    }
}

fn ids(rows: &[TicketRow]) -> Vec<i64> {
    rows.iter().map(|t| t.id.0).collect()
}

/// The tickets `f` selects, by id.
pub(crate) fn tickets(tx: &mut dyn Tx, f: &TicketFilter) -> Result<Vec<TicketRow>> {
    let mut found = Vec::new();
    tx.for_each_ticket(f, &mut |t, _| {
        found.push(t);
        Ok(())
    })?;
    Ok(found)
}

fn resolve(tx: &mut dyn Tx, id: TicketId, at: i64) -> Result<()> {
    tx.append_event(&event(id, EventKind::Resolved, at))?;
    let mut summary = tx.ticket(id)?.context("ticket exists")?.summary;
    summary.state = TicketState::Resolved;
    summary.last_event_at = at;
    summary.resolved_at = Some(at);
    tx.set_summary(id, &summary)
}

pub(super) fn insert_ticket_records_summary_and_opened_event(store: &mut Store) -> Result<()> {
    store.write(|tx| {
        let policy = tx.policy_version("abc", "[incident]\n", 50)?;
        assert_eq!(tx.policy_version("abc", "[incident]\n", 60)?, policy);
        let mut new = ticket(Kind::Incident, policy, 100);
        new.customer = Some("acme".to_owned());
        new.service = Some("api".to_owned());
        new.text = Some("down".to_owned());
        let id = tx.insert_ticket(&new)?;
        assert_eq!(id.to_string(), "#1");

        let row = tx.ticket(id)?.context("inserted")?;
        assert_eq!(row.kind, Kind::Incident);
        assert_eq!(row.severity, Some(2));
        assert_eq!(
            (row.customer.as_deref(), row.service.as_deref()),
            (Some("acme"), Some("api"))
        );
        assert_eq!(
            (row.reported_at, row.opened_at, row.policy_version),
            (100, 105, policy)
        );
        let summary = Summary {
            state: TicketState::Open,
            severity: Some(2),
            escalation_level: 0,
            // When it was recorded, after it was reported.
            last_event_at: 105,
            resolved_at: None,
            owner: None,
        };
        assert_eq!(row.summary, summary);

        let events = tx.events(id)?;
        assert_eq!(events.len(), 1);
        let opened = &events[0].event;
        assert_eq!(
            (&opened.kind, opened.at, opened.recorded_at),
            (&EventKind::Opened, 100, 105)
        );
        assert_eq!(
            (opened.by.as_str(), opened.text.as_deref()),
            ("alice", Some("down"))
        );
        assert_eq!(
            (events[0].opened_severity, opened.policy_version),
            (Some(2), Some(policy))
        );

        let other = tx.policy_version("def", "[incident]\nx\n", 70)?;
        tx.set_policy_version(id, other)?;
        assert_eq!(tx.ticket(id)?.context("exists")?.policy_version, other);
        assert_eq!(tx.policy_text(other)?, "[incident]\nx\n");
        let versions = tx.policy_versions()?;
        assert_eq!(
            versions
                .iter()
                .map(|v| (v.id, v.first_seen))
                .collect::<Vec<_>>(),
            [(policy, 50), (other, 70)]
        );

        let escalated = Summary {
            severity: Some(1),
            escalation_level: 2,
            last_event_at: 130,
            owner: Some("bob 東京".to_owned()),
            ..summary
        };
        tx.set_summary(id, &escalated)?;
        assert_eq!(tx.ticket(id)?.context("exists")?.summary, escalated);
        Ok(())
    })
}

pub(super) fn missing_things_are_errors_not_panics(store: &mut Store) -> Result<()> {
    store.write(|tx| {
        let gone = TicketId(9);
        assert_eq!(tx.ticket(gone)?, None);
        assert!(tx.events(gone)?.is_empty());
        let summary = Summary {
            state: TicketState::Open,
            severity: None,
            escalation_level: 0,
            last_event_at: 0,
            resolved_at: None,
            owner: None,
        };
        assert_eq!(
            tx.set_summary(gone, &summary).unwrap_err().to_string(),
            "ticket #9 is not in the ticket log"
        );
        assert!(tx.append_event(&event(gone, EventKind::Note, 1)).is_err());
        assert_eq!(
            tx.policy_text(3).unwrap_err().to_string(),
            "policy version 3 is missing from the ticket log"
        );
        assert!(
            tx.insert_ticket(&ticket(Kind::Incident, 3, 1)).is_err(),
            "unknown policy"
        );
        Ok(())
    })
}

pub(super) fn the_current_severity_is_kept_apart_from_the_one_at_opening(
    store: &mut Store,
) -> Result<()> {
    sample(store)?;
    store.write(|tx| {
        let mut summary = tx.ticket(TicketId(2))?.context("exists")?.summary;
        summary.severity = Some(1);
        tx.set_summary(TicketId(2), &summary)
    })?;
    let found = store.read(|tx| {
        let filter = TicketFilter {
            include_resolved: true,
            ..Default::default()
        };
        tickets(tx, &filter)
    })?;
    let current: Vec<_> = found.iter().map(|t| t.summary.severity).collect();
    assert_eq!(current, [Some(1), Some(1), Some(2), Some(2), Some(3)]);
    assert_eq!(found[1].severity, Some(2), "severity at opening is kept");
    Ok(())
}

pub(super) fn for_each_ticket_yields_each_ticket_with_its_own_events_in_order(
    store: &mut Store,
) -> Result<()> {
    sample(store)?;
    store.write(|tx| {
        // Recorded out of order: listing goes by `at`, then recording.
        tx.append_event(&event(TicketId(2), EventKind::Note, 260))?;
        tx.append_event(&event(TicketId(2), EventKind::Note, 230))?;
        tx.append_event(&event(TicketId(4), EventKind::Note, 450))?;
        tx.append_event(&event(TicketId(2), EventKind::Escalated { level: 1 }, 230))?;
        Ok(())
    })?;
    let expected = |tx: &mut dyn Tx, id: i64| -> Result<Vec<(i64, String)>> {
        Ok(tx
            .events(TicketId(id))?
            .into_iter()
            .map(|e| (e.event.at, e.event.kind.to_string()))
            .collect())
    };
    store.read(|tx| {
        assert_eq!(
            expected(tx, 2)?,
            [
                (200, "opened".to_owned()),
                (230, "note".to_owned()),
                (230, "escalated".to_owned()),
                (260, "note".to_owned())
            ]
        );
        for filter in [
            TicketFilter {
                include_resolved: true,
                ..Default::default()
            },
            TicketFilter::default(),
            TicketFilter {
                kind: Some(Kind::Incident),
                include_resolved: true,
                ..Default::default()
            },
            // A range of ids alone (SQLite reads one range of the events
            // index), and with another condition.
            TicketFilter {
                include_resolved: true,
                ids: Some(2..=4),
                ..Default::default()
            },
            TicketFilter {
                kind: Some(Kind::Incident),
                ids: Some(i64::MIN..=2),
                ..Default::default()
            },
        ] {
            let mut walked = Vec::new();
            tx.for_each_ticket(&filter, &mut |ticket, events| {
                walked.push((ticket.id.0, events));
                Ok(())
            })?;
            let mut seen = Vec::new();
            for (id, events) in walked {
                // Its own events, all of them, as the clocks see them.
                let own = tx.events(TicketId(id))?;
                assert_eq!(events, own.iter().map(EventRow::clock).collect::<Vec<_>>());
                let listed: Vec<_> = events
                    .into_iter()
                    .map(|e| (e.at, e.kind.to_string()))
                    .collect();
                assert_eq!(listed, expected(tx, id)?);
                seen.push(id);
            }
            let mut expected_ids = vec![];
            for id in [1, 2, 3, 4, 5] {
                let row = tx.ticket(TicketId(id))?.context("exists")?;
                let unresolved = row.summary.state != TicketState::Resolved;
                let kind = filter.kind.is_none_or(|k| k == row.kind);
                let in_range = filter.ids.as_ref().is_none_or(|r| r.contains(&id));
                if (filter.include_resolved || unresolved) && kind && in_range {
                    expected_ids.push(id);
                }
            }
            assert_eq!(seen, expected_ids);

            let mut streamed = Vec::new();
            tx.for_each_event(&filter, &mut |e| {
                streamed.push((e.event.ticket.0, e.event.at, e.id));
                Ok(())
            })?;
            let mut sorted = streamed.clone();
            sorted.sort();
            assert_eq!(streamed, sorted);
            let expected_count: usize = seen
                .iter()
                .map(|&id| tx.events(TicketId(id)).map(|e| e.len()))
                .sum::<Result<_>>()?;
            assert_eq!(streamed.len(), expected_count);
        }
        // An error from the callback stops the walk and comes back.
        let err = tx
            .for_each_ticket(&TicketFilter::default(), &mut |_, _| bail!("stop"))
            .unwrap_err();
        assert_eq!(err.to_string(), "stop");
        Ok(())
    })
}

pub(super) fn text_round_trips(store: &mut Store) -> Result<()> {
    let odd = "例: 障害が発生しました\nline two with 'single' and \"double\" quotes; DROP TABLE tickets; --\t\\";
    let id = store.write(|tx| {
        let policy = tx.policy_version(odd, odd, 0)?;
        let mut new = ticket(Kind::Incident, policy, 10);
        new.title = odd.to_owned();
        new.customer = Some(odd.to_owned());
        new.service = Some(odd.to_owned());
        new.text = Some(odd.to_owned());
        new.by = odd.to_owned();
        let id = tx.insert_ticket(&new)?;
        let mut note = event(id, EventKind::Note, 20);
        note.reason = Some(odd.to_owned());
        note.text = Some(odd.to_owned());
        tx.append_event(&note)?;
        Ok(id)
    })?;
    store.read(|tx| {
        let row = tx.ticket(id)?.context("exists")?;
        assert_eq!(row.title, odd);
        assert_eq!(row.customer.as_deref(), Some(odd));
        assert_eq!(row.service.as_deref(), Some(odd));
        let events = tx.events(id)?;
        assert_eq!(events[0].event.text.as_deref(), Some(odd));
        assert_eq!(events[0].event.by, odd);
        assert_eq!(events[1].event.reason.as_deref(), Some(odd));
        assert_eq!(events[1].event.text.as_deref(), Some(odd));
        assert_eq!(tx.policy_text(row.policy_version)?, odd);
        let by_customer = TicketFilter {
            customer: Some(odd.to_owned()),
            ..Default::default()
        };
        assert_eq!(ids(&tickets(tx, &by_customer)?), [id.0]);
        Ok(())
    })
}

/// `open --ref` relies on this: a ref is found by `ticket_by_ref` and by
/// the filter, tickets without one are not constrained, and the unique
/// index refuses a second ticket with a ref already held, as `RefTaken`,
/// leaving the log as it was.
pub(super) fn external_refs_are_unique_and_found(store: &mut Store) -> Result<()> {
    sample(store)?; // five tickets without a ref
    let odd = "CASE-1 例 'x'; --";
    let id = store.write(|tx| {
        let mut new = ticket(Kind::Incident, 1, 600);
        new.external_ref = Some(odd.to_owned());
        tx.insert_ticket(&new)
    })?;
    let err = store
        .write(|tx| {
            let mut again = ticket(Kind::Inquiry, 1, 700);
            again.external_ref = Some(odd.to_owned());
            tx.insert_ticket(&again)
        })
        .unwrap_err();
    let taken = err
        .chain()
        .find_map(|c| c.downcast_ref::<RefTaken>())
        .with_context(|| format!("not RefTaken: {err:#}"))?;
    assert_eq!(taken.0, odd);
    assert_eq!(store.migration_read(|tx| tx.ticket_count())?, 6);
    store.read(|tx| {
        let row = tx.ticket_by_ref(odd)?.context("found by its ref")?;
        assert_eq!((row.id, row.external_ref.as_deref()), (id, Some(odd)));
        assert_eq!(tx.ticket(id)?.context("exists")?, row);
        assert_eq!(tx.ticket_by_ref("CASE-1")?, None);
        assert_eq!(tx.ticket_by_ref("case-1 例 'x'; --")?, None);
        // With the policy's id, as `open --ref` asks: the stored version
        // by its hash, none for a text never stored, and nothing written.
        let stored = tx.policy_versions()?.pop().context("a policy is stored")?;
        let (found, policy) = tx.ticket_by_ref_and_policy(odd, &stored.hash, &stored.text)?;
        assert_eq!((found.as_ref(), policy), (Some(&row), Some(stored.id)));
        let (found, policy) = tx.ticket_by_ref_and_policy("CASE-1", "no such hash", "x")?;
        assert_eq!((found, policy), (None, None));
        let by_ref = TicketFilter {
            external_ref: Some(odd.to_owned()),
            include_resolved: true,
            ..Default::default()
        };
        assert_eq!(ids(&tickets(tx, &by_ref)?), [id.0]);
        let mut walked = Vec::new();
        tx.for_each_ticket(&by_ref, &mut |t, events| {
            walked.push((t.id, t.external_ref, events.len()));
            Ok(())
        })?;
        assert_eq!(walked, [(id, Some(odd.to_owned()), 1)]);
        assert_eq!(tickets(tx, &TicketFilter::default())?[0].external_ref, None);
        Ok(())
    })
}

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[test]
                fn $name() -> anyhow::Result<()> {
                    let (_dir, mut store) = super::sqlite_store()?;
                    super::$name(&mut store)
                }
            )*
        }
        mod on_postgres {
            $(
                #[test]
                #[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
                fn $name() -> anyhow::Result<()> {
                    let mut store = super::postgres_store()?;
                    super::$name(&mut store)
                }
            )*
        }
    };
}

use super::catalog::the_schema_is_the_one_both_stores_share;

suite!(
    the_schema_is_the_one_both_stores_share,
    insert_ticket_records_summary_and_opened_event,
    missing_things_are_errors_not_panics,
    ticket_filters,
    the_current_severity_is_kept_apart_from_the_one_at_opening,
    for_each_ticket_yields_each_ticket_with_its_own_events_in_order,
    a_listing_passes_over_the_events_of_tickets_it_leaves_out,
    a_listing_as_recorded_by_an_instant_leaves_out_what_came_later,
    text_round_trips,
    text_filters_match_a_part_in_any_case,
    copies_keep_ids_and_counts,
    external_refs_are_unique_and_found,
    notices_are_kept_and_grouped_by_event,
    owner_filters_select_by_the_summary,
    owners_corrections_and_voids_read_back,
    corrections_of_a_detail_are_listed_in_the_order_recorded,
    contracts_are_pinned_and_repinned,
    events_record_the_role_that_wrote_them
);

/// What `notify` relies on: each notice is kept; the sent ones are read
/// back per event, for unresolved tickets only, with when last and how
/// often; a copy keeps ids, and new notices follow.
pub(super) fn notices_are_kept_and_grouped_by_event(store: &mut Store) -> Result<()> {
    let (a, b) = store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        let a = tx.insert_ticket(&ticket(Kind::Incident, policy, 10))?;
        let b = tx.insert_ticket(&ticket(Kind::Incident, policy, 20))?;
        tx.record_notice(&notice(a, "breached", 900, 100))?;
        tx.record_notice(&notice(a, "breached", 900, 400))?;
        tx.record_notice(&notice(a, "at_risk", 800, 50))?;
        tx.record_notice(&notice(b, "breached", 900, 60))?;
        Ok((a, b))
    })?;
    /// (ticket, concern, occurrence, last sent, times)
    type Sent = (i64, String, i64, i64, i64);
    let sent = |store: &mut Store| -> Result<Vec<Sent>> {
        Ok(store
            .read(|tx| tx.sent_notices())?
            .into_iter()
            .map(|s| (s.ticket.0, s.concern, s.occurrence, s.last_sent_at, s.times))
            .collect())
    };
    assert_eq!(
        sent(store)?,
        [
            (a.0, "at_risk".into(), 800, 50, 1),
            (a.0, "breached".into(), 900, 400, 2),
            (b.0, "breached".into(), 900, 60, 1),
        ]
    );
    store.write(|tx| resolve(tx, b, 70))?;
    assert_eq!(
        sent(store)?.len(),
        2,
        "a resolved ticket's notices are not read"
    );
    let all = store.migration_read(|tx| tx.notices())?;
    assert_eq!(all.len(), 4);
    assert_eq!(all[1].notice, notice(a, "breached", 900, 400));
    assert_eq!(store.migration_read(|tx| tx.notice_count())?, 4);
    // Unknown tickets are an error that leaves the transaction usable.
    let err = store
        .write(|tx| {
            let e = tx
                .record_notice(&notice(TicketId(99), "breached", 1, 1))
                .expect_err("no ticket 99");
            assert!(format!("{e:#}").contains("#99"), "{e:#}");
            tx.record_notice(&notice(a, "escalation_due", 1, 500))
        })
        .map(|_| ());
    err?;
    assert_eq!(store.migration_read(|tx| tx.notice_count())?, 5);
    Ok(())
}

/// The same suite for behaviour between two connections to one log: each
/// test is given the log's location, on both stores.
macro_rules! between_connections {
    ($($name:ident),* $(,)?) => {
        mod between_connections_on_sqlite {
            $(
                #[test]
                fn $name() -> anyhow::Result<()> {
                    let dir = tempfile::tempdir()?;
                    let at = super::Location::Sqlite(dir.path().join("tickets.db"));
                    super::$name(&at)
                }
            )*
        }
        mod between_connections_on_postgres {
            $(
                #[test]
                #[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
                fn $name() -> anyhow::Result<()> {
                    let server = std::env::var("SLACLOCK_TEST_POSTGRES")?;
                    let url = super::super::postgres::fresh_database(&server)?;
                    super::$name(&super::Location::Postgres(url))
                }
            )*
        }
    };
}

between_connections!(a_commit_elsewhere_changes_the_mark_and_nothing_else_does);

/// What `watch` relies on: a reader's mark stays the same while nobody
/// writes (reading included), and differs after each commit made through
/// another connection, which the reader then sees. On SQLite the reader
/// opens a log nobody else has open, so it starts on an immutable snapshot.
pub(super) fn a_commit_elsewhere_changes_the_mark_and_nothing_else_does(
    at: &Location,
) -> Result<()> {
    let ticket = Store::open(at, OpenMode::Create)?.write(|tx| one_incident(tx))?;
    let mut reader = Store::open(at, OpenMode::Read)?;
    let latest = |reader: &mut Store| reader.read(|tx| tx.latest_event_id());
    let first = reader.change_mark()?;
    let seen = latest(&mut reader)?;
    assert!(seen > 0, "the opened event");
    assert_eq!(reader.change_mark()?, first, "nothing was written");
    for n in 1..=3 {
        let before = reader.change_mark()?;
        let added = Store::open(at, OpenMode::Write)?
            .write(|tx| tx.append_event(&event(ticket, EventKind::Note, 100 + n)))?;
        let after = reader.change_mark()?;
        assert_ne!(after, before, "commit {n} is noticed");
        assert_eq!(latest(&mut reader)?, added, "and read");
        assert_eq!(reader.change_mark()?, after, "reading changes nothing");
    }
    Ok(())
}

/// A fresh SQLite log in a temporary folder (kept alive by the TempDir).
fn sqlite_store() -> Result<(tempfile::TempDir, Store)> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(
        &Location::Sqlite(dir.path().join("tickets.db")),
        OpenMode::Create,
    )?;
    Ok((dir, store))
}

/// A fresh database on the server named by `SLACLOCK_TEST_POSTGRES`.
pub(crate) fn postgres_store() -> Result<Store> {
    let url = std::env::var("SLACLOCK_TEST_POSTGRES")
        .context("SLACLOCK_TEST_POSTGRES is not set: run these tests through .ci/run, or point it at a PostgreSQL server")?;
    let url = super::postgres::fresh_database(&url)?;
    Store::open(&Location::Postgres(url), OpenMode::Create)
}

/// What `migrate` relies on: rows copied keep their ids, new rows follow.
pub(super) fn copies_keep_ids_and_counts(store: &mut Store) -> Result<()> {
    store.migration_write(|tx| {
        let v = PolicyVersion {
            id: 7,
            hash: "h7".into(),
            text: "p".into(),
            first_seen: 5,
        };
        tx.copy_policy_version(&v)?;
        let mut row = TicketRow {
            id: TicketId(40),
            kind: Kind::Incident,
            severity: Some(1),
            title: "copied 東京".into(),
            customer: Some("acme".into()),
            service: None,
            reported_at: 100,
            opened_at: 101,
            policy_version: 7,
            summary: Summary {
                state: TicketState::Open,
                severity: Some(1),
                escalation_level: 0,
                last_event_at: 100,
                resolved_at: None,
                owner: Some("carol".into()),
            },
            external_ref: Some("CASE-40 東京".into()),
            contract: Some("premium 東京".into()),
        };
        tx.copy_ticket(&row)?;
        let mut e = event(TicketId(40), EventKind::Opened, 100);
        e.policy_version = Some(7);
        let opened = EventRow {
            id: 90,
            event: e,
            opened_severity: Some(1),
            db_user: Some("engineer 東京".into()),
        };
        tx.copy_event(&opened)?;
        let mut edit = event(
            TicketId(40),
            EventKind::Edited {
                field: crate::model::Field::Ref,
            },
            110,
        );
        edit.old_value = None;
        edit.new_value = Some("CASE-40 東京".into());
        let edited = EventRow {
            id: 91,
            event: edit,
            opened_severity: None,
            db_user: None,
        };
        tx.copy_event(&edited)?;
        let voided = EventRow {
            id: 92,
            event: event(TicketId(40), EventKind::Voided { event: 91 }, 120),
            opened_severity: None,
            db_user: None,
        };
        tx.copy_event(&voided)?;
        let n = NoticeRow {
            id: 30,
            notice: notice(TicketId(40), "breached", 900, 150),
        };
        tx.copy_notice(&n)?;
        tx.finish_copy()?;
        assert_eq!(tx.notices()?, vec![n]);
        assert!(tx.record_notice(&notice(TicketId(40), "at_risk", 1, 160))? > 30);
        assert_eq!(tx.policy_versions()?, vec![v.clone()]);
        assert_eq!(tx.ticket(TicketId(40))?, Some(row.clone()));
        assert_eq!(tx.events(TicketId(40))?, vec![opened, edited, voided]);
        assert_eq!((tx.ticket_count()?, tx.event_count()?), (1, 3));
        // New rows continue after the copied ids.
        row.title = "new".into();
        let next = tx.insert_ticket(&ticket(Kind::Incident, 7, 200))?;
        assert!(next.0 > 40, "{next}");
        assert!(tx.policy_version("h8", "q", 6)? > 7);
        let id = tx.append_event(&event(next, EventKind::Note, 201))?;
        assert!(id > 92);
        Ok(())
    })
}
