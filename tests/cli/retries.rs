//! Retries are safe: `open --ref TEXT` records an external reference, unique
//! in the log, so opening again with the same ref and details shows the
//! ticket already open and records nothing, on SQLite and on PostgreSQL,
//! one at a time or six at once.

use serde_json::Value;

use super::util::*;

/// Everything the log holds, as a script could read it: to prove that a
/// retry or a refusal recorded nothing, on either store.
fn everything(d: &Desk) -> (String, String, String) {
    (
        d.run(&["status", "--all", "--format", "json"])
            .ok()
            .to_string(),
        d.run(&["export", "--events"]).ok().to_string(),
        d.run(&["export"]).ok().to_string(),
    )
}

const FIRST: [&str; 10] = [
    "open",
    "--severity",
    "1",
    "--customer",
    "ACME",
    "--service",
    "VXC-1",
    "--ref",
    "CASE-1",
    "VXC down",
];

/// `args` with every `from` replaced by `to`.
fn with<S: AsRef<str>>(args: &[S], from: &str, to: &str) -> Vec<String> {
    args.iter()
        .map(|a| {
            let a = a.as_ref();
            if a == from { to } else { a }.to_string()
        })
        .collect()
}

fn run(d: &Desk, args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    d.run(&args)
}

/// The same answers on either store.
fn a_retried_open_records_once(d: &mut Desk) {
    let out = d.run(&FIRST).ok().to_string();
    assert!(out.starts_with("#1 VXC down (ACME): opened at"), "{out}");
    assert!(
        out.lines().next().unwrap().ends_with("; ref CASE-1"),
        "{out}"
    );
    // The same open again, now and later: the ticket, nothing recorded.
    for now in ["2026-11-24T00:00:00Z", "2026-11-24T00:20:00Z"] {
        d.at(now);
        let once = everything(d);
        let out = d.run(&FIRST).ok().to_string();
        assert!(
            out.starts_with("#1 VXC down (ACME): already opened; incident, severity 1"),
            "{out}"
        );
        assert!(out.contains("nothing new was recorded"), "{out}");
        let deadline = if now.ends_with("00:00Z") {
            "(in 15m)"
        } else {
            "(5m overdue)"
        };
        assert!(out.contains(deadline), "its clocks, as of now: {out}");
        assert_eq!(everything(d), once, "a retry recorded nothing");
    }
    if d.url.is_none() {
        let before = d.snapshot();
        d.run(&FIRST).ok();
        assert_eq!(d.snapshot(), before, "byte for byte");
    }

    // Different details: refused, naming the ticket and what differs.
    let cases: [(Vec<String>, &[&str]); 4] = [
        (
            with(&FIRST, "VXC down", "VXC flapping"),
            &["whose title differs: title \"VXC down\" (you gave \"VXC flapping\")"],
        ),
        (
            with(&with(&FIRST, "1", "2"), "ACME", "Globex"),
            &[
                "whose severity and customer differ",
                "severity 1 (you gave 2)",
                "customer \"ACME\" (you gave \"Globex\")",
            ],
        ),
        (
            with(&FIRST, "VXC-1", "VXC-2"),
            &["whose service differs: service \"VXC-1\" (you gave \"VXC-2\")"],
        ),
        (
            vec![
                "open".into(),
                "--kind".into(),
                "inquiry".into(),
                "--ref".into(),
                "CASE-1".into(),
                "VXC down".into(),
            ],
            &[
                "whose kind, severity, customer and service differ",
                "kind incident (you gave inquiry)",
                "customer \"ACME\" (you gave none)",
            ],
        ),
    ];
    let before = everything(d);
    for (args, says) in cases {
        let err = run(d, &args).fails(1).to_string();
        assert!(
            err.starts_with(
                "error: --ref \"CASE-1\" is already ticket #1 (reported 2026-11-24 10:00 AEST)"
            ),
            "{err}"
        );
        for s in says {
            assert!(err.contains(s), "{s:?} missing: {err}");
        }
        assert!(err.contains("nothing was recorded"), "{err}");
        assert!(err.contains("slaclock status 1"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(everything(d), before, "{args:?}");
    }

    // Another ref, or none, is another ticket; a ref that a spreadsheet
    // would run is shown as text in CSV.
    let out = d
        .run(&["open", "--severity", "2", "--ref", "=SUM(1)", "VXC down"])
        .ok()
        .to_string();
    assert!(out.starts_with("#2 VXC down: opened"), "{out}");
    d.run(&["open", "--severity", "3", "no ref"]).ok();
    d.run(&["open", "--severity", "3", "no ref"]).ok();

    // The ref is shown everywhere a ticket is.
    let one = d.run(&["status", "1"]).ok().to_string();
    assert!(
        one.lines().nth(1).unwrap().ends_with("; ref CASE-1"),
        "{one}"
    );
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["ref"],
        "CASE-1"
    );
    let board = d.run(&["status", "--format", "json"]).json();
    let refs: Vec<&Value> = board
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["ref"])
        .collect();
    assert!(refs.contains(&&Value::from("CASE-1")), "{board}");
    assert_eq!(refs.iter().filter(|r| r.is_null()).count(), 2, "{board}");
    let table = d.run(&["status"]).ok().to_string();
    let header = table.lines().next().unwrap();
    assert!(header.contains(" ref "), "{table}");
    assert!(
        table.contains("CASE-1") && table.contains("=SUM(1)"),
        "{table}"
    );
    let csv = d.run(&["export"]).ok().to_string();
    let (header, rows) = read_csv(&csv);
    let refs = header
        .iter()
        .position(|h| h == "ref")
        .expect("a ref column");
    assert_eq!(header[refs - 1], "policy_version", "{csv}");
    assert_eq!(rows[0][refs], "CASE-1", "{csv}");
    assert_eq!(rows[1][refs], "'=SUM(1)", "{csv}");
    assert_eq!(rows[2][refs], "", "no ref: {csv}");
    let json = d.run(&["export", "--format", "json"]).ok().to_string();
    let lines: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["ref"], "CASE-1");
    assert_eq!(lines[1]["ref"], "=SUM(1)");
    assert!(lines[2]["ref"].is_null());

    // The board by ref: that ticket, resolved or not.
    let found = d
        .run(&["status", "--ref", "CASE-1", "--format", "json"])
        .json();
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["id"], 1);
    d.at("2026-11-24T01:00:00Z");
    d.run(&["resolve", "1"]).ok();
    let found = d
        .run(&["status", "--ref", "CASE-1", "--format", "json"])
        .json();
    assert_eq!(found[0]["state"], "resolved", "{found}");
    assert!(
        d.run(&["status", "--ref", "CASE-1"])
            .ok()
            .contains("CASE-1")
    );
    assert_eq!(
        d.run(&["status", "--ref", "NOPE"]).ok(),
        "No ticket holds ref \"NOPE\".\n"
    );
    assert_eq!(
        d.run(&["status", "--ref", "NOPE", "--format", "json"])
            .json(),
        Value::Array(vec![])
    );
    // A retry after the resolve still finds it, and says it is resolved.
    let before = everything(d);
    let out = d.run(&FIRST).ok().to_string();
    assert!(
        out.starts_with("#1 VXC down (ACME): already opened"),
        "{out}"
    );
    assert!(out.contains("; resolved 2026-11-24 11:00 AEST"), "{out}");
    assert_eq!(everything(d), before);

    // Bounds: one line saying what is wrong, and nothing recorded.
    let long = "x".repeat(201);
    for (bad, says) in [
        ("", "--ref is empty; give the external reference"),
        ("   ", "--ref is empty"),
        (
            long.as_str(),
            "--ref is 201 characters long; keep it to 200",
        ),
        (
            "CASE\t1",
            "--ref holds a control character (U+0009, character 5)",
        ),
        (
            "CASE-1\n",
            "--ref holds a control character (U+000A, character 7)",
        ),
        (
            "\u{1b}[31mCASE",
            "--ref holds a control character (U+001B, character 1)",
        ),
    ] {
        let err = d
            .run(&["open", "--severity", "1", "--ref", bad, "x"])
            .fails(1)
            .to_string();
        assert!(err.contains(says), "{bad:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(everything(d), before, "{bad:?}");
        let err = d.run(&["status", "--ref", bad]).fails(1).to_string();
        assert!(err.contains(says), "{bad:?}: {err}");
    }
    // 200 characters, and any script, are fine.
    let longest = "参".repeat(200);
    d.run(&["open", "--severity", "1", "--ref", &longest, "x"])
        .ok();
    assert_eq!(
        d.run(&["status", "--ref", &longest, "--format", "json"])
            .json()[0]["ref"],
        longest.as_str()
    );
}

