//! The prompts of `open`, `escalate` and `severity`, answered in a real
//! pseudo-terminal (rexpect), and the tickets that result; and the same
//! prompts cancelled with Esc or Ctrl-C, which record nothing and leave
//! the terminal as they found it.

use rexpect::session::{PtySession, spawn_command};

use super::util::*;

const DOWN: &str = "\u{1b}[B";
const UP: &str = "\u{1b}[A";

fn pty(d: &Desk, args: &[&str]) -> PtySession {
    let mut cmd = d.std_cmd();
    cmd.args(args).env("TERM", "xterm");
    spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

/// Sends keys once the prompt is reading them. A menu is drawn before the
/// terminal is switched to raw mode; keys typed in between would be taken
/// by the line discipline, as with a person typing ahead.
fn keys(p: &mut PtySession, keys: &str) {
    std::thread::sleep(std::time::Duration::from_millis(900));
    p.send(keys).expect("send keys");
    p.flush().expect("flush");
}

/// Sends keys at once, the prompt being known to read them.
fn keys_now(p: &mut PtySession, keys: &str) {
    p.send(keys).expect("send keys");
    p.flush().expect("flush");
}

fn finish(mut p: PtySession) -> String {
    let out = p.exp_eof().expect("the command ends");
    let status = p.process().wait().expect("exit status");
    assert!(
        format!("{status:?}").starts_with("Exited(") && format!("{status:?}").ends_with(", 0)"),
        "{status:?}\n{out}"
    );
    out
}

#[test]
fn open_asks_for_kind_severity_and_title() {
    let d = Desk::new();
    let mut p = pty(&d, &["open", "--customer", "ACME"]);
    p.exp_string("inquiry").unwrap();
    keys(&mut p, "\r"); // incident, the default
    p.exp_string("No service impact").unwrap();
    keys(&mut p, DOWN); // 2: partial degradation
    keys(&mut p, "\r");
    p.exp_string("Title").unwrap();
    keys(&mut p, "Packet loss on the Tokyo port\r");
    let out = finish(p);
    assert!(
        out.contains("#1 Packet loss on the Tokyo port (ACME): opened at 10:00"),
        "{out}"
    );
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        (s["kind"].as_str(), s["severity"].as_i64()),
        (Some("incident"), Some(2))
    );
    assert_eq!(s["title"], "Packet loss on the Tokyo port");
    assert_eq!(s["customer"], "ACME");
}

#[test]
fn escalate_asks_for_the_reason() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    let mut p = pty(&d, &["escalate", "1"]);
    p.exp_string("not meeting expectations").unwrap();
    keys(&mut p, DOWN);
    keys(&mut p, DOWN); // expectations
    keys(&mut p, "\r");
    let out = finish(p);
    assert!(out.contains("escalated to level 1"), "{out}");
    let timeline = d.run(&["status", "1"]).ok().to_string();
    assert!(timeline.contains("reason: expectations"), "{timeline}");
}

/// The question says where the ticket climbs: the next level and whom it
/// reaches, as the ticket's own policy has it (its contract's contact
/// included), in Japanese too; at the top of the path `escalate` refuses
/// before asking, as before.
#[test]
fn escalate_names_the_level_and_the_contact_it_climbs_to() {
    let d = Desk::new();
    std::fs::write(
        d.path("severity.toml"),
        format!(
            "{}\n[contracts.premium]\nescalation.2 = \"Premium head <head@premium.example>\"\n\n\
             [customers]\n\"ACME\" = \"premium\"\n",
            slaclock::sla::DEFAULT_POLICY
        ),
    )
    .unwrap();
    d.run(&["open", "--severity", "1", "--customer", "ACME", "VXC down"])
        .ok();
    // The question as drawn (up to the first reason), the line breaks of
    // an 80-column terminal taken out; rexpect hands over each byte as a
    // character.
    let asked = |p: &mut PtySession| {
        let drawn = p.exp_string("impact:").unwrap();
        let bytes: Vec<u8> = drawn.chars().map(|c| c as u32 as u8).collect();
        String::from_utf8_lossy(&bytes).replace("\r\n", "")
    };
    let mut p = pty(&d, &["escalate", "1"]);
    let question = asked(&mut p);
    assert!(
        question.contains(
            "Escalate #1 to level 1 (Customer Support and Operations Manager \
             <escalations@example.com>): why?"
        ),
        "{question:?}"
    );
    keys(&mut p, "\r");
    finish(p);
    let mut p = pty(&d, &["escalate", "1"]);
    let question = asked(&mut p);
    assert!(
        question.contains("Escalate #1 to level 2 (Premium head <head@premium.example>): why?"),
        "{question:?}"
    );
    keys(&mut p, "\r");
    finish(p);
    let mut cmd = d.std_cmd();
    cmd.args(["escalate", "1"])
        .env("TERM", "xterm")
        .env("LANG", "ja_JP.UTF-8");
    let mut p = spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    let question = asked(&mut p);
    assert!(
        question.contains(
            "#1をレベル3（Chief Operating Officer <coo@example.com>）へエスカレーションする理由は？"
        ),
        "{question:?}"
    );
    keys(&mut p, "\r");
    finish(p);
    let mut p = pty(&d, &["escalate", "1"]);
    let out = p.exp_eof().expect("the command ends");
    assert!(out.contains("already at the top escalation level"), "{out}");
    assert!(!out.contains("why?"), "{out}");
    let status = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(status["escalation_level"], 3);
}

