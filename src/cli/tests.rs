//! Tests of `cli`: moved beside it so the code reads in one sitting.

use std::time::Duration;

use super::figures::check_timeout;
use super::*;

#[test]
fn the_command_line_is_well_defined() {
    use clap::CommandFactory;
    Cli::command().debug_assert();
}

#[test]
fn every_argument_of_every_command_says_what_it_is() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let said = arg
                .get_long_help()
                .or(arg.get_help())
                .is_some_and(|h| !h.to_string().trim().is_empty());
            if !said && !arg.is_hide_set() {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut missing = vec![];
    walk(&cmd, "slaclock", &mut missing);
    assert!(
        missing.is_empty(),
        "arguments without help:\n{}",
        missing.join("\n")
    );
}

/// Every example line of every command's help (indented, after the
/// description) fits 80 columns, so `--help` never breaks a command a
/// person copies in the middle of an argument.
#[test]
fn every_example_fits_an_80_column_terminal() {
    use clap::CommandFactory;
    use unicode_width::UnicodeWidthStr;
    fn walk(cmd: &clap::Command, path: &str, long: &mut Vec<String>) {
        for help in [cmd.get_after_help(), cmd.get_after_long_help()]
            .into_iter()
            .flatten()
        {
            let help = help.to_string();
            for line in help.lines().filter(|l| l.starts_with("  ")) {
                if line.width() > 79 {
                    long.push(format!("{path}: {line}"));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), long);
        }
    }
    let mut long = vec![];
    walk(&Cli::command(), "slaclock", &mut long);
    assert!(
        long.is_empty(),
        "examples over 79 columns:\n{}",
        long.join("\n")
    );
}

#[test]
fn check_warns_from_the_one_at_risk_threshold_by_default() {
    let cli = Cli::try_parse_from(["slaclock", "check"]).unwrap();
    let default = crate::sla::AT_RISK_PERCENT;
    assert!(matches!(cli.command, Command::Check(a) if a.warn_at == default));
}

#[test]
fn ids_and_severities_as_typed() {
    assert_eq!(ticket_id("12"), Ok(TicketId(12)));
    assert_eq!(ticket_id("+7"), Ok(TicketId(7)));
    assert_eq!(ticket_id("#12"), Ok(TicketId(12)));
    for bad in ["#", "##12", "# 12", "12#", "#twelve", "#-1"] {
        assert!(
            ticket_id(bad)
                .unwrap_err()
                .contains("is not a ticket number"),
            "{bad}"
        );
    }
    assert!(
        ticket_id("#9223372036854775808")
            .unwrap_err()
            .contains("larger than any ticket number")
    );
    assert!(
        ticket_id("twelve")
            .unwrap_err()
            .contains("is not a ticket number")
    );
    let too_large = ticket_id("9223372036854775808").unwrap_err();
    assert!(
        too_large.contains("larger than any ticket number"),
        "{too_large}"
    );
    assert_eq!(severity("1"), Ok(Severity::S1));
    for bad in ["0", "4", "one", ""] {
        assert!(
            severity(bad).unwrap_err().contains("give 1, 2 or 3"),
            "{bad}"
        );
    }
}

#[test]
fn the_last_words_are_the_text_and_options_may_follow_them() {
    let cli = Cli::try_parse_from([
        "slaclock", "note", "#12", "carrier", "called", "back", "--at", "5m ago",
    ])
    .unwrap();
    let Command::Note(on) = cli.command else {
        panic!("not a note: {:?}", cli.command)
    };
    assert_eq!(on.id, TicketId(12));
    assert_eq!(on.change.text(), "carrier called back");
    assert_eq!(on.stamp.at, Some(TimeArg::parse("5m ago").unwrap()));

    let cli = Cli::try_parse_from(["slaclock", "open", "VXC", "down", "--severity", "1"]).unwrap();
    let Command::Open(open) = cli.command else {
        panic!("not an open: {:?}", cli.command)
    };
    assert_eq!(open.title().as_deref(), Some("VXC down"));
    assert_eq!(open.severity, Some(Severity::S1));
    let cli = Cli::try_parse_from(["slaclock", "open", " VXC  down "]).unwrap();
    let Command::Open(open) = cli.command else {
        panic!("not an open: {:?}", cli.command)
    };
    assert_eq!(open.title().as_deref(), Some(" VXC  down "));
    let cli = Cli::try_parse_from(["slaclock", "open"]).unwrap();
    let Command::Open(open) = cli.command else {
        panic!("not an open: {:?}", cli.command)
    };
    assert_eq!(open.title(), None);
    assert!(Cli::try_parse_from(["slaclock", "note", "12"]).is_err());
}

