//! Help that helps: `--help` keeps the global options apart from the
//! command's own and shows as required only what is; the shells complete
//! ticket ids from the log (clap_complete's dynamic completion), and an
//! unreadable log completes nothing, quietly. (Every argument's help text
//! and the man page's sections are checked beside the code, in cli.rs and
//! output/man.rs.)

use super::util::*;

#[test]
fn help_lists_the_global_options_apart_from_the_commands_own() {
    let d = Desk::new();
    for args in [
        &["reopen", "--help"][..],
        &["reopen", "-h"],
        &["--db", "other.db", "reopen", "--help"],
        &["help", "reopen"],
    ] {
        let out = d.run(args).ok().to_string();
        let usage = out.lines().find(|l| l.starts_with("Usage:"));
        assert_eq!(
            usage,
            Some("Usage: slaclock reopen [OPTIONS] --reason <TEXT> <ID>"),
            "{args:?}"
        );
        let (own, global) = out
            .split_once("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{args:?}: no Global options heading:\n{out}"));
        assert!(own.contains("--reason <TEXT>"), "{own}");
        assert!(own.contains("Why the ticket is reopened"), "{own}");
        for flag in ["--db <PATH>", "--policy <PATH>", "--utc", "--color <COLOR>"] {
            assert!(global.contains(flag), "{args:?}: {flag} not global:\n{out}");
            assert!(
                !own.contains(flag),
                "{args:?}: {flag} among its own:\n{out}"
            );
        }
    }
    // The severity says what it may be.
    let out = d.run(&["severity", "--help"]).ok().to_string();
    assert!(
        out.contains("[SEVERITY]") && out.contains("The new severity, 1 to 3"),
        "{out}"
    );
}

#[test]
fn a_usage_line_shows_only_what_the_command_requires() {
    let mut d = Desk::new();
    // The log and the policy may come from the environment (the desk sets
    // SLACLOCK_DB): a usage line still does not show them as required.
    std::fs::write(d.path("severity.toml"), slaclock::sla::DEFAULT_POLICY).unwrap();
    for args in [
        &["open", "-q", "--format", "json", "VXC down"][..],
        &["reopen", "1"],
        &["update"],
    ] {
        let run = Run::from(
            d.cmd()
                .env("SLACLOCK_POLICY", d.path("severity.toml"))
                .env_remove("RUST_BACKTRACE")
                .args(args)
                .output()
                .unwrap(),
        );
        let err = run.fails(2);
        let usage = err.lines().find(|l| l.starts_with("Usage:")).unwrap();
        assert!(
            !usage.contains("--db") && !usage.contains("--policy"),
            "{args:?}: {usage}"
        );
    }
    // And the environment still names them.
    d.run_at(
        "2026-11-24T00:00:00Z",
        &["open", "--severity", "1", "from the environment"],
    )
    .ok();
    assert!(d.db().exists());
}

/// What the binary answers when bash asks it to complete `words`, the
/// last being the word under the cursor (as the registered script asks).
fn complete(d: &Desk, shell: &str, words: &[&str]) -> Run {
    Run::from(
        d.cmd()
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env_remove("RUST_BACKTRACE")
            .arg("--")
            .args(words)
            .output()
            .unwrap(),
    )
}

/// The ticket ids among the candidates (the rest are flags).
fn ids(run: &Run) -> Vec<String> {
    run.ok()
        .lines()
        .filter(|c| !c.starts_with('-'))
        .map(String::from)
        .collect()
}

/// A log with open tickets #1 and #3 and #2 resolved.
fn three_tickets() -> Desk {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    d.run(&["open", "--severity", "2", "Packet loss"]).ok();
    d.run(&["open", "--severity", "3", "Portal slow"]).ok();
    d.run(&["resolve", "2"]).ok();
    d
}

#[test]
fn the_ids_of_open_tickets_complete() {
    let d = three_tickets();
    for command in ["update", "wait", "escalate", "note", "status", "show"] {
        let run = complete(&d, "bash", &["slaclock", command, ""]);
        assert_eq!(ids(&run), ["1", "3"], "{command}");
        assert_eq!(run.stderr, "", "{command}");
    }
    // What is typed so far narrows them; reopen offers the resolved ones.
    assert_eq!(
        ids(&complete(&d, "bash", &["slaclock", "update", "3"])),
        ["3"]
    );
    assert_eq!(
        ids(&complete(&d, "bash", &["slaclock", "reopen", ""])),
        ["2"]
    );
    // zsh shows each with its title.
    let zsh = complete(&d, "zsh", &["slaclock", "resolve", ""]);
    let lines: Vec<&str> = zsh.ok().lines().filter(|l| !l.starts_with('-')).collect();
    assert_eq!(lines, ["1:VXC down (ACME)", "3:Portal slow"]);
    // The log the command line names is the one read.
    let other = Desk::new();
    other.run(&["open", "--severity", "1", "elsewhere"]).ok();
    let db = other.db().display().to_string();
    assert_eq!(
        ids(&complete(
            &d,
            "bash",
            &["slaclock", "--db", &db, "update", ""]
        )),
        ["1"]
    );
    // Commands still complete as ever.
    let run = complete(&d, "bash", &["slaclock", "esc"]);
    assert_eq!(run.ok(), "escalate");
}

