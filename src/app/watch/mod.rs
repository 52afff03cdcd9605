//! `watch`: the board as a full-screen live view, for a wall screen or a
//! spare terminal during an outage. It redraws every second, notices
//! changes made from other terminals within about a second (`live`), and
//! acts on the selected ticket through the event commands' own code
//! (`record::record_change`), opening the log for writing for that one
//! action. It never holds a lock another command waits on: the log is
//! open for reading, each read is one short transaction, and the loop
//! sleeps outside them.
//!
//! `screen` decides what keys do, `live` what to read and judge, and
//! `output::watch_frame` draws; this file is the loop that joins them to
//! the terminal (`terminal`) and the clock.

mod live;
mod screen;
mod terminal;

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::cli::{EscalateArgs, ReasonArg, ResumeArgs, Stamp, UpdateArgs, WaitArgs};
use crate::model::TicketId;
use crate::output::{self, Bottom, Choices, KeyHint, Said, Scroll, Style, WatchScreen};
use crate::store::OpenMode;
use crate::tr;

use super::context::Context;
use super::prompt::reason_in;
use super::record::{Change, record_change};
use live::{Live, Wanted};
use screen::{Act, Input, Key, Outcome, Screen};

/// The longest the loop waits for a key before looking at the signals.
const SIGNAL_LATENCY: Duration = Duration::from_millis(200);

/// Set while the loop waits on a read of the log, which a frozen server
/// can hold until the store's answer limit (40 s): meanwhile a watch of
/// its own ends the watch on Ctrl-C or a signal, so those still end it
/// at once, and so does `q` when it would quit ([`quits_now`]). Never set
/// around a write: one cut off mid-commit could not say whether it was
/// recorded.
static READING: AtomicBool = AtomicBool::new(false);

/// Whether `q` quits on the screen as the loop last left it: nothing is
/// being typed (on the board or a ticket shown in full).
static Q_QUITS: AtomicBool = AtomicBool::new(true);

/// Terminal events sent to the loop and not yet handled by it.
static QUEUED: AtomicUsize = AtomicUsize::new(0);

/// Ctrl-C, or a `q` that quits, was pressed (the loop also sees it, in
/// its turn).
static QUIT: AtomicBool = AtomicBool::new(false);

/// Held while an action is recorded, so that leaving from outside the
/// loop waits for it to end.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// When the read under way began, in milliseconds since the watch began.
static READING_SINCE: AtomicU64 = AtomicU64::new(0);

/// How long a read must have waited before a quit leaves it behind: a
/// read that answers hands the quit to the loop.
const STUCK_AFTER: Duration = Duration::from_millis(300);

/// Runs `read` with [`READING`] set.
fn reading<T>(read: impl FnOnce() -> T) -> T {
    READING_SINCE.store(millis(), Ordering::SeqCst);
    READING.store(true, Ordering::SeqCst);
    let value = read();
    READING.store(false, Ordering::SeqCst);
    value
}

/// Whether the loop has waited on a read for longer than [`STUCK_AFTER`].
fn stuck() -> bool {
    let since = READING_SINCE.load(Ordering::SeqCst);
    READING.load(Ordering::SeqCst)
        && millis().saturating_sub(since) > STUCK_AFTER.as_millis() as u64
}

/// Whether a key read while the loop is held ends the watch at once: Ctrl-C
/// always; `q` only when it is the next key the loop would handle (none
/// queued ahead of it, which could start a line it would be a letter of)
/// and it quits on the screen as the loop left it.
fn quits_now(key: Key, queued: usize, q_quits: bool) -> bool {
    match key {
        Key::Interrupt => true,
        Key::Char('q') => queued == 0 && q_quits,
        _ => false,
    }
}

/// Milliseconds since the first call (the watch's start).
fn millis() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// Ends the watch from outside the loop, which is held in a read: the
/// terminal given back, exit 0 as for any quit. An action being recorded
/// (the loop may have moved on to one) is let finish first.
fn leave_now() -> ! {
    let _writing = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    terminal::give_back();
    std::process::exit(0)
}

