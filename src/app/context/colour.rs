//! Whether `--color auto` colours: on a terminal, unless the environment
//! says otherwise by the conventions other tools follow (`NO_COLOR`,
//! `CLICOLOR`, `CLICOLOR_FORCE`, `TERM=dumb`). Apart from `context.rs`,
//! which reads the rest of the environment.

use std::ffi::OsString;

/// Whether to colour, for `--color auto`, with standard output a terminal
/// or not, `env` giving a variable's value: never with `NO_COLOR` set
/// (non-empty); always with `CLICOLOR_FORCE` set to anything but `0`, even
/// piped; never with `CLICOLOR=0`; else on a terminal whose `TERM` is not
/// `dumb` (which draws no attributes: git and ls colour nothing there).
pub(super) fn auto_colour(terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    terminal && env("TERM").is_none_or(|t| t != "dumb")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(terminal: bool, vars: &[(&str, &str)]) -> bool {
        auto_colour(terminal, |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn the_environment_turns_colour_off_and_on_as_other_tools_read_it() {
        assert!(with(true, &[]));
        assert!(!with(false, &[]), "piped");
        assert!(!with(true, &[("CLICOLOR", "0")]));
        assert!(with(true, &[("CLICOLOR", "1")]));
        assert!(with(true, &[("CLICOLOR", "")]), "empty is unset");
        assert!(
            !with(false, &[("CLICOLOR", "1")]),
            "CLICOLOR only allows it"
        );
        assert!(with(false, &[("CLICOLOR_FORCE", "1")]), "forced, piped");
        assert!(!with(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(with(true, &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")]));
        assert!(with(true, &[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")]));
        assert!(!with(true, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]));
        assert!(!with(true, &[("NO_COLOR", "1")]));
        assert!(
            with(true, &[("NO_COLOR", "")]),
            "an empty NO_COLOR is unset"
        );
        assert!(!with(true, &[("TERM", "dumb")]));
        assert!(with(true, &[("TERM", "xterm-256color")]));
    }
}
