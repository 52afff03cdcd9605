//! Secrets stay secret: a PostgreSQL password never reaches a message, in
//! whatever form the URL or connection string carries it, from any command
//! (stderr) or from `check` (stdout, which cron mails).

use super::util::*;

/// Every form that carries a password, with the pieces of it that must
/// never be shown. Nothing listens on port 1, so each connection is refused
/// at once (a form the driver reads differently fails in another way, still
/// without waiting long). Each secret holds "Zq" and "Xw", which occur
/// nowhere else.
const FORMS: &[(&str, &[&str])] = &[
    // a '?' in the user part: once shown from the '?' on
    ("postgres://alice:Zq?Xw@127.0.0.1:1/tickets", &["Zq", "Xw"]),
    // a password parameter
    (
        "postgres://alice@127.0.0.1:1/tickets?password=ZqXw9",
        &["Zq", "Xw"],
    ),
    // percent-encoded, in the user part and as a parameter
    (
        "postgres://alice:Zq%40Xw%2F9@127.0.0.1:1/tickets",
        &["Zq", "Xw", "%40", "%2F"],
    ),
    (
        "postgresql://alice@127.0.0.1:1/tickets?sslmode=disable&pass%77ord=Zq%26Xw",
        &["Zq", "Xw", "%26"],
    ),
    // raw '@' and '/' that should have been encoded
    (
        "postgres://alice:Zq@Xw/9@127.0.0.1:1/tickets",
        &["Zq", "Xw"],
    ),
    // both at once, and a parameter after
    (
        "postgres://alice:ZqOne@127.0.0.1:1/tickets?password=XwTwo&connect_timeout=2",
        &["Zq", "Xw", "One", "Two"],
    ),
    // a misspelt parameter name holding it
    (
        "postgres://alice@127.0.0.1:1/tickets?pasword=ZqXw",
        &["Zq", "Xw"],
    ),
    // libpq's keyword/value form, quoted with a space and an escape
    (
        "host=127.0.0.1 port=1 user=alice password='Zq \\'Xw' dbname=tickets",
        &["Zq", "Xw"],
    ),
];

#[test]
fn no_password_form_reaches_any_message() {
    for &(url, secrets) in FORMS {
        let mut d = Desk::new();
        d.url = Some(url.to_owned());
        for (args, code) in [
            (&["status"][..], 1),
            (&["open", "--severity", "1", "VXC down"], 1),
            (&["note", "1", "text"], 1),
            (&["export"], 1),
            (&["check"], 3),
            (&["check", "--format", "json"], 3),
            (&["migrate", "--from", url, "--to", "copy.db"], 1),
            (&["migrate", "--from", "none.db", "--to", url], 1),
        ] {
            let run = d.run(args);
            let what = format!("{url} {args:?}");
            assert_eq!(run.code, code, "{what}\n{}{}", run.stdout, run.stderr);
            let said = format!("{}{}", run.stdout, run.stderr);
            if args.contains(&"json") {
                let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
                assert_eq!(json["status"], "UNKNOWN", "{what}: {said}");
            } else {
                assert_eq!(said.lines().count(), 1, "{what}: {said}");
            }
            for secret in secrets {
                assert!(!said.contains(secret), "{what} shows {secret:?}: {said}");
            }
            // The message still names the log it could not reach.
            assert!(
                said.contains("127.0.0.1") || said.contains("none.db"),
                "{what}: {said}"
            );
        }
    }
}

/// A connection string with a slip in it (a capital, a doubled letter, one
/// slash, a value with a space left unquoted, a paste's leading space is
/// fine) is refused, not taken for a file name: no SQLite log named after
/// the password appears, nothing is written, and the refusal never shows
/// the password.
#[test]
fn a_slip_in_a_connection_string_is_refused_and_no_file_is_made() {
    let slips = [
        "Postgres://alice:ZqXw@127.0.0.1:1/tickets",
        "postgress://alice:ZqXw@127.0.0.1:1/tickets",
        "postgres:/alice:ZqXw@127.0.0.1:1/tickets",
        "host=127.0.0.1 port=1 user=alice password=Zq Xw dbname=tickets",
        "host=127.0.0.1 port=1 user=alice password='ZqXw dbname=tickets",
    ];
    for slip in slips {
        let d = Desk::new();
        let before = std::fs::read_dir(d.dir.path()).unwrap().count();
        for (args, code, flag) in [
            (
                vec!["--db", slip, "open", "--severity", "1", "VXC down"],
                1,
                "--db",
            ),
            (vec!["--db", slip, "check"], 3, "--db"),
            (
                vec!["migrate", "--from", "none.db", "--to", slip],
                1,
                "--to",
            ),
        ] {
            let run = d.run(&args);
            let said = format!("{}{}", run.stdout, run.stderr);
            assert_eq!(run.code, code, "{slip} {args:?}: {said}");
            assert!(
                said.contains(&format!("{flag} is not a ticket log")),
                "{slip}: {said}"
            );
            assert!(
                !said.contains("Zq") && !said.contains("Xw"),
                "{slip}: {said}"
            );
        }
        let run = d
            .cmd()
            .env("SLACLOCK_DB", slip)
            .args(["status"])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&run.stderr);
        assert!(
            said.contains("SLACLOCK_DB is not a ticket log"),
            "{slip}: {said}"
        );
        assert_eq!(
            std::fs::read_dir(d.dir.path()).unwrap().count(),
            before,
            "{slip}"
        );
    }
}
