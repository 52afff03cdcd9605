//! The README stays true: its sample sessions are run against the real
//! binary and what it prints is compared with what the README shows.
//!
//! README.md itself is read (never a copy), in the literate format trycmd
//! reads: a ```console block holds `$ slaclock ...` lines, each followed by
//! what it prints (standard output, then standard error); a blank line
//! after an output only separates it from the next command. The console
//! blocks under one heading are one session: one fresh ticket log
//! (`SLACLOCK_DB=tickets.db` in a folder of its own), with
//! TZ=Australia/Brisbane, USER=alice and COLUMNS=80 (an 80-column terminal). The clock is fixed per command by
//! the comment that ends its line, the local time it was typed at
//! (`# 2026-11-24 10:02`, then `# 10:09` on the same day); a command
//! without one runs at the time of the one before. A command may start
//! with the language's variables, as a shell reads them
//! (`LANG=ja_JP.UTF-8 slaclock status`). Lines are compared
//! whole, less trailing spaces (tables pad their last column; a README
//! does not keep them). A `? N` line after a command (trycmd's) asks for
//! exit code N; without one the output alone is compared.
//!
//! A block whose info string names a file (```toml,file=proposed.toml)
//! is written into the folder of the session under its heading before the
//! session's first command runs, so a session can read a file it shows.
//!
//! Every block with a `$ slaclock` line is either ```console, and run, or
//! ```console,ignore (one that needs a shell, a server or a path outside
//! the test), so no session can be left unchecked by mistake.
//!
//! After a change to what slaclock prints, `SLACLOCK_README=overwrite
//! cargo test --test cli readme` writes what it prints now into README.md,
//! to be read over and committed.

use std::path::Path;

use super::util::Run;

/// The variables a README command may set before `slaclock`.
const LANG_VARIABLES: [&str; 4] = ["LANG", "LC_ALL", "LC_MESSAGES", "SLACLOCK_LANG"];

/// One `$ slaclock ...` line and what the README says it prints.
#[derive(Debug)]
struct Step {
    /// Its line in README.md, from 1.
    line: usize,
    command: String,
    args: Vec<String>,
    /// `LANG=...` and the like before `slaclock`, for this command only.
    env: Vec<(String, String)>,
    /// The local time typed after `#`, if any: a date and a time, or a time.
    clock: Option<String>,
    status: Option<i32>,
    expected: Vec<String>,
    /// The lines (indices from 0) the expected output takes, blank
    /// separators after it left out.
    output_lines: std::ops::Range<usize>,
}

#[derive(Debug)]
struct Session {
    heading: String,
    steps: Vec<Step>,
    /// Files the README shows under the same heading: name and text.
    files: Vec<(String, String)>,
}

/// A shell command line's words as sh reads them (quotes, backslashes in
/// double quotes), and the comment after an unquoted `#`.
fn words(line: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut words = vec![];
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => words.extend(word.take()),
            '#' if word.is_none() => {
                let comment: String = chars.collect();
                return Ok((words, Some(comment.trim().to_string())));
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("an unclosed '".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            w.push(chars.next().unwrap_or('\\'));
                        }
                        Some(c) => w.push(c),
                        None => return Err("an unclosed \"".into()),
                    }
                }
            }
            '\\' => {
                let next = chars.next().ok_or("a \\ at the end of the line")?;
                word.get_or_insert_with(String::new).push(next);
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok((words, None))
}

