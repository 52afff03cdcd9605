//! How `notify` delivers one event: a shell command (`--exec`) or an HTTP
//! POST (`--webhook`), each bounded by a timeout so `notify` never hangs.
//!
//! A command runs as `sh -c CMD` in a process group of its own, with the
//! event's JSON on its standard input and its summary in
//! `SLACLOCK_SUMMARY`; its standard output goes to `notify`'s standard
//! error (cron mails it). Past the timeout the whole group is killed, so
//! nothing it started can keep `notify` waiting, and so it is when `notify`
//! itself is stopped by SIGTERM, SIGINT or SIGHUP (cron's `timeout`,
//! systemd, a monitoring agent's own limit; one its parent set to be
//! ignored stays ignored): the group goes first, then `notify` ends as the
//! signal would have ended it. The JSON is written
//! from another thread, so a command that never reads it cannot block the
//! wait.
//!
//! A webhook is POSTed with ureq over rustls (Slack, Teams and Mattermost
//! webhooks are HTTPS; the roots are the Mozilla set webpki-roots carries),
//! with one timeout for the whole request and no redirects followed. Only
//! the scheme, host and port of its URL are ever shown: the rest of a
//! webhook URL is its secret.

use std::io::Write;
use std::os::fd::AsFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use ureq::http::Uri;

use super::exit::UsageError;

/// Where events go.
pub enum Receiver {
    Exec {
        command: String,
    },
    Webhook {
        agent: ureq::Agent,
        url: String,
        /// `https://hooks.example.com` (and its port, if the URL names
        /// one): what messages may show.
        shown: String,
        /// The agent's limit for the whole request, to name it.
        timeout: Duration,
    },
}

impl Receiver {
    /// `--exec CMD`.
    pub fn exec(command: &str) -> Result<Receiver, UsageError> {
        if command.trim().is_empty() {
            return Err(UsageError(crate::msg!("refuse-exec-empty").to_string()));
        }
        Ok(Receiver::Exec {
            command: command.to_owned(),
        })
    }

    /// `--webhook URL`: an absolute http or https URL, its port (if it
    /// names one) a number from 1 to 65535.
    pub fn webhook(url: &str, timeout: Duration) -> Result<Receiver, UsageError> {
        let bad = || UsageError(crate::msg!("refuse-webhook-url").to_string());
        let uri: Uri = url.parse().map_err(|_| bad())?;
        let scheme = uri.scheme_str().ok_or_else(bad)?;
        let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(bad)?;
        if !matches!(scheme, "http" | "https") {
            return Err(bad());
        }
        // The URI parser takes any port text and, when it is not a u16
        // (`:99999`, `:abc`), reports no port at all, so the request would
        // go to the scheme's own port (80), secret path and all.
        if let Some(port) = uri.authority().and_then(|a| port_text(a.as_str())) {
            let valid = port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok_and(|p| p != 0);
            if !valid {
                let port = crate::output::cut(port, 20);
                return Err(UsageError(
                    crate::msg!("refuse-webhook-port", port = format!("{port:?}")).to_string(),
                ));
            }
        }
        let shown = match uri.port_u16() {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("slaclock/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Receiver::Webhook {
            agent,
            url: url.to_owned(),
            shown,
            timeout,
        })
    }

    /// What the ticket log records of the receiver: never the command or URL.
    pub fn channel(&self) -> &'static str {
        match self {
            Receiver::Exec { .. } => "exec",
            Receiver::Webhook { .. } => "webhook",
        }
    }

    /// Whether the text is read by a chat (Slack's escaping applies).
    pub fn is_chat(&self) -> bool {
        matches!(self, Receiver::Webhook { .. })
    }

    /// Delivers one event; on failure, why.
    pub fn send(&self, json: &str, summary: &str, timeout: Duration) -> Result<(), Failed> {
        match self {
            Receiver::Exec { command } => run(command, json, summary, timeout),
            Receiver::Webhook {
                agent,
                url,
                shown,
                timeout,
            } => post(agent, url, shown, json, *timeout),
        }
    }
}

/// Why an event was not delivered, in a phrase, and whether the receiver
/// ran out of `--timeout`: a receiver that did is hung or too slow, and
/// `notify` tries it no more in that run.
#[derive(Debug, PartialEq, Eq)]
pub struct Failed {
    pub why: String,
    pub timed_out: bool,
}