pub fn watch(ctx: &Context) -> Result<()> {
    if !std::io::stdout().is_terminal() {
        bail!(crate::msg!("watch-not-a-terminal"));
    }
    // Opened (and a loose log warned about) before the screen is taken,
    // so the warning is seen once it is given back; the loop's reopenings
    // say nothing more.
    let store = ctx.store(OpenMode::Read)?;
    let mut live = Live::new(store, ctx.style.warn_at);
    let signals = terminal::Signals::catch()?;
    let mut term = terminal::Screen::take()?;
    let ended = run(ctx, &mut term, &mut live, &signals);
    drop(term);
    ended
}

/// The loop: once a second, the log is looked at and the screen drawn;
/// keys are handled as they come.
fn run(
    ctx: &Context,
    term: &mut terminal::Screen,
    live: &mut Live,
    signals: &terminal::Signals,
) -> Result<()> {
    let keys = read_keys();
    let caught = signals.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(SIGNAL_LATENCY);
            if (caught.caught() || QUIT.load(Ordering::SeqCst)) && stuck() {
                leave_now();
            }
        }
    });
    // Without a login name nobody can take a ticket as "me", nor see
    // "mine": `t` and `m` are not offered (`take` and `--mine` are refused).
    let mut screen = Screen::new();
    screen.owners = ctx.knows_user(None);
    screen.lang = ctx.style.lang;
    let mut scroll = Scroll::default();
    let mut held = Held::default();
    let mut tick = Instant::now();
    let mut dirty = true;
    // A bug cannot be summoned on purpose: the test of what a panic leaves
    // of the terminal injects one once the board is drawn; debug builds
    // (the ones `cargo test` runs) only, never a release.
    let inject_panic =
        cfg!(debug_assertions) && std::env::var_os("SLACLOCK_TEST_WATCH_PANIC").is_some();
    loop {
        if signals.caught() {
            return Ok(());
        }
        if Instant::now() >= tick {
            let began = Instant::now();
            let status = screen.status.clone();
            reading(|| refresh(ctx, live, &mut screen));
            held.after(began, status, &screen);
            tick = next_second();
            dirty = true;
        }
        if dirty {
            draw(ctx, term, live, &mut screen, &mut scroll)?;
            dirty = false;
            if inject_panic {
                panic!("injected by SLACLOCK_TEST_WATCH_PANIC");
            }
        }
        let wait = tick
            .saturating_duration_since(Instant::now())
            .min(SIGNAL_LATENCY);
        let event = match keys.recv_timeout(wait) {
            Ok((at, event)) => {
                let event = event?;
                if held.drops(at, &event) {
                    screen.status = Some(held.said(ctx.style.lang));
                    dirty = true;
                    QUEUED.fetch_sub(1, Ordering::SeqCst);
                    continue;
                }
                event
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => bail!(crate::msg!("watch-input-ended")),
        };
        // Handled below before the loop can read again.
        let _handled = Handled;
        let outcome = match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let Some(key) = key_of(k) else { continue };
                screen.key(key)
            }
            // Text, never keys: only a line being typed takes it.
            Event::Paste(text) => {
                screen.paste(&text);
                Outcome::Stay
            }
            Event::Resize(..) => {
                dirty = true;
                continue;
            }
            _ => continue,
        };
        match outcome {
            Outcome::Quit => return Ok(()),
            Outcome::Stay => {}
            Outcome::Record { id, act, text } => {
                let began = Instant::now();
                let status = screen.status.clone();
                let writing = WRITING.lock().unwrap_or_else(|e| e.into_inner());
                let recorded = record(ctx, id, act, text);
                drop(writing);
                screen.status = Some(match recorded {
                    Ok(said) => said,
                    Err(e) => Said::refused(one_line(&crate::i18n::os::chain(&e))),
                });
                held.after(began, status, &screen);
                // Seen at once: its own commit moved the mark.
                tick = Instant::now();
            }
        }
        Q_QUITS.store(screen.input.is_none(), Ordering::SeqCst);
        if live.asked_for_more(&Wanted::of(&screen), screen.detail) {
            tick = Instant::now();
        }
        dirty = true;
    }
}

/// How long the log may keep the loop waiting (a read, or an action
/// being recorded) before the keys typed meanwhile are dropped: typed
/// ahead of a screen that did not answer, at a board that has moved on
/// since, they are not what the engineer would choose now (a `t` meant
/// for another row, a `q` meant to end a wait that ended).
const HELD_AFTER: Duration = Duration::from_secs(2);

