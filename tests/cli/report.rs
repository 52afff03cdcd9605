//! `report`: the monthly compliance figures, checked against a month
//! worked out by hand, as a table, JSON and CSV.

use serde_json::Value;

use super::util::*;

/// October 2026 in Brisbane (UTC+10): from 2026-09-30T14:00Z to
/// 2026-10-31T14:00Z. Default policy: severity 1 response 15m, updates 30m,
/// restore 6h, escalation at 2h/6h/12h; severity 2 15m, 60m, 24h; severity 3
/// 30m, 4h, restore 48 business hours (09:00-17:00 Brisbane).
///
/// | id | ticket | opened (UTC) | as of 31 Oct 14:00Z |
/// |----|--------|--------------|---------------------|
/// | 1 | sev 2 | 30 Sep 13:59 | outside: opened 23:59 local on 30 Sep |
/// | 2 | sev 1 ACME | 5 Oct 00:00 | response met (10m); updates 00:35, resolved 01:00: none missed; restore met, 1h |
/// | 3 | sev 1 ACME | 6 Oct 00:00 | response breached (20m); updates 01:00 (missed 00:50), 01:20; escalated to 1 and 2; resolved 07:00 (interval from 01:20 missed): 2 missed; restore breached, 7h |
/// | 4 | sev 2 Beta | 12 Oct 00:00 | response met (10m); waiting since 00:30: update paused, none missed; restore paused; open |
/// | 5 | sev 3 Beta | 20 Oct 00:00 | response breached (40m); resolved 04:00 before the 04:40 update: none missed; restore met, 4 business hours |
/// | 6 | provisioning ACME | 25 Oct 00:00 | no clocks; resolved 26 Oct |
/// | 7 | inquiry Gamma | 28 Oct 00:00 | response met (20m); resolved 01:00: none missed; no restore clock |
/// | 8 | sev 1 Gamma | 31 Oct 10:00 | no response: breached at 10:15; update pending; restore running (4h of 6h); open. Resolved in November, which the report must not see |
/// | 9 | sev 3 | 31 Oct 14:00 | outside: opened 00:00 local on 1 Nov |
///
/// All seven tickets in October (2 to 8):
/// - responses: judged 2 3 4 5 7 8 (6; provisioning has none), met 2 4 7 (3): 50.0%
/// - updates: started 2 3 4 5 7 (5; 8 is pending), on time 2 4 5 7 (4): 80.0%; missed 2 (all on 3)
/// - restores (incidents): judged 2 3 5 (4 paused, 8 running), met 2 5: 66.7%
/// - restore times of resolved incidents: 3600 (2), 14400 (5), 25200 (3);
///   nearest-rank median rank ⌈0.5·3⌉ = 2: 14400; p90 rank ⌈0.9·3⌉ = 3: 25200
/// - escalations: level 1: 1 (3), level 2: 1 (3), level 3: 0
/// - still open: 4 and 8 (2)
pub(super) fn october_desk() -> Desk {
    let mut d = Desk::new();
    let steps: &[(&str, &[&str])] = &[
        (
            "2026-09-30T13:59:00Z",
            &["open", "--severity", "2", "Late September"],
        ),
        (
            "2026-10-05T00:00:00Z",
            &["open", "--severity", "1", "--customer", "ACME", "One"],
        ),
        ("2026-10-05T00:10:00Z", &["update", "2"]),
        ("2026-10-05T00:35:00Z", &["update", "2"]),
        ("2026-10-05T01:00:00Z", &["resolve", "2"]),
        (
            "2026-10-06T00:00:00Z",
            &["open", "--severity", "1", "--customer", "ACME", "Two"],
        ),
        ("2026-10-06T00:20:00Z", &["update", "3"]),
        ("2026-10-06T01:00:00Z", &["update", "3"]),
        ("2026-10-06T01:20:00Z", &["update", "3"]),
        (
            "2026-10-06T02:10:00Z",
            &["escalate", "3", "--reason", "slow"],
        ),
        (
            "2026-10-06T06:10:00Z",
            &["escalate", "3", "--reason", "slow"],
        ),
        ("2026-10-06T07:00:00Z", &["resolve", "3"]),
        (
            "2026-10-12T00:00:00Z",
            &["open", "--severity", "2", "--customer", "Beta", "Three"],
        ),
        ("2026-10-12T00:10:00Z", &["update", "4"]),
        (
            "2026-10-12T00:30:00Z",
            &["wait", "4", "--reason", "Asked for logs"],
        ),
        (
            "2026-10-20T00:00:00Z",
            &["open", "--severity", "3", "--customer", "Beta", "Four"],
        ),
        ("2026-10-20T00:40:00Z", &["update", "5"]),
        ("2026-10-20T04:00:00Z", &["resolve", "5"]),
        (
            "2026-10-25T00:00:00Z",
            &[
                "open",
                "--kind",
                "provisioning",
                "--customer",
                "ACME",
                "Five",
            ],
        ),
        ("2026-10-26T00:00:00Z", &["resolve", "6"]),
        (
            "2026-10-28T00:00:00Z",
            &["open", "--kind", "inquiry", "--customer", "Gamma", "Six"],
        ),
        ("2026-10-28T00:20:00Z", &["update", "7"]),
        ("2026-10-28T01:00:00Z", &["resolve", "7"]),
        (
            "2026-10-31T10:00:00Z",
            &["open", "--severity", "1", "--customer", "Gamma", "Seven"],
        ),
        (
            "2026-10-31T14:00:00Z",
            &["open", "--severity", "3", "Early November"],
        ),
        // After the period: none of this may change October's figures.
        ("2026-11-02T00:00:00Z", &["update", "8"]),
        ("2026-11-02T00:30:00Z", &["resolve", "8"]),
        ("2026-11-02T01:00:00Z", &["resume", "4"]),
        ("2026-11-02T02:00:00Z", &["resolve", "4"]),
    ];
    for (at, args) in steps {
        d.run_at(at, args).ok();
    }
    d.at("2026-11-24T00:00:00Z");
    d
}

