//! One log for a team: `migrate` between SQLite and PostgreSQL, and the
//! same commands giving the same answers on both stores.

use super::util::*;

/// A small but varied log: every kind, a wait, a promise, a severity change,
/// an escalation, a resolve and a reopen, Japanese text, an external ref.
fn fill(d: &mut Desk) {
    d.run_at(
        "2026-11-24T00:00:00Z",
        &[
            "open",
            "--severity",
            "1",
            "--customer",
            "ACME",
            "--ref",
            "CASE-1",
            "VXC down",
        ],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:05:00Z",
        &["open", "--kind", "inquiry", "使用量レポートの見方"],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:06:00Z",
        &["open", "--kind", "provisioning", "New port"],
    )
    .ok();
    d.run_at(
        "2026-11-24T00:10:00Z",
        &["update", "1", "--next-update", "in 1h"],
    )
    .ok();
    d.run_at("2026-11-24T00:20:00Z", &["wait", "1", "--reason", "LOA"])
        .ok();
    d.run_at("2026-11-24T00:50:00Z", &["resume", "1"]).ok();
    d.run_at(
        "2026-11-24T01:00:00Z",
        &["severity", "1", "2", "--reason", "partial"],
    )
    .ok();
    d.run_at(
        "2026-11-24T01:05:00Z",
        &["escalate", "1", "--reason", "slow"],
    )
    .ok();
    d.run_at(
        "2026-11-24T01:30:00Z",
        &["open", "--severity", "3", "Cosmetic"],
    )
    .ok();
    d.run_at("2026-11-24T02:00:00Z", &["resolve", "4"]).ok();
    d.run_at("2026-11-24T02:10:00Z", &["reopen", "4", "--reason", "back"])
        .ok();
    d.run_at("2026-11-24T02:20:00Z", &["note", "2", "お客様に確認中"])
        .ok();
    d.at("2026-11-24T03:00:00Z");
}

/// Everything a script could read of the log.
fn views(d: &Desk) -> Vec<String> {
    vec![
        d.run(&["status", "--all", "--format", "json"])
            .ok()
            .to_string(),
        d.run(&["export"]).ok().to_string(),
        d.run(&["export", "--events"]).ok().to_string(),
        d.run(&["check", "--format", "json"]).stdout,
        d.run(&["status", "--ref", "CASE-1", "--format", "json"])
            .ok()
            .to_string(),
    ]
}

/// `views` less the events' `db_user` column: the one thing the two
/// stores record differently (PostgreSQL's role; nothing on SQLite).
fn views_but_roles(d: &Desk) -> (Vec<String>, Vec<String>) {
    let mut all = views(d);
    let mut reader = csv::Reader::from_reader(all[2].as_bytes());
    let header = reader.headers().expect("a header").clone();
    let role = header
        .iter()
        .position(|c| c == "db_user")
        .expect("a db_user column");
    let but_role = |row: &csv::StringRecord| -> Vec<String> {
        let cells = row.iter().enumerate().filter(|(i, _)| *i != role);
        cells.map(|(_, c)| c.to_owned()).collect()
    };
    let mut roles = vec![];
    let mut writer = csv::Writer::from_writer(vec![]);
    writer.write_record(but_role(&header)).unwrap();
    for row in reader.records() {
        let row = row.expect("a CSV row");
        roles.push(row[role].to_owned());
        writer.write_record(but_role(&row)).unwrap();
    }
    all[2] = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    (all, roles)
}

fn migrate(from: &str, to: &str, d: &Desk) -> Run {
    d.run(&["migrate", "--from", from, "--to", to])
}

