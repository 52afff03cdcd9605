//! Unit tests of the policy: parsing, every refusal with its place, and the
//! shipped file.
//!
//! Over 600 lines: tests only, one per rule of the policy file and per
//! refusal with its place; kept together so the file's rules are read in
//! one place.

use super::*;
use crate::sla::Tz;

fn errors(text: &str) -> Vec<PolicyError> {
    match text.parse::<Policy>() {
        Ok(_) => panic!("policy was accepted:\n{text}"),
        Err(e) => e.0,
    }
}

/// `text` with the severity tables it does not have, complete with the
/// shipped targets: for tests about something other than completeness.
fn with_targets(text: &str) -> String {
    let mut out = text.to_string();
    for (sev, (r, u, x)) in Severity::ALL.into_iter().zip(SHIPPED_TARGETS) {
        if !text.contains(&format!("[severity.{sev}]")) {
            out.push_str(&format!(
                "\n[severity.{sev}]\nresponse = \"{r}\"\nupdate = \"{u}\"\nrestore = \"{x}\"\n"
            ));
        }
    }
    out
}

/// The one error of `text`, as (line, column, message).
fn error(text: &str) -> (usize, usize, String) {
    let e = errors(text);
    assert_eq!(e.len(), 1, "{e:?}");
    (e[0].line, e[0].column, e[0].message.to_string())
}

#[test]
fn embedded_default_is_the_published_table() {
    let p = Policy::default_policy();
    let m = 60;
    let h = 3600;
    // (severity, response, update, restore, restore counted on business hours)
    let table = [
        (1, 15 * m, 30 * m, 6 * h, false),
        (2, 15 * m, 60 * m, 24 * h, false),
        (3, 30 * m, 4 * h, 48 * h, true),
    ];
    assert_eq!(p.severities.len(), 3);
    for (sev, response, update, restore, business) in table {
        let t = &p.severities[&Severity::new(sev).unwrap()];
        assert_eq!(
            t.response,
            Some(Target {
                secs: response,
                calendar: 0
            }),
            "severity {sev}"
        );
        assert_eq!(
            t.update,
            Some(Target {
                secs: update,
                calendar: 0
            }),
            "severity {sev}"
        );
        let r = t.restore.as_ref().unwrap();
        assert_eq!(r.secs, restore, "severity {sev}");
        assert_eq!(
            p.calendar(r).name() == "business",
            business,
            "severity {sev}"
        );
    }
    let Calendar::Business(b) = p.calendar_named("business").unwrap() else {
        panic!()
    };
    assert_eq!(b.timezone(), Tz::named("Australia/Brisbane").unwrap());
    assert_eq!(b.week_secs(), 5 * 8 * h);
    assert_eq!(p.provisioning.response, None);
    assert_eq!(p.provisioning.update, None);
    assert_eq!(p.severity_change, SeverityChange::Retroactive);
    assert_eq!(
        p.pauses,
        Pauses {
            response: false,
            update: true,
            restore: true
        }
    );
    assert_eq!(p.remind_after_secs, 24 * h);
    type Row<'a> = (u8, Option<&'a i64>, Option<&'a i64>, Option<&'a i64>);
    let path: Vec<Row> = p
        .escalation
        .iter()
        .map(|l| {
            (
                l.level,
                l.after.get(&Severity::S1),
                l.after.get(&Severity::S2),
                l.after.get(&Severity::S3),
            )
        })
        .collect();
    assert_eq!(
        path,
        vec![
            (1, Some(&(2 * h)), Some(&(12 * h)), None),
            (2, Some(&(6 * h)), Some(&(24 * h)), None),
            (3, Some(&(12 * h)), Some(&(48 * h)), None)
        ]
    );
    assert!(
        p.escalation[0]
            .contact
            .starts_with("Customer Support and Operations Manager")
    );
    assert!(
        p.escalation[1]
            .contact
            .starts_with("Head of Customer and Network Services")
    );
    assert!(
        p.escalation[2]
            .contact
            .starts_with("Chief Operating Officer")
    );
    assert!(
        p.escalation
            .iter()
            .all(|l| l.contact.contains("@example.com"))
    );
    assert!(p.referrals["billing"].contains("Accounts Receivable"));
    assert!(p.referrals["sales"].contains("Sales"));
}

