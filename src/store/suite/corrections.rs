//! Shared behaviour: owners, corrections and voids, contracts and the
//! role that wrote each event, read back as recorded, and an older log
//! upgraded to hold them, on both stores.

use anyhow::{Context, Result};

use super::*;

/// What `assign`, `edit` and `void` record (issue 14) reads back as
/// written, from the rows and from the index the clocks read; `set_detail`
/// corrects each detail; a void of an event not in the log, or a ref
/// another ticket holds, is an error that leaves the transaction usable
/// (so the command can say so and roll back).
pub(super) fn owners_corrections_and_voids_read_back(store: &mut Store) -> Result<()> {
    let (id, other) = store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        let id = tx.insert_ticket(&ticket(Kind::Incident, policy, 10))?;
        let mut other = ticket(Kind::Incident, policy, 20);
        other.external_ref = Some("CASE-2".into());
        let other = tx.insert_ticket(&other)?;
        Ok((id, other))
    })?;
    store.write(|tx| {
        let assigned = tx.append_event(&event(
            id,
            EventKind::Assigned {
                to: "carol 東京".into(),
            },
            30,
        ))?;
        let mut edit = event(
            id,
            EventKind::Edited {
                field: crate::model::Field::Title,
            },
            40,
        );
        edit.old_value = Some("old 'x'".into());
        edit.new_value = Some("new \"y\"".into());
        tx.append_event(&edit)?;
        let mut void = event(id, EventKind::Voided { event: assigned }, 50);
        void.reason = Some("wrong ticket".into());
        tx.append_event(&void)?;
        tx.append_event(&event(id, EventKind::Unassigned, 60))?;
        Ok(())
    })?;
    store.read(|tx| {
        let rows = tx.events(id)?;
        let kinds: Vec<&str> = rows.iter().map(|r| r.event.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["opened", "assigned", "edited", "void", "unassigned"]
        );
        assert_eq!(
            rows[1].event.kind,
            EventKind::Assigned {
                to: "carol 東京".into()
            }
        );
        assert_eq!(rows[2].event.old_value.as_deref(), Some("old 'x'"));
        assert_eq!(rows[2].event.new_value.as_deref(), Some("new \"y\""));
        assert_eq!(rows[3].event.kind, EventKind::Voided { event: rows[1].id });
        assert_eq!(rows[3].event.reason.as_deref(), Some("wrong ticket"));
        // The clocks' listing, from the index, says the same.
        let mut listed = vec![];
        tx.for_each_ticket(&TicketFilter::default(), &mut |t, events| {
            if t.id == id {
                listed = events;
            }
            Ok(())
        })?;
        assert_eq!(listed, rows.iter().map(EventRow::clock).collect::<Vec<_>>());
        Ok(())
    })?;
    store.write(|tx| {
        use crate::model::Field;
        tx.set_detail(id, Field::Title, Some("VXC down in Sydney"))?;
        tx.set_detail(id, Field::Customer, Some("ACME"))?;
        tx.set_detail(id, Field::Service, Some("VXC-1"))?;
        tx.set_detail(id, Field::Ref, Some("CASE-1"))?;
        let row = tx.ticket(id)?.context("exists")?;
        assert_eq!(
            (
                row.title.as_str(),
                row.customer.as_deref(),
                row.service.as_deref(),
                row.external_ref.as_deref()
            ),
            (
                "VXC down in Sydney",
                Some("ACME"),
                Some("VXC-1"),
                Some("CASE-1")
            )
        );
        tx.set_detail(id, Field::Customer, None)?;
        assert_eq!(tx.ticket(id)?.context("exists")?.customer, None);
        assert_eq!(tx.ticket_by_ref("CASE-1")?.map(|t| t.id), Some(id));
        assert!(
            tx.set_detail(TicketId(99), Field::Title, Some("x"))
                .is_err()
        );
        // A void of an event not in the log, refused; the transaction goes on.
        let err = tx
            .append_event(&event(id, EventKind::Voided { event: 999 }, 70))
            .expect_err("no event 999");
        assert!(format!("{err:#}").contains("cannot record"), "{err:#}");
        tx.append_event(&event(id, EventKind::Note, 70))?;
        Ok(())
    })?;
    // A ref another ticket holds: the unique index refuses it.
    let taken = store.write(|tx| tx.set_detail(id, crate::model::Field::Ref, Some("CASE-2")));
    assert!(taken.is_err());
    assert_eq!(
        store.read(|tx| tx.ticket_by_ref("CASE-2"))?.map(|t| t.id),
        Some(other)
    );
    Ok(())
}