/// `bad.db` in `d`: a log of 80 tickets with long notes, corrupt past its
/// first pages, so that a copy of it fails partway.
fn corrupt_log(d: &Desk) -> std::path::PathBuf {
    let long = "x".repeat(1500);
    for i in 1..=80 {
        let id = i.to_string();
        d.run(&["open", "-q", "--severity", "2", &format!("ticket {i}")])
            .ok();
        d.run(&["note", &id, &long]).ok();
    }
    let mut bytes = std::fs::read(d.db()).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 3000] {
        *b ^= 0x5a;
    }
    std::fs::write(d.path("bad.db"), bytes).unwrap();
    // Private, as a log is: a loose one would be warned about first.
    std::fs::set_permissions(
        d.path("bad.db"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    d.path("bad.db")
}

/// A copy that fails partway (a source corrupt past its first pages)
/// leaves no log at the target it made: a retry starts as this one did.
#[test]
fn a_failed_migrate_leaves_no_target_it_made() {
    let d = Desk::new();
    let (from, to) = (corrupt_log(&d), d.path("copy.db"));
    let run = migrate(from.to_str().unwrap(), to.to_str().unwrap(), &d);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for made in ["copy.db", "copy.db-wal", "copy.db-shm"] {
        assert!(!d.path(made).exists(), "{made} is left: {}", run.stderr);
    }
    // The error says which log failed: SQLite's own words do not.
    let reading = format!("error: reading {} (--from): ", from.display());
    assert!(run.stderr.starts_with(&reading), "{}", run.stderr);
    assert!(run.stderr.contains("malformed"), "{}", run.stderr);
    assert!(!run.stderr.contains("--to"), "{}", run.stderr);
    // The damage is the source's, and said so with what to do; never the
    // copy's, though the source is read within the copy's transaction.
    let damaged = format!("the ticket log {} is damaged", from.display());
    assert!(run.stderr.contains(&damaged), "{}", run.stderr);
    assert!(!run.stderr.contains("copy.db"), "{}", run.stderr);

    // A target that is no log is named, and left as it was.
    let junk = d.path("junk.db");
    let text = "not a ticket log, but somebody's notes\n".repeat(200);
    std::fs::write(&junk, &text).unwrap();
    let run = migrate(d.db().to_str().unwrap(), junk.to_str().unwrap(), &d);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let refused = format!("error: {} is not a slaclock ticket log", junk.display());
    assert!(run.stderr.starts_with(&refused), "{}", run.stderr);
    assert!(!run.stderr.contains("reading"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&junk).unwrap(), text);
}

#[test]
fn migrate_copies_a_whole_log_and_refuses_a_full_target() {
    let mut d = Desk::new();
    fill(&mut d);
    let before = views(&d);
    let src = d.db().display().to_string();
    let copy = d.path("copy.db").display().to_string();
    let out = migrate(&src, &copy, &d).ok().to_string();
    assert!(
        out.contains("Copied 4 tickets") && out.contains("the counts match"),
        "{out}"
    );
    let mut c = Desk::new();
    c.now = d.now.clone();
    std::fs::copy(d.path("copy.db"), c.db()).unwrap();
    assert_eq!(views(&c), before);
    // New tickets continue after the copied ids.
    assert!(
        c.run(&["open", "--severity", "2", "after"])
            .ok()
            .starts_with("#5 after: opened")
    );
    // A target that holds anything is refused and left as it was.
    let target = c.snapshot();
    let err = migrate(&src, &c.db().display().to_string(), &d)
        .fails(1)
        .to_string();
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(c.snapshot(), target);
    let err = migrate(&src, &src, &d).fails(1).to_string();
    assert!(err.contains("the same log"), "{err}");
    // However it is named: relative, with `./`, through a link.
    std::os::unix::fs::symlink(d.db(), d.path("link.db")).unwrap();
    let name = d.db().file_name().unwrap().to_str().unwrap().to_string();
    for other in [format!("./{name}"), "link.db".to_string()] {
        let err = migrate(&src, &other, &d).fails(1).to_string();
        assert!(err.contains("the same log"), "{other}: {err}");
    }
    for (from, to, flag) in [("", "x.db", "--from"), (src.as_str(), "", "--to")] {
        let err = migrate(from, to, &d).fails(2).to_string();
        assert!(err.contains(&format!("{flag} is empty")), "{err}");
    }
    assert!(!d.path("x.db").exists());
    // Told with migrate's own flags, not --db's advice, the source
    // untouched by every refusal.
    let source = d.snapshot();
    std::fs::create_dir(d.path("folder")).unwrap();
    for (from, to, said) in [
        (
            "none.db",
            "x.db",
            "--from none.db: there is no ticket log there",
        ),
        ("folder", "x.db", "--from folder is a folder"),
        (src.as_str(), "folder", "--to folder is a folder"),
    ] {
        let err = migrate(from, to, &d).fails(1).to_string();
        assert!(err.contains(said) && !err.contains("--db"), "{err}");
    }
    assert!(!d.path("x.db").exists());
    assert_eq!(d.snapshot(), source);
    let err = migrate(
        &d.path("none.db").display().to_string(),
        &d.path("x.db").display().to_string(),
        &d,
    )
    .fails(1)
    .to_string();
    assert!(err.contains("there is no ticket log there"), "{err}");
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn postgres_gives_the_same_answers_and_migrates_both_ways() {
    // The same commands on each store give the same answers.
    let mut lite = Desk::new();
    fill(&mut lite);
    let mut pg = postgres_desk();
    fill(&mut pg);
    // But for the role PostgreSQL records with each event (issue 17).
    let (pg_views, pg_roles) = views_but_roles(&pg);
    let (lite_views, lite_roles) = views_but_roles(&lite);
    assert_eq!(pg_views, lite_views);
    let server = std::env::var("SLACLOCK_TEST_POSTGRES").unwrap();
    let role = server.parse::<postgres::Config>().unwrap();
    let role = role.get_user().unwrap();
    assert!(pg_roles.iter().all(|r| r == role), "{pg_roles:?}");
    assert!(lite_roles.iter().all(String::is_empty), "{lite_roles:?}");
    // PostgreSQL -> SQLite keeps each event's role as recorded.
    let mut copy = Desk::new();
    copy.now = pg.now.clone();
    migrate(
        pg.url.as_deref().unwrap(),
        &copy.db().display().to_string(),
        &pg,
    )
    .ok();
    assert_eq!(views(&copy), views(&pg));
    // SQLite -> PostgreSQL -> SQLite keeps everything.
    let target = postgres_desk();
    let url = target.url.clone().unwrap();
    migrate(&lite.db().display().to_string(), &url, &lite).ok();
    let mut back = Desk::new();
    back.now = lite.now.clone();
    migrate(&url, &back.db().display().to_string(), &lite).ok();
    assert_eq!(views(&back), views(&lite));
    let err = migrate(&lite.db().display().to_string(), &url, &lite)
        .fails(1)
        .to_string();
    assert!(err.contains("is not empty"), "{err}");
    // Refusals leave the shared log as it was.
    pg.run(&["wait", "1"]).ok();
    let err = pg.run(&["wait", "1"]).fails(1).to_string();
    assert!(err.contains("has been waiting"), "{err}");
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn policy_apply_keeps_past_verdicts_on_postgres() {
    let mut d = postgres_desk();
    d.run(&["open", "--severity", "3", "responded in time"])
        .ok();
    d.run_at("2026-11-24T00:20:00Z", &["update", "1"]).ok();
    let strict = slaclock::sla::DEFAULT_POLICY.replace("response = \"30m\"", "response = \"10m\"");
    std::fs::write(d.path("severity.toml"), strict).unwrap();
    d.run_at("2026-11-24T01:00:00Z", &["policy", "apply"]).ok();
    for args in [
        &["status", "--format", "json"][..],
        &["status", "1", "--format", "json"],
    ] {
        let out = d.run(args).ok().to_string();
        assert!(out.contains("\"state\": \"met\""), "{args:?}: {out}");
    }
    assert!(
        d.run(&["export"])
            .ok()
            .lines()
            .nth(1)
            .unwrap()
            .contains(",met,")
    );
}

/// A database that is not a log yet (empty) gives an export nothing to
/// print: the refusal comes before a header, as on SQLite, so a script
/// reading standard output never takes a header for an empty log.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn an_export_of_an_empty_database_prints_nothing_before_its_refusal() {
    let d = postgres_desk();
    let lite = Desk::new();
    for args in [
        &["export"][..],
        &["export", "--events"],
        &["export", "--format", "json"],
    ] {
        let run = d.run(args);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (1, ""),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("no ticket log at"),
            "{args:?}: {}",
            run.stderr
        );
        let on_file = lite.run(args);
        assert_eq!((on_file.code, on_file.stdout.as_str()), (1, ""), "{args:?}");
    }
}

/// A source that is no ticket log (an empty database, or another
/// program's) is refused before the target is made: no log file, no
/// tables, left behind by a refused migrate.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_refused_migrate_makes_no_target() {
    let empty = postgres_desk();
    let foreign = postgres_desk();
    let target = postgres_desk();
    let connect = |d: &Desk| {
        postgres::Client::connect(d.url.as_deref().unwrap(), postgres::NoTls).expect("connect")
    };
    connect(&foreign)
        .batch_execute("CREATE TABLE invoices (id INT)")
        .unwrap();
    let d = Desk::new();
    let file = d.path("copy.db");
    for (from, words) in [
        (&empty, "there is no ticket log there"),
        (&foreign, "not a slaclock ticket log"),
    ] {
        let from = from.url.as_deref().unwrap();
        let err = migrate(from, &file.display().to_string(), &d)
            .fails(1)
            .to_string();
        assert!(err.contains(words), "{err}");
        // Told with migrate's flag, not --db's advice.
        assert!(!err.contains("--db"), "{err}");
        assert!(!file.exists(), "{from}: a log file was left behind");
        let err = migrate(from, target.url.as_deref().unwrap(), &d)
            .fails(1)
            .to_string();
        assert!(err.contains(words), "{err}");
        let tables: i64 = connect(&target)
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(tables, 0, "{from}: tables were left behind");
    }
}