#[test]
fn time_to_own_is_optional_and_checked_like_any_target() {
    let p = Policy::default_policy();
    assert!(
        p.severities.values().all(|t| t.own.is_none()),
        "shipped: none"
    );
    assert_eq!(p.provisioning.own, None);
    let p: Policy = with_targets(
        "[severity.1]\nresponse = \"15m\"\nupdate = \"30m\"\nrestore = \"6h\"\nown = \"10m\"\n[provisioning]\nown = { target = \"1h\", calendar = \"24x7\" }\n",
    )
    .parse()
    .unwrap();
    assert_eq!(
        p.severities[&Severity::S1].own,
        Some(Target {
            secs: 600,
            calendar: 0
        })
    );
    assert_eq!(p.severities[&Severity::S2].own, None);
    assert_eq!(p.provisioning.own.as_ref().map(|t| t.secs), Some(3600));
    assert_eq!(
        p.target(Kind::Incident, Some(Severity::S1), ClockKind::Own),
        p.severities[&Severity::S1].own.as_ref()
    );
    // Refused as any target is, with its place and name.
    let own = |value: &str| {
        error(&with_targets(&format!(
            "[severity.2]\nresponse = \"15m\"\nupdate = \"1h\"\nrestore = \"1d\"\nown = {value}\n"
        )))
    };
    let (line, col, msg) = own("\"0m\"");
    assert_eq!((line, col), (5, 7));
    assert_eq!(
        msg,
        "severity.2.own: \"0m\" is zero; a target, threshold or repeat interval must be at least one second"
    );
    assert!(
        own("\"soon\"")
            .2
            .starts_with("severity.2.own: \"soon\" is not a duration"),
        "{:?}",
        own("\"soon\"")
    );
    assert!(own("\"400days\"").2.contains("longer than 366 days"));
    let (_, _, msg) = own("{ target = \"1h\", calendar = \"office\" }");
    assert_eq!(
        msg,
        "severity.2.own: no calendar named \"office\"; known: 24x7"
    );
    let (line, _, msg) = error(&with_targets(
        "[severity.3]\nresponse = \"30m\"\nupdate = \"4h\"\nrestore = \"2d\"\nowner = \"1h\"\n",
    ));
    assert_eq!(line, 5);
    assert!(msg.contains("owner"), "a typo is not dropped: {msg}");
}

#[test]
fn remind_after_is_read_placed_and_defaults_to_a_day() {
    let parsed = |waiting: &str| -> Policy { with_targets(waiting).parse().unwrap() };
    let p = parsed("[waiting]\nremind_after = \"8h\"\n");
    assert_eq!(p.remind_after_secs, 8 * 3600);
    // Without `pauses`, the table keeps the default pauses.
    assert_eq!(p.pauses, parsed("").pauses);
    assert_eq!(parsed("").remind_after_secs, DEFAULT_REMIND_AFTER_SECS);
    let p = parsed("[waiting]\npauses = [\"restore\"]\n");
    assert_eq!(p.remind_after_secs, DEFAULT_REMIND_AFTER_SECS);
    assert!(!p.pauses.update);
    let e = errors(&with_targets(
        "[waiting]\npauses = [\"update\"]\nremind_after = \"400days\"\n",
    ));
    let shown = PolicyErrors(e).with_file("severity.toml");
    assert!(
        shown.starts_with(
            "severity.toml:3:16: waiting.remind_after: \"400days\" is longer than 366 days"
        ),
        "{shown}"
    );
    let (line, _, msg) = error(&with_targets("[waiting]\nremind_aftr = \"8h\"\n"));
    assert_eq!(line, 2);
    assert_eq!(
        msg,
        "unknown key \"remind_aftr\" in [waiting]; did you mean \"remind_after\"?"
    );
}

#[test]
fn syntax_errors_name_the_line_and_column() {
    let (line, col, msg) = error("[severity.1]\nresponse = \"15m\nupdate = \"30m\"\n");
    assert_eq!((line, col), (2, 16), "{msg}");
}