#[test]
fn a_flag_for_the_other_form_of_status_is_named() {
    let status = |args: &[&str]| {
        let cli = Cli::try_parse_from(["slaclock"].iter().chain(args)).unwrap();
        match cli.command {
            Command::Status(a) => a,
            Command::List(a) => a.into(),
            Command::Show(a) => a.into(),
            other => panic!("not status: {other:?}"),
        }
    };
    assert_eq!(
        status(&["status", "--explain"]).misplaced().as_deref(),
        Some(
            "--explain shows how one ticket's deadlines were reached; give its ID: slaclock status ID --explain"
        )
    );
    assert_eq!(
        status(&["status", "#12", "--customer", "x"])
            .misplaced()
            .as_deref(),
        Some(
            "--customer chooses tickets for the board, so it does not apply to one ticket: leave out --customer to see #12, or the ID to see the board"
        )
    );
    for flag in [
        &["--all"][..],
        &["--kind", "inquiry"],
        &["--severity", "3"],
        &["--search", "x"],
        &["--ref", "x"],
    ] {
        let args = [&["status", "12"][..], flag].concat();
        let misplaced = status(&args).misplaced().unwrap_or_default();
        assert!(misplaced.starts_with(flag[0]), "{flag:?}: {misplaced}");
    }
    // What applies to words only, with one ticket's JSON.
    for (args, words) in [
        (
            &["status", "12", "--explain", "--format", "json"][..],
            "--explain is told in words",
        ),
        (
            &["show", "12", "--explain", "--format", "json"],
            "--explain is told in words",
        ),
    ] {
        let misplaced = status(args).misplaced().unwrap_or_default();
        assert!(misplaced.starts_with(words), "{args:?}: {misplaced}");
    }
    for fine in [
        &["status"][..],
        &["status", "12", "--explain", "--as-of", "5m ago"],
        &["status", "12", "--wide"],
        &["status", "12", "--as-of", "5m ago", "--format", "json"],
        &[
            "status",
            "--all",
            "--customer",
            "x",
            "--search",
            "y",
            "--as-of",
            "now",
        ],
        &["ls", "--severity", "3"],
        &["list"],
        &["show", "#12", "--explain"],
    ] {
        assert_eq!(status(fine).misplaced(), None, "{fine:?}");
    }
    let show = status(&["show", "#12", "--explain"]);
    assert_eq!((show.id, show.explain), (Some(TicketId(12)), true));
    let ls = status(&["ls", "--customer", "acme"]);
    assert_eq!((ls.id, ls.board.customer.as_deref()), (None, Some("acme")));
    // `show` needs the id; the board takes none.
    for refused in [
        &["show"][..],
        &["show", "12", "--customer", "x"],
        &["ls", "12"],
        &["list", "--explain"],
    ] {
        let err = Cli::try_parse_from(["slaclock"].iter().chain(refused)).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{refused:?}");
    }
}

#[test]
fn check_timeout_takes_durations_in_range() {
    assert_eq!(check_timeout("20s"), Ok(Duration::from_secs(20)));
    assert_eq!(check_timeout("2m"), Ok(Duration::from_secs(120)));
    assert_eq!(check_timeout("1s"), Ok(Duration::from_secs(1)));
    assert_eq!(check_timeout("24h"), Ok(Duration::from_secs(86_400)));
    for bad in ["0s", "25h", "9999999999h", "99999999999999999999999h"] {
        let err = check_timeout(bad).expect_err(bad);
        assert!(
            err.starts_with("out of range: give from 1s to 24h"),
            "{bad}: {err}"
        );
    }
    for bad in ["", "20", "soon", "-5s"] {
        let err = check_timeout(bad).expect_err(bad);
        assert!(
            err.starts_with("not a duration such as 20s"),
            "{bad}: {err}"
        );
    }
}