/// The tables, views and functions of a PostgreSQL desk's database: none
/// in one slaclock left as it found it.
fn relations_and_functions(d: &Desk) -> i64 {
    let mut client = postgres::Client::connect(d.url.as_deref().expect("url"), postgres::NoTls)
        .expect("connect");
    client
        .query_one(
            "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                     WHERE n.nspname = current_schema()) \
                  + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                     WHERE n.nspname = current_schema())",
            &[],
        )
        .expect("count")
        .get(0)
}

/// A copy into PostgreSQL that fails partway keeps nothing there, not even
/// the schema: it is made by the copy's own transaction. A retry then
/// starts as the first run did.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_failed_migrate_into_postgresql_keeps_nothing() {
    let d = Desk::new();
    let bad = corrupt_log(&d);
    let target = postgres_desk();
    let to = target.url.clone().expect("url");
    let run = migrate(bad.to_str().unwrap(), &to, &d);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("malformed"), "{}", run.stderr);
    assert_eq!(relations_and_functions(&target), 0, "{}", run.stderr);
    // The log a reader finds there: none.
    let status = target.run(&["status"]);
    assert!(
        status.fails(1).starts_with("error: no ticket log at "),
        "{}",
        status.stderr
    );
    // A good log goes in on the next try.
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    migrate(d.db().to_str().unwrap(), &to, &d).ok();
    assert!(target.run(&["status"]).ok().contains("VXC down"));
}