/// `Tx::corrections`: the edits of one detail of the tickets a filter
/// selects, with their values, in the order recorded (whatever their
/// `at`), and none of another detail's or of a ticket left out.
pub(super) fn corrections_of_a_detail_are_listed_in_the_order_recorded(
    store: &mut Store,
) -> Result<()> {
    use crate::model::Field;
    let edit = |id, field, at, old: Option<&str>, new: &str| {
        let mut e = event(id, EventKind::Edited { field }, at);
        e.old_value = old.map(str::to_owned);
        e.new_value = Some(new.to_owned());
        e
    };
    let (a, b, c) = store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        let a = tx.insert_ticket(&ticket(Kind::Incident, policy, 10))?;
        let b = tx.insert_ticket(&ticket(Kind::Incident, policy, 20))?;
        let c = tx.insert_ticket(&ticket(Kind::Incident, policy, 90))?;
        // Recorded in this order; the second one back-dated before the first.
        tx.append_event(&edit(a, Field::Customer, 50, None, "Acme"))?;
        tx.append_event(&edit(a, Field::Customer, 40, Some("Acme"), "ACME 東京"))?;
        tx.append_event(&edit(a, Field::Title, 60, Some("t"), "title"))?;
        tx.append_event(&edit(b, Field::Customer, 70, Some("Beta"), "Gamma"))?;
        tx.append_event(&edit(c, Field::Customer, 95, Some("Delta"), "Omega"))?;
        Ok((a, b, c))
    })?;
    let listed = store.read(|tx| {
        let filter = TicketFilter {
            include_resolved: true,
            since: Some(0),
            until: Some(90),
            ..TicketFilter::default()
        };
        tx.corrections(&filter, Field::Customer)
    })?;
    let seen: Vec<(TicketId, Option<&str>, Option<&str>)> = listed
        .iter()
        .map(|c| (c.ticket, c.old_value.as_deref(), c.new_value.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (a, None, Some("Acme")),
            (a, Some("Acme"), Some("ACME 東京")),
            (b, Some("Beta"), Some("Gamma")),
        ]
    );
    assert!(listed.windows(2).all(|w| w[0].event < w[1].event));
    let events = store.read(|tx| tx.events(a))?;
    assert_eq!(listed[0].event, events[2].id, "{events:?}");
    let all = store.read(|tx| tx.corrections(&TicketFilter::default(), Field::Customer))?;
    assert_eq!(all.last().map(|x| x.ticket), Some(c));
    Ok(())
}

/// After migration 6 on a schema 5 log holding ticket 1 (severity 1,
/// ref CASE-5, opened at 10 by alice, updated at 20 "on it"): the ticket
/// and its events are as they were, owned by nobody, and an owner, an edit
/// and a void are recorded and read back. Each store's schema tests build
/// the old log their own way and call this.
pub(crate) fn a_schema_5_log_upgraded_keeps_its_events(store: &mut Store) -> Result<()> {
    let id = TicketId(1);
    store.write(|tx| {
        let row = tx.ticket(id)?.context("the old ticket is kept")?;
        assert_eq!(
            (
                row.title.as_str(),
                row.external_ref.as_deref(),
                row.summary.owner.as_deref()
            ),
            ("old", Some("CASE-5"), None)
        );
        let events = tx.events(id)?;
        let kinds: Vec<&str> = events.iter().map(|e| e.event.kind.as_str()).collect();
        assert_eq!(kinds, ["opened", "updated"]);
        assert_eq!(events[1].event.text.as_deref(), Some("on it"));
        assert_eq!(
            (
                events[1].event.old_value.as_ref(),
                events[1].event.new_value.as_ref()
            ),
            (None, None)
        );
        assert_eq!(
            tickets(
                tx,
                &TicketFilter {
                    unassigned: true,
                    ..TicketFilter::default()
                }
            )?
            .len(),
            1
        );
        tx.append_event(&event(id, EventKind::Assigned { to: "bob".into() }, 30))?;
        let mut summary = row.summary;
        summary.owner = Some("bob".into());
        tx.set_summary(id, &summary)?;
        tx.append_event(&event(
            id,
            EventKind::Voided {
                event: events[1].id,
            },
            40,
        ))?;
        tx.set_detail(id, crate::model::Field::Title, Some("new"))
    })?;
    store.read(|tx| {
        let bob = TicketFilter {
            owner: Some("bob".into()),
            ..TicketFilter::default()
        };
        let found = tickets(tx, &bob)?;
        assert_eq!(
            found
                .iter()
                .map(|t| (t.id, t.title.as_str()))
                .collect::<Vec<_>>(),
            [(id, "new")]
        );
        let mut listed = vec![];
        tx.for_each_ticket(&bob, &mut |_, events| {
            listed = events.into_iter().map(|e| e.kind).collect();
            Ok(())
        })?;
        assert_eq!(listed.len(), 4);
        assert_eq!(listed[2], EventKind::Assigned { to: "bob".into() });
        Ok(())
    })
}