/// Six terminals open the same alert at once: one ticket, and every one
/// of them is told its number.
fn six_at_once_make_one_ticket(d: &Desk) {
    d.run(&["open", "--severity", "2", "an earlier ticket"])
        .ok();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
    let runs: Vec<_> = (0..6)
        .map(|_| {
            let mut cmd = d.std_cmd();
            cmd.args(["open", "--severity", "1", "--ref", "ALERT-7", "VXC down"]);
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                cmd.output().expect("run slaclock")
            })
        })
        .collect();
    let outs: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    let mut opened = 0;
    for out in &outs {
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if stdout.starts_with("#2 VXC down: opened") {
            opened += 1;
        } else {
            assert!(
                stdout.starts_with("#2 VXC down: already opened"),
                "{stdout}"
            );
        }
    }
    assert_eq!(opened, 1);
    let all = d.run(&["status", "--all", "--format", "json"]).json();
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
}

#[test]
fn a_retried_open_records_once_on_sqlite() {
    a_retried_open_records_once(&mut Desk::new());
}

#[test]
fn six_at_once_make_one_ticket_on_sqlite() {
    six_at_once_make_one_ticket(&Desk::new());
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn a_retried_open_records_once_on_postgres() {
    a_retried_open_records_once(&mut postgres_desk());
}

#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn six_at_once_make_one_ticket_on_postgres() {
    six_at_once_make_one_ticket(&postgres_desk());
}