#[test]
fn unknown_keys_are_errors_not_silently_dropped() {
    let (line, col, msg) = error(&with_targets(
        "[severity.3]\nresponse = \"30m\"\nupdate = \"4h\"\n\
         restore = { target = \"48h\", calender = \"business\" }\n",
    ));
    assert_eq!((line, col), (4, 29));
    assert_eq!(
        msg,
        "unknown key \"calender\" in [severity.3.restore]; did you mean \"calendar\"?"
    );
    let (_, _, msg) = error(&with_targets("colour = \"red\"\n"));
    assert_eq!(
        msg,
        "unknown key \"colour\" at the top level of the file; the keys there are severity_change, waiting, calendars, severity, provisioning, escalation, referrals, contracts, customers"
    );
}

/// Every problem of a file in one run: each unknown key (serde would stop
/// at the first), and what the rest of the file lacks without them; but a
/// key told as a slip of another is that other's one problem, not told
/// again as missing.
#[test]
fn every_unknown_key_and_every_other_problem_is_told_at_once() {
    let e = errors("[severity.1]\nresponse = \"15m\"\nupdat = \"30m\"\nrestor = \"6h\"\nfoo = 1\n");
    let told: Vec<(usize, String)> = e.iter().map(|e| (e.line, e.message.to_string())).collect();
    let has = |line: usize, words: &str| told.iter().any(|(l, m)| *l == line && m.contains(words));
    assert!(
        has(
            3,
            "unknown key \"updat\" in [severity.1]; did you mean \"update\"?"
        ),
        "{told:?}"
    );
    assert!(
        has(
            4,
            "unknown key \"restor\" in [severity.1]; did you mean \"restore\"?"
        ),
        "{told:?}"
    );
    assert!(has(5, "unknown key \"foo\" in [severity.1]"), "{told:?}");
    assert!(
        !told.iter().any(|(_, m)| m.contains("severity 1 has no")),
        "{told:?}"
    );
    assert!(
        told.iter().any(|(_, m)| m.contains("severity 2")),
        "{told:?}"
    );
    assert!(
        told.iter().any(|(_, m)| m.contains("severity 3")),
        "{told:?}"
    );
    assert_eq!(told.len(), 5, "{told:?}");
}

#[test]
fn wrong_types_are_explained() {
    let (line, _, msg) = error("[[escalation]]\nlevel = \"one\"\ncontact = \"x\"\n");
    assert_eq!(line, 2);
    assert!(msg.contains("expected a whole number"), "{msg}");
}

