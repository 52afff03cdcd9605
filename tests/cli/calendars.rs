//! Targets counted on business calendars, as a person reads them: every
//! clock's target in `status` and the write commands' echoes is labelled
//! by the calendar it is counted on, as `policy show` labels it, in both
//! languages.

use slaclock::sla::DEFAULT_POLICY;

use crate::util::{Desk, ja};

const WEEK: &str = "mon = [\"09:00-18:00\"]\ntue = [\"09:00-18:00\"]\nwed = [\"09:00-18:00\"]\nthu = [\"09:00-18:00\"]\nfri = [\"09:00-18:00\"]\n";

/// The shipped policy with severity 3's response counted on Tokyo's
/// hours, and an India contract whose severity 2 responds on Kolkata's
/// hours and updates on Tokyo's.
fn policy() -> String {
    let base = DEFAULT_POLICY.replace(
        "response = \"30m\"\n",
        "response = { target = \"2h\", calendar = \"tokyo\" }\n",
    );
    assert_ne!(base, DEFAULT_POLICY, "severity 3's response moved to Tokyo");
    format!(
        "{base}\n[calendars.tokyo]\ntimezone = \"Asia/Tokyo\"\n{WEEK}\n[calendars.kolkata]\ntimezone = \"Asia/Kolkata\"\n{WEEK}\n[contracts.india.severity.2]\nresponse = {{ target = \"1h\", calendar = \"kolkata\" }}\nupdate = {{ target = \"3h\", calendar = \"tokyo\" }}\n\n[customers]\n\"Indo\" = \"india\"\n"
    )
}

/// The clock table's row for `clock`, its runs of spaces made one.
fn row(out: &str, clock: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.starts_with(&format!("{clock} ")))
        .unwrap_or_else(|| panic!("no {clock} row in:\n{out}"));
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_clock_names_the_calendar_it_counts_on() {
    let d = Desk::new();
    std::fs::write(d.path("severity.toml"), policy()).unwrap();
    // Tuesday 10:00 in Brisbane: 09:00 in Tokyo, 05:30 in Kolkata.
    let out = d
        .run(&["open", "--severity", "3", "Portal slow"])
        .ok()
        .to_string();
    assert_eq!(
        row(&out, "response"),
        "response running 2h (tokyo hours) 12:00 (in 2h)"
    );
    assert_eq!(
        row(&out, "restore"),
        "restore running 48h (business hours) Wed 02 Dec 10:00 (in 8d)"
    );
    let out = d
        .run(&["open", "--severity", "2", "--customer", "Indo", "Jitter"])
        .ok()
        .to_string();
    assert_eq!(
        row(&out, "response"),
        "response running 1h (kolkata hours) 14:30 (in 4h 30m)"
    );
    // A 24x7 target stays bare.
    assert_eq!(
        row(&out, "restore"),
        "restore running 24h Wed 25 Nov 10:00 (in 1d)"
    );
    let out = d.run(&["update", "2", "-m", "Looking"]).ok().to_string();
    assert_eq!(
        row(&out, "update"),
        "update running 3h (tokyo hours) 13:00 (in 3h)"
    );
    let out = d.run(&["status", "2"]).ok().to_string();
    assert_eq!(
        row(&out, "response"),
        "response met 1h (kolkata hours) met, 1h to spare"
    );
    assert_eq!(
        row(&out, "update"),
        "update running 3h (tokyo hours) 13:00 (in 3h)"
    );
    // `policy show` says the same of the contract's targets.
    let show = d
        .run(&["policy", "show", "--contract", "india"])
        .ok()
        .to_string();
    assert!(
        show.contains("1h (kolkata hours)") && show.contains("3h (tokyo hours)"),
        "{show}"
    );
    let out = ja(&d, &["status", "2"]).ok().to_string();
    for want in ["1時間（kolkataの営業時間）", "3時間（tokyoの営業時間）"] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    assert!(!out.contains("24時間（"), "{out}");
}

