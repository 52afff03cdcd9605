//! For the tests: the schema both stores' migrations must end with, written
//! once, and the check that each store's catalog (its columns and indexes,
//! as its database describes them) is exactly that. The two lists of
//! migrations are written in two dialects and must never be edited once
//! shipped, so this is what keeps them in step; the shared suite runs the
//! check on both stores.

use anyhow::Result;

use super::Store;

/// The tables of a ticket log.
pub(crate) const TABLES: [&str; 4] = ["policy_versions", "tickets", "events", "notices"];

/// A log's columns `(table, column, declared type, NOT NULL)` and indexes
/// `(name, table, columns, unique, partial)`, as its database describes
/// them (see each store's `catalog`).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Catalog {
    pub(crate) columns: Vec<(String, String, String, bool)>,
    pub(crate) indexes: Vec<(String, String, Vec<String>, bool, bool)>,
}

impl Store {
    fn catalog(&mut self) -> Result<Catalog> {
        match self {
            Store::Sqlite(s) => s.catalog(),
            Store::Postgres(s) => s.catalog(),
        }
    }
}

/// A column's type: ids and instants are BIGINT on PostgreSQL, severities
/// and levels SMALLINT (what `sql::Param` binds); SQLite has INTEGER.
#[derive(Clone, Copy)]
enum Ty {
    Big,
    Small,
    Text,
}

/// The schema both stores' migrations must end with, written once, so the
/// two lists of migrations cannot drift apart: every column, in order, with
/// its type and nullability, and every index slaclock creates, with its
/// columns in order (PostgreSQL's INCLUDE columns after its keys).
#[rustfmt::skip]
const COLUMNS: &[(&str, &str, Ty, bool)] = &[
    ("policy_versions", "id", Ty::Big, true),
    ("policy_versions", "hash", Ty::Text, true),
    ("policy_versions", "text", Ty::Text, true),
    ("policy_versions", "first_seen", Ty::Big, true),
    ("tickets", "id", Ty::Big, true),
    ("tickets", "kind", Ty::Text, true),
    ("tickets", "severity", Ty::Small, false),
    ("tickets", "title", Ty::Text, true),
    ("tickets", "customer", Ty::Text, false),
    ("tickets", "service", Ty::Text, false),
    ("tickets", "reported_at", Ty::Big, true),
    ("tickets", "opened_at", Ty::Big, true),
    ("tickets", "policy_version", Ty::Big, true),
    ("tickets", "state", Ty::Text, true),
    ("tickets", "current_severity", Ty::Small, false),
    ("tickets", "escalation_level", Ty::Small, true),
    ("tickets", "last_event_at", Ty::Big, true),
    ("tickets", "resolved_at", Ty::Big, false),
    ("tickets", "external_ref", Ty::Text, false),
    ("tickets", "owner", Ty::Text, false),
    ("tickets", "contract", Ty::Text, false),
    ("events", "id", Ty::Big, true),
    ("events", "ticket_id", Ty::Big, true),
    ("events", "at", Ty::Big, true),
    ("events", "recorded_at", Ty::Big, true),
    ("events", "by", Ty::Text, true),
    ("events", "kind", Ty::Text, true),
    ("events", "severity", Ty::Small, false),
    ("events", "level", Ty::Small, false),
    ("events", "next_update", Ty::Big, false),
    ("events", "reason", Ty::Text, false),
    ("events", "text", Ty::Text, false),
    ("events", "policy_version", Ty::Big, false),
    ("events", "owner", Ty::Text, false),
    ("events", "field", Ty::Text, false),
    ("events", "voids", Ty::Big, false),
    ("events", "old_value", Ty::Text, false),
    ("events", "new_value", Ty::Text, false),
    ("events", "db_user", Ty::Text, false),
    ("events", "contract", Ty::Text, false),
    ("notices", "id", Ty::Big, true),
    ("notices", "ticket_id", Ty::Big, true),
    ("notices", "concern", Ty::Text, true),
    ("notices", "clock", Ty::Text, true),
    ("notices", "occurrence", Ty::Big, true),
    ("notices", "sent_at", Ty::Big, true),
    ("notices", "channel", Ty::Text, true),
    ("notices", "summary", Ty::Text, true),
];

#[rustfmt::skip]
const INDEXES: &[(&str, &str, &[&str], bool, bool)] = &[
    ("tickets_by_customer", "tickets", &["customer"], false, false),
    ("tickets_by_last_event", "tickets", &["last_event_at"], false, false),
    ("tickets_by_owner", "tickets", &["owner"], false, false),
    ("tickets_by_ref", "tickets", &["external_ref"], true, false),
    ("tickets_by_reported_at", "tickets", &["reported_at"], false, false),
    ("tickets_unresolved", "tickets", &["id"], false, true),
    ("events_by_ticket", "events",
     &["ticket_id", "at", "id", "kind", "severity", "level", "next_update", "policy_version",
       "owner", "field", "voids", "contract"],
     false, false),
    ("notices_by_event", "notices",
     &["ticket_id", "concern", "clock", "occurrence", "sent_at"], false, false),
];

pub(crate) fn the_schema_is_the_one_both_stores_share(store: &mut Store) -> Result<()> {
    let sqlite = matches!(store, Store::Sqlite(_));
    let declared = |ty: Ty| match (ty, sqlite) {
        (Ty::Text, _) => "text",
        (_, true) => "integer",
        (Ty::Big, false) => "bigint",
        (Ty::Small, false) => "smallint",
    };
    let expected = Catalog {
        columns: COLUMNS
            .iter()
            .map(|&(table, column, ty, not_null)| {
                let (table, column) = (table.to_owned(), column.to_owned());
                (table, column, declared(ty).to_owned(), not_null)
            })
            .collect(),
        indexes: INDEXES
            .iter()
            .map(|&(name, table, columns, unique, partial)| {
                let columns = columns.iter().map(|c| c.to_string()).collect();
                (name.to_owned(), table.to_owned(), columns, unique, partial)
            })
            .collect(),
    };
    let found = store.catalog()?;
    assert_eq!(found.columns, expected.columns);
    assert_eq!(found.indexes, expected.indexes);
    Ok(())
}