#[test]
fn impossible_policies_are_refused() {
    let cal = |body: &str| format!("[calendars.b]\ntimezone = \"Australia/Brisbane\"\n{body}\n");
    // (case, policy text, line of the error, words the message must hold)
    let cases: Vec<(&str, String, usize, &str)> = vec![
        ("no open hour", cal(""), 1, "no open hour"),
        ("reversed interval", cal("mon = [\"17:00-09:00\"]"), 3, "ends before it starts"),
        ("overlapping intervals", cal("mon = [\"09:00-13:00\", \"12:00-17:00\"]"), 3, "overlaps"),
        ("time past midnight", cal("mon = [\"09:00-24:30\"]"), 3, "HH:MM"),
        ("unknown zone", "[calendars.b]\ntimezone = \"Mars/Olympus\"\nmon = [\"09:00-17:00\"]\n".into(), 2, "IANA"),
        ("bad holiday", cal("mon = [\"09:00-17:00\"]\nholidays = [\"2026-13-01\"]"), 4, "YYYY-MM-DD"),
        ("zero target", "[severity.1]\nresponse = \"0m\"\n".into(), 2, "zero"),
        ("not a duration", "[severity.1]\nresponse = \"soon\"\n".into(), 2, "not a duration"),
        ("negative target", "[severity.1]\nresponse = \"-5m\"\n".into(), 2, "severity.1.response: \"-5m\" is negative"),
        // serde's errors of type, named by their key, with the form that is right.
        ("a day's hours not a list", cal("mon = \"09:00-17:00\""), 3, "calendars.b.mon: invalid type: string \"09:00-17:00\", expected a list; write it like mon = ["),
        ("holidays not a list", cal("mon = [\"09:00-17:00\"]\nholidays = \"2026-12-25\""), 4, "calendars.b.holidays: invalid type"),
        ("pauses not a list", "[waiting]\npauses = \"update\"\n".into(), 2, "waiting.pauses: invalid type: string \"update\", expected a list; write it like pauses = [\"update\", \"restore\"]"),
        ("thresholds not a table", "[[escalation]]\nlevel = 1\ncontact = \"x\"\nafter = \"2h\"\n".into(), 4, "escalation.after: invalid type: string \"2h\", expected a table; write it like after = { 1 = \"2h\""),
        ("a target's table without its target", "[severity.3]\nrestore = { calendar = \"business\" }\n".into(), 2, "severity.3.restore: missing field `target`; write it like"),
        ("a contract's level as a table", "[contracts.p]\nescalation.1 = { contact = \"x\", after = \"1h\" }\n".into(), 2, "contracts.p.escalation.1: invalid type: map, expected a string; write it like escalation.1 = \""),
        ("a table given twice", "[severity.1]\nresponse = \"15m\"\n[severity.1]\nupdate = \"30m\"\n".into(), 3, "table [severity.1] is given twice"),
        ("a negative target with a Unicode minus", "[severity.1]\nresponse = \"\u{2212}5m\"\n".into(), 2, "is negative"),
        ("a customer named like a day", "[customers]\nmon = [\"premium\"]\n".into(), 2, "customers.mon: invalid type: sequence, expected a string"),
        ("a key given twice", "[severity.1]\nresponse = \"15m\"\nresponse = \"10m\"\n".into(), 3, "duplicate key \"response\": a key may be given once"),
        ("unknown calendar", "[severity.3]\nrestore = { target = \"48h\", calendar = \"office\" }\n".into(), 2, "no calendar named"),
        ("severity 4", "[severity.4]\nresponse = \"1h\"\n".into(), 1, "not a severity"),
        ("levels not starting at 1", "[[escalation]]\nlevel = 2\ncontact = \"x\"\n".into(), 2, "should be 1"),
        (
            "duplicated level",
            "[[escalation]]\nlevel = 1\ncontact = \"x\"\n[[escalation]]\nlevel = 1\ncontact = \"y\"\n".into(),
            5,
            "should be 2",
        ),
        (
            "thresholds that do not grow",
            "[[escalation]]\nlevel = 1\ncontact = \"x\"\nafter = { 1 = \"2h\" }\n[[escalation]]\nlevel = 2\ncontact = \"y\"\nafter = { 1 = \"2h\" }\n".into(),
            8,
            "must grow",
        ),
        (
            "thresholds that shrink past a level that skips the severity",
            "[[escalation]]\nlevel = 1\ncontact = \"x\"\nafter = { 1 = \"2h\" }\n[[escalation]]\nlevel = 2\ncontact = \"y\"\nafter = { 2 = \"12h\" }\n[[escalation]]\nlevel = 3\ncontact = \"z\"\nafter = { 1 = \"1h\" }\n".into(),
            12,
            "not later than level 1",
        ),
        ("unknown pause", "[waiting]\npauses = [\"restore\", \"respnse\"]\n".into(), 2, "respnse"),
        ("remind_after not a duration", "[waiting]\nremind_after = \"a day\"\n".into(), 2, "waiting.remind_after: \"a day\" is not a duration"),
        ("zero remind_after", "[waiting]\npauses = []\nremind_after = \"0s\"\n".into(), 3, "waiting.remind_after: \"0s\" is zero"),
        ("unknown severity_change", "severity_change = \"sometimes\"\n".into(), 1, "retroactive"),
        ("restore for provisioning", "[provisioning]\nrestore = \"1h\"\n".into(), 2, "incidents only"),
    ];
    // A customer named like a day is not given a day's example.
    let e = errors("[customers]\nmon = [\"premium\"]\n");
    assert!(!e[0].message.to_string().contains("09:00"), "{e:?}");
    for (case, text, line, words) in cases {
        let e = errors(&text);
        assert_eq!(e[0].line, line, "{case}: {e:?}");
        assert!(
            e[0].message.to_string().contains(words),
            "{case}: {:?}",
            e[0].message
        );
    }
}

#[test]
fn every_problem_is_listed_in_file_order() {
    let e = errors(&with_targets(
        "[severity.1]\nresponse = \"0m\"\nupdate = \"soon\"\nrestore = \"6h\"\n[severity.2]\nresponse = \"15m\"\nupdate = \"1h\"\nrestore = \"0h\"\n",
    ));
    let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 8]);
    let shown = PolicyErrors(e).with_file("severity.toml");
    assert!(
        shown.starts_with("severity.toml:2:12: severity.1.response:"),
        "{shown}"
    );
}

