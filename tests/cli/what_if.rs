//! `report --policy FILE`: the same tickets and events judged under the
//! policies recorded with them and under a proposal, side by side; with
//! `--by` and `--months`; a proposal that shortens targets never raises
//! a compliance figure (one that adds a target may), an identical one
//! changes nothing, the log is never written, and a proposal that does
//! not load is one line and exit 1.

use serde_json::Value;

use super::report::october_desk;
use super::util::*;

/// The shipped policy with its texts replaced.
fn proposal(d: &Desk, name: &str, edits: &[(&str, &str)]) -> String {
    let mut text = slaclock::sla::DEFAULT_POLICY.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} not in the policy");
        text = text.replace(from, to);
    }
    std::fs::write(d.path(name), text).unwrap();
    name.to_string()
}

/// Stricter on every target by shortening it: 5-minute responses, updates
/// twice as often, restores in a sixth of the time, escalation sooner. No
/// target is added where the shipped policy has none.
const STRICTER: [(&str, &str); 9] = [
    (
        "response = \"15m\"        # initial",
        "response = \"5m\"        # initial",
    ),
    ("update = \"30m\"", "update = \"15m\""),
    ("restore = \"6h\"", "restore = \"1h\""),
    (
        "response = \"15m\"\nupdate = \"60m\"",
        "response = \"5m\"\nupdate = \"30m\"",
    ),
    ("restore = \"24h\"", "restore = \"4h\""),
    ("response = \"30m\"", "response = \"10m\""),
    ("update = \"4h\"", "update = \"2h\""),
    ("target = \"48h\"", "target = \"8h\""),
    (
        "after = { 1 = \"2h\", 2 = \"12h\" }",
        "after = { 1 = \"1h\", 2 = \"6h\" }",
    ),
];

fn october(d: &Desk, extra: &[&str]) -> Value {
    let mut args = vec![
        "report",
        "--since",
        "2026-10-01",
        "--until",
        "2026-11-01",
        "--format",
        "json",
    ];
    args.extend(extra);
    d.run(&args).json()
}

fn change<'a>(r: &'a Value, group: &str, key: &str, figure: &str) -> &'a Value {
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["group"] == group && c["key"] == key && c["figure"] == figure)
        .unwrap_or_else(|| panic!("no {group} {key} {figure} in {r}"))
}

const COMPLIANCE: [&str; 3] = [
    "responses_met_pct",
    "updates_on_time_pct",
    "restores_met_pct",
];

