//! The pager (issue 13): `check` pages only for what someone can act on,
//! `metrics` speaks Prometheus, `notify` sends each new attention event
//! once; and the policy's `[waiting] remind_after` they all read.

use super::util::*;

/// Runs a command that must print on stdout and exit with `code`.
#[track_caller]
fn exits(run: &Run, code: i32) -> String {
    assert_eq!(
        run.code, code,
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stdout.clone()
}

// ---- the policy's remind_after ---------------------------------------------

#[test]
fn remind_after_is_checked_with_its_place_and_shown() {
    let d = Desk::new();
    let out = d.run(&["policy", "show"]).ok().to_string();
    assert!(
        out.contains(
            "A ticket waiting on the customer longer than 1d is reported by `check` (remind_after)."
        ),
        "{out}"
    );
    let bad =
        slaclock::sla::DEFAULT_POLICY.replace("remind_after = \"24h\"", "remind_after = \"a day\"");
    assert_ne!(
        bad,
        slaclock::sla::DEFAULT_POLICY,
        "the shipped file sets remind_after"
    );
    std::fs::write(d.path("severity.toml"), &bad).expect("write");
    let line = bad
        .lines()
        .position(|l| l.starts_with("remind_after"))
        .expect("the line")
        + 1;
    let err = d.run(&["policy", "check"]).fails(1).to_string();
    assert!(
        err.contains(&format!(
            "severity.toml:{line}:16: waiting.remind_after: \"a day\" is not a duration"
        )),
        "{err}"
    );
    // Every command that loads the policy refuses it, and check says UNKNOWN.
    d.run(&["open", "--severity", "1", "VXC down"]).fails(1);
    assert!(!d.db().exists());
    let out = exits(&d.run(&["check"]), 3);
    assert!(out.starts_with("UNKNOWN: "), "{out}");
}
