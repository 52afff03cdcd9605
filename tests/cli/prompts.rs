//! The prompts of `open`, `escalate` and `severity`, answered in a real
//! pseudo-terminal (rexpect), and the tickets that result.

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