impl Failed {
    fn because(why: impl ToString) -> Failed {
        Failed {
            why: why.to_string(),
            timed_out: false,
        }
    }

    fn out_of_time(why: impl ToString) -> Failed {
        Failed {
            why: why.to_string(),
            timed_out: true,
        }
    }
}

/// The process group of the command running now, 0 when none is.
static RUNNING: AtomicI32 = AtomicI32::new(0);

/// Makes SIGTERM, SIGINT and SIGHUP kill the running command's group before
/// they end `notify` as they would have by default. Once per process.
fn stop_the_command_with_notify() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for signal in super::signals::heeded() {
            // SAFETY: the action is async-signal-safe: an atomic load,
            // kill(2), and signal-hook's emulation of the default action.
            let registered = unsafe {
                signal_hook::low_level::register(signal, move || {
                    let group = RUNNING.load(Ordering::SeqCst);
                    if group > 0 {
                        libc::kill(-group, libc::SIGKILL);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                })
            };
            // Without it a signal still ends notify, as it always did.
            let _ = registered;
        }
    });
}

/// Runs `sh -c command` with `json` on its standard input.
fn run(command: &str, json: &str, summary: &str, timeout: Duration) -> Result<(), Failed> {
    stop_the_command_with_notify();
    // The command's output is not notify's: it goes to standard error.
    let out = std::io::stderr()
        .as_fd()
        .try_clone_to_owned()
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null());
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("SLACLOCK_SUMMARY", summary)
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(Stdio::inherit())
        .process_group(0)
        .spawn()
        .map_err(|e| Failed::because(crate::msg!("send-cannot-run-sh", error = e.to_string())))?;
    RUNNING.store(
        libc::pid_t::try_from(child.id()).unwrap_or(0),
        Ordering::SeqCst,
    );
    let status = wait_for(&mut child, json, timeout);
    RUNNING.store(0, Ordering::SeqCst);
    status
}