#[test]
fn a_log_that_cannot_be_read_completes_nothing_and_says_nothing() {
    let d = three_tickets();
    std::fs::write(d.path("garbage.db"), b"not a ticket log").unwrap();
    std::fs::create_dir(d.path("a-folder")).unwrap();
    for db in ["missing.db", "garbage.db", "a-folder"] {
        let path = d.path(db).display().to_string();
        let run = complete(&d, "bash", &["slaclock", "--db", &path, "update", ""]);
        assert_eq!(run.code, 0, "{db}: {}", run.stderr);
        assert_eq!(ids(&run), Vec::<String>::new(), "{db}");
        assert_eq!(run.stderr, "", "{db}");
    }
    assert!(!d.path("missing.db").exists(), "completion created a log");
}

/// Completion says no warning at any TAB: not a PostgreSQL server's
/// without TLS under `prefer`, nor a password file others may read (as it
/// says none of an SQLite log others may read).
#[test]
#[ignore = "starts a private PostgreSQL cluster without TLS (needs its binaries)"]
fn completion_says_no_warning_of_a_postgresql_log() {
    use std::os::unix::fs::PermissionsExt as _;
    let Some(cluster) = super::deadlines::Cluster::start() else {
        eprintln!("SKIPPED: no PostgreSQL server binaries in /usr/lib/postgresql");
        return;
    };
    let url = format!("postgres://slaclock@127.0.0.1:{}/postgres", cluster.port);
    let d = super::deadlines::desk_at(&url);
    d.run(&["open", "--severity", "3", "in plain text"]).ok();
    let pgpass = d.path(".pgpass");
    std::fs::write(&pgpass, "*:*:*:*:unused\n").unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    // The command itself still warns, of both.
    assert_eq!(d.run(&["status"]).stderr.lines().count(), 2);
    let run = complete(&d, "bash", &["slaclock", "note", ""]);
    assert_eq!(ids(&run), ["1"]);
    assert_eq!(run.stderr, "");
}

/// A server that accepts the connection and never answers holds the TAB
/// for completion's own connect limit (2 s), not the connect timeout of
/// commands (10 s), and completes nothing, silently.
#[test]
fn completion_gives_up_on_a_silent_server_in_two_seconds() {
    let port = super::deadlines::silent_server(false);
    let d = super::deadlines::desk_at(&format!("postgres://slaclock@127.0.0.1:{port}/tickets"));
    let started = std::time::Instant::now();
    let run = complete(&d, "bash", &["slaclock", "note", ""]);
    let waited = started.elapsed();
    assert_eq!(ids(&run), Vec::<String>::new());
    assert_eq!(run.stderr, "");
    assert!(
        waited < std::time::Duration::from_secs(6),
        "waited {waited:?}"
    );
}

#[test]
fn bash_itself_completes_ids_through_the_registered_script() {
    let d = three_tickets();
    let template = d.std_cmd();
    let mut bash = std::process::Command::new("bash");
    bash.arg("-c")
        .arg(concat!(
            "source <(\"$0\" completions bash) && ",
            "COMP_WORDS=(slaclock update '') && COMP_CWORD=2 && ",
            "_clap_complete_slaclock slaclock '' update && ",
            "printf '%s\\n' \"${COMPREPLY[@]}\""
        ))
        .arg(template.get_program())
        .env_clear()
        .current_dir(d.dir.path());
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            bash.env(k, v);
        }
    }
    let run = Run::from(bash.output().unwrap());
    assert_eq!(ids(&run), ["1", "3"], "{}", run.stderr);
    assert!(run.stdout.contains("--message"), "{}", run.stdout);
}

/// `report --help` names the rows of the tickets without a customer or a
/// contract as the table labels them.
#[test]
fn report_help_names_the_no_customer_and_no_contract_rows_as_the_table_does() {
    let d = Desk::new();
    d.run(&["open", "-q", "--severity", "1", "--at", "1h ago", "x"])
        .ok();
    // Lines joined: the help wraps at the terminal's width.
    let help = d
        .run(&["report", "--help"])
        .ok()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!help.contains("(none)"), "{help}");
    for (by, label) in [("customer", "(no customer)"), ("contract", "(no contract)")] {
        assert!(help.contains(&format!("(`{label}` in")), "{label}:\n{help}");
        let table = d
            .cmd()
            .env("COLUMNS", "200")
            .args(["report", "--since", "2026-11-01", "--by", by])
            .output()
            .unwrap();
        let table = Run::from(table).ok().to_string();
        assert!(
            table.lines().any(|l| l.starts_with(label)),
            "{label}:\n{table}"
        );
    }
}