/// The last time the log held the loop past [`HELD_AFTER`], and the keys
/// typed meanwhile that were dropped.
#[derive(Default)]
struct Held {
    /// When the wait began and ended.
    span: Option<(Instant, Instant)>,
    waited: Duration,
    dropped: usize,
    /// What the status line said after the wait, if the wait changed it
    /// (an action's result, a failed read): the drop is said after it.
    said: Option<Said>,
}

impl Held {
    /// Notes a wait that began at `began`, the status line having said
    /// `before` then, if it lasted past [`HELD_AFTER`].
    fn after(&mut self, began: Instant, before: Option<Said>, screen: &Screen) {
        let waited = began.elapsed();
        if waited < HELD_AFTER {
            return;
        }
        *self = Held {
            span: Some((began, Instant::now())),
            waited,
            dropped: 0,
            said: screen
                .status
                .clone()
                .filter(|now| Some(now) != before.as_ref()),
        };
    }

    /// Whether `event`, which came at `at`, is a key or a paste typed
    /// while the loop was held: then it is dropped, and counted.
    fn drops(&mut self, at: Instant, event: &Event) -> bool {
        let typed = matches!(event, Event::Key(_) | Event::Paste(_));
        let during = self.span.is_some_and(|(from, to)| from <= at && at <= to);
        if typed && during {
            self.dropped += 1;
        }
        typed && during
    }

    /// The status line once keys were dropped: what the wait's end said,
    /// then how many keys were dropped and why.
    fn said(&self, lang: crate::i18n::Lang) -> Said {
        let dropped = tr!(
            lang,
            "watch-keys-dropped",
            n = self.dropped,
            waited =
                crate::i18n::duration(Duration::from_secs(self.waited.as_secs())).told_in(lang)
        );
        match &self.said {
            Some(said) => Said {
                text: format!("{}; {dropped}", said.text),
                ..said.clone()
            },
            None => Said::refused(dropped),
        }
    }
}

/// The terminal's events, each with when it came, read on a thread of
/// their own. crossterm reads
/// a terminal that has hung up (its window closed, tmux killed) in a loop
/// that never returns; on its own thread that loop cannot keep the watch
/// from seeing SIGHUP, or its next draw failing, and ending (the thread
/// ends with the process).
fn read_keys() -> Receiver<(Instant, std::io::Result<Event>)> {
    let (send, keys) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let at = Instant::now();
            if let Ok(Event::Key(k)) = &event
                && k.kind != KeyEventKind::Release
                && key_of(*k).is_some_and(|key| {
                    quits_now(
                        key,
                        QUEUED.load(Ordering::SeqCst),
                        Q_QUITS.load(Ordering::SeqCst),
                    )
                })
            {
                QUIT.store(true, Ordering::SeqCst);
            }
            let failed = event.is_err();
            QUEUED.fetch_add(1, Ordering::SeqCst);
            if send.send((at, event)).is_err() || failed {
                return;
            }
        }
    });
    keys
}

/// Counts an event taken from the queue as handled when dropped, after
/// the loop has acted on it (and noted whether `q` now quits).
struct Handled;

