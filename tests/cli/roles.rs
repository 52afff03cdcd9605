//! A shared log a security team signs off (issue 17). Who did it: on
//! PostgreSQL every event records the role the server authenticated
//! (`session_user`) beside what `--by` says, and the timeline, `export
//! --events` and its JSON show both; SQLite has no roles and leaves the
//! role empty. The README's two roles, created with its own SQL. And
//! `--db postgres://` with libpq's variables and password file.

use serde_json::Value;

use crate::util::{Desk, column, postgres_desk, read_csv};

/// A CSV export: its header and its rows.
type Csv = (Vec<String>, Vec<Vec<String>>);

/// Opens a ticket as "carol" and notes it as "dave", then returns the
/// timeline, the events' CSV (header and rows) and their JSON lines.
fn who_did_it(d: &Desk) -> (String, Csv, Vec<Value>) {
    d.run(&["open", "--severity", "2", "--by", "carol", "Portal down"])
        .ok();
    d.run(&["note", "1", "--by", "dave", "looking"]).ok();
    let timeline = d.run(&["status", "1", "--wide"]).ok().to_string();
    let csv = read_csv(d.run(&["export", "--events"]).ok());
    let json = d
        .run(&["export", "--events", "--format", "json"])
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    (timeline, csv, json)
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn postgres_records_the_role_beside_by() {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES").expect("SLACLOCK_TEST_POSTGRES");
    let config: postgres::Config = server.parse().expect("a connection URL");
    let role = config.get_user().expect("the test URL names a user");
    let (timeline, (header, rows), json) = who_did_it(&postgres_desk());
    assert!(
        timeline.contains(&format!("carol (role {role})")),
        "{timeline}"
    );
    assert!(
        timeline.contains(&format!("dave (role {role})")),
        "{timeline}"
    );
    assert_eq!(rows.len(), 2);
    for (row, by) in rows.iter().zip(["carol", "dave"]) {
        assert_eq!(row[4], by);
        assert_eq!(column(&header, row, "db_user"), role, "{row:?}");
    }
    for (event, by) in json.iter().zip(["carol", "dave"]) {
        assert_eq!(event["by"], by);
        assert_eq!(event["db_user"], role, "{event}");
    }
}

#[test]
fn sqlite_records_no_role() {
    let (timeline, (header, rows), json) = who_did_it(&Desk::new());
    assert!(timeline.contains("carol"), "{timeline}");
    assert!(!timeline.contains("(role"), "{timeline}");
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(column(&header, row, "db_user"), "", "{row:?}");
    }
    for event in &json {
        assert_eq!(event["db_user"], Value::Null, "{event}");
    }
}

/// The README's SQL for the two roles (the ```sql block that starts with
/// `-- slaclock: a writer role and a read-only role`), read from README.md
/// itself so the test runs exactly what the README tells a team to run.
fn roles_sql() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(path).expect("read README.md");
    let start = readme
        .find("```sql\n-- slaclock: a writer role and a read-only role\n")
        .expect("README.md shows the roles' SQL");
    let block = &readme[start + "```sql\n".len()..];
    block[..block.find("```").expect("the SQL block ends")].to_owned()
}

/// The two roles of the README, made with its SQL under names of their own
/// (roles are shared by every database of the server), in the database of
/// `owner`'s log; dropped again at the end.
struct Roles {
    owner_url: String,
    writer: String,
    reader: String,
}

impl Roles {
    fn create(owner: &Desk) -> Roles {
        let owner_url = owner.url.clone().expect("a PostgreSQL desk");
        let database = owner_url.rsplit('/').next().unwrap().to_owned();
        let suffix = database.trim_start_matches("slaclock_cli_");
        let (writer, reader) = (
            format!("support_writer_{suffix}"),
            format!("support_reader_{suffix}"),
        );
        let sql = roles_sql()
            .replace("support_writer", &writer)
            .replace("support_reader", &reader)
            .replace("DATABASE support ", &format!("DATABASE {database} "));
        let mut client =
            postgres::Client::connect(&owner_url, postgres::NoTls).expect("connect as the owner");
        client.batch_execute(&sql).expect("the README's SQL runs");
        Roles {
            owner_url,
            writer,
            reader,
        }
    }