#[test]
fn a_24x7_calendar_cannot_be_redefined_but_need_not_be() {
    assert!(
        error(&with_targets(
            "[calendars.24x7]\ntimezone = \"UTC\"\nmon = [\"00:00-24:00\"]\n"
        ))
        .2
        .contains("built in")
    );
    let p: Policy = with_targets(
        "[severity.3]\nresponse = \"30m\"\nupdate = \"4h\"\nrestore = { target = \"1h\", calendar = \"24x7\" }\n",
    )
    .parse()
    .unwrap();
    assert_eq!(
        p.severities[&Severity::S3].restore,
        Some(Target {
            secs: 3600,
            calendar: 0
        })
    );
}

#[test]
fn japanese_text_in_names_and_contacts_is_kept() {
    let p: Policy = with_targets("[severity.1]\nname = \"サービスの損失\"\nresponse = \"15m\"\nupdate = \"30m\"\nrestore = \"6h\"\n[[escalation]]\nlevel = 1\ncontact = \"カスタマーサポート <esc@example.com>\"\n")
        .parse()
        .unwrap();
    assert_eq!(p.severities[&Severity::S1].name, "サービスの損失");
    assert_eq!(
        p.escalation[0].contact,
        "カスタマーサポート <esc@example.com>"
    );
    // Columns count characters, not bytes.
    let (line, col, _) = error(&with_targets(
        "[severity.1]\nname = \"損失\"\nresponse = \"0m\"\nupdate = \"30m\"\nrestore = \"6h\"\n",
    ));
    assert_eq!((line, col), (3, 12));
}

/// Where the policy's meaning ends in `text`: the end of its last line
/// that is not blank or a comment, without that line's own comment.
fn meaning_ends(text: &str) -> usize {
    let mut end = 0;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("").trim_end();
        if !content.trim().is_empty() {
            end = start + content.len();
        }
        start += line.len();
    }
    end
}

#[test]
fn every_truncation_of_the_shipped_file_is_refused_or_whole() {
    let full = Policy::default_policy();
    // The last line of meaning holds no '#' inside a string, so
    // `meaning_ends` reads it right.
    let last = DEFAULT_POLICY[..meaning_ends(DEFAULT_POLICY)]
        .lines()
        .last()
        .unwrap();
    assert!(!last.contains('#'), "{last}");
    // Also with trailing comments, which a cut may drop freely.
    let commented = format!("{DEFAULT_POLICY}\n# A trailing comment.\n# Another one.\n");
    for text in [DEFAULT_POLICY, commented.as_str()] {
        let ends = meaning_ends(text);
        let lines: Vec<usize> = text
            .split_inclusive('\n')
            .scan(0, |at, l| {
                *at += l.len();
                Some(*at)
            })
            .collect();
        let cuts = std::iter::once(0)
            .chain(lines)
            .chain((0..text.len()).step_by(64))
            .chain([text.len()]);
        let (mut refused, mut whole) = (0, 0);
        for cut in cuts {
            let part = &text.as_bytes()[..cut];
            match policy_text(part).and_then(str::parse::<Policy>) {
                Ok(p) => {
                    assert_eq!(p, full, "cut at byte {cut} gave another policy");
                    whole += 1;
                }
                Err(e) => {
                    assert!(!e.0.is_empty());
                    refused += 1;
                }
            }
            // Refused exactly when the cut takes some of the policy's meaning.
            assert_eq!(
                cut >= ends,
                policy_text(part).and_then(str::parse::<Policy>).is_ok(),
                "cut at byte {cut} (meaning ends at {ends}):\n...{}",
                &text[cut.saturating_sub(80)..cut]
            );
        }
        assert!(
            refused > 100 && whole >= 1,
            "{refused} refused, {whole} whole"
        );
    }
}