/// `desk`'s database made again with `encoding` (a C locale, which goes
/// with any).
fn with_encoding(desk: &Desk, encoding: &str) {
    let server = std::env::var("SLACLOCK_TEST_POSTGRES").expect("SLACLOCK_TEST_POSTGRES");
    let url = desk.url.as_deref().expect("url");
    let name = url.rsplit_once('/').expect("a database").1;
    let mut client = postgres::Client::connect(&server, postgres::NoTls).expect("connect");
    client
        .batch_execute(&format!("DROP DATABASE {name}"))
        .expect("drop the database");
    client
        .batch_execute(&format!(
            "CREATE DATABASE {name} ENCODING '{encoding}' LC_COLLATE 'C' LC_CTYPE 'C' \
             TEMPLATE template0"
        ))
        .expect("make the database again");
}

/// A database whose encoding cannot hold every text (LATIN1 has no
/// Japanese) is refused by every command that would make the log in it,
/// in one line, before anything is written: a copy failed partway there,
/// and left the tables behind. SQL_ASCII, which keeps the bytes sent, is
/// taken.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_database_not_in_utf8_is_refused_before_anything_is_written() {
    let mut d = Desk::new();
    fill(&mut d);
    let latin1 = postgres_desk();
    with_encoding(&latin1, "LATIN1");
    let url = latin1.url.clone().expect("url");
    let refusal = format!(
        "error: {url} is a database encoded in LATIN1, which cannot hold every text a ticket \
         log records; make the log in a UTF8 database (createdb --encoding=UTF8 \
         --template=template0 NAME)"
    );
    let run = migrate(d.db().to_str().unwrap(), &url, &d);
    assert_eq!(
        run.fails(1),
        format!(
            "{}\n",
            refusal.replacen("error: ", &format!("error: writing {url} (--to): "), 1)
        )
    );
    assert_eq!(relations_and_functions(&latin1), 0);
    let run = latin1.run(&["open", "--severity", "1", "VXC down"]);
    assert_eq!(run.fails(1), format!("{refusal}\n"));
    assert_eq!(relations_and_functions(&latin1), 0);
    let ascii = postgres_desk();
    with_encoding(&ascii, "SQL_ASCII");
    migrate(d.db().to_str().unwrap(), ascii.url.as_deref().unwrap(), &d).ok();
    let (lite, _) = views_but_roles(&d);
    let mut on_ascii = ascii;
    on_ascii.at("2026-11-24T03:00:00Z");
    assert_eq!(views_but_roles(&on_ascii).0, lite);
}