/// The sessions of `text` (a README), or what is wrong with its blocks.
fn sessions(text: &str) -> Result<Vec<Session>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut sessions: Vec<Session> = vec![];
    // Files shown, with the heading they were shown under.
    let mut files: Vec<(String, String, String)> = vec![];
    let mut heading = String::new();
    let mut new_heading = true;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_string();
            new_heading = true;
            i += 1;
            continue;
        }
        let Some(info) = line.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let mut attrs = info.trim().split(',').map(str::trim);
        let lang = attrs.next().unwrap_or_default();
        let attrs: Vec<&str> = attrs.collect();
        let ignored = attrs.contains(&"ignore");
        let file = attrs.iter().find_map(|a| a.strip_prefix("file="));
        let start = i + 1;
        let end = (start..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .ok_or_else(|| format!("README.md:{}: a block that is never closed", i + 1))?;
        i = end + 1;
        if let Some(name) = file {
            let text: String = lines[start..end].iter().map(|l| format!("{l}\n")).collect();
            files.push((heading.clone(), name.to_string(), text));
            continue;
        }
        let runs = (start..end).find(|&j| {
            lines[j].starts_with("$ slaclock")
                || LANG_VARIABLES
                    .iter()
                    .any(|v| lines[j].starts_with(&format!("$ {v}=")))
        });
        if lang != "console" || ignored {
            if let (Some(j), false) = (runs, lang == "console") {
                return Err(format!(
                    "README.md:{}: a session in a ```{lang} block is never checked; make the block ```console to run it, or ```console,ignore if it cannot run here",
                    j + 1
                ));
            }
            continue;
        }
        if new_heading {
            sessions.push(Session {
                heading: heading.clone(),
                steps: vec![],
                files: vec![],
            });
            new_heading = false;
        }
        let session = sessions.last_mut().expect("a session");
        let mut j = start;
        while j < end {
            let Some(command) = lines[j].strip_prefix("$ ") else {
                return Err(format!(
                    "README.md:{}: expected a `$ ` command line, found {:?}",
                    j + 1,
                    lines[j]
                ));
            };
            let (mut args, clock) =
                words(command).map_err(|e| format!("README.md:{}: {e}", j + 1))?;
            let mut env = vec![];
            while let Some((name, value)) = args.first().and_then(|w| w.split_once('=')) {
                if !LANG_VARIABLES.contains(&name) {
                    break;
                }
                env.push((name.to_string(), value.to_string()));
                args.remove(0);
            }
            if args.first().map(String::as_str) != Some("slaclock") {
                return Err(format!(
                    "README.md:{}: a console block runs slaclock only; mark this one ```console,ignore",
                    j + 1
                ));
            }
            let line = j + 1;
            j += 1;
            let mut status = None;
            if let Some(code) = lines.get(j).and_then(|l| l.strip_prefix("? ")) {
                status =
                    Some(code.trim().parse().map_err(|_| {
                        format!("README.md:{}: `? {code}` is not an exit code", j + 1)
                    })?);
                j += 1;
            }
            let from = j;
            while j < end && !lines[j].starts_with("$ ") {
                j += 1;
            }
            let mut to = j;
            while to > from && lines[to - 1].trim().is_empty() {
                to -= 1;
            }
            session.steps.push(Step {
                line,
                command: command.to_string(),
                args: args[1..].to_vec(),
                env,
                clock,
                status,
                expected: lines[from..to].iter().map(|l| l.to_string()).collect(),
                output_lines: from..to,
            });
        }
    }
    for (under, name, text) in files {
        let session = sessions
            .iter_mut()
            .find(|s| s.heading == under)
            .ok_or_else(|| format!("README.md: the file {name} is shown under \"{under}\", which has no session to read it"))?;
        session.files.push((name, text));
    }
    Ok(sessions)
}

/// `10:09` on the day of `date`, or `2026-11-24 10:09`, in Brisbane, as the
/// RFC 3339 instant SLACLOCK_NOW takes, and the day it falls on.
fn instant(clock: &str, date: Option<&str>) -> Result<(String, String), String> {
    let (day, time) = match clock.split_once(' ') {
        Some((day, time)) => (day, time),
        None => (
            date.ok_or("the first command of a session needs a date: # YYYY-MM-DD HH:MM")?,
            clock,
        ),
    };
    use chrono::TimeZone;
    let local =
        chrono::NaiveDateTime::parse_from_str(&format!("{day} {time}"), "%Y-%m-%d %H:%M")
            .map_err(|e| format!("# {clock}: not a local time such as 2026-11-24 10:02 ({e})"))?;
    let zone = slaclock::sla::Tz::named("Australia/Brisbane").expect("a zone");
    let at = zone
        .from_local_datetime(&local)
        .single()
        .ok_or_else(|| format!("# {clock}: no such local time"))?;
    Ok((
        at.with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        day.to_string(),
    ))
}