#[test]
fn an_incomplete_policy_says_what_is_missing_and_where() {
    // An empty file: every severity, at the end of the file.
    let e = errors("");
    assert_eq!(e.len(), 3, "{e:?}");
    assert_eq!((e[0].line, e[0].column), (1, 1));
    assert_eq!(
        e[1].message.to_string(),
        "severity 2 has no targets; add a [severity.2] table with response = \"15m\", update = \"60m\" and restore = \"24h\""
    );
    // Only [severity.1]: its keys after the header, the others at the end.
    let e = errors("# policy\n[severity.1]\n");
    let told: Vec<String> = e.iter().map(|e| e.message.to_string()).collect();
    let shown: Vec<(usize, usize, &str)> = e
        .iter()
        .zip(&told)
        .map(|(e, m)| (e.line, e.column, m.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                3,
                1,
                "severity 1 has no response, update or restore target; add response = \"15m\", update = \"30m\" and restore = \"6h\""
            ),
            (
                3,
                1,
                "severity 2 has no targets; add a [severity.2] table with response = \"15m\", update = \"60m\" and restore = \"24h\""
            ),
            (
                3,
                1,
                "severity 3 has no targets; add a [severity.3] table with response = \"30m\", update = \"4h\" and restore = \"48h\""
            ),
        ]
    );
    // One target left out of the shipped file: the line it was on.
    let line = DEFAULT_POLICY
        .lines()
        .position(|l| l == "restore = \"24h\"")
        .unwrap()
        + 1;
    let text = DEFAULT_POLICY.replace("restore = \"24h\"\n", "");
    let (l, col, msg) = error(&text);
    assert_eq!((l, col), (line, 1));
    assert_eq!(
        msg,
        "severity 2 has no restore target; add restore = \"24h\""
    );
    // Two left out of an inline table.
    let (line, col, msg) = error(
        "[severity]\n1 = { response = \"15m\" }\n2 = { response = \"15m\", update = \"1h\", restore = \"1d\" }\n3 = { response = \"30m\", update = \"4h\", restore = \"2d\" }\n",
    );
    assert_eq!((line, col), (3, 1));
    assert_eq!(
        msg,
        "severity 1 has no update or restore target; add update = \"30m\" and restore = \"6h\""
    );
    // A target that is there but wrong is reported once, as wrong.
    let e = errors(&DEFAULT_POLICY.replace("update = \"60m\"", "update = \"0m\""));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.to_string().contains("zero"), "{e:?}");
    // A version already in the ticket log is read back without this check.
    let p = Policy::from_recorded("[severity.1]\nresponse = \"15m\"\n").unwrap();
    assert_eq!(p.severities.len(), 1);
    assert!(Policy::from_recorded("[severity.1]\nresponse = \"0m\"\n").is_err());
}

#[test]
fn the_suggested_targets_are_the_shipped_ones() {
    let p = Policy::default_policy();
    for (sev, (r, u, x)) in Severity::ALL.into_iter().zip(SHIPPED_TARGETS) {
        let t = &p.severities[&sev];
        for (target, text) in [(&t.response, r), (&t.update, u), (&t.restore, x)] {
            assert_eq!(
                target.as_ref().map(|t| t.secs),
                Some(parse_duration(text).unwrap()),
                "severity {sev}"
            );
        }
    }
}

#[test]
fn a_broken_calendar_is_reported_once() {
    let text = DEFAULT_POLICY.replace("Australia/Brisbane", "Australia/Brisbain");
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.to_string().contains("IANA"), "{e:?}");
    let text = DEFAULT_POLICY.replace("mon = [\"09:00-17:00\"]", "mon = [\"17:00-09:00\"]");
    assert_eq!(errors(&text).len(), 1);
    // Levels 2 and 3 with no level 1 are one mistake.
    let e = errors(&with_targets(
        "[[escalation]]\nlevel = 2\ncontact = \"x\"\n[[escalation]]\nlevel = 3\ncontact = \"y\"\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.to_string().contains("should be 1"), "{e:?}");
}

#[test]
fn a_severity_is_spelled_one_way() {
    for key in ["01", "+1", "1.0", " 1"] {
        let text = with_targets(&format!("[severity.\"{key}\"]\nresponse = \"1h\"\n"));
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|e| e.message.to_string().contains("not a severity")),
            "{key}: {e:?}"
        );
    }
}