/// Every target shortened (`STRICTER`): no compliance figure rises.
#[test]
fn shorter_targets_never_raise_a_compliance_figure() {
    let d = october_desk();
    let strict = proposal(&d, "strict.toml", &STRICTER);
    let plain = october(&d, &["--by", "customer"]);
    let r = october(&d, &["--by", "customer", "--policy", &strict]);
    assert_eq!(r["proposal"], "strict.toml");
    assert_eq!(r["since"], plain["since"]);
    assert_eq!(r["evaluated_at"], plain["evaluated_at"]);
    let mut lowered = 0;
    for c in r["rows"].as_array().unwrap() {
        if !COMPLIANCE.contains(&c["figure"].as_str().unwrap()) {
            continue;
        }
        // The recorded side is the report without --policy.
        let row = plain["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["group"] == c["group"] && p["key"] == c["key"])
            .unwrap();
        assert_eq!(c["recorded"], row[c["figure"].as_str().unwrap()], "{c}");
        if let (Some(was), Some(now)) = (c["recorded"].as_f64(), c["proposed"].as_f64()) {
            assert!(now <= was, "raised: {c}");
            assert_eq!(
                c["change"].as_f64(),
                Some(((now - was) * 10.0).round() / 10.0)
            );
            lowered += usize::from(now < was);
        }
    }
    assert!(lowered > 0, "nothing lowered: {r}");
    // Before the command, --policy names the proposal just the same.
    let before = d
        .run(&[
            "--policy",
            &strict,
            "report",
            "--since",
            "2026-10-01",
            "--until",
            "2026-11-01",
            "--by",
            "customer",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(before, r);
    // By hand: severity 1's responses were 10m (2), 20m (3) and none by the
    // month's end (8): 1 of 3 met in 15 minutes, 0 in 5.
    let s1 = change(&r, "severity", "1", "responses_met_pct");
    assert_eq!(
        (&s1["recorded"], &s1["proposed"]),
        (&Value::from(33.3), &Value::from(0.0))
    );
    assert_eq!(s1["change"], -33.3);
    // Ticket 5 (severity 3) was restored in 4 business hours: within 8 too.
    let s3 = change(&r, "severity", "3", "restores_met_pct");
    assert_eq!(s3["change"], 0.0);
    // Restore times do not depend on the targets.
    assert_eq!(change(&r, "all", "all", "restore_median_secs")["change"], 0);
    // The customers' rows are there too.
    let acme = change(&r, "customer", "ACME", "responses_met_pct");
    assert_eq!(
        (&acme["recorded"], &acme["proposed"]),
        (&Value::from(50.0), &Value::from(0.0))
    );
}

#[test]
fn the_table_says_recorded_then_proposed_and_the_difference() {
    let d = october_desk();
    let strict = proposal(&d, "strict.toml", &STRICTER);
    let table = d.run(&["report", "--policy", &strict]).ok().to_string();
    assert!(
        table.contains("judged under the policies recorded with them and under strict.toml"),
        "{table}"
    );
    let line = table
        .lines()
        .skip_while(|l| !l.starts_with("severity 1"))
        .find(|l| l.contains("response met"))
        .expect("severity 1's response line");
    for part in ["33.3%", "\u{2192}", "0.0%", "\u{2212}33.3"] {
        assert!(line.contains(part), "{part} in {line:?}\n{table}");
    }
}

#[test]
fn an_identical_proposal_shows_no_difference() {
    let d = october_desk();
    let same = proposal(&d, "same.toml", &[]);
    for by in ["customer", "contract"] {
        let r = october(&d, &["--by", by, "--policy", &same]);
        let rows = r["rows"].as_array().unwrap();
        assert!(rows.iter().any(|c| c["group"] == by), "{by}: {r}");
        for c in rows {
            assert_eq!(c["recorded"], c["proposed"], "{c}");
            assert!(
                c["change"] == 0.0 || c["change"] == 0 || c["change"].is_null(),
                "{c}"
            );
        }
    }
    let (header, rows) = read_csv(
        d.run(&[
            "report",
            "--since",
            "2026-10-01",
            "--until",
            "2026-11-01",
            "--policy",
            &same,
            "--format",
            "csv",
        ])
        .ok(),
    );
    assert_eq!(
        header,
        [
            "since",
            "until",
            "evaluated_at",
            "proposal",
            "group",
            "key",
            "figure",
            "recorded",
            "proposed",
            "change"
        ]
    );
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(column(&header, row, "proposal"), "same.toml");
        assert_eq!(
            column(&header, row, "recorded"),
            column(&header, row, "proposed")
        );
        assert!(
            matches!(column(&header, row, "change"), "0.0" | "0" | ""),
            "{row:?}"
        );
    }
}

#[test]
fn a_proposal_over_months_compares_each_month() {
    let d = october_desk();
    let strict = proposal(&d, "strict.toml", &STRICTER);
    let r = d
        .run(&[
            "report", "--months", "2", "--policy", &strict, "--format", "json",
        ])
        .json();
    assert_eq!(r["proposal"], "strict.toml");
    let rows = r["rows"].as_array().unwrap();
    let oct_1 = rows
        .iter()
        .find(|c| {
            c["month"] == "2026-10" && c["severity"] == 1 && c["figure"] == "responses_met_pct"
        })
        .expect("October, severity 1, response");
    assert_eq!(
        (&oct_1["recorded"], &oct_1["proposed"]),
        (&Value::from(33.3), &Value::from(0.0))
    );
    for c in rows {
        if let (Some(was), Some(now)) = (c["recorded"].as_f64(), c["proposed"].as_f64())
            && COMPLIANCE.contains(&c["figure"].as_str().unwrap())
        {
            assert!(now <= was, "raised: {c}");
        }
    }
    let (header, rows) = read_csv(
        d.run(&[
            "report", "--months", "2", "--policy", &strict, "--format", "csv",
        ])
        .ok(),
    );
    assert_eq!(
        &header[..6],
        [
            "month",
            "since",
            "until",
            "evaluated_at",
            "proposal",
            "severity"
        ]
    );
    // September's one ticket had no clock judged by the month's end: its
    // rows are there, every figure empty on both sides; October's are too.
    let september: Vec<_> = rows
        .iter()
        .filter(|r| column(&header, r, "month") == "2026-09")
        .collect();
    assert_eq!(september.len(), 15, "{rows:?}");
    for r in september {
        for name in ["recorded", "proposed", "change"] {
            assert_eq!(column(&header, r, name), "", "{r:?}");
        }
    }
    assert!(
        rows.iter()
            .any(|r| column(&header, r, "month") == "2026-10")
    );
    assert!(
        d.run(&["report", "--months", "2", "--policy", &strict])
            .ok()
            .contains("2026-10")
    );
}

#[test]
fn what_if_writes_nothing_to_the_log() {
    let d = october_desk();
    let strict = proposal(&d, "strict.toml", &STRICTER);
    let before = d.snapshot();
    let export = d.run(&["export"]).ok().to_string();
    let events = d.run(&["export", "--events"]).ok().to_string();
    for format in ["table", "json", "csv"] {
        d.run(&["report", "--policy", &strict, "--format", format])
            .ok();
        d.run(&[
            "report", "--months", "--policy", &strict, "--format", format,
        ])
        .ok();
    }
    assert_eq!(d.snapshot(), before);
    assert_eq!(d.run(&["export"]).ok(), export);
    assert_eq!(d.run(&["export", "--events"]).ok(), events);
}

#[test]
fn a_proposal_that_does_not_load_is_one_line_and_exit_1() {
    let d = october_desk();
    std::fs::write(
        d.path("typo.toml"),
        // One problem: a misspelt key beside the right one (a key left
        // missing by it would be a second, told on a line of its own).
        slaclock::sla::DEFAULT_POLICY
            .replace("restore = \"6h\"", "restore = \"6h\"\nrestor = \"6h\""),
    )
    .unwrap();
    std::fs::write(
        d.path("never.toml"),
        slaclock::sla::DEFAULT_POLICY.replace("restore = \"6h\"", "restore = \"0m\""),
    )
    .unwrap();
    refused(
        &d,
        &["report", "--policy", "typo.toml"],
        1,
        &["--policy", "typo.toml", "restor"],
    );
    refused(
        &d,
        &["report", "--policy", "never.toml"],
        1,
        &["--policy", "never.toml"],
    );
    refused(
        &d,
        &["report", "--policy", "missing.toml"],
        1,
        &["--policy", "missing.toml"],
    );
    refused(
        &d,
        &[
            "report",
            "--months",
            "--policy",
            "typo.toml",
            "--format",
            "json",
        ],
        1,
        &["typo.toml"],
    );
}

/// October 2026 (Brisbane), severity 2 incidents: one responded to in 2
/// minutes, `breached - 1` never responded to (breached at 15 minutes),
/// and one opened 10 minutes before the month's end, not yet responded to
/// then. Under the shipped policy `breached` responses are judged and one
/// met; under a 5-minute severity 2 response (`five_minutes`) the last
/// one has breached too: one met of `breached + 1`.
fn one_met_desk(breached: usize) -> Desk {
    let mut d = Desk::new();
    d.run_at(
        "2026-10-05T00:00:00Z",
        &["open", "-q", "--severity", "2", "Met"],
    )
    .ok();
    d.run_at("2026-10-05T00:02:00Z", &["update", "-q", "1"])
        .ok();
    for _ in 1..breached {
        d.run_at(
            "2026-10-06T00:00:00Z",
            &["open", "-q", "--severity", "2", "Never answered"],
        )
        .ok();
    }
    d.run_at(
        "2026-10-31T13:50:00Z",
        &["open", "-q", "--severity", "2", "Late in the month"],
    )
    .ok();
    d.at("2026-11-24T00:00:00Z");
    d
}

/// The shipped policy with a 5-minute severity 2 response.
fn five_minutes(d: &Desk) -> String {
    proposal(
        d,
        "five.toml",
        &[(
            "response = \"15m\"\nupdate = \"60m\"",
            "response = \"5m\"\nupdate = \"60m\"",
        )],
    )
}

/// Every `change` of a what-if report, as JSON writes it and as CSV does.
fn changes_written(d: &Desk, proposal: &str, extra: &[&str]) -> (Vec<String>, Vec<String>) {
    let base = [&["report", "--policy", proposal][..], extra].concat();
    let json = d
        .run(&[&base[..], &["--format", "json"]].concat())
        .ok()
        .to_string();
    let in_json = json
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"change\": "))
        .map(|v| v.trim_end_matches(',').to_string())
        .collect();
    let (header, rows) = read_csv(d.run(&[&base[..], &["--format", "csv"]].concat()).ok());
    let in_csv = rows
        .iter()
        .map(|r| column(&header, r, "change").to_string())
        .collect();
    (in_json, in_csv)
}