/// Feeds the command its input and waits for it, at most `timeout`.
fn wait_for(child: &mut std::process::Child, json: &str, timeout: Duration) -> Result<(), Failed> {
    let writer = child.stdin.take().map(|mut stdin| {
        let input = format!("{json}\n");
        std::thread::spawn(move || {
            // A command that does not read its input is not a failure.
            let _ = stdin.write_all(input.as_bytes());
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                kill_group(child.id());
                let _ = child.wait();
                return Err(Failed::out_of_time(crate::msg!(
                    "send-timed-out",
                    timeout = crate::i18n::duration(timeout)
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                kill_group(child.id());
                return Err(Failed::because(crate::msg!(
                    "send-cannot-wait",
                    error = e.to_string()
                )));
            }
        }
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    match (status.code(), status.signal()) {
        (Some(0), _) => Ok(()),
        (Some(code), _) => Err(Failed::because(crate::msg!(
            "send-exited",
            code = code.to_string()
        ))),
        (None, Some(signal)) => Err(Failed::because(crate::msg!(
            "send-killed",
            signal = signal.to_string()
        ))),
        (None, None) => Err(Failed::because(crate::msg!(
            "send-ended",
            status = status.to_string()
        ))),
    }
}

/// Kills the process group the command leads (it and all it started).
fn kill_group(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill has no memory preconditions; a negative pid names
        // the group the child leads (it was spawned with process_group(0)).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

/// The port as written in a URL's authority (`user@host:port`,
/// `[::1]:port`), if it writes one: None for none, or for an empty one
/// (`host:`), which is the scheme's own port.
fn port_text(authority: &str) -> Option<&str> {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let after_host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or("", |(_, rest)| rest),
        None => host_port,
    };
    after_host
        .rsplit_once(':')
        .map(|(_, port)| port)
        .filter(|p| !p.is_empty())
}

/// POSTs `json` to `url`; only 2xx answers are a delivery.
fn post(
    agent: &ureq::Agent,
    url: &str,
    shown: &str,
    json: &str,
    timeout: Duration,
) -> Result<(), Failed> {
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(json)
        .map_err(|e| match e {
            // ureq's words ("timeout: global") name none of what was set.
            ureq::Error::Timeout(_) => Failed::out_of_time(crate::msg!(
                "send-webhook-timed-out",
                url = shown,
                timeout = crate::i18n::duration(timeout)
            )),
            e => Failed::because(crate::msg!(
                "send-cannot-post",
                url = shown,
                error = one_line(&e.to_string())
            )),
        })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let said = answer(response.body_mut());
    let said = if said.is_empty() {
        String::new()
    } else {
        format!(": {said}")
    };
    Err(Failed::because(crate::msg!(
        "send-answered",
        url = shown,
        status = status.to_string(),
        said = said
    )))
}

/// The most of a refusing webhook's answer read, in bytes: enough for
/// any error message, and a page of HTML is not read to its end.
const ANSWER_BYTES: u64 = 4096;

/// The most of it shown, in columns: the start of the answer says why.
const ANSWER_COLUMNS: usize = 300;

/// What a webhook that did not take the event answered, as people are
/// told it: its start, on one line, cut with `…` (an answer read only in
/// part too), and as `check`'s lines show text (README "Running from
/// cron"): a server's answer is not ours to print as it is, so its line
/// breaks become `; `, other control characters (an escape sequence's
/// ESC) spaces and bidirectional controls U+FFFD.
fn answer(body: &mut ureq::Body) -> String {
    use std::io::Read;
    let mut bytes = vec![];
    // What could be read before a failure is still what the server said.
    let _ = body
        .with_config()
        .reader()
        .take(ANSWER_BYTES + 1)
        .read_to_end(&mut bytes);
    let more = bytes.len() as u64 > ANSWER_BYTES;
    bytes.truncate(usize::try_from(ANSWER_BYTES).unwrap_or(usize::MAX));
    answer_line(&bytes, more)
}

/// [`answer`]'s words for the bytes read, `more` if the answer went on.
fn answer_line(bytes: &[u8], more: bool) -> String {
    // A character the read stopped inside is left out, not shown as U+FFFD.
    let whole = match std::str::from_utf8(bytes) {
        Err(e) if more && e.error_len().is_none() => &bytes[..e.valid_up_to()],
        _ => bytes,
    };
    let line = one_line(&String::from_utf8_lossy(whole));
    let mut shown = crate::output::cut(&line, ANSWER_COLUMNS);
    if more && !shown.is_empty() && shown.len() == line.len() {
        shown.push('…');
    }
    shown
}

/// An error on one line, shown as `check`'s lines show text, and never
/// with the webhook's secret path (ureq's errors do not carry the URL;
/// this is belt and braces).
fn one_line(s: &str) -> String {
    crate::output::one_line(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_must_be_http_or_https_and_only_their_host_is_shown() {
        let r = Receiver::webhook(
            "https://user:pw@hooks.example.com/services/T0/B0/SECRET?x=1",
            Duration::from_secs(1),
        )
        .expect("a URL");
        let Receiver::Webhook { shown, .. } = &r else {
            panic!("a webhook")
        };
        assert_eq!(shown, "https://hooks.example.com");
        assert_eq!((r.channel(), r.is_chat()), ("webhook", true));
        let r =
            Receiver::webhook("http://127.0.0.1:8080/hook", Duration::from_secs(1)).expect("a URL");
        let Receiver::Webhook { shown, .. } = &r else {
            panic!("a webhook")
        };
        assert_eq!(shown, "http://127.0.0.1:8080");
        for bad in [
            "",
            "hooks.example.com/x",
            "ftp://example.com/x",
            "/relative",
            "https://",
        ] {
            let e = Receiver::webhook(bad, Duration::from_secs(1))
                .err()
                .expect(bad);
            assert!(
                e.0.starts_with("--webhook needs an http:// or https:// URL"),
                "{bad}: {}",
                e.0
            );
        }
        // A port that is not one is refused, never read as no port (the
        // request would go to port 80, secret path and all); the message
        // names the port typed, not the path.
        for (bad, port) in [
            ("http://127.0.0.1:99999/SECRETPATH", "\"99999\""),
            ("http://127.0.0.1:65536/SECRETPATH", "\"65536\""),
            ("http://127.0.0.1:abc/SECRETPATH", "\"abc\""),
            ("http://127.0.0.1:18765x/SECRETPATH", "\"18765x\""),
            ("http://127.0.0.1:0/SECRETPATH", "\"0\""),
            ("http://127.0.0.1:+80/SECRETPATH", "\"+80\""),
            ("https://user:pw@hooks.example.com:8o/SECRETPATH", "\"8o\""),
            ("http://[::1]:99999/SECRETPATH", "\"99999\""),
        ] {
            let e = Receiver::webhook(bad, Duration::from_secs(1))
                .err()
                .expect(bad);
            assert!(
                e.0.starts_with(&format!("--webhook URL has {port} as its port")),
                "{bad}: {}",
                e.0
            );
            assert!(!e.0.contains("SECRETPATH"), "{bad}: {}", e.0);
        }
        for (good, shown_as) in [
            ("http://127.0.0.1:65535/x", "http://127.0.0.1:65535"),
            ("http://127.0.0.1:/x", "http://127.0.0.1"),
            ("http://[::1]:8080/x", "http://[::1]:8080"),
            ("http://[::1]/x", "http://[::1]"),
            (
                "https://a:b@hooks.example.com/x",
                "https://hooks.example.com",
            ),
        ] {
            let r = Receiver::webhook(good, Duration::from_secs(1)).expect(good);
            let Receiver::Webhook { shown, .. } = &r else {
                panic!("a webhook")
            };
            assert_eq!(shown, shown_as, "{good}");
        }
        assert!(Receiver::exec("  ").is_err());
        assert_eq!(
            Receiver::exec("true").map(|r| r.channel()).ok(),
            Some("exec")
        );
    }

    /// What a refusing webhook answered is shown as `check` shows text,
    /// its start only, cut with `…`.
    #[test]
    fn a_webhooks_answer_is_one_line_and_cut() {
        assert_eq!(answer_line(b"Bad token", false), "Bad token");
        // ESC is a control character: a space. An override: U+FFFD.
        assert_eq!(
            answer_line("no \u{1b}[2J\u{202E}way".as_bytes(), false),
            "no  [2J\u{FFFD}way"
        );
        assert_eq!(
            answer_line(b"<p>\r\nBad\r\n</p>\r\n", false),
            "<p>; Bad; </p>"
        );
        let long = "x".repeat(5_000);
        let shown = answer_line(long.as_bytes(), false);
        assert_eq!(shown, format!("{}…", "x".repeat(299)));
        // Read only in part: said so, even when what was read fits.
        assert_eq!(answer_line(b"Bad token", true), "Bad token…");
        // A character the read stopped inside is left out.
        let mut cut = "trouble caf".as_bytes().to_vec();
        cut.push("é".as_bytes()[0]);
        assert_eq!(answer_line(&cut, true), "trouble caf…");
        assert_eq!(answer_line(b"   ", true), "");
    }

    #[test]
    fn a_command_gets_the_json_and_the_summary_and_its_status_counts() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("got");
        let cmd = format!(
            "cat > '{0}'; printf '%s\\n' \"$SLACLOCK_SUMMARY\" >> '{0}'",
            out.display()
        );
        run(&cmd, "{\"a\":1}", "#1 late", Duration::from_secs(20))
            .map_err(|f| anyhow::Error::msg(f.why))?;
        assert_eq!(std::fs::read_to_string(&out)?, "{\"a\":1}\n#1 late\n");
        assert_eq!(
            run("exit 3", "{}", "s", Duration::from_secs(20)),
            Err(Failed::because("the command exited with 3"))
        );
        assert_eq!(
            run("kill -9 $$", "{}", "s", Duration::from_secs(20)),
            Err(Failed::because("the command was killed by signal 9"))
        );
        // A command that neither reads its input nor ends is stopped, with
        // what it started, and the run goes on.
        let started = Instant::now();
        let err = run("sleep 600 & sleep 600", "{}", "s", Duration::from_secs(1)).unwrap_err();
        assert_eq!(
            err,
            Failed::out_of_time("the command did not finish within 1s (--timeout) and was stopped")
        );
        assert!(started.elapsed() < Duration::from_secs(60), "never hangs");
        Ok(())
    }
}
