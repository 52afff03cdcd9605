//! slaclock in Japanese (issue 20): the language chosen by `--lang`,
//! `SLACLOCK_LANG` or the locale; what people read in Japanese, what
//! scripts read unchanged.

use super::util::{Desk, Run};

/// Runs `args` with `name=value` in the environment.
fn with(d: &Desk, name: &str, value: &str, args: &[&str]) -> Run {
    Run::from(
        d.cmd()
            .env(name, value)
            .args(args)
            .output()
            .expect("run slaclock"),
    )
}

#[test]
fn a_language_slaclock_does_not_speak_is_refused_in_one_line() {
    let d = Desk::new();
    for (run, what) in [
        (d.run(&["--lang", "fr", "status"]), "--lang"),
        (d.run(&["status", "--lang=ja_JP"]), "--lang"),
        (
            with(&d, "SLACLOCK_LANG", "fr", &["status"]),
            "SLACLOCK_LANG",
        ),
    ] {
        let err = run.fails(2);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(what) && err.contains("give en or ja"), "{err}");
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // `check` answers UNKNOWN (3), as for any usage error.
    let run = d.run(&["check", "--lang", "fr"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("UNKNOWN: "), "{}", run.stdout);
    let run = with(&d, "SLACLOCK_LANG", "fr", &["check"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("UNKNOWN: SLACLOCK_LANG"),
        "{}",
        run.stdout
    );
}