#[test]
fn no_change_is_written_as_negative_zero() {
    // Severity 2's responses: 1 of 45 met (2.2%), then 1 of 46 (2.2%),
    // 0.048 points less: no change at one decimal.
    let d = one_met_desk(45);
    let five = five_minutes(&d);
    let r = october(&d, &["--policy", &five]);
    let s2 = change(&r, "severity", "2", "responses_met_pct");
    assert_eq!(
        (&s2["recorded"], &s2["proposed"]),
        (&2.2.into(), &2.2.into())
    );
    for extra in [&[][..], &["--months", "1"]] {
        let (json, csv) = changes_written(&d, &five, extra);
        assert!(json.contains(&"0.0".to_string()), "{json:?}");
        assert!(!json.iter().any(|c| c == "-0.0"), "{extra:?}: {json:?}");
        assert!(csv.contains(&"0.0".to_string()), "{csv:?}");
        assert!(!csv.iter().any(|c| c == "-0.0"), "{extra:?}: {csv:?}");
    }
}

#[test]
fn a_change_is_the_difference_of_the_figures_printed_beside_it() {
    // Severity 2's responses: 1 of 34 met (2.94%, shown 2.9%), then 1 of
    // 35 (2.86%, shown 2.9%): no change, though the counts differ by 0.08
    // points.
    let d = one_met_desk(34);
    let five = five_minutes(&d);
    let r = october(&d, &["--policy", &five]);
    let s2 = change(&r, "severity", "2", "responses_met_pct");
    assert_eq!(
        (&s2["recorded"], &s2["proposed"], &s2["change"]),
        (&2.9.into(), &2.9.into(), &0.0.into())
    );
    // Every change, in JSON, CSV and the table, with --months too, is its
    // proposed figure less its recorded one.
    for extra in [&[][..], &["--months", "1"]] {
        let args = [&["report", "--policy", &five][..], extra].concat();
        let json = d.run(&[&args[..], &["--format", "json"]].concat()).json();
        for c in json["rows"].as_array().unwrap() {
            if let (Some(was), Some(now)) = (c["recorded"].as_f64(), c["proposed"].as_f64()) {
                let printed = ((now - was) * 10.0).round() / 10.0;
                assert_eq!(c["change"].as_f64(), Some(printed), "{c}");
            }
        }
        let (header, rows) = read_csv(d.run(&[&args[..], &["--format", "csv"]].concat()).ok());
        for row in &rows {
            // Severities 1 and 3 of a month had no tickets: nothing judged.
            let judged = !column(&header, row, "recorded").is_empty();
            if column(&header, row, "figure") == "responses_met_pct" && judged {
                assert_eq!(
                    (
                        column(&header, row, "recorded"),
                        column(&header, row, "proposed"),
                        column(&header, row, "change")
                    ),
                    ("2.9", "2.9", "0.0"),
                    "{extra:?}"
                );
            }
        }
        let table = d.run(&args).ok().to_string();
        let line = table
            .lines()
            .find(|l| l.contains("response met") && l.contains("2.9%"))
            .unwrap_or_else(|| panic!("{table}"));
        assert!(line.trim_end().ends_with(" 0.0"), "{line:?}\n{table}");
    }
}