impl Drop for Handled {
    fn drop(&mut self) {
        QUEUED.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Brings the board up to date; a failure to read the log is shown on the
/// status line, and the log read again (opened again) a second later.
fn refresh(ctx: &Context, live: &mut Live, screen: &mut Screen) {
    let now = ctx.now();
    let lang = ctx.style.lang;
    // What a failed read's status line starts with, its error aside.
    let read_failed = tr!(lang, "watch-read-failed", error = "");
    match live.refresh(ctx, &Wanted::of(screen), screen.detail, now) {
        Ok(_) => {
            if screen
                .status
                .as_ref()
                .is_some_and(|s| s.text.starts_with(read_failed.trim_end()))
            {
                screen.status = None;
            }
        }
        Err(e) => {
            screen.status = Some(Said::refused(one_line(&tr!(
                lang,
                "watch-read-failed",
                error = crate::i18n::os::chain(&e)
            ))));
        }
    }
    screen.set_order(live.board.order());
}

fn draw(
    ctx: &Context,
    term: &mut terminal::Screen,
    live: &mut Live,
    screen: &mut Screen,
    scroll: &mut Scroll,
) -> Result<()> {
    let now = ctx.now();
    let detail = match reading(|| live.detail(now)) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            screen.status = Some(Said::refused(one_line(&crate::i18n::os::chain(&e))));
            None
        }
        None => None,
    };
    let views = live.board.views();
    let lang = ctx.style.lang;
    let reasons: Vec<String> = ReasonArg::ALL.map(|r| reason_in(lang, r)).to_vec();
    // A question names the ticket as last read: the one shown in full,
    // else its line on the board.
    let about = |id: TicketId| {
        detail
            .as_ref()
            .map(|(v, _)| v)
            .filter(|v| v.ticket.id == id)
            .or_else(|| views.iter().copied().find(|v| v.ticket.id == id))
    };
    // The reasons' box says where the ticket climbs and whom that
    // reaches, as its policy (its contract included) has it; at the top
    // of the path (refused on Enter, as `escalate` refuses) it cannot.
    let (heading, note, chosen) = match &screen.input {
        Some(Input::Reason { id, chosen }) => {
            let id_text = id.to_string();
            let next = about(*id)
                .filter(|v| v.eval.state != crate::sla::TicketState::Resolved)
                .and_then(|v| Some((v.eval.escalation.next_level?, &v.eval.escalation.contact)));
            match next {
                Some((level, contact)) => (
                    tr!(lang, "watch-why-escalate-to", id = id_text, level = level),
                    contact.as_deref().map(|c| {
                        tr!(
                            lang,
                            "watch-escalate-contact",
                            contact = crate::i18n::plain(c)
                        )
                    }),
                    Some(*chosen),
                ),
                None => (
                    tr!(lang, "watch-why-escalate", id = id_text),
                    None,
                    Some(*chosen),
                ),
            }
        }
        _ => (String::new(), None, None),
    };
    let prompt = screen.prompt();
    let question = screen.asking().and_then(|id| {
        let view = about(id);
        screen.question(view.map(|v| (v.ticket.title.as_str(), v.eval.owner.as_deref())))
    });
    let keys = screen.footer();
    let warning = live.behind(now).map(|behind| {
        one_line(&format!(
            "{} {}",
            tr!(lang, "warning-prefix"),
            behind.told_in(lang)
        ))
    });
    let frame = WatchScreen {
        board: &views,
        selected: screen.selected(),
        search: screen.search.as_deref(),
        mine: screen.mine,
        detail: detail.as_ref().map(|(v, t)| (v, t.as_slice())),
        status: screen.status.as_ref(),
        warning: warning.as_deref(),
        bottom: match (&prompt, &question) {
            (Some((prompts, text)), _) => Bottom::Typing { prompts, text },
            (None, Some(forms)) => Bottom::Asking(forms),
            (None, None) => Bottom::Keys(
                keys.iter()
                    .map(|(text, keep)| KeyHint { text, keep: *keep })
                    .collect(),
            ),
        },
        choices: chosen.map(|chosen| Choices {
            heading: &heading,
            note: note.as_deref(),
            items: &reasons,
            chosen,
        }),
    };
    scroll.detail_top = screen.detail_top;
    term.terminal
        .draw(|f| output::watch_frame(f, &frame, scroll, now, &ctx.style))?;
    screen.detail_top = scroll.detail_top;
    screen.page = scroll.page;
    Ok(())
}

/// Records `act` on ticket `id` as the event command does, and returns
/// the first line the command would print (`#1 Title (Customer): update
/// recorded at 10:09`), the ticket apart from what was done, so a narrow
/// status line can cut the one and keep the other.
fn record(ctx: &Context, id: TicketId, act: Act, text: Option<String>) -> Result<Said> {
    let change = match act {
        Act::Update => Change::Update(UpdateArgs {
            message: text,
            next_update: None,
            resume: false,
        }),
        Act::Wait => Change::Wait(WaitArgs { reason: text }),
        Act::Resume => Change::Resume(ResumeArgs { note: text }),
        Act::Escalate(reason) => Change::Escalate(EscalateArgs {
            reason: Some(reason),
            note: text,
        }),
        Act::Take => Change::Take,
    };
    let stamp = Stamp { at: None, by: None };
    let done = record_change(ctx, id, stamp, change)?;
    let plain = Style {
        color: false,
        width: None,
        ..ctx.style
    };
    let mut said = Vec::new();
    let before = output::Before {
        voided: done.voided.as_ref(),
        owner: done.owner_before.as_deref(),
    };
    output::recorded_all(
        &mut said,
        &done.events,
        before,
        &done.view,
        done.now,
        &plain,
    )?;
    let said = String::from_utf8_lossy(&said);
    let first = said.lines().next().unwrap_or_default();
    let subject = output::head(&done.view);
    Ok(match first.strip_prefix(&format!("{subject}: ")) {
        Some(done) => Said::done(subject, done.to_string()),
        None => Said {
            subject: None,
            text: first.to_string(),
            refused: false,
        },
    })
}