/// Every duration flag reads seconds, minutes, hours, days and weeks only,
/// as a relative time does: `M` (months to the duration parser, one key
/// from `m`), months and years have no fixed length, and `ms` says less
/// than the second these flags count in. Units read in any case, save `M`.
#[test]
fn duration_flags_refuse_months_years_and_a_capital_m() {
    let read = |flag: &str, value: &str| {
        let (command, mut args) = match flag {
            "check --timeout" | "check --max-wait" => ("check", vec![]),
            _ => ("notify", vec!["--exec", "true"]),
        };
        let name = flag.split_once(' ').map_or(flag, |(_, f)| f);
        args.extend([name, value]);
        Cli::try_parse_from(["slaclock", command].into_iter().chain(args)).map(|_| ())
    };
    for flag in [
        "check --timeout",
        "check --max-wait",
        "notify --timeout",
        "notify --max-wait",
        "notify --renotify",
    ] {
        for (bad, unit) in [
            ("1M", "\"M\""),
            ("15M", "\"M\""),
            ("1h 5M", "\"M\""),
            ("1y", "\"y\""),
            ("1month", "\"month\""),
            ("2 years", "\"years\""),
            ("1500ms", "\"ms\""),
            ("１Ｍ", "\"M\""),
            ("1x", "\"x\""),
        ] {
            let err = read(flag, bad).expect_err(bad).to_string();
            assert!(
                err.contains(&format!(
                    "{unit} is not a unit slaclock reads; use s, m, h, d or w (minutes are m"
                )),
                "{flag} {bad}: {err}"
            );
        }
        for good in ["2m", "2MIN", "90 SEC", "１ｍ"] {
            assert!(read(flag, good).is_ok(), "{flag} {good}");
        }
    }
    assert_eq!(check_timeout("2M").ok(), None);
    assert_eq!(check_timeout("2H"), Ok(Duration::from_secs(7200)));
}

#[test]
fn full_width_ids_severities_and_times_read_as_their_ascii() {
    assert_eq!(halfwidth("#42"), "#42");
    assert_eq!(halfwidth("＃４２"), "#42");
    assert_eq!(halfwidth("２"), "2");
    assert_eq!(halfwidth("１０：００"), "10:00");
    assert_eq!(halfwidth("in　2h"), "in 2h");
    // Japanese itself is left as it is.
    assert_eq!(halfwidth("明日 ９時"), "明日 9時");
    let cli = Cli::try_parse_from(["slaclock", "severity", "＃１", "２", "--reason", "x"])
        .expect("read as severity 1 2");
    let Command::Severity(on) = cli.command else {
        panic!("not severity")
    };
    assert_eq!(on.id.0, 1);
}

/// Percentages and counts typed by an input method read as their ASCII
/// too (`--warn-at ８０`, `--months ３`), and are held to the same range.
#[test]
fn full_width_numbers_read_as_their_ascii() {
    let cli = Cli::try_parse_from(["slaclock", "check", "--warn-at", "８０"]).expect("80");
    let Command::Check(args) = cli.command else {
        panic!("not check")
    };
    assert_eq!(args.warn_at, 80);
    let cli = Cli::try_parse_from(["slaclock", "report", "--months", "３"]).expect("3");
    let Command::Report(args) = cli.command else {
        panic!("not report")
    };
    assert_eq!(args.months, Some(3));
    for (command, flag, wide, read) in [
        ("check", "--warn-at", "１０１", "101"),
        ("metrics", "--warn-at", "１０１", "101"),
        ("report", "--months", "１２１", "121"),
    ] {
        let err = Cli::try_parse_from(["slaclock", command, flag, wide])
            .map(|_| ())
            .expect_err("out of range");
        assert!(
            err.to_string().contains(&format!("{read} is not in")),
            "{command} {flag}: {err}"
        );
    }
}

#[test]
fn full_width_durations_read_as_their_ascii() {
    assert_eq!(check_timeout("２０ｓ"), Ok(Duration::from_secs(20)));
    let cli = Cli::try_parse_from([
        "slaclock",
        "notify",
        "--exec",
        "true",
        "--renotify",
        "１ｈ",
        "--max-wait",
        "２ｈ",
    ])
    .expect("read as 1h and 2h");
    let Command::Notify(args) = cli.command else {
        panic!("not notify")
    };
    assert_eq!(args.renotify, Some(Duration::from_secs(3600)));
    assert_eq!(args.max_wait, Some(Duration::from_secs(7200)));
}