/// `report --policy FILE --months N` shows every month of its period, as
/// `report --months N` does: a month with nothing judged under either
/// policy has its rows, each figure of each severity empty on both sides,
/// in the table, CSV and JSON alike.
#[test]
fn a_proposal_over_months_shows_the_months_with_nothing_judged() {
    let d = october_desk();
    let strict = proposal(&d, "strict.toml", &STRICTER);
    let months = ["report", "--months", "4", "--policy", &strict];
    // July and August had no tickets at all.
    let plain = d
        .run(&["report", "--months", "4", "--format", "json"])
        .json();
    let plain_months: Vec<&str> = plain["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["month"].as_str().unwrap())
        .collect();
    let json = d.run(&[&months[..], &["--format", "json"]].concat()).json();
    let rows = json["rows"].as_array().unwrap();
    let mut seen: Vec<&str> = rows.iter().map(|r| r["month"].as_str().unwrap()).collect();
    seen.dedup();
    let mut wanted = plain_months.clone();
    wanted.dedup();
    assert_eq!(seen, ["2026-07", "2026-08", "2026-09", "2026-10"]);
    assert_eq!(seen, wanted);
    // Each month and severity has the same five figures.
    for month in &seen {
        for severity in 1..=3 {
            let figures: Vec<&str> = rows
                .iter()
                .filter(|r| r["month"] == *month && r["severity"] == severity)
                .map(|r| r["figure"].as_str().unwrap())
                .collect();
            assert_eq!(
                figures,
                [
                    "responses_met_pct",
                    "updates_on_time_pct",
                    "restores_met_pct",
                    "restore_median_secs",
                    "restore_p90_secs"
                ],
                "{month} {severity}"
            );
        }
    }
    let july = rows.iter().find(|r| r["month"] == "2026-07").unwrap();
    assert_eq!(july["since"], "2026-06-30T14:00:00Z");
    assert!(july["recorded"].is_null() && july["proposed"].is_null() && july["change"].is_null());
    let (header, csv) = read_csv(d.run(&[&months[..], &["--format", "csv"]].concat()).ok());
    assert_eq!(csv.len(), rows.len());
    assert_eq!(column(&header, &csv[0], "month"), "2026-07");
    let table = d.run(&months).ok().to_string();
    for month in ["2026-07", "2026-08", "2026-09", "2026-10"] {
        assert!(
            table.lines().any(|l| l.starts_with(month)),
            "{month} missing:\n{table}"
        );
    }
    assert!(table.contains("from 2026-07-01 00:00 AEST"), "{table}");
}

/// A target added where the recorded policy had none is not shortening:
/// it brings clocks into a figure that were not judged before, which may
/// raise it. Provisioning has no response target in the shipped policy; a
/// proposal of one hour judges the provisioning ticket's response, given
/// in 10 minutes, met: all tickets' response met rises from 0.0% (the
/// incident's, breached) to 50.0%.
#[test]
fn a_target_added_where_there_was_none_may_raise_a_figure() {
    let mut d = Desk::new();
    d.run_at(
        "2026-10-05T00:00:00Z",
        &["open", "-q", "--severity", "1", "Answered late"],
    )
    .ok();
    d.run_at("2026-10-05T00:30:00Z", &["update", "-q", "1"])
        .ok();
    d.run_at(
        "2026-10-06T00:00:00Z",
        &["open", "-q", "--kind", "provisioning", "New port"],
    )
    .ok();
    d.run_at("2026-10-06T00:10:00Z", &["update", "-q", "2"])
        .ok();
    d.at("2026-11-24T00:00:00Z");
    let added = proposal(
        &d,
        "added.toml",
        &[(
            "[provisioning]\nname = \"Provisioning\"",
            "[provisioning]\nname = \"Provisioning\"\nresponse = \"1h\"",
        )],
    );
    let r = october(&d, &["--policy", &added]);
    let all = change(&r, "all", "all", "responses_met_pct");
    assert_eq!(
        (&all["recorded"], &all["proposed"], &all["change"]),
        (&0.0.into(), &50.0.into(), &50.0.into())
    );
    let provisioning = change(&r, "kind", "provisioning", "responses_met_pct");
    assert_eq!(
        (&provisioning["recorded"], &provisioning["proposed"]),
        (&Value::Null, &100.0.into())
    );
}