/// A ticket's contract is kept as it was opened (none by default) and
/// changed only by `set_contract`, which names a missing ticket. Each
/// pinning event keeps the contract it pinned, in the rows and in the
/// index the clocks read, whatever the row says later.
pub(super) fn contracts_are_pinned_and_repinned(store: &mut Store) -> Result<()> {
    let premium = store.write(|tx| {
        let policy = tx.policy_version("h", "p", 0)?;
        let plain = tx.insert_ticket(&ticket(Kind::Incident, policy, 10))?;
        let mut new = ticket(Kind::Incident, policy, 20);
        new.contract = Some("premium".into());
        let premium = tx.insert_ticket(&new)?;
        let contract = |tx: &mut dyn Tx, id| -> Result<Option<String>> {
            Ok(tx.ticket(id)?.context("exists")?.contract)
        };
        assert_eq!(contract(tx, plain)?, None);
        assert_eq!(contract(tx, premium)?.as_deref(), Some("premium"));
        tx.set_contract(plain, Some("gold"))?;
        tx.set_contract(premium, None)?;
        assert_eq!(contract(tx, plain)?.as_deref(), Some("gold"));
        assert_eq!(contract(tx, premium)?, None);
        let err = tx.set_contract(TicketId(99), Some("gold")).unwrap_err();
        assert!(format!("{err:#}").contains("99"), "{err:#}");
        let mut repin = event(premium, EventKind::PolicyApplied, 30);
        (repin.policy_version, repin.contract) = (Some(policy), Some("gold 東京".into()));
        tx.append_event(&repin)?;
        tx.append_event(&event(premium, EventKind::Note, 40))?;
        let stored: Vec<_> = tx.events(premium)?;
        let contracts: Vec<_> = stored.iter().map(|e| e.event.contract.as_deref()).collect();
        assert_eq!(contracts, [Some("premium"), Some("gold 東京"), None]);
        Ok(premium)
    })?;
    store.read(|tx| {
        let mut listed = vec![];
        tx.for_each_ticket(&TicketFilter::default(), &mut |row, events| {
            if row.id == premium {
                listed = events.into_iter().map(|e| e.contract).collect();
            }
            Ok(())
        })?;
        let listed: Vec<_> = listed.iter().map(Option::as_deref).collect();
        assert_eq!(listed, [Some("premium"), Some("gold 東京"), None]);
        Ok(())
    })
}

/// The rows of a log at schema 9 whose tickets `policy apply` moved
/// between contracts, in SQL both stores run: see
/// `a_schema_9_log_upgraded_knows_each_pins_contract`.
pub(crate) const SCHEMA_9_CONTRACTS: &str = r#"
INSERT INTO policy_versions (id, hash, text, first_seen)
VALUES (1, 'h1', 'p', 0), (2, 'h2', 'p', 0), (3, 'h3', 'p', 0), (4, 'h4', 'p', 0);
INSERT INTO tickets (id, kind, severity, title, reported_at, opened_at, policy_version,
                     state, current_severity, last_event_at, contract)
