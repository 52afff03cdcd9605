//! The status line under the board: a result or refusal fitted to the
//! width, and a warning above it.

use super::*;

/// What the status line says stays readable on a narrow screen: the
/// ticket's title and customer are cut first (by display width), down to
/// its id; a result or refusal too long for one line takes more lines,
/// from the board's, up to half the screen's middle.
#[test]
fn the_status_line_cuts_the_ticket_before_the_result_and_wraps_the_rest() {
    let now = at(1);
    let views: Vec<View> = (1..=12)
        .map(|id| view(id, Kind::Incident, 3, &[], now))
        .collect();
    let board: Vec<&View> = views.iter().collect();
    let said = |subject: &str, text: &str| Said::done(subject.into(), text.into());
    let shown = |status: &Said, w: u16, h: u16| {
        let mut s = screen(&board, Some(0));
        s.status = Some(status);
        let (b, _) = draw(w, h, &s, &mut Scroll::default(), now, false);
        (0..h).map(|y| wide_line(&b, y)).collect::<Vec<_>>()
    };
    let update = said(
        "#1 Intermittent loss on IX port (ACME)",
        "update recorded at 10:09",
    );
    // Whole where it fits; the subject cut where it does not.
    let lines = shown(&update, 80, 12);
    assert_eq!(
        lines[10],
        "#1 Intermittent loss on IX port (ACME): update recorded at 10:09"
    );
    let lines = shown(&update, 40, 12);
    assert_eq!(lines[10], "#1 Intermitte…: update recorded at 10:09");
    assert_eq!(lines[11], "q quit");
    // A title cut to less than four columns is left out, for the id.
    let resumed = said(
        "#1 Intermittent loss on IX port (ACME)",
        "resumed at 10:09; clocks running",
    );
    assert_eq!(
        shown(&resumed, 42, 12)[10],
        "#1 Inte…: resumed at 10:09; clocks running"
    );
    assert_eq!(
        shown(&resumed, 41, 12)[10],
        "#1: resumed at 10:09; clocks running"
    );
    // Japanese by display width.
    let japanese = said(
        "#2 東京データセンター冷却装置故障 (東京商事)",
        "更新を記録しました (10:09)",
    );
    let lines = shown(&japanese, 50, 12);
    assert_eq!(
        lines[10],
        "#2 東京データセンター…: 更新を記録しました (10:09)"
    );
    // Too long with only its id: the id, then the result over two lines,
    // the board a line shorter.
    let waiting = said(
        "#1 Intermittent loss on IX port (ACME)",
        "waiting on the customer since 10:09; the update clock paused",
    );
    let lines = shown(&waiting, 40, 12);
    assert_eq!(
        lines[9..11],
        [
            "#1: waiting on the customer since 10:09;",
            "the update clock paused"
        ]
    );
    assert!(lines[8].starts_with("6 "), "{lines:#?}");
    // A refusal keeps its advice, over as many lines as it needs.
    let refusal = Said::refused(
        "ticket #1 is waiting on the customer (marked by alice); resume it first: slaclock resume 1".into(),
    );
    let lines = shown(&refusal, 40, 12);
    assert_eq!(
        lines[8..11],
        [
            "ticket #1 is waiting on the customer",
            "(marked by alice); resume it first:",
            "slaclock resume 1"
        ]
    );
    // Past half the screen's middle, the end is cut.
    let lines = shown(&refusal, 40, 6);
    assert_eq!(
        lines[3..5],
        [
            "ticket #1 is waiting on the customer",
            "(marked by alice); resume it first: sla…"
        ]
    );
    assert!(lines[2].starts_with("──"), "{lines:#?}");
}

/// A warning (the clock behind the log) stands above the status line, on
/// at most two lines, and takes its room from the board, never from the
/// result: both are read together, down to the smallest screen drawn.
#[test]
fn a_warning_stands_above_the_status_line_and_hides_no_result() {
    let now = at(1);
    let views: Vec<View> = (1..=12)
        .map(|id| view(id, Kind::Incident, 3, &[], now))
        .collect();
    let board: Vec<&View> = views.iter().collect();
    let warning = "warning: the ticket log holds an event recorded at 2026-11-24 00:20:00 UTC, \
                   8m later than now by this machine's clock";
    let result = Said::done("#1 VXC down".into(), "update recorded at 10:09".into());
    let shown = |status: Option<&Said>, w: u16, h: u16| {
        let mut s = screen(&board, Some(0));
        s.status = status;
        s.warning = Some(warning);
        let (b, _) = draw(w, h, &s, &mut Scroll::default(), now, false);
        (0..h).map(|y| wide_line(&b, y)).collect::<Vec<_>>()
    };
    let lines = shown(Some(&result), 80, 12);
    assert_eq!(
        lines[8..11],
        [
            "warning: the ticket log holds an event recorded at 2026-11-24 00:20:00 UTC, 8m",
            "later than now by this machine's clock",
            "#1 VXC down: update recorded at 10:09",
        ]
    );
    assert_eq!(lines[11], "q quit");
    // Alone, it is the last line but the keys.
    assert_eq!(
        shown(None, 80, 12)[10],
        "later than now by this machine's clock"
    );
    // Narrow, it is cut at its second line.
    let lines = shown(Some(&result), 40, 12);
    assert_eq!(
        lines[8..11],
        [
            "warning: the ticket log holds an event",
            "recorded at 2026-11-24 00:20:00 UTC, 8m…",
            "#1 VXC down: update recorded at 10:09",
        ]
    );
    // On every small screen the result still shows, and the title; the
    // warning too from six lines, where half the middle is two.
    for h in 4..=9 {
        let lines = shown(Some(&result), 40, h);
        let h = usize::from(h);
        assert!(lines[0].starts_with("slaclock watch"), "{h}: {lines:#?}");
        assert_eq!(lines[h - 2], "#1 VXC down: update recorded at 10:09", "{h}");
        let warned = lines.iter().any(|l| l.starts_with("warning:"));
        assert_eq!(warned, h >= 6, "{h}: {lines:#?}");
    }
}