#[test]
fn durations_are_bounded() {
    assert_eq!(parse_duration("366days"), Ok(MAX_TARGET_SECS));
    // A number past what a duration can hold is too long, as well.
    for text in [
        "367days",
        "9999999999999h",
        "2years",
        "99999999999999999999999h",
    ] {
        let e = parse_duration(text).unwrap_err();
        assert!(e.to_string().contains("at most \"366days\""), "{text}: {e}");
    }
    let e = parse_duration("a while").unwrap_err();
    assert!(e.to_string().contains("not a duration"), "{e}");
    // In the file: with its place, for targets and thresholds alike.
    let text = DEFAULT_POLICY.replace("restore = \"6h\"", "restore = \"9999999999999h\"");
    let (line, col, msg) = error(&text);
    let want = DEFAULT_POLICY
        .lines()
        .position(|l| l.starts_with("restore = \"6h\""))
        .unwrap()
        + 1;
    assert_eq!((line, col), (want, 11), "{msg}");
    assert!(msg.starts_with("severity.1.restore: "), "{msg}");
    let text = DEFAULT_POLICY.replace("after = { 1 = \"12h\"", "after = { 1 = \"400days\"");
    assert!(error(&text).2.contains("366"));
}

#[test]
fn bytes_that_are_not_utf8_are_placed() {
    let e = policy_text(b"[severity.1]\nname = \"caf\xe9\"\n").unwrap_err();
    assert_eq!(e.0.len(), 1);
    assert_eq!((e.0[0].line, e.0[0].column), (2, 12));
    assert!(e.0[0].message.to_string().contains("0xe9"), "{e}");
    let e = policy_text(b"\xff\xfe").unwrap_err();
    assert_eq!((e.0[0].line, e.0[0].column), (1, 1));
    // Columns count characters before the bad byte.
    let mut bytes = "# 損失\n# é".as_bytes().to_vec();
    bytes.push(0xff);
    let e = policy_text(&bytes).unwrap_err();
    assert_eq!((e.0[0].line, e.0[0].column), (2, 4));
    assert_eq!(policy_text(b"ok = 1\n"), Ok("ok = 1\n"));
}

/// `init --lang ja` writes the shipped policy in Japanese: valid TOML that
/// loads to the same figures (targets, calendars, pauses, escalation
/// thresholds); only names, contacts and referrals are worded differently.
#[test]
fn the_japanese_default_policy_has_the_same_figures() {
    let en: Policy = DEFAULT_POLICY.parse().unwrap();
    let mut ja: Policy = DEFAULT_POLICY_JA.parse().unwrap();
    assert_eq!(ja.severities[&Severity::S1].name, "サービスの損失");
    assert_eq!(
        ja.severities[&Severity::S2].name,
        "サービスが部分的に低下したり、断続的に障害が発生する"
    );
    assert_eq!(
        ja.severities[&Severity::S3].name,
        "サービスに影響を与えないインシデント"
    );
    assert_ne!(ja.escalation[0].contact, en.escalation[0].contact);
    for (s, t) in ja.severities.iter_mut() {
        t.name = en.severities[s].name.clone();
    }
    ja.provisioning.name = en.provisioning.name.clone();
    for (l, e) in ja.escalation.iter_mut().zip(&en.escalation) {
        l.contact = e.contact.clone();
    }
    ja.referrals = en.referrals.clone();
    assert_eq!(ja, en);
}

/// A problem is a message, worded where it is shown: the same problem in
/// English (as every test above pins it) and in Japanese, placed problems
/// inside it told in the same language; the toml crate's own words stay
/// English after slaclock's Japanese.
#[test]
fn problems_are_told_in_the_language_asked() {
    use crate::i18n::Lang;
    let e = errors(&with_targets("[waiting]\nremind_after = \"0s\"\n"));
    assert_eq!(
        e[0].message.told_in(Lang::En),
        "waiting.remind_after: \"0s\" is zero; a target, threshold or repeat interval must be at least one second"
    );
    assert_eq!(
        e[0].message.told_in(Lang::Ja),
        "waiting.remind_after: \"0s\" はゼロです。目標やしきい値、繰り返しの間隔は1秒以上にしてください"
    );
    let e = errors("[severity.1]\nresponse = \"15m\"\n");
    assert_eq!(
        e[0].message.told_in(Lang::Ja),
        "深刻度1に`update`か`restore`の目標がありません。`update = \"30m\"`と`restore = \"6h\"`を加えてください"
    );
    let e = errors("[calendars.x]\ntimezone = \"UTC\"\nmonday = []\n");
    let monday = e.iter().find(|e| e.line == 3).expect("the unknown key");
    assert_eq!(
        monday.message.told_in(Lang::Ja),
        "[calendars.x] に不明なキー \"monday\" があります。使えるキーは timezone、mon、tue、wed、thu、fri、sat、sun、holidays です"
    );
}