/// What a session's commands print, one output (stdout then stderr) and
/// exit code for each step.
fn run(session: &Session) -> Result<Vec<(String, i32)>, String> {
    let dir = tempfile::tempdir().expect("a temp folder");
    for (name, text) in &session.files {
        std::fs::write(dir.path().join(name), text).expect("write a README file");
    }
    let mut now = None;
    let mut date = None;
    let mut outs = vec![];
    for step in &session.steps {
        if let Some(clock) = &step.clock {
            let (instant, day) = instant(clock, date.as_deref())
                .map_err(|e| format!("README.md:{}: {e}", step.line))?;
            now = Some(instant);
            date = Some(day);
        }
        let now = now.as_ref().ok_or_else(|| {
            format!(
                "README.md:{}: the first command of a session ends with the time it runs at: # YYYY-MM-DD HH:MM",
                step.line
            )
        })?;
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("slaclock"))
            .args(&step.args)
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            // Relative, as a reader's would be: the new log's note names it.
            .env("SLACLOCK_DB", "tickets.db")
            .env("SLACLOCK_NOW", now)
            .env("TZ", "Australia/Brisbane")
            .env("USER", "alice")
            .env("COLUMNS", "80")
            .envs(step.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run slaclock");
        let run = Run::from(out);
        outs.push((format!("{}{}", run.stdout, run.stderr), run.code));
    }
    Ok(outs)
}

/// Lines as compared: trailing spaces and trailing blank lines left out.
fn comparable<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Vec<String> {
    let mut out: Vec<String> = lines
        .into_iter()
        .map(|l| l.as_ref().trim_end().to_string())
        .collect();
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

#[test]
fn the_readme_sessions_print_what_the_readme_shows() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).expect("read README.md");
    let sessions = sessions(&text).unwrap_or_else(|e| panic!("{e}"));
    let headings: Vec<&str> = sessions.iter().map(|s| s.heading.as_str()).collect();
    for needed in ["A session at the desk", "A shift at the desk"] {
        assert!(
            headings.contains(&needed),
            "no session under {needed:?}: {headings:?}"
        );
    }
    let overwrite = std::env::var("SLACLOCK_README").as_deref() == Ok("overwrite");
    let mut wrong = vec![];
    let mut replace: Vec<(std::ops::Range<usize>, Vec<String>)> = vec![];
    for session in &sessions {
        let outs = run(session).unwrap_or_else(|e| panic!("{e}"));
        for (step, (out, code)) in session.steps.iter().zip(outs) {
            let actual = comparable(out.lines());
            let status_ok = step.status.is_none_or(|s| s == code);
            if actual != comparable(&step.expected) || !status_ok {
                wrong.push(format!(
                    "README.md:{} ({}): $ {}\n--- the README shows{}\n{}\n--- slaclock prints (exit {code})\n{}\n",
                    step.line,
                    session.heading,
                    step.command,
                    step.status.map_or(String::new(), |s| format!(" (exit {s})")),
                    step.expected.join("\n"),
                    actual.join("\n")
                ));
                // A blank line keeps an output apart from the next command.
                let mut lines = actual;
                let next = text.lines().nth(step.output_lines.end);
                if !lines.is_empty() && next.is_some_and(|l| l.starts_with("$ ")) {
                    lines.push(String::new());
                }
                replace.push((step.output_lines.clone(), lines));
            }
        }
    }
    if overwrite && !wrong.is_empty() {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        replace.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        for (range, actual) in replace {
            lines.splice(range, actual);
        }
        std::fs::write(&path, lines.join("\n") + "\n").expect("write README.md");
        return;
    }
    assert!(
        wrong.is_empty(),
        "{} README output(s) differ from what slaclock prints (SLACLOCK_README=overwrite writes them in):\n\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The backquoted list after `intro` in README.md's text (lines joined),
/// as its names.
fn listed<'a>(readme: &'a str, intro: &str) -> Vec<&'a str> {
    let at = readme
        .find(intro)
        .unwrap_or_else(|| panic!("README no longer says {intro:?}"));
    let rest = readme[at + intro.len()..].trim_start();
    let list = rest
        .strip_prefix('`')
        .and_then(|r| r.split_once('`'))
        .unwrap_or_else(|| panic!("no `list` after {intro:?}"))
        .0;
    list.split(',').map(str::trim).collect()
}

/// README's lists of export's columns are the header the binary writes,
/// name for name and in order: a column added to one shows in the other.
#[test]
fn the_readme_lists_the_export_columns_the_binary_writes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).expect("read README.md");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let d = super::util::Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    let header = |args: &[&str]| -> Vec<String> {
        let run = d.run(args);
        let first = run.ok().lines().next().unwrap_or_default();
        first.split(',').map(str::to_string).collect()
    };
    assert_eq!(
        listed(&text, "The columns, in order:"),
        header(&["export"]),
        "README's ticket columns"
    );
    assert_eq!(
        listed(&text, "writes the raw event log instead:"),
        header(&["export", "--events"]),
        "README's event columns"
    );
}

