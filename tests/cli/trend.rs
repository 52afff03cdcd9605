//! `report --months N`: the trend, one row per month and severity, each
//! month exactly what `report` on that month alone prints; as a table that
//! fits 80 columns, JSON and CSV; and the flags it cannot be given with.

use serde_json::Value;

use super::report::october_desk;
use super::util::*;

/// October's desk (see `report.rs`) with September and August tickets, run
/// on 24 November: August, September and October are the last three months.
fn three_months() -> Desk {
    let mut d = october_desk();
    let steps: &[(&str, &[&str])] = &[
        // August: a severity 2 answered late and resolved within its day.
        (
            "2026-08-10T00:00:00Z",
            &["open", "--severity", "2", "--customer", "ACME", "August"],
        ),
        ("2026-08-10T00:20:00Z", &["update", "10"]),
        ("2026-08-10T05:00:00Z", &["resolve", "10"]),
        // September: a severity 1 that waited on the customer for an hour,
        // and a severity 3 still open at the end of the month.
        (
            "2026-09-07T00:00:00Z",
            &["open", "--severity", "1", "--customer", "Beta", "September"],
        ),
        ("2026-09-07T00:05:00Z", &["update", "11"]),
        ("2026-09-07T00:30:00Z", &["wait", "11"]),
        ("2026-09-07T01:30:00Z", &["resume", "11"]),
        ("2026-09-07T01:40:00Z", &["update", "11"]),
        ("2026-09-07T03:30:00Z", &["resolve", "11"]),
        (
            "2026-09-20T00:00:00Z",
            &["open", "--severity", "3", "Still open"],
        ),
        ("2026-09-20T00:10:00Z", &["update", "12"]),
    ];
    for (at, args) in steps {
        d.run_at(at, args).ok();
    }
    d.at("2026-11-24T00:00:00Z");
    d
}

#[test]
fn each_month_equals_the_report_of_that_month_alone() {
    let d = three_months();
    let trend = d
        .run(&["report", "--months", "3", "--format", "json"])
        .json();
    assert_eq!(trend["since"], "2026-07-31T14:00:00Z");
    assert_eq!(trend["until"], "2026-10-31T14:00:00Z");
    let rows = trend["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3 * 3, "three months, three severities");
    let months = [
        ("2026-08", "2026-08-01", "2026-09-01"),
        ("2026-09", "2026-09-01", "2026-10-01"),
        ("2026-10", "2026-10-01", "2026-11-01"),
    ];
    let mut opened = 0;
    for (i, (month, since, until)) in months.iter().enumerate() {
        let alone = d
            .run(&[
                "report", "--since", since, "--until", until, "--format", "json",
            ])
            .json();
        for severity in 1..=3u8 {
            let row = &rows[i * 3 + usize::from(severity) - 1];
            assert_eq!(row["month"], *month);
            assert_eq!(row["severity"], severity);
            for field in ["since", "until", "evaluated_at"] {
                assert_eq!(row[field], alone[field], "{month} {field}");
            }
            let expected = alone["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| {
                    r["group"] == "severity" && r["key"].as_str() == Some(&severity.to_string())
                })
                .expect("the severity row");
            let mut figures = expected.as_object().unwrap().clone();
            figures.remove("group");
            figures.remove("key");
            for (name, value) in &figures {
                assert_eq!(&row[name], value, "{month} severity {severity}: {name}");
            }
            opened += row["opened"].as_u64().unwrap();
        }
    }
    // August 1; September 3 (ticket 1 opened at 23:59 on 30 September in
    // Brisbane); October's five incidents.
    assert_eq!(opened, 1 + 3 + 5);
    // September's severity 1: an hour of its 3.5 waiting on the customer.
    let sept_1 = &rows[3];
    assert_eq!(
        (&sept_1["waiting_secs"], &sept_1["elapsed_secs"]),
        (&Value::from(3600), &Value::from(12600))
    );
    assert_eq!(sept_1["waiting_pct"], 28.6);
    // August's severity 2: response late, so 0% met.
    assert_eq!(rows[1]["responses_met_pct"], 0.0);
}

#[test]
fn the_trend_defaults_to_twelve_months_ending_with_last_month() {
    let d = three_months();
    let trend = d.run(&["report", "--months", "--format", "json"]).json();
    let rows = trend["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12 * 3);
    assert_eq!(rows[0]["month"], "2025-11");
    assert_eq!(rows[35]["month"], "2026-10");
    assert_eq!(rows[0]["opened"], 0);
    assert_eq!(rows[0]["responses_met_pct"], Value::Null);
}

#[test]
fn the_trend_as_csv_and_as_a_table_of_80_columns() {
    let d = three_months();
    let (header, rows) = read_csv(d.run(&["report", "--months", "3", "--format", "csv"]).ok());
    assert_eq!(
        &header[..6],
        [
            "month",
            "since",
            "until",
            "evaluated_at",
            "severity",
            "opened"
        ]
    );
    assert_eq!(rows.len(), 9);
    let oct_1 = &rows[6];
    assert_eq!(column(&header, oct_1, "month"), "2026-10");
    assert_eq!(column(&header, oct_1, "severity"), "1");
    assert_eq!(column(&header, oct_1, "responses_met_pct"), "33.3");
    assert_eq!(column(&header, oct_1, "restore_p90_secs"), "25200");
    assert_eq!(
        column(&header, &rows[4], "restores_met_pct"),
        "",
        "no sev 2 restore judged in September"
    );

    let run = Run::from(
        d.cmd()
            .env("COLUMNS", "80")
            .args(["report", "--months", "3"])
            .output()
            .unwrap(),
    );
    let table = run.ok();
    for line in table.lines() {
        assert!(
            unicode_width(line) <= 80,
            "wider than 80 columns: {line:?}\n{table}"
        );
    }
    assert!(
        table.starts_with("Incidents reported from 2026-08-01 00:00 AEST to 2026-11-01 00:00 AEST"),
        "{table}"
    );
    let october = table
        .lines()
        .find(|l| l.starts_with("2026-10"))
        .expect("October's first line");
    for figure in ["33.3%", "50.0%", "1h", "7h"] {
        assert!(october.contains(figure), "{figure} in {october}\n{table}");
    }
}

fn unicode_width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn months_cannot_be_given_with_a_period_or_a_breakdown() {
    let d = three_months();
    for args in [
        &["report", "--months", "3", "--since", "2026-10-01"][..],
        &["report", "--months", "3", "--until", "2026-10-01"],
        &["report", "--months", "--by", "customer"],
        &["report", "--months", "0"],
        &["report", "--months", "121"],
        &["report", "--months", "twelve"],
    ] {
        let run = Run::from(
            d.cmd()
                .env_remove("RUST_BACKTRACE")
                .args(args)
                .output()
                .unwrap(),
        );
        let err = run.fails(2);
        assert!(err.contains("--months"), "{args:?}: {err}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
}