    /// A desk on the same log, connected as `role`, at `owner`'s instant.
    fn desk_as(&self, role: &str, owner: &Desk) -> Desk {
        let config: postgres::Config = self.owner_url.parse().expect("a URL");
        let host = match &config.get_hosts()[0] {
            postgres::config::Host::Tcp(host) => host.clone(),
            other => panic!("the test server is on TCP, not {other:?}"),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let database = config.get_dbname().expect("a database");
        let mut d = Desk::new();
        d.now = owner.now.clone();
        d.url = Some(format!("postgres://{role}@{host}:{port}/{database}"));
        d
    }
}

impl Drop for Roles {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.owner_url, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP OWNED BY {0}, {1}; DROP ROLE {0}, {1}",
                self.writer, self.reader
            ));
        }
    }
}

/// Everything the log holds, as the owner exports it.
fn log_of(owner: &Desk) -> (String, String) {
    (
        owner.run(&["export"]).ok().to_owned(),
        owner.run(&["export", "--events"]).ok().to_owned(),
    )
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn the_readme_roles_write_and_read_only() {
    let mut owner = postgres_desk();
    owner
        .run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    let roles = Roles::create(&owner);
    owner.at("2026-11-24T00:20:00Z");

    // The writer records as engineers and cron's notify do.
    let mut writer = roles.desk_as(&roles.writer, &owner);
    writer
        .run(&["update", "1", "--by", "bob", "--message", "on it"])
        .ok();
    writer.run(&["take", "1", "--by", "bob"]).ok();
    writer
        .run(&["open", "--severity", "3", "--by", "bob", "Slow portal"])
        .ok();
    // By 03:00 both tickets have breached: notify sends and records them.
    owner.at("2026-11-24T03:00:00Z");
    let sent = writer
        .run_at(
            &owner.now,
            &["notify", "--exec", "cat > /dev/null", "--verbose"],
        )
        .ok()
        .to_owned();
    assert!(sent.contains("3 sent, 0 failed"), "{sent}");
    let (_, events) = log_of(&owner);
    let (header, rows) = read_csv(&events);
    let update = rows
        .iter()
        .find(|r| column(&header, r, "kind") == "updated")
        .expect("the writer's update is in the log");
    assert_eq!(column(&header, update, "by"), "bob");
    assert_eq!(column(&header, update, "db_user"), roles.writer);
    // The role is the server's word alone: through any client, a writer
    // cannot name another, and what it leaves out the server fills in.
    {
        let url = roles.desk_as(&roles.writer, &owner).url.unwrap();
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        let forged = "INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, text, db_user) \
                      VALUES (1, 1200, 1200, 'alice', 'note', 'forged', 'slaclock')";
        let err = client.batch_execute(forged).expect_err("a forged role");
        let err = err.as_db_error().expect("the server refuses").message();
        assert_eq!(err, "permission denied for table events");
        let plain = "INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, text) \
                     VALUES (1, 1200, 1200, 'alice', 'note', 'by hand') RETURNING db_user";
        let role: String = client.query_one(plain, &[]).unwrap().get(0);
        assert_eq!(role, roles.writer);
    }

    // The reader reads everything a dashboard, a report or check needs.
    let mut reader = roles.desk_as(&roles.reader, &owner);
    let before = log_of(&owner);
    assert!(reader.run(&["status"]).ok().contains("VXC down"));
    assert!(reader.run(&["status", "1"]).ok().contains("on it"));
    let check = reader.run(&["check"]);
    assert_eq!(check.code, 2, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.starts_with("CRITICAL"), "{}", check.stdout);
    assert!(reader.run(&["metrics"]).ok().contains("slaclock_"));
    assert_eq!(reader.run(&["export"]).ok(), before.0);
    assert_eq!(reader.run(&["export", "--events"]).ok(), before.1);
    reader
        .run(&["report", "--since", "2026-11-01", "--until", "2026-12-01"])
        .ok();

    // Every write is refused with one line, and the log is as it was
    // (notify at 03:30 has a breach to send again, and cannot record it).
    reader.at("2026-11-24T03:30:00Z");
    let writes: [&[&str]; 8] = [
        &["open", "--severity", "2", "not allowed"],
        &["update", "1", "--message", "not allowed"],
        &["note", "1", "not allowed"],
        &["take", "2"],
        &["escalate", "1", "--reason", "slow"],
        &["resolve", "1"],
        &["edit", "1", "--title", "not allowed"],
        &["notify", "--exec", "cat > /dev/null", "--renotify", "1m"],
    ];
    for args in writes {
        let err = reader.run(args).fails(1).to_owned();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("refused access; check the privileges of the database role"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(log_of(&owner), before);

    // Nobody changes or removes an event by a plain UPDATE, DELETE or
    // TRUNCATE: not the reader, not the writer (no privilege), not the
    // owner (the append-only trigger).
    let owner_role: postgres::Config = roles.owner_url.parse().unwrap();
    let owner_role = owner_role.get_user().unwrap().to_owned();
    for role in [&roles.reader, &roles.writer, &owner_role] {
        let url = roles.desk_as(role, &owner).url.unwrap();
        // The test server's user is a superuser: only the trigger stops it.
        let refusal = if *role == owner_role {
            "events are append-only"
        } else {
            "permission denied for table events"
        };
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        for sql in [
            "UPDATE events SET \"by\" = 'mallory'",
            "DELETE FROM events",
            "TRUNCATE events",
        ] {
            let err = client.batch_execute(sql).expect_err(sql);
            let err = err.as_db_error().expect("the server refuses").message();
            assert_eq!(err, refusal, "{role}: {sql}");
        }
    }
    assert_eq!(log_of(&owner), before);

    // Only the owner may turn the trigger off, and then rewrite an event
    // (README: keep the owner out of daily use). Rolled back here.
    let mut as_writer = postgres::Client::connect(
        &roles.desk_as(&roles.writer, &owner).url.unwrap(),
        postgres::NoTls,
    )
    .expect("connect");
    let disable = "ALTER TABLE events DISABLE TRIGGER events_no_update";
    let err = as_writer.batch_execute(disable).expect_err("the writer");
    let err = err.as_db_error().expect("the server refuses").message();
    assert_eq!(err, "must be owner of table events");
    let mut as_owner = postgres::Client::connect(&roles.owner_url, postgres::NoTls).unwrap();
    as_owner
        .batch_execute(&format!(
            "BEGIN; {disable}; UPDATE events SET \"by\" = 'mallory'; ROLLBACK"
        ))
        .expect("the owner may");
    assert_eq!(log_of(&owner), before);

    // The writer may UPDATE only the summary columns commands rewrite:
    // never what a ticket was opened as, or when. The summary itself it
    // may change by hand (README says so); rolled back here.
    for column in [
        "kind = 'inquiry'",
        "severity = 3",
        "reported_at = 0",
        "opened_at = 0",
        "id = 99",
    ] {
        let sql = format!("UPDATE tickets SET {column} WHERE id = 1");
        let err = as_writer.batch_execute(&sql).expect_err(&sql);
        let err = err.as_db_error().expect("the server refuses").message();
        assert_eq!(err, "permission denied for table tickets", "{sql}");
    }
    as_writer
        .batch_execute("BEGIN; UPDATE tickets SET state = 'resolved' WHERE id = 1; ROLLBACK")
        .expect("the summary is the writer's");
    assert_eq!(log_of(&owner), before);

    // Every command that rewrites the summary works under those grants:
    // corrections, severity, escalation, owners, resolving, reopening,
    // and policy apply re-pinning the open tickets.
    writer.at("2026-11-24T03:40:00Z");
    let writes: [&[&str]; 12] = [
        &["open", "--severity", "2", "--by", "bob", "Edits"],
        &["edit", "3", "--title", "Edited", "--by", "bob"],
        &["edit", "3", "--customer", "Globex", "--by", "bob"],
        &["edit", "3", "--service", "SVC-9", "--by", "bob"],
        &["edit", "3", "--ref", "CASE-3", "--by", "bob"],
        &["severity", "3", "1", "--reason", "worse", "--by", "bob"],
        &["escalate", "3", "--reason", "slow", "--by", "bob"],
        &["assign", "3", "carol", "--by", "bob"],
        &["unassign", "3", "--by", "bob"],
        &["resolve", "3", "--by", "bob"],
        &["reopen", "3", "--reason", "back", "--by", "bob"],
        &["update", "3", "--by", "bob"],
    ];
    for args in writes {
        writer.run(args).ok();
    }
    let strict = slaclock::sla::DEFAULT_POLICY.replace("response = \"30m\"", "response = \"10m\"");
    let contract = "[contracts.premium]\nseverity.1.update = \"15m\"\n\n[customers]\n\"Globex\" = \"premium\"\n";
    std::fs::write(
        writer.path("severity.toml"),
        format!("{strict}\n{contract}"),
    )
    .unwrap();
    let applied = writer.run(&["policy", "apply"]).ok().to_owned();
    assert!(
        applied
            .contains("#3 Edited (Globex): now follows policy version 2, contract none -> premium"),
        "{applied}"
    );
    owner.at("2026-11-24T03:50:00Z");
    let json = owner.run(&["status", "3", "--format", "json"]).json();
    assert_eq!(json["title"], "Edited", "{json}");
    assert_eq!(json["customer"], "Globex", "{json}");
    assert_eq!(json["contract"], "premium", "{json}");
}

/// A new slaclock on a log of an older schema: only the owner may upgrade
/// it, so the others are told that, and what to do, rather than to check
/// their privileges; once the owner has run a command, everyone works,
/// the writer included: granted the columns of schema 9 one by one (the
/// README's SQL then), it is granted the column migration 10 adds.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn an_upgrade_the_owner_must_make_is_said_so() {
    let owner = postgres_desk();
    owner
        .run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    let roles = Roles::create(&owner);
    // The log as schema 9 left it: no contract on events (dropping the
    // column drops the writer's grant on it) and the index without it.
    let mut client = postgres::Client::connect(&roles.owner_url, postgres::NoTls).expect("connect");
    client
        .batch_execute(
            "UPDATE slaclock_schema SET version = 9; \
             ALTER TABLE events DROP COLUMN contract; \
             CREATE INDEX events_by_ticket ON events(ticket_id, at, id) INCLUDE (kind, severity, \
             level, next_update, policy_version, owner, field, voids)",
        )
        .unwrap();
    let reader = roles.desk_as(&roles.reader, &owner);
    let writer = roles.desk_as(&roles.writer, &owner);
    for (d, args, code) in [
        (&reader, &["check"][..], 3),
        (&writer, &["note", "1", "x"], 1),
    ] {
        let run = d.run(args);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, code, "{args:?}: {said}");
        assert_eq!(said.lines().count(), 1, "{args:?}: {said}");
        assert!(
            said.contains("its schema is version 9 and this slaclock needs version 11")
                && said.contains("must be owner of table events")
                && said.contains("only the role that owns its tables may upgrade it")
                && said.contains("run any slaclock command once as that role")
                && !said.contains("check the privileges"),
            "{args:?}: {said}"
        );
    }
    owner.run(&["status"]).ok();
    assert!(reader.run(&["status"]).ok().contains("VXC down"));
    writer.run(&["note", "1", "after the upgrade"]).ok();
    writer
        .run(&["open", "--severity", "2", "--customer", "ACME", "After"])
        .ok();
}

/// The test server's host, port and user, and a fresh database on it, as
/// libpq's variables.
fn libpq_variables() -> Vec<(&'static str, String)> {
    let url = postgres_desk().url.expect("a PostgreSQL desk");
    let config: postgres::Config = url.parse().expect("a URL");
    let host = match &config.get_hosts()[0] {
        postgres::config::Host::Tcp(host) => host.clone(),
        other => panic!("the test server is on TCP, not {other:?}"),
    };
    vec![
        ("PGHOST", host),
        ("PGPORT", config.get_ports()[0].to_string()),
        ("PGUSER", config.get_user().expect("a user").to_owned()),
        (
            "PGDATABASE",
            config.get_dbname().expect("a database").to_owned(),
        ),
    ]
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_bare_postgres_url_connects_as_libpq_would() {
    let d = Desk::new();
    let variables = libpq_variables();
    let run = |args: &[&str]| {
        let mut c = d.cmd();
        c.env("SLACLOCK_DB", "postgres://");
        for (name, value) in &variables {
            c.env(name, value);
        }
        crate::util::Run::from(c.args(args).output().expect("run slaclock"))
    };
    assert!(
        run(&["open", "--severity", "2", "Portal down"])
            .ok()
            .starts_with("#1 Portal down")
    );
    // A password file others may read is ignored with one warning; trust
    // authentication needs no password, so the command still works.
    std::fs::write(d.path(".pgpass"), "*:*:*:*:wrong\n").unwrap();
    let shown = run(&["status", "1"]);
    assert!(shown.ok().contains("Portal down"));
    assert_eq!(
        shown.stderr,
        format!(
            "warning: password file \"{}\" has group or world access; permissions should be u=rw (0600) or less; ignored\n",
            d.path(".pgpass").display()
        )
    );
    // A variable that cannot be read is one line naming it.
    let mut c = d.cmd();
    c.env("SLACLOCK_DB", "postgres://").env("PGPORT", "54x");
    let err = crate::util::Run::from(c.args(["status"]).output().expect("run"));
    assert_eq!(
        err.fails(1),
        "error: cannot connect to the ticket log postgres://: PGPORT is \"54x\", not a port number (1 to 65535)\n"
    );
}
