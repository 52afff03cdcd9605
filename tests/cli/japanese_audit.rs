//! The catch-all of issue 20: on a desk with tickets in every state, every
//! subcommand's output for people and a set of refusals, run under a
//! Japanese locale, hold no English word outside a short allow-list (what
//! the desk itself was given, flags, product and format names, zone
//! abbreviations). What scripts read (JSON, CSV, OpenMetrics, `check`'s
//! first line) is left out: it stays English by contract.

use super::util::{Desk, Run, ja};

/// Words that may stay as they are in Japanese output: what this desk was
/// given (titles, customers, services, refs, names, the policy's calendar
/// and kind codes), product and format names, zone abbreviations.
const ALLOWED: &[&str] = &[
    // Given to the desk.
    "VXC",
    "ACME",
    "CASE",
    "NOPE",
    "bob",
    "alice",
    "down",
    "business",
    "billing",
    "sales",
    "gold",
    // Product and standard names (words in capitals are allowed too:
    // abbreviations, iCalendar's property names, placeholders).
    "slaclock",
    "PostgreSQL",
    "SQLite",
    "iCalendar",
    // The shipped Japanese policy's referral contact, as it gives it.
    "Accounts",
    "Receivable",
];

/// The English words (two or more ASCII letters, not all capitals) in
/// `text` that are not allowed, once what is not prose is taken out:
/// flags (`--since`), e-mail addresses, file names, zone names and the
/// policy file's keys (`severity.1.response`, `mon = `, `remind_after`),
/// text in quotes (what was typed, or the syntax to type), in backticks or
/// angle brackets (a key, a command, clap's placeholders), a command line
/// after `slaclock`, and the OS's code for an error it told in Japanese
/// (`(os error 2)`, kept as the OS gives it: `i18n/os.rs`).
fn english_words(d: &Desk, text: &str) -> Vec<String> {
    let dir = d.dir.path().display().to_string();
    let mut text = text.replace(&dir, " ").replace("(os error ", "(");
    for (open, close) in [('"', '"'), ('`', '`'), ('<', '>')] {
        let mut kept = String::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(open) {
            let Some(end) = rest[at + 1..].find(close) else {
                break;
            };
            kept.push_str(&rest[..at]);
            kept.push(' ');
            rest = &rest[at + 1 + end + 1..];
        }
        kept.push_str(rest);
        text = kept;
    }
    let mut found = vec![];
    let mut in_command = false;
    let tokens: Vec<&str> = text.split(char::is_whitespace).collect();
    for (i, token) in tokens.iter().enumerate() {
        // A command line runs on while its words are ASCII; a word before
        // a flag is the command it belongs to.
        in_command =
            token.ends_with("slaclock") || (in_command && !token.is_empty() && token.is_ascii());
        let before_flag = tokens
            .get(i + 1)
            .is_some_and(|t| t.starts_with("--") || *t == "=");
        if in_command || before_flag {
            continue;
        }
        // Flags, addresses and file names are names, not words.
        let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-');
        if token.starts_with("--")
            || token.contains('@')
            || token.contains('/')
            || token.contains('_')
            || token.contains('=')
            || token.trim_end_matches('.').contains('.')
            || [".toml", ".ics", ".db", ".svg", ".png"]
                .iter()
                .any(|ext| token.contains(ext))
        {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            let capitals = word.chars().all(|c| c.is_ascii_uppercase());
            if word.len() >= 2 && !capitals && !ALLOWED.contains(&word) {
                found.push(word.to_string());
            }
        }
    }
    found
}

/// Asserts that `run`'s stdout (after `skip` lines) and stderr hold no
/// English word; collects what it finds into `leaks` rather than failing
/// at the first, so one run lists everything left.
fn audit(d: &Desk, args: &[&str], skip: usize, leaks: &mut Vec<String>) -> Run {
    let run = ja(d, args);
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    let stdout: String = run
        .stdout
        .lines()
        .skip(skip)
        .map(|l| format!("{l}\n"))
        .collect();
    for (stream, text) in [("stdout", &stdout), ("stderr", &run.stderr)] {
        let words = english_words(d, text);
        if !words.is_empty() {
            leaks.push(format!("{args:?} {stream}: {words:?} in:\n{text}"));
        }
    }
    run
}