fn row<'a>(report: &'a Value, group: &str, key: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["group"] == group && r["key"] == key)
        .unwrap_or_else(|| panic!("no row {group} {key} in {report}"))
}

#[test]
fn report_matches_figures_computed_by_hand() {
    let d = october_desk();
    let r = d
        .run(&[
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
    assert_eq!(r["since"], "2026-09-30T14:00:00Z");
    assert_eq!(r["until"], "2026-10-31T14:00:00Z");
    assert_eq!(r["evaluated_at"], "2026-10-31T14:00:00Z");
    assert_eq!(r["percentile"], "nearest-rank");

    let all = row(&r, "all", "all");
    assert_eq!(all["opened"], 7);
    assert_eq!(all["responses_judged"], 6);
    assert_eq!(all["responses_met"], 3);
    assert_eq!(all["responses_met_pct"], 50.0);
    assert_eq!(all["updates_started"], 5);
    assert_eq!(all["updates_on_time"], 4);
    assert_eq!(all["updates_on_time_pct"], 80.0);
    assert_eq!(all["updates_missed"], 2);
    assert_eq!(all["restores_judged"], 3);
    assert_eq!(all["restores_met"], 2);
    assert_eq!(all["restores_met_pct"], 66.7);
    assert_eq!(all["restores_resolved"], 3);
    assert_eq!(all["restore_median_secs"], 14400);
    assert_eq!(all["restore_p90_secs"], 25200);
    assert_eq!(all["escalated_level_1"], 1);
    assert_eq!(all["escalated_level_2"], 1);
    assert_eq!(all["escalated_level_3"], 0);
    assert_eq!(all["still_open"], 2);

    // Severity 1: tickets 2, 3 and 8. Responses 1 of 3 (33.3%); updates on
    // time 1 of 2 (8 pending); restores met 1 of 2 (8 running); resolved
    // restore times 3600 and 25200: median rank 1, p90 rank 2.
    let s1 = row(&r, "severity", "1");
    assert_eq!(s1["opened"], 3);
    assert_eq!(s1["responses_met_pct"], 33.3);
    assert_eq!(
        (&s1["updates_on_time"], &s1["updates_started"]),
        (&Value::from(1), &Value::from(2))
    );
    assert_eq!(s1["restores_met_pct"], 50.0);
    assert_eq!(s1["restore_median_secs"], 3600);
    assert_eq!(s1["restore_p90_secs"], 25200);
    assert_eq!(s1["still_open"], 1);
    // Severity 2: ticket 4 only, waiting: nothing about its restore is judged.
    let s2 = row(&r, "severity", "2");
    assert_eq!(s2["opened"], 1);
    assert_eq!(s2["responses_met_pct"], 100.0);
    assert_eq!(s2["updates_on_time_pct"], 100.0);
    assert_eq!(s2["restores_judged"], 0);
    assert_eq!(s2["restores_met_pct"], Value::Null);
    assert_eq!(s2["restore_median_secs"], Value::Null);
    // Severity 3: ticket 5 (the inquiry is not an incident).
    let s3 = row(&r, "severity", "3");
    assert_eq!(s3["opened"], 1);
    assert_eq!(s3["responses_met_pct"], 0.0);
    assert_eq!(s3["restores_met_pct"], 100.0);
    assert_eq!(s3["restore_median_secs"], 14400);

    // By kind: incidents 2 3 4 5 8: responses 2 of 5 (40%), updates 3 of 4
    // (75%), restores 2 of 3.
    let inc = row(&r, "kind", "incident");
    assert_eq!(inc["opened"], 5);
    assert_eq!(inc["responses_met_pct"], 40.0);
    assert_eq!(inc["updates_on_time_pct"], 75.0);
    assert_eq!(inc["restores_met_pct"], 66.7);
    let prov = row(&r, "kind", "provisioning");
    assert_eq!(prov["opened"], 1);
    assert_eq!(prov["responses_judged"], 0);
    assert_eq!(prov["responses_met_pct"], Value::Null);
    assert_eq!(prov["still_open"], 0);
    let inq = row(&r, "kind", "inquiry");
    assert_eq!(inq["opened"], 1);
    assert_eq!(inq["responses_met_pct"], 100.0);
    assert_eq!(inq["restores_judged"], 0);

    // By customer: ACME 2 3 6, Beta 4 5, Gamma 7 8.
    let acme = row(&r, "customer", "ACME");
    assert_eq!(acme["opened"], 3);
    assert_eq!(acme["responses_met_pct"], 50.0);
    assert_eq!(acme["updates_missed"], 2);
    assert_eq!(acme["escalated_level_2"], 1);
    assert_eq!(row(&r, "customer", "Beta")["opened"], 2);
    let gamma = row(&r, "customer", "Gamma");
    assert_eq!(gamma["opened"], 2);
    assert_eq!(gamma["still_open"], 1);
}

#[test]
fn report_defaults_to_last_month_and_does_not_change() {
    let mut d = october_desk();
    let explicit = d
        .run(&[
            "report",
            "--since",
            "2026-10-01",
            "--until",
            "2026-11-01",
            "--format",
            "json",
        ])
        .json();
    // Run on 24 November and again on 3 November: the same figures.
    assert_eq!(d.run(&["report", "--format", "json"]).json(), explicit);
    d.at("2026-11-03T00:00:00Z");
    assert_eq!(d.run(&["report", "--format", "json"]).json(), explicit);
    // Mid-period, tickets are judged as of now.
    d.at("2026-10-06T01:30:00Z");
    let partial = d
        .run(&["report", "--since", "2026-10-01", "--format", "json"])
        .json();
    assert_eq!(partial["evaluated_at"], "2026-10-06T01:30:00Z");
    assert_eq!(row(&partial, "all", "all")["opened"], 2);
    assert_eq!(row(&partial, "all", "all")["still_open"], 1);
}

#[test]
fn a_closed_months_report_ignores_what_was_recorded_after_it() {
    let d = october_desk();
    let october = [
        "report",
        "--since",
        "2026-10-01",
        "--until",
        "2026-11-01",
        "--format",
        "json",
    ];
    let before = d.run(&october).json();
    // On 24 November: ticket 5 (resolved 20 October, restore met) is
    // reopened back-dated to 21 October, a ticket is opened back-dated to
    // 15 October, and a policy with a 1-hour severity 3 restore is applied
    // to both. Had the report counted them, October would have one more
    // ticket opened, two more still open and ticket 5's restore breached.
    d.run(&[
        "reopen",
        "5",
        "--reason",
        "Not fixed after all",
        "--at",
        "2026-10-21T00:00:00Z",
    ])
    .ok();
    d.run(&[
        "open",
        "--severity",
        "3",
        "--at",
        "2026-10-15T00:00:00Z",
        "Logged late",
    ])
    .ok();
    let strict = slaclock::sla::DEFAULT_POLICY.replace(
        "restore = { target = \"48h\", calendar = \"business\" }",
        "restore = \"1h\"",
    );
    std::fs::write(d.path("severity.toml"), strict).unwrap();
    assert!(d.run(&["policy", "apply"]).ok().contains("#5"));
    assert_eq!(d.run(&october).json(), before);
    assert_eq!(d.run(&["report", "--format", "json"]).json(), before);
    // The same events count from now on: in a period not yet ended (October
    // to date: its 7, ticket 9 of 1 November and the one logged late; of
    // severity 3, tickets 5, 9 and 10 are open) and in status.
    let to_date = d
        .run(&["report", "--since", "2026-10-01", "--format", "json"])
        .json();
    assert_eq!(row(&to_date, "all", "all")["opened"], 9, "{to_date}");
    assert_eq!(row(&to_date, "severity", "3")["still_open"], 3, "{to_date}");
    let five = d.run(&["status", "5", "--format", "json"]).json();
    assert_eq!(five["state"], "open");
    assert_eq!(five["clocks"]["restore"]["target_secs"], 3600);
}

#[test]
fn report_as_a_table_and_as_csv() {
    let d = october_desk();
    let table = d.run(&["report"]).ok().to_string();
    assert!(
        table.starts_with(
            "Tickets opened from 2026-10-01 00:00 AEST to 2026-11-01 00:00 AEST, judged as of 2026-11-01 00:00 AEST"
        ),
        "{table}"
    );
    let all = table
        .lines()
        .find(|l| l.trim_start().starts_with("all tickets"))
        .expect("the all row");
    for figure in ["50.0% (3/6)", "80.0% (4/5)", "66.7% (2/3)", "4h", "7h"] {
        assert!(all.contains(figure), "{figure} in {all}");
    }
    assert!(table.contains("nearest-rank"), "{table}");
    let (header, rows) = read_csv(
        d.run(&["report", "--by", "customer", "--format", "csv"])
            .ok(),
    );
    assert_eq!(&header[..4], ["since", "until", "group", "key"]);
    assert_eq!(
        rows.len(),
        1 + 3 + 3 + 3,
        "all, 3 severities, 3 kinds, 3 customers"
    );
    let all = &rows[0];
    assert_eq!(column(&header, all, "since"), "2026-09-30T14:00:00Z");
    assert_eq!(column(&header, all, "responses_met_pct"), "50.0");
    assert_eq!(column(&header, all, "restores_met_pct"), "66.7");
    assert_eq!(column(&header, all, "restore_p90_secs"), "25200");
    let prov = rows
        .iter()
        .find(|r| column(&header, r, "key") == "provisioning")
        .expect("provisioning row");
    assert_eq!(column(&header, prov, "responses_met_pct"), "");
    d.run(&["report", "--since", "2026-11-01", "--until", "2026-10-01"])
        .fails(2);
}

/// At any terminal width the report fits and never breaks a figure: a
/// table where its columns fit whole words, each figure on one line
/// (`80.0% (4/5)` may wrap between its two words, never inside one);
/// below that one block per group, a figure a line.
#[test]
fn the_report_fits_the_terminal_without_breaking_a_figure() {
    let d = october_desk();
    let at = |columns: usize| {
        let run = d
            .cmd()
            .env("COLUMNS", columns.to_string())
            .arg("report")
            .output()
            .expect("run slaclock");
        Run::from(run).ok().to_string()
    };
    let figures = [
        "50.0%", "(3/6)", "80.0%", "(4/5)", "66.7%", "(2/3)", "4h", "7h",
    ];
    for columns in [60, 80, 100, 110, 130, 200] {
        let report = at(columns);
        for line in report.lines() {
            assert!(
                line.chars().count() <= columns,
                "wider than {columns}: {line:?}\n{report}"
            );
        }
        let words: Vec<&str> = report.split_whitespace().collect();
        for figure in figures {
            assert!(words.contains(&figure), "{figure} at {columns}:\n{report}");
        }
        let blocks = report.lines().any(|l| l == "all tickets");
        let table = report.lines().any(|l| l.starts_with("all tickets "));
        assert!(blocks != table, "one layout at {columns}:\n{report}");
        if blocks {
            let all: Vec<&str> = report
                .lines()
                .skip_while(|l| *l != "all tickets")
                .skip(1)
                .take_while(|l| l.starts_with("  "))
                .collect();
            assert!(all.contains(&"  response met     50.0% (3/6)"), "{report}");
            assert!(all.contains(&"  restore p90      7h"), "{report}");
            assert_eq!(all.len(), 11, "{report}");
        }
    }
    // Narrow terminals get blocks, wide ones the table.
    assert!(at(80).lines().any(|l| l == "severity 1"));
    assert!(at(200).lines().any(|l| l.starts_with("severity 1 ")));
}

/// A group's name may be one long word (a customer; Japanese names have
/// no spaces): it wraps in its column rather than turning a wide terminal's
/// table into blocks, and in blocks it wraps to the width.
#[test]
fn a_long_customer_name_wraps_and_keeps_the_table() {
    let d = Desk::new();
    for customer in [
        "Verylongcustomernamewithoutanyspacesatallforsure",
        "株式会社サンプルテクノロジーズホールディングス",
    ] {
        d.run(&[
            "open",
            "--severity",
            "1",
            "--customer",
            customer,
            "--at",
            "1h ago",
            "x",
        ])
        .ok();
    }
    let at = |columns: usize| {
        let run = d
            .cmd()
            .env("COLUMNS", columns.to_string())
            .args(["report", "--by", "customer", "--since", "2026-11-01"])
            .output()
            .expect("run slaclock");
        Run::from(run).ok().to_string()
    };
    use unicode_width::UnicodeWidthStr;
    let wide = at(120);
    assert!(
        wide.lines().any(|l| l.starts_with("all tickets ")),
        "{wide}"
    );
    assert!(wide.contains("Verylongcustomer"), "{wide}");
    let narrow = at(40);
    assert!(narrow.lines().any(|l| l == "all tickets"), "{narrow}");
    for (columns, report) in [(120, &wide), (40, &narrow)] {
        for line in report.lines() {
            assert!(
                line.width() <= columns,
                "wider than {columns}: {line:?}\n{report}"
            );
        }
    }
}

/// The tickets without a customer are a group of their own: never merged
/// with a customer named like the table's label for them, null in JSON,
/// an empty key in CSV, and `(no customer)` or 「（お客様なし）」 in the
/// table, never a label a customer's name could be; in `--policy`'s what-if
/// figures too.
#[test]
fn tickets_without_a_customer_are_not_a_customer_named_none() {
    let d = Desk::new();
    for customer in [Some("(none)"), None, None, Some("ACME")] {
        let mut args = vec!["open", "--severity", "1", "--at", "1h ago"];
        if let Some(c) = customer {
            args.extend(["--customer", c]);
        }
        args.push("x");
        d.run(&args).ok();
    }
    d.run(&["update", "1", "--at", "50m ago"]).ok();
    let args = ["report", "--by", "customer", "--since", "2026-11-01"];
    let r = d.run(&[&args[..], &["--format", "json"]].concat()).json();
    let customers: Vec<(Value, Value)> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["group"] == "customer")
        .map(|r| (r["key"].clone(), r["opened"].clone()))
        .collect();
    assert_eq!(
        customers,
        [
            (Value::Null, Value::from(2)),
            (Value::from("(none)"), Value::from(1)),
            (Value::from("ACME"), Value::from(1)),
        ]
    );
    let (header, rows) = read_csv(d.run(&[&args[..], &["--format", "csv"]].concat()).ok());
    let customers: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| column(&header, r, "group") == "customer")
        .map(|r| (column(&header, r, "key"), column(&header, r, "opened")))
        .collect();
    assert_eq!(customers, [("", "2"), ("(none)", "1"), ("ACME", "1")]);
    // The table's first column: the label, then the opened count.
    let labelled = |table: &str| -> Vec<(String, String)> {
        table
            .lines()
            .filter_map(|l| {
                let label = ["(no customer)", "（お客様なし）", "(none)"]
                    .into_iter()
                    .find(|label| l.starts_with(label))?;
                let opened = l[label.len()..].split_whitespace().next()?;
                Some((label.to_string(), opened.to_string()))
            })
            .collect()
    };
    let en = d.cmd().env("COLUMNS", "200").args(args).output().unwrap();
    assert_eq!(
        labelled(Run::from(en).ok()),
        [
            ("(no customer)".into(), "2".into()),
            ("(none)".into(), "1".into())
        ]
    );
    let ja = d
        .cmd()
        .env("COLUMNS", "200")
        .env("LANG", "ja_JP.UTF-8")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        labelled(Run::from(ja).ok()),
        [
            ("（お客様なし）".into(), "2".into()),
            ("(none)".into(), "1".into())
        ]
    );
    // What if: the same two groups, each figure apart.
    std::fs::write(d.path("same.toml"), slaclock::sla::DEFAULT_POLICY).unwrap();
    let w = d
        .run(&[&args[..], &["--policy", "same.toml", "--format", "json"]].concat())
        .json();
    let met = |key: Value| {
        w["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c["group"] == "customer" && c["key"] == key && c["figure"] == "responses_met_pct"
            })
            .map(|c| c["recorded"].clone())
    };
    // Ticket 1's response was met; 2 and 3, with no customer, breached.
    assert_eq!(met(Value::from("(none)")), Some(Value::from(100.0)));
    assert_eq!(met(Value::Null), Some(Value::from(0.0)));
    let (header, rows) = read_csv(
        d.run(&[&args[..], &["--policy", "same.toml", "--format", "csv"]].concat())
            .ok(),
    );
    let met: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| {
            column(&header, r, "group") == "customer"
                && column(&header, r, "figure") == "responses_met_pct"
        })
        .map(|r| (column(&header, r, "key"), column(&header, r, "recorded")))
        .collect();
    assert_eq!(met, [("", "0.0"), ("(none)", "100.0"), ("ACME", "0.0")]);
}

