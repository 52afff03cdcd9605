//! The finish a terminal user expects: shell completions, a man page, and
//! `init`, which writes the commented default policy where it will be found.

use std::io::Write;

use anyhow::{Context as _, Result, bail};
use clap::CommandFactory;

use crate::cli::{Cli, InitArgs, Shell};
use crate::i18n::Lang;
use crate::sla::{DEFAULT_POLICY, DEFAULT_POLICY_JA};
use crate::tr;

use super::context::config_policy_file;
use super::files::{Mode, check_destination, write_file};
use super::printed;

/// The script that registers slaclock's completions with `shell`: it asks
/// the binary itself at each TAB (`COMPLETE=SHELL slaclock -- ...`), so
/// ticket ids complete from the log (`app::complete`).
pub fn completions(shell: Shell) -> Result<()> {
    use clap_complete::env::{Bash, EnvCompleter, Fish, Powershell, Zsh};
    let shell_kind = shell;
    let shell: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Powershell => &Powershell,
    };
    // The binary as it was called, as `COMPLETE=SHELL slaclock` names it:
    // `slaclock` when found on PATH, else its path from here.
    let called = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "slaclock".into());
    let completer = if called.components().count() > 1 {
        std::env::current_dir()
            .map(|dir| dir.join(&called))
            .unwrap_or(called)
    } else {
        called
    };
    let mut script = Vec::new();
    shell.write_registration(
        "COMPLETE",
        "slaclock",
        "slaclock",
        &completer.to_string_lossy(),
        &mut script,
    )?;
    if matches!(shell_kind, Shell::Zsh) {
        // Installed as README says (a `_slaclock` file on `fpath`), zsh runs
        // the file's body at the first TAB, which only registers the
        // completer: complete that TAB too, as clap's static zsh scripts do.
        script.extend_from_slice(
            b"\nif [ \"$funcstack[1]\" = \"_slaclock\" ]; then\n    \
              _clap_dynamic_completer_slaclock \"$@\"\nfi\n",
        );
    }
    printed::read_only(|out| out.write_all(&script))
}

pub fn man() -> Result<()> {
    printed::read_only(|out| crate::output::man_page(out, Cli::command()))
}

/// Writes the default policy to `path`, or to the config folder where
/// slaclock looks for it; never over an existing file unless `force`.
pub fn init(InitArgs { path, force }: InitArgs, lang: Lang) -> Result<()> {
    let path = match path {
        Some(p) => p,
        None => config_policy_file().context(crate::msg!("init-no-config-folder"))?,
    };
    // What no --force could make writable is said first.
    check_destination(&path)
        .with_context(|| crate::msg!("init-cannot-write", path = path.display().to_string()))?;
    // A link counts as a file here even when it points nowhere.
    if std::fs::symlink_metadata(&path).is_ok() && !force {
        bail!(crate::msg!(
            "init-exists",
            path = path.display().to_string()
        ));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| {
            crate::msg!("cannot-create-folder", path = dir.display().to_string())
        })?;
    }
    // The shipped policy in the run's language: the same figures, with its
    // comments and names in Japanese for `--lang ja`.
    let policy = match lang {
        Lang::En => DEFAULT_POLICY,
        Lang::Ja => DEFAULT_POLICY_JA,
    };
    // A policy is not secret: readable as any new file is (0664 less the
    // umask), but never writable by others, whatever the umask.
    write_file(&path, Mode::LessUmask(0o664), |f| {
        Ok(f.write_all(policy.as_bytes())?)
    })
    .with_context(|| crate::msg!("init-cannot-write", path = path.display().to_string()))?;
    let shown = path.display();
    printed::after_change(
        || crate::msg!("not-printed-init", path = shown.to_string()).to_string(),
        || crate::msg!("not-printed-init-next", path = shown.to_string()).to_string(),
        |out| writeln!(out, "{}", tr!(lang, "init-wrote", path = shown.to_string())),
    )
}