/// A holiday file in Japanese: two staff days, one timed event (skipped).
const STAFF_DAYS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//JA\r
BEGIN:VEVENT\r
UID:staff@example.com\r
SUMMARY:社員の休日\r
DTSTART;VALUE=DATE:20261125\r
DTEND;VALUE=DATE:20261127\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:lunch@example.com\r
SUMMARY:昼食会\r
DTSTART;TZID=Australia/Brisbane:20261127T120000\r
DTEND;TZID=Australia/Brisbane:20261127T133000\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Every command a person reads, in Japanese, on a desk whose tickets are
/// open, breached, waiting, escalated, resolved, reopened, assigned and
/// corrected, under the policy `init --lang ja` writes.
#[test]
fn no_english_word_is_left_in_what_people_read_in_japanese() {
    let mut d = Desk::new();
    let mut leaks = vec![];
    let policy = d.path("severity.toml");
    let policy = policy.to_str().unwrap();
    audit(&d, &["init", "--lang", "ja", policy], 0, &mut leaks);
    std::fs::write(d.path("staff.ics"), STAFF_DAYS).unwrap();
    std::fs::write(d.path("bad.ics"), "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n").unwrap();
    std::fs::write(
        d.path("rule.ics"),
        STAFF_DAYS.replace("DTEND;VALUE=DATE:20261127\r\n", "RRULE:FREQ=MONTHLY\r\n"),
    )
    .unwrap();
    // A policy file with one problem of each kind slaclock words itself
    // (the toml crate's own words are left out: they stay English).
    std::fs::write(
        d.path("worse.toml"),
        "severity_change = \"never\"\n[waiting]\npauses = [\"lunch\"]\nremind_after = \"soon\"\n\
         [severity.4]\nresponse = \"1h\"\n[severity.1]\nresponse = \"0s\"\nrestore = \"400days\"\n\
         [provisioning]\nrestore = \"1h\"\n\
         [calendars.24x7]\ntimezone = \"UTC\"\n\
         [calendars.c]\ntimezone = \"UTC\"\nmon = [\"17:00-09:00\", \"9-5\"]\nholidays = [\"2026-13-01\"]\n\
         [[escalation]]\nlevel = 2\ncontact = \"x\"\nafter = { 1 = \"2h\", 7 = \"1h\" }\n\
         [contracts.gold]\nseverity.9 = { response = \"1h\" }\nescalation.5 = \"y\"\n\
         [customers]\nACME = \"silver\"\n",
    )
    .unwrap();
    std::fs::write(
        d.path("bad.toml"),
        "[severity.1]\nresponse = \"soon\"\nupdate = \"0s\"\n[calendars.x]\ntimezone = \"Mars/Base\"\nmon = [\"17:00-09:00\"]\n",
    )
    .unwrap();

    let steps: &[(&str, &[&str])] = &[
        (
            "2026-11-24T00:00:00Z",
            &[
                "open",
                "--severity",
                "1",
                "--customer",
                "ACME",
                "--service",
                "VXC-1234",
                "--ref",
                "CASE-9",
                "VXC down",
            ],
        ),
        (
            "2026-11-24T00:00:00Z",
            &[
                "open",
                "--kind",
                "inquiry",
                "--customer",
                "東京商事",
                "請求書",
            ],
        ),
        (
            "2026-11-24T00:00:00Z",
            &[
                "open",
                "--kind",
                "provisioning",
                "--customer",
                "大阪",
                "回線",
            ],
        ),
        (
            "2026-11-24T00:00:00Z",
            &["open", "--severity", "3", "--customer", "名古屋", "遅い"],
        ),
        (
            "2026-11-24T00:00:00Z",
            &["open", "--severity", "2", "--customer", "福岡", "断続"],
        ),
        (
            "2026-11-24T00:10:00Z",
            &[
                "update",
                "1",
                "--message",
                "手配済み",
                "--next-update",
                "in 20m",
            ],
        ),
        (
            "2026-11-24T00:10:00Z",
            &["wait", "2", "--reason", "回答待ち"],
        ),
        ("2026-11-24T00:10:00Z", &["assign", "3", "bob"]),
        ("2026-11-24T00:10:00Z", &["take", "4"]),
        ("2026-11-24T00:10:00Z", &["note", "1", "メモ"]),
        (
            "2026-11-24T00:10:00Z",
            &["escalate", "1", "--reason", "impact"],
        ),
        (
            "2026-11-24T00:10:00Z",
            &["severity", "4", "2", "--reason", "悪化"],
        ),
        (
            "2026-11-24T00:10:00Z",
            &["edit", "4", "--title", "とても遅い"],
        ),
        ("2026-11-24T00:20:00Z", &["resume", "2"]),
        ("2026-11-24T00:20:00Z", &["wait", "2", "--reason", "再度"]),
        (
            "2026-11-24T00:30:00Z",
            &["update", "5", "--message", "調査中"],
        ),
        ("2026-11-24T00:40:00Z", &["resolve", "5", "--note", "復旧"]),
        ("2026-11-24T00:50:00Z", &["resolve", "3"]),
        ("2026-11-24T00:55:00Z", &["reopen", "3", "--reason", "再発"]),
        ("2026-11-24T00:55:00Z", &["unassign", "3"]),
        (
            "2026-11-24T00:55:00Z",
            &["void", "1", "4", "--reason", "誤り"],
        ),
    ];
    for (at, args) in steps {
        d.at(at);
        let run = audit(&d, args, 0, &mut leaks);
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
    }

    d.at("2026-11-24T03:10:00Z");
    let copy = d.path("copy.db");
    let db = d.db();
    let reads: &[(&[&str], usize)] = &[
        (&["status"], 0),
        (&["list"], 0),
        (&["status", "1"], 0),
        (&["show", "2"], 0),
        (&["status", "1", "--explain"], 0),
        (&["status", "5"], 0),
        (&["status", "--ref", "NOPE"], 0),
        (&["status", "--ref", "CASE-9"], 0),
        (&["check"], 1),
        (&["check", "--history"], 1),
        (&["policy", "show"], 0),
        (&["policy", "check"], 0),
        (&["policy", "check", "bad.toml"], 0),
        (&["policy", "check", "worse.toml"], 0),
        (&["policy", "apply"], 0),
        (&["report"], 0),
        (
            &["report", "--since", "2026-11-01", "--until", "2026-12-01"],
            0,
        ),
        (&["report", "--by", "customer", "--since", "2026-11-01"], 0),
        (&["report", "--months", "2"], 0),
        (
            &[
                "report",
                "--restore-times",
                "--since",
                "2026-11-01",
                "--chart",
                "r.svg",
            ],
            0,
        ),
        (&["notify", "--verbose", "--exec", "true"], 0),
        (
            &["notify", "--verbose", "--exec", "false", "--renotify", "1s"],
            0,
        ),
        (
            &[
                "migrate",
                "--from",
                db.to_str().unwrap(),
                "--to",
                copy.to_str().unwrap(),
            ],
            0,
        ),
        (
            &[
                "holidays",
                "import",
                "staff.ics",
                "--calendar",
                "business",
                "--yes",
            ],
            0,
        ),
        (
            &["holidays", "import", "bad.ics", "--calendar", "business"],
            0,
        ),
        (
            &["holidays", "import", "rule.ics", "--calendar", "business"],
            0,
        ),
        (
            &["holidays", "import", "staff.ics", "--calendar", "nowhere"],
            0,
        ),
        // Refusals.
        (&["status", "99"], 0),
        (&["resolve", "5"], 0),
        (&["unassign", "2"], 0),
        (&["reopen", "1"], 0),
        (&["update", "1", "--next-update", "yesterday"], 0),
        (
            &["open", "--severity", "1", "--at", "tomorrow noon", "x"],
            0,
        ),
        (&["--policy", "bad.toml", "status"], 0),
        (&["--policy", "bad.toml", "open", "x"], 0),
        (&["--policy", "missing.toml", "status"], 0),
        (&["report", "--policy", "bad.toml"], 0),
    ];
    for (args, skip) in reads {
        audit(&d, args, *skip, &mut leaks);
    }
    assert!(
        leaks.is_empty(),
        "{} outputs hold English:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// The audit's own test: it finds English, and passes what it allows.
#[test]
fn the_audit_finds_english_words_and_allows_names() {
    let d = Desk::new();
    assert_eq!(
        english_words(&d, "sent: #1 VXC down (ACME): 3 sent, 0 failed"),
        ["sent", "sent", "failed"]
    );
    assert_eq!(
        english_words(&d, "エラー: x.toml: it has no calendar \"nowhere\""),
        ["it", "has", "no", "calendar"]
    );
    assert_eq!(
        english_words(
            &d,
            "nothing was changed. severity.1.response: mon = RRULE FREQ=YEARLY"
        ),
        ["nothing", "was", "changed"]
    );
    assert!(
        english_words(
            &d,
            "#1 VXC down（ACME）: --since を使って severity.toml と a@example.com を見る 10:00 AEST \"in 2h\" `check` <FILE> Asia/Tokyo: slaclock reopen 5 --reason TEXT"
        )
        .is_empty()
    );
}