/// README's rule for `--at` holds for every write command: each takes
/// `--at` but the ones the rule names as recorded now.
#[test]
fn the_readme_names_every_write_command_without_at() {
    use clap::CommandFactory;
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let rule = readme
        .split("\n\n")
        .find(|p| p.starts_with("Every write command takes `--at TIME`"))
        .expect("the --at rule")
        .replace('\n', " ");
    let except = rule
        .split_once("except ")
        .and_then(|(_, rest)| rest.split_once(" which are recorded now"))
        .map(|(named, _)| named)
        .expect("the commands recorded now");
    let named: Vec<&str> = except.split('`').skip(1).step_by(2).collect();
    assert!(named.len() >= 2, "{except}");
    // Every command that records who did it (`--by NAME`) writes; report's
    // `--by` groups its figures instead.
    fn walk(cmd: &clap::Command, above: &str, out: &mut Vec<(String, bool)>) {
        for sub in cmd.get_subcommands() {
            let path = format!("{above} {}", sub.get_name()).trim().to_string();
            let has = |id: &str| sub.get_arguments().any(|a| a.get_id() == id);
            if has("by") && path != "report" {
                out.push((path.clone(), has("at")));
            }
            walk(sub, &path, out);
        }
    }
    let mut writes = vec![];
    walk(&slaclock::cli::Cli::command(), "", &mut writes);
    assert!(writes.len() > 10, "{writes:?}");
    for name in &named {
        assert!(
            writes.iter().any(|(w, _)| w == name),
            "README names `{name}`, which is no write command"
        );
    }
    for (command, takes_at) in writes {
        assert_eq!(
            takes_at,
            !named.contains(&command.as_str()),
            "`{command}`: README's rule says {}",
            if takes_at {
                "it has no --at"
            } else {
                "it takes --at"
            }
        );
    }
}

/// `help --help` (or `-h`) is the help of `help`, as `help help` prints
/// it, and `help status --help` the help of `status`: asking for help is
/// never a usage error. A word that names no command still is.
#[test]
fn help_asked_of_help_is_help() {
    let d = Desk::new();
    let of_help = d.run(&["help", "help"]).ok().to_string();
    assert!(of_help.contains("Usage: slaclock help"), "{of_help}");
    for args in [
        &["help", "--help"][..],
        &["help", "-h"],
        &["--db", "other.db", "help", "--help"],
    ] {
        assert_eq!(d.run(args).ok(), of_help, "{args:?}");
    }
    let status = d.run(&["status", "--help"]).ok().to_string();
    assert_eq!(d.run(&["help", "status", "--help"]).ok(), status);
    let err = d.run(&["help", "--bogus"]).fails(2).to_string();
    assert!(err.contains("'--bogus'"), "{err}");
}

/// The board's legend (its columns and clock marks, issue 15) is in the
/// help of every command that draws the board: `status`, `list` (`ls`)
/// and `watch`.
#[test]
fn every_board_commands_help_has_the_legend() {
    let d = Desk::new();
    for command in ["status", "list", "ls", "watch"] {
        let help = d.run(&[command, "--help"]).ok().to_string();
        for words in [
            "next deadline  the most urgent running clock",
            "✓ met      ! breached   ~ at risk (running)",
            "… running  ‖ paused     · not started    - does not apply",
            "`L1; L2 in 4h` (at level 1, level 2 due in 4h)",
        ] {
            assert!(
                help.contains(words),
                "{command}: {words:?} missing:\n{help}"
            );
        }
    }
}

/// Every command's `--version` names the program as `--version` does,
/// `slaclock 0.1.0 (ticket log schema N)`, never `slaclock-status`.
#[test]
fn every_commands_version_names_slaclock() {
    let d = Desk::new();
    let version = d.run(&["--version"]).ok().to_string();
    assert!(version.starts_with("slaclock "), "{version}");
    for args in [
        &["status", "--version"][..],
        &["open", "-V"],
        &["policy", "show", "--version"],
        &["report", "--version"],
    ] {
        assert_eq!(d.run(args).ok(), version, "{args:?}");
    }
    // The usage lines still name the command.
    let help = d.run(&["policy", "show", "--help"]).ok().to_string();
    assert!(help.contains("Usage: slaclock policy show"), "{help}");
}