/// With `severity_change = "restart"`, a breach is never erased: the
/// restore clock keeps severity 3's 48 business hours after a raise to
/// severity 1, and says so, though severity 1's restore is 24x7.
#[test]
fn a_breach_kept_through_a_restart_keeps_its_calendar() {
    let mut d = Desk::new();
    let restart = DEFAULT_POLICY.replace(
        "severity_change = \"retroactive\"",
        "severity_change = \"restart\"",
    );
    assert_ne!(restart, DEFAULT_POLICY);
    std::fs::write(d.path("severity.toml"), restart).unwrap();
    d.run(&["open", "--severity", "3", "Portal slow"]).ok();
    // Friday 4 December, 10:00: two days past Wednesday's deadline.
    d.at("2026-12-04T00:00:00Z");
    let out = d
        .run(&["severity", "1", "1", "--reason", "now down"])
        .ok()
        .to_string();
    assert_eq!(
        row(&out, "restore"),
        "restore breached 48h (business hours) Wed 02 Dec 10:00 (2d overdue)"
    );
    let out = d.run(&["status", "1"]).ok().to_string();
    assert!(
        row(&out, "restore").starts_with("restore breached 48h (business hours) "),
        "{out}"
    );
}

/// A calendar open one minute a week: 366 days of it take some 10,000
/// years, past the year 9999 that RFC 3339 (and so JSON and CSV) writes.
/// `policy check` refuses any target or threshold that could take more
/// than ten years to reach on its calendar, naming both.
#[test]
fn a_target_that_could_take_a_decade_is_refused_with_its_calendar() {
    let d = Desk::new();
    let minute = "\n[calendars.sunday]\ntimezone = \"UTC\"\nsun = [\"00:00-00:01\"]\n";
    let restore = "restore = { target = \"48h\", calendar = \"business\" }";
    let far = DEFAULT_POLICY.replace(
        restore,
        "restore = { target = \"366days\", calendar = \"sunday\" }",
    );
    assert_ne!(far, DEFAULT_POLICY);
    std::fs::write(d.path("far.toml"), format!("{far}{minute}")).unwrap();
    let line = far
        .lines()
        .position(|l| l.contains("366days"))
        .expect("the target")
        + 1;
    let err = d.run(&["policy", "check", "far.toml"]).fails(1).to_string();
    assert_eq!(
        err,
        format!(
            "far.toml:{line}:22: severity.3.restore: \"366days\" counted on calendar \"sunday\" could take more than 10 years to reach; keep it within 10 years: shorten it, or give the calendar more open hours\n"
        )
    );
    let err = ja(&d, &["policy", "check", "far.toml"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("カレンダー \"sunday\" で \"366days\" を数えると、達するまでに10年を超えることがあります"),
        "{err}"
    );
    // An hour a week for a year is fine: about 60 weeks.
    let near = DEFAULT_POLICY.replace(
        restore,
        "restore = { target = \"1h\", calendar = \"sunday\" }",
    );
    std::fs::write(d.path("near.toml"), format!("{near}{minute}")).unwrap();
    d.run(&["policy", "check", "near.toml"]).ok();
    // A contract's override, and a threshold counted on the restore
    // clock's calendar, the same.
    let contract = format!(
        "{near}{minute}\n[contracts.slow]\nseverity.2.restore = {{ target = \"200days\", calendar = \"sunday\" }}\n"
    );
    std::fs::write(d.path("contract.toml"), contract).unwrap();
    let err = d
        .run(&["policy", "check", "contract.toml"])
        .fails(1)
        .to_string();
    assert!(
        err.contains(": contracts.slow.severity.2.restore: \"200days\" counted on calendar \"sunday\" could take more than 10 years"),
        "{err}"
    );
    let threshold = near.replace(
        "after = { 1 = \"12h\", 2 = \"48h\" }",
        "after = { 1 = \"12h\", 2 = \"48h\", 3 = \"300days\" }",
    );
    assert_ne!(threshold, near);
    std::fs::write(d.path("threshold.toml"), format!("{threshold}{minute}")).unwrap();
    let err = d
        .run(&["policy", "check", "threshold.toml"])
        .fails(1)
        .to_string();
    assert!(
        err.contains(": escalation level 3: \"300days\" counted on calendar \"sunday\" could take more than 10 years"),
        "{err}"
    );
}
