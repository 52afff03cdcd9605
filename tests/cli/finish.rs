//! The finish: completions, the man page, init, colour, broken pipes.

use super::util::*;

/// Installed as README says (`completions zsh > ~/.zfunc/_slaclock`, the
/// folder on `fpath`), the script completes the very first TAB: zsh runs
/// an autoloaded file's body then, and a body that only registered the
/// completer left that TAB empty. Runs zsh itself with `compdef` and
/// `_describe` standing in for the completion system; CI (.ci/run)
/// installs zsh and sets SLACLOCK_REQUIRE_ZSH, so there a missing zsh
/// fails instead of skipping.
#[test]
fn zsh_completes_the_first_tab_of_a_shell() {
    let d = Desk::new();
    let zfunc = d.path("zfunc");
    std::fs::create_dir(&zfunc).unwrap();
    let script = d.run(&["completions", "zsh"]).ok().to_string();
    std::fs::write(zfunc.join("_slaclock"), script).unwrap();
    let first_tab = format!(
        "fpath=({} $fpath)\n\
         autoload -Uz _slaclock\n\
         compdef() {{ : }}\n\
         _describe() {{ shift 2; print -rl -- \"${{(@P)1}}\" }}\n\
         words=(slaclock upd) CURRENT=2\n\
         _slaclock\n",
        zfunc.display()
    );
    let ran = std::process::Command::new("zsh")
        .args(["-f", "-c", &first_tab])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", d.path(""))
        .env("SLACLOCK_DB", d.db())
        .output();
    let out = match ran {
        Ok(out) => out,
        Err(e) if std::env::var_os("SLACLOCK_REQUIRE_ZSH").is_some() => {
            panic!("SLACLOCK_REQUIRE_ZSH is set but zsh cannot run: {e}")
        }
        Err(_) => {
            eprintln!("zsh is not installed: the zsh completion test is skipped");
            return;
        }
    };
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.lines().any(|l| l.starts_with("update:")),
        "the first TAB completes `upd`: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let d = Desk::new();
    // Each script asks the binary itself at each TAB (see help.rs for what
    // it answers).
    for (shell, marker, asks) in [
        ("bash", "complete -o nospace", "COMPLETE=\"bash\""),
        ("zsh", "#compdef slaclock", "COMPLETE=\"zsh\""),
        ("fish", "complete --keep-order", "COMPLETE=fish"),
        (
            "powershell",
            "Register-ArgumentCompleter",
            "$env:COMPLETE = \"powershell\"",
        ),
    ] {
        let out = d.run(&["completions", shell]).ok().to_string();
        assert!(
            out.contains(marker) && out.contains(asks),
            "{shell}: {}",
            &out[..out.len().min(200)]
        );
        let binary = assert_cmd::cargo::cargo_bin!("slaclock");
        assert!(
            out.contains(&binary.display().to_string()),
            "{shell} calls the binary: {out}"
        );
    }
    let man = d.run(&["man"]).ok().to_string();
    assert!(
        man.starts_with(".ie") || man.contains(".TH slaclock"),
        "{}",
        &man[..man.len().min(200)]
    );
    assert!(man.contains("escalate"));
}

