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
    assert!(out.starts_with("Opened #1: VXC down in Sydney ("), "{out}");
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