/// A retry whose result cannot be printed still says the ticket is there.
#[test]
fn a_retry_that_cannot_print_says_the_ticket_is_there() {
    let d = Desk::new();
    d.run(&FIRST).ok();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = d
        .std_cmd()
        .args(FIRST)
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "ticket #1 holds this --ref in the ticket log (opened before; nothing new was recorded)"
        ),
        "{err}"
    );
}

/// The unique index backs up the look-up: a ticket with the same ref
/// committed by a writer that skipped the log's lock, after `open` looked
/// and while its insert waits on that writer, is still the answer (not a
/// "duplicate key" error). The other writer's transaction is held open
/// until `open` is seen waiting on it, so the race is not left to timing.
#[test]
#[ignore = "needs PostgreSQL: set SLACLOCK_TEST_POSTGRES to a server URL (.ci/run starts one)"]
fn the_unique_index_backs_up_the_look_up_on_postgres() {
    let d = postgres_desk();
    d.run(&["open", "--severity", "2", "an earlier ticket"])
        .ok();
    let url = d.url.clone().unwrap();
    let mut other = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut tx = other.transaction().unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(&d.now)
        .unwrap()
        .timestamp();
    let id: i64 = tx
        .query_one(
            "INSERT INTO tickets (kind, severity, title, reported_at, opened_at, policy_version, \
             state, current_severity, escalation_level, last_event_at, external_ref) \
             VALUES ('incident', 1, 'VXC down', $1, $1, 1, 'open', 1, 0, $1, 'RACE-1') RETURNING id",
            &[&at],
        )
        .unwrap()
        .get(0);
    tx.execute(
        "INSERT INTO events (ticket_id, at, recorded_at, \"by\", kind, severity, policy_version) \
         VALUES ($1, $2, $2, 'bob', 'opened', 1, 1)",
        &[&id, &at],
    )
    .unwrap();
    let child = d
        .std_cmd()
        .args(["open", "--severity", "1", "--ref", "RACE-1", "VXC down"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until `open` has looked, found nothing, and is blocked on the
    // unique index behind the uncommitted ticket.
    let mut watch = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let start = std::time::Instant::now();
    loop {
        let waiting: i64 = watch
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND application_name = 'slaclock' AND wait_event_type = 'Lock'",
                &[],
            )
            .unwrap()
            .get(0);
        if waiting == 1 {
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "open never waited on the other writer"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    tx.commit().unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with(&format!("#{id} VXC down: already opened")),
        "{stdout}"
    );
    let all = d.run(&["status", "--all", "--format", "json"]).json();
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
}

/// A retry sends what the first try sent: after a colleague's correction
/// (`edit`) it still matches the ticket as opened, and as it stands now;
/// a contract chosen with `--contract` must be the one it opened under.
#[test]
fn a_retry_matches_the_ticket_as_opened_and_its_chosen_contract() {
    let d = Desk::new();
    std::fs::write(
        d.path("severity.toml"),
        format!(
            "{}\n[contracts.gold]\nseverity.1.update = \"15m\"\n",
            slaclock::sla::DEFAULT_POLICY
        ),
    )
    .unwrap();
    // `open --ref R-1` for severity 1 with this customer and title.
    let retry = |customer: &'static str, title: &'static str| {
        [
            "open",
            "--severity",
            "1",
            "--customer",
            customer,
            "--ref",
            "R-1",
            title,
        ]
    };
    let first = retry("ACME", "Orig title");
    d.run(&first).ok();
    d.run(&[
        "edit",
        "1",
        "--title",
        "Corrected title",
        "--customer",
        "ACME Corp",
    ])
    .ok();
    let before = d.snapshot();
    // As opened, as it stands now, and (each detail apart) the customer
    // now with the title as opened.
    for (customer, title) in [
        ("ACME", "Orig title"),
        ("ACME Corp", "Corrected title"),
        ("ACME Corp", "Orig title"),
    ] {
        let out = d.run(&retry(customer, title)).ok().to_string();
        assert!(out.contains("already opened"), "{customer} {title}: {out}");
    }
    assert_eq!(d.snapshot(), before, "retries recorded nothing");
    // Neither as opened nor as it stands: refused, naming it as it stands.
    let err = d.run(&retry("ACME", "Third title")).fails(1).to_string();
    assert!(
        err.contains("title \"Corrected title\" (you gave \"Third title\")"),
        "{err}"
    );
    // Another contract than the one it opened under (the base policy).
    let mut gold = first.to_vec();
    gold.extend(["--contract", "gold"]);
    let err = d.run(&gold).fails(1).to_string();
    assert!(err.contains("contract none (you gave \"gold\")"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(d.snapshot(), before, "refusals recorded nothing");
    // A contract is named without the spaces at its ends, as a customer is.
    d.run(&[
        "open",
        "--severity",
        "1",
        "--contract",
        " gold ",
        "--ref",
        "R-9",
        "Gold one",
    ])
    .ok();
    let s = d.run(&["status", "2", "--format", "json"]).json();
    assert_eq!(s["contract"], "gold", "{s}");
    d.run(&[
        "open",
        "--severity",
        "1",
        "--contract",
        "gold ",
        "--ref",
        "R-9",
        "Gold one",
    ])
    .ok();
}

/// A ticket an earlier build stored with its customer as typed ("ACME "):
/// the same retry, whose customer is now taken without the space, is that
/// ticket.
#[test]
fn a_retry_matches_a_customer_an_earlier_build_stored_untrimmed() {
    let d = Desk::new();
    let open = [
        "open",
        "--severity",
        "1",
        "--customer",
        "ACME ",
        "--ref",
        "R-2",
        "VXC down",
    ];
    d.run(&open).ok();
    let conn = rusqlite::Connection::open(d.db()).expect("open log");
    conn.execute("UPDATE tickets SET customer = 'ACME ' WHERE id = 1", [])
        .expect("as an earlier build stored it");
    drop(conn);
    let before = d.snapshot();
    let out = d.run(&open).ok().to_string();
    assert!(out.contains("already opened"), "{out}");
    assert_eq!(d.snapshot(), before);
}