#[test]
fn init_writes_the_default_policy_and_never_overwrites_without_force() {
    let d = Desk::new();
    let out = d
        .cmd()
        .env("XDG_CONFIG_HOME", d.path("config"))
        .arg("init")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = d.path("config/slaclock/severity.toml");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        slaclock::sla::DEFAULT_POLICY
    );
    // It is then the policy in force (found in the config folder).
    let show = d
        .cmd()
        .env("XDG_CONFIG_HOME", d.path("config"))
        .args(["policy", "show"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&show.stdout).contains("config/slaclock/severity.toml"));
    std::fs::write(d.path("mine.toml"), "# my edits\n").unwrap();
    let err = d.run(&["init", "mine.toml"]).fails(1).to_string();
    assert!(err.contains("already exists; pass --force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.path("mine.toml")).unwrap(),
        "# my edits\n"
    );
    d.run(&["init", "mine.toml", "--force"]).ok();
    assert_eq!(
        std::fs::read_to_string(d.path("mine.toml")).unwrap(),
        slaclock::sla::DEFAULT_POLICY
    );
    // What --force could not make writable is said at once, not after
    // advice to pass --force, and stays as it was.
    std::fs::create_dir(d.path("folder")).unwrap();
    let fifo = d.path("pipe");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    for (path, said) in [
        ("folder", "that is a folder"),
        ("pipe", "that is a FIFO (named pipe), not a regular file"),
    ] {
        for force in [false, true] {
            let mut args = vec!["init", path];
            args.extend(force.then_some("--force"));
            let err = d.run(&args).fails(1).to_string();
            assert!(err.contains(said) && !err.contains("--force"), "{err}");
        }
    }
    assert!(d.path("folder").is_dir());
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &std::fs::symlink_metadata(&fifo).unwrap().file_type()
    ));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_never_with_no_color() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    d.at("2026-11-24T01:00:00Z"); // breached
    assert!(
        !d.run(&["status"]).ok().contains('\u{1b}'),
        "piped output has no colour"
    );
    assert!(
        d.run(&["--color", "always", "status"])
            .ok()
            .contains("\u{1b}["),
        "--color always colours"
    );
    let out = d
        .cmd()
        .env("NO_COLOR", "1")
        .args(["status"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    assert!(
        !d.run(&["--color", "never", "status"])
            .ok()
            .contains('\u{1b}')
    );
}

/// `CLICOLOR=0` turns colour off on a terminal, and `CLICOLOR_FORCE=1`
/// turns it on when piped, as other tools read them; `NO_COLOR` still
/// wins over a forced colour, and `--color` over all of them.
#[test]
fn clicolor_and_clicolor_force_are_heeded() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    d.at("2026-11-24T01:00:00Z"); // breached
    // On a terminal: coloured, but not with CLICOLOR=0 (unless asked).
    let on_terminal = |env: &str| {
        let mut p = pty_sh(&d, &format!("{env} \"$0\" status; echo END"));
        p.exp_string("END").expect("the board")
    };
    assert!(on_terminal("").contains("\u{1b}[31m"), "a terminal colours");
    let off = on_terminal("CLICOLOR=0");
    assert!(!off.contains("\u{1b}["), "CLICOLOR=0: {off:?}");
    assert!(on_terminal("CLICOLOR=1").contains("\u{1b}[31m"));
    let mut p = pty_sh(&d, "CLICOLOR=0 \"$0\" --color always status; echo END");
    let asked = p.exp_string("END").expect("the board");
    assert!(asked.contains("\u{1b}[31m"), "--color always: {asked:?}");
    // Piped: plain, but coloured with CLICOLOR_FORCE.
    let piped = |vars: &[(&str, &str)], args: &[&str]| {
        let mut cmd = d.cmd();
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.args(args).output().expect("run slaclock");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(piped(&[("CLICOLOR_FORCE", "1")], &["status"]).contains("\u{1b}[31m"));
    assert!(!piped(&[("CLICOLOR_FORCE", "0")], &["status"]).contains('\u{1b}'));
    let both = [("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")];
    assert!(!piped(&both, &["status"]).contains('\u{1b}'));
    let never = piped(&[("CLICOLOR_FORCE", "1")], &["--color", "never", "status"]);
    assert!(!never.contains('\u{1b}'));
}

#[test]
fn utc_shows_times_in_utc() {
    let mut d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    assert!(
        d.run(&["status", "1"])
            .ok()
            .contains("2026-11-24 10:00 AEST")
    );
    assert!(
        d.run(&["--utc", "status", "1"])
            .ok()
            .contains("2026-11-24 00:00 UTC")
    );
    // A time typed under --utc is read in UTC, as the screen shows them:
    // at 00:30 UTC, 00:05 UTC is 10:05 in Brisbane, after the report.
    d.at("2026-11-24T00:30:00Z");
    d.run(&["--utc", "update", "1", "--at", "00:05"]).ok();
    let json = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        json["clocks"]["response"]["stopped_at"],
        "2026-11-24T00:05:00Z"
    );
    // Read in Brisbane, 00:05 is the night before the report: refused.
    let err = d
        .run(&["update", "1", "--at", "00:05"])
        .fails(1)
        .to_string();
    assert!(err.contains("before"), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let d = Desk::new();
    for i in 0..200 {
        d.run(&["open", "--severity", "3", &format!("ticket {i}")])
            .ok();
    }
    for args in [
        &["status"][..],
        &["status", "--format", "json"],
        &["export"],
        &["man"],
    ] {
        let mut child = d
            .std_cmd()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout); // like `| head -c 16`
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn check_is_unknown_whatever_stops_it() {
    let d = Desk::new();
    // A usage error, and a broken environment, before check even starts.
    for (args, env) in [
        (&["check", "--warn-at", "0"][..], None),
        (
            &["--db", "x.db", "check"],
            Some(("SLACLOCK_NOW", "yesterday")),
        ),
    ] {
        let mut cmd = d.cmd();
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).starts_with("UNKNOWN: "),
            "{args:?}"
        );
    }
    // Other commands keep their own codes.
    assert_eq!(d.run(&["status", "--severity", "9"]).code, 2);
}

#[test]
fn exports_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    d.run(&["export", "-o", "out.csv"]).ok();
    assert_eq!(
        std::fs::metadata(d.path("out.csv"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
}

#[test]
fn check_is_unknown_when_the_policy_is_broken() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    std::fs::write(d.path("bad.toml"), "severity_change = \"bogus\"\n").unwrap();
    let run = d.run(&["--policy", "bad.toml", "check"]);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("UNKNOWN: ") && run.stdout.contains("bad.toml:1:"),
        "{}",
        run.stdout
    );
}

#[test]
fn export_into_a_missing_folder_names_the_path_given() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    let err = d
        .run(&["export", "-o", "missing/out.csv"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("-o missing/out.csv: the folder missing does not exist"),
        "{err}"
    );
    assert!(!d.path("missing").exists());
}

/// `COLUMNS` that is not a positive number is ignored by help as by the
/// tables: `COLUMNS=0` wraps nothing to one word a line.
#[test]
fn help_ignores_columns_that_are_not_a_width() {
    let d = Desk::new();
    let help = |columns: Option<&str>| {
        let mut cmd = d.cmd();
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let out = cmd.args(["status", "--help"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let unset = help(None);
    for c in ["0", "00", " 0 ", "abc", "-5"] {
        assert_eq!(help(Some(c)), unset, "COLUMNS={c:?}");
    }
    // A positive width still narrows it.
    assert!(help(Some("40")).lines().count() > unset.lines().count());
}