/// `--by customer` groups a closed period's tickets by the customer the
/// log held at the period's end, as `--by contract` takes the contract
/// then: a correction recorded in the period counts, one recorded after
/// it (an `edit`, or a void of an earlier one) never changes the closed
/// period's report, in the table, JSON, CSV or what if. A period not yet
/// ended groups by the customer now.
#[test]
fn a_closed_months_customers_are_as_they_stood_at_its_end() {
    let mut d = Desk::new();
    let steps: &[(&str, &[&str])] = &[
        (
            "2026-10-05T00:00:00Z",
            &["open", "--severity", "2", "--customer", "Acme", "One"],
        ),
        ("2026-10-05T00:10:00Z", &["update", "1"]),
        ("2026-10-05T01:00:00Z", &["resolve", "1"]),
        (
            "2026-10-06T00:00:00Z",
            &["open", "--severity", "3", "--customer", "Beta", "Two"],
        ),
        (
            "2026-10-07T00:00:00Z",
            &["edit", "2", "--customer", "Gamma"],
        ),
        ("2026-10-08T00:00:00Z", &["edit", "1", "--customer", "ACME"]),
    ];
    for (at, args) in steps {
        d.run_at(at, args).ok();
    }
    std::fs::write(d.path("same.toml"), slaclock::sla::DEFAULT_POLICY).unwrap();
    let october = ["report", "--by", "customer", "--until", "2026-11-01"];
    let outputs = |d: &Desk| -> Vec<String> {
        [
            &["--format", "table"][..],
            &["--format", "json"],
            &["--format", "csv"],
            &["--policy", "same.toml", "--format", "json"],
            &["--policy", "same.toml", "--format", "csv"],
        ]
        .iter()
        .map(|extra| {
            let args = [&october[..], extra].concat();
            let out = d.cmd().env("COLUMNS", "200").args(&args).output().unwrap();
            Run::from(out).ok().to_string()
        })
        .collect()
    };
    d.at("2026-11-03T00:00:00Z");
    let before = outputs(&d);
    let customers = |r: &Value| -> Vec<(String, u64)> {
        r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["group"] == "customer")
            .map(|r| {
                (
                    r["key"].as_str().unwrap().into(),
                    r["opened"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let json: Value = serde_json::from_str(&before[1]).unwrap();
    assert_eq!(
        customers(&json),
        [("ACME".into(), 1), ("Gamma".into(), 1)],
        "{json}"
    );
    // In November: ticket 1 corrected again, ticket 2's correction voided
    // (its timeline's event 2), which gives it back "Beta".
    d.run_at(
        "2026-11-10T00:00:00Z",
        &["edit", "1", "--customer", "Globex"],
    )
    .ok();
    d.run(&["void", "2", "2", "--reason", "Beta was right after all"])
        .ok();
    d.at("2026-11-24T00:00:00Z");
    assert_eq!(outputs(&d), before);
    // From 1 October to now: the customers now.
    let to_date = d
        .run(&[
            "report",
            "--by",
            "customer",
            "--since",
            "2026-10-01",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(
        customers(&to_date),
        [("Beta".into(), 1), ("Globex".into(), 1)],
        "{to_date}"
    );
}

/// A percentage has one decimal, rounded half up, but a share short of
/// the whole never reads 100.0% and one above nothing never 0.0%: an
/// incident that waited 1,999 of its 2,000 seconds waited 99.9% of its
/// time, one that waited 1 second of 2,999 0.1%, in the report's JSON and
/// CSV and in the trend's table.
#[test]
fn a_share_short_of_the_whole_never_reads_100_or_0() {
    let mut d = Desk::new();
    let steps: &[(&str, &[&str])] = &[
        (
            "2026-10-05T00:00:00Z",
            &["open", "--severity", "2", "Long wait"],
        ),
        ("2026-10-05T00:00:01Z", &["wait", "1"]),
        ("2026-10-05T00:33:20Z", &["resume", "1"]),
        ("2026-10-05T00:33:20Z", &["resolve", "1"]),
        (
            "2026-10-06T00:00:00Z",
            &["open", "--severity", "3", "Short wait"],
        ),
        ("2026-10-06T00:00:01Z", &["wait", "2"]),
        ("2026-10-06T00:00:02Z", &["resume", "2"]),
        ("2026-10-06T00:50:00Z", &["resolve", "2"]),
    ];
    for (at, args) in steps {
        d.run_at(at, args).ok();
    }
    d.at("2026-11-24T00:00:00Z");
    let r = d.run(&["report", "--format", "json"]).json();
    let waited = |key: &str| {
        let row = row(&r, "severity", key);
        (row["waiting_secs"].clone(), row["waiting_pct"].clone())
    };
    assert_eq!(waited("2"), (1999.into(), 99.9.into()));
    assert_eq!(waited("3"), (1.into(), 0.1.into()));
    let (header, rows) = read_csv(d.run(&["report", "--format", "csv"]).ok());
    let pct: Vec<&str> = rows
        .iter()
        .filter(|r| column(&header, r, "group") == "severity")
        .map(|r| column(&header, r, "waiting_pct"))
        .collect();
    assert_eq!(pct, ["", "99.9", "0.1"]);
    let trend = d.run(&["report", "--months", "1"]).ok().to_string();
    let last = |sev: &str| {
        trend
            .lines()
            .find(|l| l.split_whitespace().rev().nth(8) == Some(sev))
            .and_then(|l| l.split_whitespace().last())
            .unwrap_or_else(|| panic!("severity {sev} in\n{trend}"))
    };
    assert_eq!((last("2"), last("3")), ("99.9%", "0.1%"), "{trend}");
}

/// The table's footnote says what each percentage counts: response met,
/// restore met (and owned in time, where that column is shown) the
/// tickets whose clock has stopped or breached; updates on time the
/// tickets whose update clock has started, as the README's figure table
/// says; in `report` and `--months`, in English and Japanese.
#[test]
fn the_footnote_says_what_each_percentage_counts() {
    let mut d = october_desk();
    // The output with its lines joined, as the footnote was wrapped.
    let footnote = |d: &Desk, args: &[&str], lang: &str| -> String {
        let out = d
            .cmd()
            .env("COLUMNS", "80")
            .env("LANG", lang)
            .args(args)
            .output()
            .unwrap();
        let out = Run::from(out).ok().to_string();
        // Japanese wraps between any two characters, English between words.
        let gap = if lang.starts_with("ja") { "" } else { " " };
        out.lines().map(str::trim).collect::<Vec<_>>().join(gap)
    };
    let report = footnote(&d, &["report"], "C");
    assert!(
        report.contains(
            "Response met and restore met count the tickets whose clock has stopped or \
             breached; updates on time, the tickets whose update clock has started"
        ),
        "{report}"
    );
    let trend = footnote(&d, &["report", "--months", "1"], "C");
    assert!(
        trend.contains(
            "response met and restore met count the incidents whose clock has stopped or \
             breached; updates on time, those whose update clock has started"
        ),
        "{trend}"
    );
    for text in [&report, &trend] {
        assert!(!text.to_lowercase().contains("percentages count"), "{text}");
    }
    let ja = footnote(&d, &["report"], "ja_JP.UTF-8");
    assert!(
        ja.contains("更新遵守は、更新クロックが始まった（初期応答を送った）チケット"),
        "{ja}"
    );
    assert!(!ja.contains("割合は、クロック"), "{ja}");
    let ja_trend = footnote(&d, &["report", "--months", "1"], "ja_JP.UTF-8");
    assert!(
        ja_trend.contains("更新遵守は更新クロックが始まったインシデント"),
        "{ja_trend}"
    );
    // Owned in time, where a policy sets that target: a ticket opened in
    // November under one, assigned in time.
    let own = slaclock::sla::DEFAULT_POLICY.replace(
        "response = \"15m\"        # initial",
        "own = \"10m\"\nresponse = \"15m\"        # initial",
    );
    std::fs::write(d.path("severity.toml"), own).unwrap();
    d.run_at(
        "2026-11-03T00:00:00Z",
        &["open", "-q", "--severity", "1", "Owned"],
    )
    .ok();
    d.run_at("2026-11-03T00:05:00Z", &["assign", "10", "bob"])
        .ok();
    d.at("2026-11-24T00:00:00Z");
    let owned = footnote(&d, &["report", "--since", "2026-11-01"], "C");
    assert!(
        owned.contains(
            "Response met and restore met count the tickets whose clock has stopped or \
             breached, as does owned in time;"
        ),
        "{owned}"
    );
    let owned_ja = footnote(&d, &["report", "--since", "2026-11-01"], "ja_JP.UTF-8");
    assert!(
        owned_ja.contains("応答達成と復旧達成と担当決定達成は、"),
        "{owned_ja}"
    );
}

/// A period that ends before it starts is refused, naming its end as it
/// was reached: the --until given, or now where none was given (the
/// period then ends now), never an --until that was not given.
#[test]
fn a_since_after_the_periods_end_names_that_end() {
    let d = october_desk();
    let err = d
        .run(&["report", "--since", "2027-01-01"])
        .fails(2)
        .to_string();
    assert_eq!(
        err.trim_end(),
        "error: --since (2027-01-01 00:00 AEST) must be before now (2026-11-24 10:00 AEST), \
         where the period ends when --until is not given; give an earlier --since, or an \
         --until after it"
    );
    refused(
        &d,
        &["report", "--since", "2027-01-01", "--until", "2026-12-01"],
        2,
        &["--since (2027-01-01 00:00 AEST) must be before --until (2026-12-01 00:00 AEST)"],
    );
    // After --until, the period's start is the month's: never after it.
    d.run(&["report", "--until", "2026-12-15"]).ok();
}

/// A customer spelled in another case is the same customer (as
/// `[customers]` and `--customer` match it): one group, named as its
/// first ticket spelled it.
#[test]
fn customers_are_grouped_in_any_case() {
    let mut d = Desk::new();
    for customer in ["ACME", "Acme", "acme corp", "acme"] {
        d.run(&["open", "--severity", "2", "--customer", customer, "x"])
            .ok();
    }
    d.at("2026-11-24T01:00:00Z");
    let (header, rows) = read_csv(
        d.run(&[
            "report",
            "--since",
            "2026-11-24",
            "--by",
            "customer",
            "--format",
            "csv",
        ])
        .ok(),
    );
    let groups: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| column(&header, r, "group") == "customer")
        .map(|r| (column(&header, r, "key"), column(&header, r, "opened")))
        .collect();
    assert_eq!(groups, [("ACME", "3"), ("acme corp", "1")]);
}