/// `--color never` reaches the questions too (NO_COLOR inquire heeds
/// itself): the menu is drawn without a colour, where by default it has
/// them.
#[test]
fn color_never_asks_without_colour() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    for (args, coloured) in [
        (&["escalate", "1"][..], true),
        (&["--color", "never", "escalate", "1"], false),
    ] {
        let mut p = pty(&d, args);
        let drawn = p.exp_string("not meeting expectations").unwrap();
        keys(&mut p, "\r");
        let out = format!("{drawn}{}", finish(p));
        assert_eq!(out.contains("\u{1b}[38;5;"), coloured, "{args:?}: {out:?}");
    }
}

#[test]
fn severity_asks_for_the_level_and_the_reason() {
    let d = Desk::new();
    d.run(&["open", "--severity", "3", "x"]).ok();
    let mut p = pty(&d, &["severity", "1"]);
    p.exp_string("No service impact").unwrap();
    // The menu starts on the ticket's severity, 3.
    keys(&mut p, UP);
    keys(&mut p, UP);
    keys(&mut p, "\r"); // 1: service loss
    p.exp_string("Reason").unwrap();
    keys(&mut p, "Second site down\r");
    let out = finish(p);
    assert!(
        out.contains("#1 x: now severity 1: Service loss, since 10:00"),
        "{out}"
    );
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["severity"], 1);
    assert!(
        d.run(&["status", "1"])
            .ok()
            .contains("reason: Second site down")
    );
}

/// A change refused whatever the answer is refused before any question:
/// nobody chooses a reason for an escalation of a resolved ticket.
#[test]
fn a_change_that_cannot_be_recorded_is_refused_before_the_question() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "resolved"]).ok();
    d.run(&["open", "--kind", "inquiry", "How do I read my bill?"])
        .ok();
    d.run(&["open", "--severity", "2", "open"]).ok();
    d.run(&["resolve", "1"]).ok();
    for (args, said) in [
        (&["escalate", "1"][..], "ticket #1 is resolved"),
        (&["escalate", "9"], "no ticket #9"),
        (&["severity", "1"], "ticket #1 is resolved"),
        (&["severity", "2"], "only incidents"),
        (&["severity", "3", "2"], "already severity 2"),
    ] {
        let mut p = pty(&d, args);
        let out = p.exp_eof().expect("the command ends");
        let status = p.process().wait().expect("exit status");
        assert!(
            format!("{status:?}").ends_with(", 1)"),
            "{args:?}: {status:?}\n{out}"
        );
        assert!(out.contains(said), "{args:?}: {out}");
        for question in ["why?", "Severity", "Reason"] {
            assert!(
                !out.contains(question),
                "{args:?} asked {question:?}: {out}"
            );
        }
    }
}

/// The severity menu starts on the ticket's own severity, marked as
/// current; chosen, it is no answer that ends in an error (it was
/// `error: ticket #1 is already severity 2`, exit 1): the menu is asked
/// again, its help line saying why, in either language.
#[test]
fn the_current_severity_is_marked_and_choosing_it_asks_again() {
    let d = Desk::new();
    d.run(&["open", "--severity", "2", "x"]).ok();
    let before = d.snapshot();
    let mut p = pty(&d, &["severity", "1"]);
    p.exp_string("2: Partial degradation (current)").unwrap();
    p.exp_string("No service impact").unwrap();
    keys(&mut p, "\r"); // the menu starts on 2, the severity it has
    p.exp_string("already severity 2: choose another, or Esc to cancel")
        .unwrap();
    keys(&mut p, DOWN);
    keys(&mut p, "\r"); // 3
    p.exp_string("Reason").unwrap();
    keys(&mut p, "Workaround in place\r");
    let out = finish(p);
    assert!(out.contains("#1 x: now severity 3"), "{out}");
    assert!(!out.contains("error"), "{out}");
    assert_ne!(d.snapshot(), before);

    let bytes = |s: &str| s.bytes().map(char::from).collect::<String>();
    let mut p = pty_then_stty(&d, &["--lang", "ja", "severity", "1"]);
    p.exp_string(&bytes("（現在）")).unwrap();
    keys(&mut p, "\r");
    p.exp_string(&bytes("すでに深刻度3です。")).unwrap();
    keys(&mut p, ESC);
    let out = p.exp_eof().expect("the command ends");
    assert!(out.contains("exit=130"), "{out}");
    assert_eq!(
        d.run(&["status", "1", "--format", "json"]).json()["severity"],
        3
    );
}