/// A crossterm key as the watch reads it.
fn key_of(k: KeyEvent) -> Option<Key> {
    Some(match k.code {
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::Interrupt,
        _ if k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            return None;
        }
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Char(c) => Key::Char(c),
        _ => return None,
    })
}

/// The next whole second of the wall clock, so the countdowns tick with it.
fn next_second() -> Instant {
    let into = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(Duration::ZERO, |d| {
            Duration::from_nanos(u64::from(d.subsec_nanos()))
        });
    Instant::now() + (Duration::from_secs(1) - into)
}

/// An error's lines as one, for the status line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_q_the_loop_would_take_for_a_quit_ends_a_held_watch() {
        // Ctrl-C whatever is queued or typed.
        assert!(quits_now(Key::Interrupt, 3, false));
        // q, next in line, on the board or a ticket in full.
        assert!(quits_now(Key::Char('q'), 0, true));
        // q behind another key (a `u` that opens a message, say).
        assert!(!quits_now(Key::Char('q'), 1, true));
        // q while a message or a search is being typed.
        assert!(!quits_now(Key::Char('q'), 0, false));
        // Nothing else quits from outside the loop, Esc included (it
        // also closes a search or a ticket shown in full).
        assert!(!quits_now(Key::Esc, 0, true));
        assert!(!quits_now(Key::Char('u'), 0, true));
    }

    /// Only keys and pastes typed during a wait of [`HELD_AFTER`] or more
    /// are dropped; the status line says so after what the wait's end
    /// said, and only a status the wait changed.
    #[test]
    fn keys_typed_during_a_long_wait_are_dropped_and_said_after_its_result() {
        let ago = |secs| Instant::now() - Duration::from_secs(secs);
        let key = Event::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE));
        let mut screen = Screen::new();
        let mut held = Held::default();
        // A short wait holds nothing back.
        held.after(ago(1), None, &screen);
        assert!(!held.drops(ago(0), &key));
        // A long read that changed nothing on the status line.
        let old = Said::refused("an old refusal".into());
        screen.status = Some(old.clone());
        held.after(ago(3), Some(old), &screen);
        assert!(held.drops(ago(1), &key));
        assert!(held.drops(ago(2), &Event::Paste("e".into())));
        assert!(!held.drops(ago(1), &Event::Resize(80, 24)));
        assert!(!held.drops(ago(4), &key), "typed before the wait");
        assert!(!held.drops(Instant::now() + Duration::from_secs(1), &key));
        let said = held.said(crate::i18n::Lang::En);
        assert!(said.refused);
        assert_eq!(
            said.text,
            "2 keys typed while the ticket log did not answer (3s) were not acted on; \
             press again what you still want"
        );
        // A long action: its result first.
        let done = Said::done("#1 VXC down".into(), "update recorded at 10:09".into());
        screen.status = Some(done);
        held.after(ago(2), None, &screen);
        assert!(held.drops(ago(1), &key));
        let said = held.said(crate::i18n::Lang::En);
        assert_eq!(said.subject.as_deref(), Some("#1 VXC down"));
        assert!(!said.refused);
        assert_eq!(
            said.text,
            "update recorded at 10:09; a key typed while the ticket log did not answer (2s) \
             was not acted on; press again what you still want"
        );
        // In Japanese, the wait in Japanese.
        let said = held.said(crate::i18n::Lang::Ja);
        assert!(said.text.contains("応答を待つ間（2秒）に"), "{}", said.text);
    }
}