VALUES (1, 'incident', 1, 'moved twice', 10, 10, 4, 'open', 1, 40, 'silver'),
       (2, 'incident', 1, 'moved off', 10, 10, 2, 'open', 1, 30, NULL),
       (3, 'incident', 1, 'never moved', 10, 10, 1, 'open', 1, 10, 'gold'),
       (4, 'incident', 1, 'off and back', 10, 10, 4, 'open', 1, 40, 'gold');
INSERT INTO events (id, ticket_id, at, recorded_at, "by", kind, severity, policy_version,
                    old_value, new_value)
VALUES (1, 1, 10, 10, 'alice', 'opened', 1, 1, NULL, NULL),
       (2, 1, 20, 20, 'alice', 'policy', NULL, 2, NULL, NULL),
       (3, 1, 25, 25, 'alice', 'note', NULL, NULL, NULL, NULL),
       (4, 1, 30, 30, 'alice', 'policy', NULL, 3, 'gold', 'silver'),
       (5, 1, 40, 40, 'alice', 'policy', NULL, 4, NULL, NULL),
       (6, 2, 10, 10, 'alice', 'opened', 1, 1, NULL, NULL),
       (7, 2, 30, 30, 'alice', 'policy', NULL, 2, 'gold', NULL),
       (8, 3, 10, 10, 'alice', 'opened', 1, 1, NULL, NULL),
       (9, 4, 10, 10, 'alice', 'opened', 1, 1, NULL, NULL),
       (10, 4, 20, 20, 'alice', 'policy', NULL, 2, 'gold', 'silver'),
       (11, 4, 30, 30, 'alice', 'policy', NULL, 3, 'silver', NULL),
       (12, 4, 35, 35, 'alice', 'note', NULL, NULL, NULL, NULL),
       (13, 4, 40, 40, 'alice', 'policy', NULL, 4, NULL, 'gold');
"#;

/// Migration 10 on the log `SCHEMA_9_CONTRACTS` wrote: each opening and
/// re-pin knows the contract it pinned, read from what `policy apply`
/// recorded (a change's before and after) and the ticket's row; other
/// events have none.
pub(crate) fn a_schema_9_log_upgraded_knows_each_pins_contract(store: &mut Store) -> Result<()> {
    store.read(|tx| {
        let mut found = vec![];
        for id in 1..=4 {
            for e in tx.events(TicketId(id))? {
                found.push((e.id, e.event.contract));
            }
        }
        let found: Vec<_> = found.iter().map(|(id, c)| (*id, c.as_deref())).collect();
        assert_eq!(
            found,
            [
                (1, Some("gold")),
                (2, Some("gold")),
                (3, None),
                (4, Some("silver")),
                (5, Some("silver")),
                (6, Some("gold")),
                (7, None),
                (8, Some("gold")),
                // Three changes: to silver, to none, and back to gold.
                (9, Some("gold")),
                (10, Some("silver")),
                (11, None),
                (12, None),
                (13, Some("gold")),
            ]
        );
        Ok(())
    })
}

/// On PostgreSQL every event records the role the server authenticated
/// (`session_user`: the test server's user), whatever `by` says; SQLite
/// has no roles and records none.
pub(super) fn events_record_the_role_that_wrote_them(store: &mut Store) -> Result<()> {
    let expected = match store {
        Store::Sqlite(_) => None,
        Store::Postgres(_) => {
            let url = std::env::var("SLACLOCK_TEST_POSTGRES")?;
            let config: ::postgres::Config = url.parse()?;
            Some(
                config
                    .get_user()
                    .context("the test URL names a user")?
                    .to_owned(),
            )
        }
    };
    store.write(|tx| {
        let id = one_incident(tx)?;
        let mut note = event(id, EventKind::Note, 20);
        note.by = "someone else".into();
        tx.append_event(&note)?;
        let events = tx.events(id)?;
        assert_eq!(events.len(), 2);
        for e in &events {
            assert_eq!(e.db_user, expected, "{e:?}");
        }
        assert_eq!(events[1].event.by, "someone else");
        Ok(())
    })
}