#[test]
fn the_severity_menu_names_the_tickets_own_policy_and_starts_on_its_severity() {
    let d = Desk::new();
    let own = include_str!("../../severity.toml")
        .replace("name = \"Service loss\"", "name = \"Total outage\"")
        .replace("name = \"Partial degradation\"", "name = \"Running slow\"")
        .replace("name = \"No service impact\"", "name = \"Cosmetic\"");
    std::fs::write(d.path("own.toml"), own).unwrap();
    d.run(&["--policy", "own.toml", "open", "--severity", "2", "x"])
        .ok();
    // New tickets now get the default policy; #1 keeps the one it was opened under.
    let mut p = pty(&d, &["severity", "1"]);
    let menu = p.exp_string("Cosmetic").unwrap();
    assert!(
        menu.contains("Total outage") && menu.contains("Running slow"),
        "{menu}"
    );
    assert!(!menu.contains("Service loss"), "{menu}");
    keys(&mut p, UP); // from 2, the ticket's severity, up to 1
    keys(&mut p, "\r");
    p.exp_string("Reason").unwrap();
    keys(&mut p, "Whole site down\r");
    finish(p);
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["severity"], 1);
}

const ESC: &str = "\u{1b}";
const CTRL_C: &str = "\u{3}";

/// Runs `args` in a pseudo-terminal through `sh`, which then prints the
/// exit code and whether the terminal's settings (`stty -g`) are as they
/// were before the run.
fn pty_then_stty(d: &Desk, args: &[&str]) -> PtySession {
    let template = d.std_cmd();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(concat!(
            "before=$(stty -g); \"$0\" \"$@\"; echo \"exit=$?\"; ",
            "if [ \"$(stty -g)\" = \"$before\" ]; then echo terminal=restored; ",
            "else echo terminal=changed; stty -a; fi"
        ))
        .arg(template.get_program())
        .args(args)
        .env_clear()
        .current_dir(d.dir.path())
        .env("TERM", "xterm");
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

/// Asserts that the command was cancelled cleanly: exit 130, one line
/// saying nothing was recorded, the cursor shown again after it was last
/// hidden, and the terminal's settings as they were (out of raw mode).
#[track_caller]
fn cancelled_cleanly(mut p: PtySession) -> String {
    let out = p.exp_eof().expect("the command ends");
    assert!(out.contains("exit=130"), "{out}");
    let said: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("nothing was recorded"))
        .collect();
    assert_eq!(said.len(), 1, "{out}");
    assert!(
        said[0]
            .trim_end_matches('\r')
            .ends_with("slaclock: cancelled; nothing was recorded"),
        "{said:?}"
    );
    if let Some(hidden) = out.rfind("\u{1b}[?25l") {
        assert!(
            out[hidden..].contains("\u{1b}[?25h"),
            "the cursor was left hidden: {out:?}"
        );
    }
    assert!(out.contains("terminal=restored"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    out
}

/// A command's arguments; the (text to wait for, keys to send) that reach
/// a question; the text the question shows; what is typed into it.
type Question = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

#[test]
fn esc_and_ctrl_c_cancel_every_question_and_record_nothing() {
    let d = Desk::new();
    d.run(&["open", "--severity", "3", "x"]).ok();
    let before = d.snapshot();
    // Each question: what to wait for and type to reach it, then what it
    // shows, and what is typed there before the key that cancels it.
    let questions: [Question; 7] = [
        (&["open"], &[], "inquiry", ""),
        (
            &["open", "--kind", "incident"],
            &[],
            "No service impact",
            "",
        ),
        (&["open", "--severity", "1"], &[], "Title", "VXC"),
        (
            &["open", "--severity", "1"],
            &[("Title", "VXC down\r")],
            "Customer",
            "",
        ),
        (&["escalate", "1"], &[], "not meeting expectations", DOWN),
        (&["severity", "1"], &[], "No service impact", UP),
        (&["severity", "1", "2"], &[], "Reason", "half a reas"),
    ];
    for key in [ESC, CTRL_C] {
        for (args, before_it, question, typed) in questions {
            let mut p = pty_then_stty(&d, args);
            for (wait, send) in before_it {
                p.exp_string(wait).unwrap();
                keys(&mut p, send);
            }
            p.exp_string(question)
                .unwrap_or_else(|e| panic!("{args:?}: {e}"));
            keys(&mut p, typed);
            keys(&mut p, key);
            // Enter, had the question not been cancelled, would answer it
            // (typed a moment later, as a person would: an Esc followed
            // at once by more bytes is the start of a key's sequence).
            std::thread::sleep(std::time::Duration::from_millis(300));
            let _ = p.send("\r").and_then(|_| p.flush());
            let out = cancelled_cleanly(p);
            assert!(!out.contains("escalated"), "{args:?}: {out}");
            // A question typed into and cancelled with Esc is redrawn with
            // the mark in place of its answer (a choice is cleared, and
            // Ctrl-C interrupts without a redraw).
            if key == ESC && !typed.is_empty() && !typed.starts_with('\u{1b}') {
                assert!(out.contains("<cancelled>"), "{args:?}: {out}");
            }
            assert_eq!(d.snapshot(), before, "{args:?} {key:?}");
        }
    }
}

/// A question cancelled in Japanese is marked in Japanese, and so is the
/// line that says nothing was recorded.
#[test]
fn a_question_cancelled_in_japanese_says_so_in_japanese() {
    let d = Desk::new();
    let mut p = pty_then_stty(&d, &["--lang", "ja", "open", "--severity", "1"]);
    // The session reads bytes one to a character: Japanese is looked for
    // as its UTF-8 bytes.
    let bytes = |s: &str| s.bytes().map(char::from).collect::<String>();
    p.exp_string("Esc").unwrap();
    keys(&mut p, "VXC");
    keys(&mut p, ESC);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = p.send("\r").and_then(|_| p.flush());
    let out = p.exp_eof().expect("the command ends");
    assert!(out.contains("exit=130"), "{out}");
    assert!(out.contains(&bytes("<取り消し>")), "{out}");
    assert!(!out.contains("<cancel"), "{out}");
    assert!(out.contains(&bytes("取り消しました")), "{out}");
}

#[test]
fn a_prompted_title_is_held_to_the_command_line_rule_and_the_customer_may_be_skipped() {
    let d = Desk::new();
    // On the command line, a title of spaces is refused ...
    let err = d
        .run(&["open", "--severity", "1", "   "])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        "error: the title is empty; say what is wrong in a line\n"
    );
    // ... and at the prompt, with the same words, and asked again.
    let mut p = pty(&d, &["open", "--severity", "1"]);
    p.exp_string("Title").unwrap();
    keys(&mut p, "   \r");
    p.exp_string("the title is empty; say what is wrong in a line")
        .unwrap();
    // The refused answer stays to be edited, as typed.
    keys(&mut p, &"\u{7f}".repeat(3)); // Backspace
    keys(&mut p, "VXC down in Sydney\r");
    p.exp_string("Customer").unwrap();
    keys(&mut p, "  \r"); // Enter skips, spaces or not
    let out = finish(p);
    assert!(
        out.contains("#1 VXC down in Sydney: opened at 10:00"),
        "{out}"
    );
    let s = d.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(s["title"], "VXC down in Sydney");
    assert_eq!(s["customer"], serde_json::Value::Null);

    // A customer typed in is held to --customer's bound.
    let mut p = pty(&d, &["open", "--kind", "inquiry"]);
    p.exp_string("Title").unwrap();
    keys(&mut p, "Where is my usage report?\r");
    p.exp_string("Customer").unwrap();
    keys(&mut p, &format!("{}\r", "A".repeat(201)));
    p.exp_string("the customer is 201 characters long; keep it to 200")
        .unwrap();
    for _ in 0..201 {
        keys_now(&mut p, "\u{7f}"); // Backspace
    }
    keys(&mut p, "ACME\r");
    let out = finish(p);
    assert!(
        out.contains("#2 Where is my usage report? (ACME): opened"),
        "{out}"
    );
    assert_eq!(
        d.run(&["status", "2", "--format", "json"]).json()["customer"],
        "ACME"
    );
    // Given everything it needs on the command line, open asks nothing.
    let p = pty(&d, &["open", "--severity", "2", "no questions"]);
    assert!(finish(p).contains("#3 no questions: opened"));
    // Typed after a refused answer without clearing it, the answer is
    // what was said, not the spaces before it; what was said is kept as
    // typed, spaces at its end too (a customer is a name, trimmed as
    // --customer is).
    let fresh = Desk::new();
    let mut p = pty(&fresh, &["open", "--severity", "2"]);
    p.exp_string("Title").unwrap();
    keys(&mut p, "   \r");
    p.exp_string("the title is empty").unwrap();
    keys(&mut p, "Packet loss on port 3  \r");
    p.exp_string("Customer").unwrap();
    keys(&mut p, " ACME \r");
    finish(p);
    let s = fresh.run(&["status", "1", "--format", "json"]).json();
    assert_eq!(
        (s["title"].as_str(), s["customer"].as_str()),
        (Some("Packet loss on port 3  "), Some("ACME"))
    );
    let out = fresh.run(&["status", "--format", "json"]).ok().to_string();
    assert!(!out.contains("   Packet"), "{out}");
}

/// The command line keeps text exactly as given (`open "  VXC down  "`),
/// and a prompted title or severity reason is held to the command line's
/// rules: it is kept exactly as typed too, spaces at its ends included,
/// not trimmed.
#[test]
fn a_prompted_title_and_reason_are_kept_exactly_as_typed() {
    let d = Desk::new();
    let mut p = pty(&d, &["open", "--severity", "3", "--customer", "ACME"]);
    p.exp_string("Title").unwrap();
    keys(&mut p, "  VXC down  \r");
    finish(p);
    d.run(&["open", "--severity", "3", "  VXC down  "]).ok();
    for id in ["1", "2"] {
        let s = d.run(&["status", id, "--format", "json"]).json();
        assert_eq!(s["title"], "  VXC down  ", "#{id}");
    }
    let mut p = pty(&d, &["severity", "1", "2"]);
    p.exp_string("Reason").unwrap();
    keys(&mut p, "  Second site slow \r");
    finish(p);
    let events = d
        .run(&["export", "--events", "--format", "json"])
        .ok()
        .to_string();
    let reasons: Vec<String> = events
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|e| e["reason"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(reasons, ["  Second site slow "]);
}

#[test]
fn a_prompted_severity_reason_is_held_to_the_command_line_rule() {
    let d = Desk::new();
    d.run(&["open", "--severity", "3", "x"]).ok();
    let err = d
        .run(&["severity", "1", "2", "--reason", " "])
        .fails(1)
        .to_string();
    assert_eq!(
        err,
        "error: the reason is empty; say why the severity changes\n"
    );
    let mut p = pty(&d, &["severity", "1", "2"]);
    p.exp_string("Reason").unwrap();
    keys(&mut p, "  \r");
    p.exp_string("the reason is empty; say why the severity changes")
        .unwrap();
    keys(&mut p, "\u{7f}\u{7f}Second site slow\r");
    let out = finish(p);
    assert!(out.contains("#1 x: now severity 2"), "{out}");
}

/// With standard error redirected, a question would be drawn where nobody
/// sees it and the command would wait in silence: on a terminal whose
/// standard error is not one, nothing is asked and what is missing is
/// refused, as in a script.
#[test]
fn with_standard_error_redirected_nothing_is_asked() {
    let d = Desk::new();
    d.run(&["open", "--severity", "1", "x"]).ok();
    let before = d.snapshot();
    for (args, said) in [
        (
            "open 'Packet loss'",
            "error: an incident needs --severity 1, 2 or 3",
        ),
        ("open --severity 2", "error: a title is required"),
        ("escalate 1", "error: escalate needs --reason"),
        (
            "severity 1 --reason x",
            "error: severity needs the new severity",
        ),
    ] {
        let mut p = pty_sh(&d, &format!("\"$0\" {args} 2>err.txt; echo \"exited $?\""));
        p.exp_string("exited 2")
            .unwrap_or_else(|e| panic!("{args}: no refusal, it waited: {e}"));
        p.exp_eof().expect("the shell ends");
        let err = std::fs::read_to_string(d.path("err.txt")).expect("err.txt");
        assert!(err.starts_with(said), "{args}: {err}");
        assert_eq!(err.lines().count(), 1, "{args}: {err}");
        assert_eq!(d.snapshot(), before, "{args}");
    }
    // Standard output redirected is no reason not to ask.
    let mut p = pty_sh(&d, "\"$0\" escalate 1 >out.txt; echo \"exited $?\"");
    p.exp_string("not meeting expectations").unwrap();
    keys(&mut p, "\r");
    p.exp_string("exited 0").unwrap();
    let out = std::fs::read_to_string(d.path("out.txt")).expect("out.txt");
    assert!(out.contains("escalated to level 1"), "{out}");
}