#[test]
fn the_session_format_is_read_as_written() {
    assert_eq!(
        words(r#"slaclock open --at "2m ago" 'VXC down' a\ b   # 2026-11-24 10:02"#).unwrap(),
        (
            ["slaclock", "open", "--at", "2m ago", "VXC down", "a b"]
                .map(String::from)
                .to_vec(),
            Some("2026-11-24 10:02".into())
        )
    );
    assert_eq!(
        words(r#"slaclock note '#12' "say \"hi\"" x#y"#).unwrap(),
        (
            ["slaclock", "note", "#12", "say \"hi\"", "x#y"]
                .map(String::from)
                .to_vec(),
            None
        )
    );
    assert!(words("slaclock open 'x").is_err());
    let text = "# A\n\n```console\n$ slaclock status   # 2026-11-24 10:00\nNo open tickets.\n\n$ slaclock wait 9\n? 1\nerror: no ticket\n```\n\n```text\n$ slaclock x\n```\n";
    let err = sessions(text).unwrap_err();
    assert!(
        err.starts_with("README.md:13: a session in a ```text block"),
        "{err}"
    );
    let text = text.replace("```text", "```console,ignore");
    let read = sessions(&text).unwrap();
    assert_eq!(read.len(), 1);
    let steps = &read[0].steps;
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].expected, ["No open tickets."]);
    assert_eq!(steps[0].output_lines, 4..5);
    assert_eq!(steps[1].status, Some(1));
    assert_eq!(steps[1].clock, None);
    // A file shown under the heading is written for its session.
    let with_file = format!("{text}\n```toml,file=p.toml\nx = 1\n```\n");
    let read = sessions(&with_file).unwrap();
    assert_eq!(
        read[0].files,
        [("p.toml".to_string(), "x = 1\n".to_string())]
    );
    let lonely = sessions("# B\n\n```toml,file=p.toml\nx = 1\n```\n").unwrap_err();
    assert!(lonely.contains("no session"), "{lonely}");
    assert_eq!(
        instant("2026-11-24 10:02", None).unwrap(),
        ("2026-11-24T00:02:00Z".into(), "2026-11-24".into())
    );
    assert_eq!(
        instant("10:09", Some("2026-11-24")).unwrap().0,
        "2026-11-24T00:09:00Z"
    );
    assert!(instant("10:09", None).is_err());
}

/// The README's picture of `watch` (at 09:12 in "A shift at the desk", on
/// 80 columns and 12 rows) is the screen the binary draws: the shift's
/// commands up to then are run as the README runs them, then `watch` in
/// a pseudo-terminal of that size, and its screen compared line for
/// line, the blank rows above the keys shown as one (as the README says).
#[test]
fn the_readme_shows_the_watch_screen_watch_draws() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).expect("read README.md");
    let heading = "## The board on a wall screen: `watch`";
    let section = &text[text.find(heading).expect("the watch section")..];
    let shown: Vec<&str> = section
        .split("\n```\n")
        .nth(1)
        .expect("a block in the watch section")
        .lines()
        .collect();
    let prose = section.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        prose.contains("The screen had 12 rows") && prose.contains("At 09:12 in the shift"),
        "the README no longer says when and at what size"
    );
    let sessions = sessions(&text).unwrap_or_else(|e| panic!("{e}"));
    let shift = sessions
        .iter()
        .find(|s| s.heading == "A shift at the desk")
        .expect("the shift's session");
    let mut d = super::util::Desk::new();
    let mut date = None;
    for step in &shift.steps {
        if let Some(clock) = &step.clock {
            let (at, day) = instant(clock, date.as_deref()).unwrap_or_else(|e| panic!("{e}"));
            date = Some(day);
            if clock == "09:12" {
                d.at(&at);
                break;
            }
            d.at(&at);
        }
        let args: Vec<&str> = step.args.iter().map(String::as_str).collect();
        d.run(&args);
    }
    let mut w = super::watch::Watch::start_sized(&d, &[], 12, 80);
    let screen = w.shows("q quit");
    w.keys("q");
    let (said, raw) = w.ended();
    assert_eq!(said, "exited 0; terminal as before");
    super::watch::given_back(&raw);
    let mut drawn: Vec<String> = vec![];
    for line in screen.lines().map(str::trim_end) {
        if !(line.is_empty() && drawn.last().is_some_and(String::is_empty)) {
            drawn.push(line.to_string());
        }
    }
    assert_eq!(
        comparable(&shown),
        comparable(&drawn),
        "README's watch screen (left) is not what watch draws (right)"
    );
}
