//! Tests of the watch screen as a terminal shows it: what is drawn at a
//! size, and how it is drawn again as the board and the keys change it.
//! Over 600 lines: one screen's cases, sharing their builders.

use std::rc::Rc;

use chrono::{DateTime, Duration, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::*;
use crate::model::{Kind, Severity, TicketId};
use crate::output::TicketDetails;
use crate::sla::{Event, EventKind, Policy, Ticket, Tz, evaluate};

const T0: i64 = 1_795_478_400; // 2026-11-24T00:00:00Z, 10:00 in Brisbane

fn at(minutes: i64) -> DateTime<Utc> {
    crate::sla::instant(T0) + Duration::minutes(minutes)
}

/// Ticket `id` of `kind` and `severity` reported at T0, judged at `now`.
fn view(id: i64, kind: Kind, severity: u8, events: &[Event], now: DateTime<Utc>) -> View {
    let policy = Rc::new(Policy::default_policy());
    let ticket = Ticket {
        kind,
        severity: Severity::new(severity),
        reported_at: at(0),
    };
    View {
        ticket: TicketDetails {
            id: TicketId(id),
            kind,
            title: format!("ticket number {id}"),
            customer: Some("ACME".into()),
            service: None,
            reference: None,
            reported_at: at(0),
            opened_at: at(0),
            policy_version: 1,
            contract: None,
        },
        eval: evaluate(&policy, &ticket, events, now),
        policy,
    }
}

fn style(color: bool) -> Style {
    Style {
        color,
        zone: Tz::named("Australia/Brisbane").unwrap(),
        warn_at: 75,
        width: None,
        lang: crate::i18n::Lang::En,
    }
}

fn keys() -> Bottom<'static> {
    Bottom::Keys(vec![KeyHint {
        text: "q quit",
        keep: 9,
    }])
}

fn screen<'a>(board: &'a [&'a View], selected: Option<usize>) -> WatchScreen<'a> {
    WatchScreen {
        board,
        selected,
        search: None,
        mine: false,
        detail: None,
        status: None,
        warning: None,
        bottom: keys(),
        choices: None,
    }
}

/// Draws one frame `w` by `h` and returns the terminal's buffer.
fn draw(
    w: u16,
    h: u16,
    s: &WatchScreen,
    scroll: &mut Scroll,
    now: DateTime<Utc>,
    color: bool,
) -> (Buffer, ratatui::layout::Position) {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| watch_frame(f, s, scroll, now, &style(color)))
        .unwrap();
    let cursor = t.backend().cursor_position();
    (t.backend().buffer().clone(), cursor)
}

fn line(b: &Buffer, y: u16) -> String {
    (0..b.area.width)
        .map(|x| b[(x, y)].symbol())
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// Line `y` as read, a wide character once (its second cell is blank).
fn wide_line(b: &Buffer, y: u16) -> String {
    let mut text = String::new();
    let mut x = 0;
    while x < b.area.width {
        let symbol = b[(x, y)].symbol();
        text.push_str(symbol);
        x += u16::try_from(width(symbol).max(1)).unwrap_or(1);
    }
    text.trim_end().to_string()
}

/// The row `y` holding `text`, if any.
fn row_of(b: &Buffer, text: &str) -> Option<u16> {
    (0..b.area.height).find(|y| line(b, *y).contains(text))
}

/// The line of ticket `id` on the board: its id opens the line (titles
/// may be cut at 80 columns).
fn row_of_id(b: &Buffer, id: i64) -> Option<u16> {
    (3..b.area.height).find(|y| line(b, *y).starts_with(&format!("{id} ")))
}

#[test]
fn the_board_with_its_counts_the_selection_reversed_and_breaches_red() {
    // #1 breached its response at 15m, #3's response is at risk from 22m30s.
    let now = at(25);
    let breached = view(1, Kind::Incident, 1, &[], now);
    let answered = view(
        2,
        Kind::Incident,
        2,
        &[Event {
            at: at(5),
            kind: EventKind::Updated { next_update: None },
            voided: false,
        }],
        now,
    );
    let inquiry = view(3, Kind::Inquiry, 3, &[], now);
    let board = [&breached, &answered, &inquiry];
    let mut s = screen(&board, Some(1));
    let refusal = Said::refused("ticket #2 is not waiting on the customer".into());
    s.status = Some(&refusal);
    let (b, _) = draw(80, 10, &s, &mut Scroll::default(), now, true);
    assert!(
        line(&b, 0).starts_with("slaclock watch: 3 open, 1 breached, 1 at risk"),
        "{}",
        line(&b, 0)
    );
    assert!(line(&b, 0).ends_with("10:25:00 AEST"), "{}", line(&b, 0));
    assert!(line(&b, 1).starts_with("id sev title"), "{}", line(&b, 1));
    assert!(line(&b, 2).starts_with("───"));
    let (one, two) = (row_of_id(&b, 1), row_of_id(&b, 2));
    assert_eq!((one, two), (Some(3), Some(4)), "in the order given");
    assert!(line(&b, 3).contains("response 10m late"), "{}", line(&b, 3));
    assert_eq!(row_of_id(&b, 3), Some(5));
    for x in 0..80 {
        assert!(
            b[(x, 4)].modifier.contains(Modifier::REVERSED),
            "the selected line, all across"
        );
        assert!(!b[(x, 3)].modifier.contains(Modifier::REVERSED));
    }
    let late = line(&b, 3).find("response").unwrap() as u16;
    assert_eq!(b[(late, 3)].fg, Color::Red, "breached red");
    let status = row_of(&b, "not waiting").unwrap();
    assert_eq!((status, b[(0, status)].fg), (8, Color::Red));
    assert_eq!(line(&b, 9), "q quit");
    // Without colour: the same text, and no colour anywhere.
    let (plain, _) = draw(80, 10, &s, &mut Scroll::default(), now, false);
    for y in 0..10 {
        assert_eq!(line(&plain, y), line(&b, y));
        for x in 0..80 {
            let cell = &plain[(x, y)];
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "({x}, {y})"
            );
            assert!(!cell.modifier.contains(Modifier::DIM), "({x}, {y})");
        }
    }
    assert!(plain[(0, 4)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_long_board_scrolls_to_keep_the_selection_in_sight() {
    let now = at(1);
    let views: Vec<View> = (1..=30)
        .map(|id| view(id, Kind::Incident, 2, &[], now))
        .collect();
    let board: Vec<&View> = views.iter().collect();
    let mut scroll = Scroll::default();
    // 10 lines: title, heading, rule, 5 tickets, status, keys.
    let (b, _) = draw(80, 10, &screen(&board, Some(20)), &mut scroll, now, false);
    assert_eq!(scroll.page, 5);
    assert_eq!(scroll.board_top, 16);
    assert_eq!(row_of_id(&b, 21), Some(7), "last in sight");
    assert!(row_of_id(&b, 16).is_none());
    assert!(line(&b, 2).ends_with(" 17-21 of 30"), "{}", line(&b, 2));
    // Back up: the view follows, and stays put while the selection is in it.
    draw(80, 10, &screen(&board, Some(3)), &mut scroll, now, false);
    assert_eq!(scroll.board_top, 3);
    draw(80, 10, &screen(&board, Some(5)), &mut scroll, now, false);
    assert_eq!(scroll.board_top, 3);
    // A board that shrank under the view.
    let few = &board[..4];
    scroll.board_top = 20;
    let (b, _) = draw(80, 10, &screen(few, Some(0)), &mut scroll, now, false);
    assert_eq!(scroll.board_top, 0);
    assert_eq!(row_of_id(&b, 1), Some(3));
}

#[test]
fn a_ticket_in_full_is_status_id_and_scrolls_within_its_text() {
    let now = at(20);
    let v = view(7, Kind::Incident, 1, &[], now);
    let timeline: Vec<TimelineEvent> = (0..30)
        .map(|m| TimelineEvent {
            number: m as usize + 1,
            at: at(m),
            recorded_at: at(m),
            kind: EventKind::Note,
            by: "alice".into(),
            db_user: None,
            severity: None,
            level: None,
            next_update: None,
            reason: None,
            text: Some(format!("note {m}")),
            old_value: None,
            new_value: None,
            voids: None,
            voided: None,
        })
        .collect();
    let board = [&v];
    let mut s = screen(&board, Some(0));
    s.detail = Some((&v, &timeline));
    let mut scroll = Scroll::default();
    let (b, _) = draw(100, 12, &s, &mut scroll, now, false);
    assert!(line(&b, 1).starts_with("#7 ticket number 7 (incident, severity 1"));
    assert_eq!(scroll.page, 9);
    scroll.detail_top = 1000;
    let (b, _) = draw(100, 12, &s, &mut scroll, now, false);
    assert!(line(&b, 9).contains("note 29"), "the end: {}", line(&b, 9));
    assert!(scroll.detail_top < 1000, "kept within the text");
}

#[test]
fn typing_shows_the_end_of_the_text_with_the_cursor_after_it() {
    let now = at(1);
    let board: [&View; 0] = [];
    let mut s = screen(&board, None);
    let prompts = ["Update #2, message:".to_string()];
    s.bottom = Bottom::Typing {
        prompts: &prompts,
        text: "the carrier confirmed a fibre cut near Parramatta",
    };
    let (b, cursor) = draw(50, 6, &s, &mut Scroll::default(), now, false);
    let last = line(&b, 5);
    assert!(last.starts_with("Update #2, message: "), "{last}");
    assert!(last.ends_with("cut near Parramatta"), "{last}");
    assert_eq!((cursor.x, cursor.y), (last.chars().count() as u16, 5));
    assert_eq!(line(&b, 1), "No open tickets.");
    // Chosen by a filter, an empty board says nothing matched.
    s.mine = true;
    let (b, _) = draw(50, 6, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 1), "No open tickets match these filters.");
}

/// A prompt too wide for the line gives way to a shorter form of it, by
/// display width, so what is typed (its end, and the cursor after it)
/// always shows: at least a third of the line, up to 20 columns, is the
/// text's.
#[test]
fn a_narrow_line_shortens_the_prompt_rather_than_hide_the_text() {
    let now = at(1);
    let board: [&View; 0] = [];
    let english = [
        "Wait on the customer for #5, reason (Enter records, Esc cancels):",
        "Wait #5, reason:",
        "Wait #5:",
    ]
    .map(String::from);
    let japanese = [
        "#5をお客様待ちに、理由（Enter 記録、Esc 取消）:",
        "#5をお客様待ちに、理由:",
        "#5 お客様待ち:",
    ]
    .map(String::from);
    let text = "A long message typed into a narrow terminal 日本語テキスト end";
    let cases: [(&[String], u16, &str); 9] = [
        (
            &english,
            100,
            "Wait on the customer for #5, reason (Enter records, Esc cancels):",
        ),
        (&english, 80, "Wait #5, reason:"),
        (&english, 40, "Wait #5, reason:"),
        (&english, 24, "Wait #5:"),
        (&english, 12, "Wait #…"),
        (
            &japanese,
            80,
            "#5をお客様待ちに、理由（Enter 記録、Esc 取消）:",
        ),
        (&japanese, 60, "#5をお客様待ちに、理由:"),
        (&japanese, 40, "#5をお客様待ちに、理由:"),
        (&japanese, 30, "#5 お客様待ち:"),
    ];
    for (prompts, w, shown) in cases {
        let mut s = screen(&board, None);
        s.bottom = Bottom::Typing { prompts, text };
        let (b, cursor) = draw(w, 6, &s, &mut Scroll::default(), now, false);
        let last = wide_line(&b, 5);
        assert!(last.starts_with(&format!("{shown} ")), "{w}: {last}");
        assert!(last.ends_with(" end"), "{w}: {last}");
        // The cursor is just after the text, on the line.
        assert_eq!(
            (usize::from(cursor.x), cursor.y),
            (width(&last), 5),
            "{w}: {last}"
        );
        assert!(cursor.x < w, "{w}: the cursor is off the line");
    }
    // Short text after the fullest prompt that fits.
    let mut s = screen(&board, None);
    s.bottom = Bottom::Typing {
        prompts: &english,
        text: "LOA",
    };
    let (b, _) = draw(40, 6, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 5), "Wait #5, reason: LOA");
}

/// A question, with nothing to type, takes the whole line in its fullest
/// form that fits, the cursor after it.
#[test]
fn a_question_takes_the_line_in_the_fullest_form_that_fits() {
    let now = at(1);
    let board: [&View; 0] = [];
    let forms = [
        "Take #1 VXC down (owned by bob)? (Enter takes, Esc cancels)",
        "Take #1 (owned by bob)? (Enter takes, Esc cancels)",
        "Take #1 from bob?",
    ]
    .map(String::from);
    for (w, shown) in [
        (80, &forms[0]),
        (60, &forms[0]),
        (59, &forms[1]),
        (30, &forms[2]),
    ] {
        let mut s = screen(&board, None);
        s.bottom = Bottom::Asking(&forms);
        let (b, cursor) = draw(w, 6, &s, &mut Scroll::default(), now, false);
        assert_eq!(line(&b, 5), *shown, "{w}");
        assert_eq!((usize::from(cursor.x), cursor.y), (width(shown), 5), "{w}");
    }
    let mut s = screen(&board, None);
    s.bottom = Bottom::Asking(&forms);
    let (b, _) = draw(12, 6, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 5), "Take #1 fr…");
}

/// Keys as `(text, keep)`.
fn hints<'a>(keys: &[(&'a str, u8)]) -> Bottom<'a> {
    Bottom::Keys(
        keys.iter()
            .map(|&(text, keep)| KeyHint { text, keep })
            .collect(),
    )
}

#[test]
fn keys_that_do_not_fit_are_left_out_least_kept_first() {
    let now = at(1);
    let board: [&View; 0] = [];
    let mut s = screen(&board, None);
    s.bottom = hints(&[
        ("↑↓ move", 2),
        ("u update", 8),
        ("e escalate", 8),
        ("q quit", 9),
    ]);
    let (b, _) = draw(40, 5, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 4), "↑↓ move  u update  e escalate  q quit");
    // The arrows go first, not escalate (which went first before: the
    // key before the last was left out, whatever it was).
    let (b, _) = draw(30, 5, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 4), "u update  e escalate  q quit");
    // Of two alike, the later goes first.
    let (b, _) = draw(20, 5, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 4), "u update  q quit");
    let (b, _) = draw(12, 5, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 4), "q quit");
}

#[test]
fn the_reasons_are_offered_in_a_box_over_the_board() {
    let now = at(1);
    let board: [&View; 0] = [];
    let reasons = ["impact: grown".to_string(), "slow: too slow".to_string()];
    let mut s = screen(&board, None);
    s.choices = Some(Choices {
        heading: "Escalate #2: why?",
        note: None,
        items: &reasons,
        chosen: 1,
    });
    let (b, _) = draw(60, 12, &s, &mut Scroll::default(), now, false);
    let top = row_of(&b, "Escalate #2: why?").unwrap();
    let chosen = row_of(&b, "slow: too slow").unwrap();
    assert_eq!(chosen, top + 2);
    let x = line(&b, chosen).find("slow").unwrap() as u16;
    assert!(b[(x, chosen)].modifier.contains(Modifier::REVERSED));
    let other = row_of(&b, "impact: grown").unwrap();
    assert!(!b[(x, other)].modifier.contains(Modifier::REVERSED));
    // A note under the heading (whom the escalation reaches) is not a
    // choice: the chosen item is still the second reason, a line lower.
    s.choices = Some(Choices {
        heading: "Escalate #2 to level 2: why?",
        note: Some("contact: Head of Network Services <head@example.com>"),
        items: &reasons,
        chosen: 1,
    });
    let (b, _) = draw(60, 12, &s, &mut Scroll::default(), now, false);
    let top = row_of(&b, "Escalate #2 to level 2: why?").unwrap();
    let note = row_of(&b, "contact: Head of Network Services <head@example.com>").unwrap();
    assert_eq!(note, top + 1);
    let x = line(&b, note).find("contact").unwrap() as u16;
    assert!(!b[(x, note)].modifier.contains(Modifier::REVERSED));
    assert_eq!(row_of(&b, "slow: too slow"), Some(top + 3));
    assert!(b[(x, top + 3)].modifier.contains(Modifier::REVERSED));
}

/// At 80 columns the title's counts are never cut inside one: English
/// has room for its words; Japanese, whose counts are wider, says them
/// shorter (no 件), and narrower still drops the program's name, then the
/// least urgent counts, each whole.
#[test]
fn the_title_shortens_its_counts_rather_than_cut_one() {
    let now = at(25);
    let updated = |minute| Event {
        at: at(minute),
        kind: EventKind::Updated { next_update: None },
        voided: false,
    };
    let waiting = Event {
        at: at(6),
        kind: EventKind::Waiting,
        voided: false,
    };
    let mut views = vec![
        view(1, Kind::Incident, 1, &[], now),
        view(2, Kind::Inquiry, 3, &[], now),
        view(3, Kind::Incident, 2, &[updated(5), waiting], now),
    ];
    views.extend((4..=11).map(|id| view(id, Kind::Incident, 3, &[updated(5)], now)));
    let board: Vec<&View> = views.iter().collect();
    let s = screen(&board, None);
    let title = |lang, w: u16| {
        let style = Style {
            lang,
            ..style(false)
        };
        let mut t = Terminal::new(TestBackend::new(w, 6)).unwrap();
        t.draw(|f| watch_frame(f, &s, &mut Scroll::default(), now, &style))
            .unwrap();
        let b = t.backend().buffer().clone();
        // The counts, without the clock at the right.
        let text = wide_line(&b, 0);
        text.split("  ")
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    use crate::i18n::Lang::{En, Ja};
    assert_eq!(
        title(En, 80),
        "slaclock watch: 11 open, 1 breached, 1 at risk, 1 waiting"
    );
    assert_eq!(
        title(Ja, 120),
        "slaclock watch: 対応中 11件、違反 1件、リスクあり 1件、お客様待ち 1件"
    );
    assert_eq!(
        title(Ja, 80),
        "slaclock watch: 対応中 11、違反 1、リスク 1、待ち 1"
    );
    assert_eq!(title(Ja, 50), "対応中 11、違反 1、リスク 1、待ち 1");
    assert_eq!(title(Ja, 40), "対応中 11、違反 1");
    assert_eq!(title(En, 40), "11 open, 1 breached");
    // A long filter is cut at the end; it never hides a count that fits.
    let search = "x".repeat(200);
    let filtered = WatchScreen {
        search: Some(&search),
        ..screen(&board, None)
    };
    let mut t = Terminal::new(TestBackend::new(80, 6)).unwrap();
    t.draw(|f| watch_frame(f, &filtered, &mut Scroll::default(), now, &style(false)))
        .unwrap();
    let top = wide_line(t.backend().buffer(), 0);
    for count in ["11 open", "1 breached", "1 at risk", "1 waiting"] {
        assert!(top.contains(count), "{count}: {top}");
    }
}

/// The title says what the board is limited to (the search, only the
/// user's tickets), shorter on a narrow screen: the hint goes first, then
/// the search's text is cut inside its quotes; never a parenthesis or a
/// count cut in two.
#[test]
fn the_title_says_what_the_board_is_limited_to() {
    let now = at(1);
    let views = [view(1, Kind::Incident, 1, &[], now)];
    let one: Vec<&View> = views.iter().collect();
    let title = |lang, w: u16, tickets: usize, search: Option<&str>, mine: bool| {
        let s = WatchScreen {
            search,
            mine,
            ..screen(&one[..tickets], None)
        };
        let style = Style {
            lang,
            ..style(false)
        };
        let mut t = Terminal::new(TestBackend::new(w, 6)).unwrap();
        t.draw(|f| watch_frame(f, &s, &mut Scroll::default(), now, &style))
            .unwrap();
        let top = wide_line(t.backend().buffer(), 0);
        match top.strip_suffix("10:01:00 AEST") {
            Some(title) => title.trim_end().to_string(),
            None => format!("{top} (no clock)"),
        }
    };
    use crate::i18n::Lang::{En, Ja};
    let long = "x".repeat(60);
    let cases = [
        (
            En,
            80,
            0,
            Some("zzzz"),
            false,
            "slaclock watch: 0 open, matching \"zzzz\" (Esc clears)",
        ),
        (
            En,
            60,
            0,
            Some("zzzz"),
            false,
            "slaclock watch: 0 open, matching \"zzzz\"",
        ),
        (En, 40, 0, Some("zzzz"), false, "0 open, matching \"zzzz\""),
        (En, 36, 0, Some("zzzz"), false, "0 open, matching \"z…\""),
        (En, 40, 0, None, true, "0 open, mine only"),
        (En, 80, 1, None, true, "slaclock watch: 1 open, mine only"),
        (
            En,
            80,
            0,
            Some("acme"),
            true,
            "slaclock watch: 0 open, mine only, matching \"acme\" (Esc clears)",
        ),
        (
            En,
            80,
            0,
            Some(long.as_str()),
            false,
            "slaclock watch: 0 open, matching \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\"",
        ),
        (
            Ja,
            80,
            0,
            Some("zzzz"),
            true,
            "slaclock watch: 対応中 0件、自分の担当、\"zzzz\" に一致",
        ),
        (Ja, 40, 0, Some("zzzz"), false, "対応中 0、\"zzzz\" に一致"),
        (Ja, 40, 0, None, true, "対応中 0、自分の担当のみ"),
        (
            Ja,
            40,
            0,
            Some("東京商事"),
            true,
            "対応中 0、自分の担当、\"東京商事\" に一致 (no clock)",
        ),
    ];
    let mut wrong = vec![];
    for (lang, w, tickets, search, mine, expected) in cases {
        let got = title(lang, w, tickets, search, mine);
        if got != expected {
            wrong.push(format!("{lang:?} {w}: {got:?} (expected {expected:?})"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

mod kana;
mod status_line;

/// A terminal of no rows (`stty rows 0`) or no columns has no cell for
/// even the too-small note: writing it there panicked. Nothing is drawn;
/// one row or a few columns still get the note.
#[test]
fn a_terminal_of_no_rows_or_no_columns_draws_nothing() {
    let now = at(25);
    let v = view(1, Kind::Incident, 1, &[], now);
    let board = [&v];
    let s = screen(&board, Some(1));
    for (w, h) in [(80, 0), (0, 24), (0, 0), (1, 0)] {
        let (b, _) = draw(w, h, &s, &mut Scroll::default(), now, false);
        assert_eq!(b.area.area(), 0, "{w}x{h}");
    }
    let (b, _) = draw(80, 1, &s, &mut Scroll::default(), now, false);
    assert_eq!(line(&b, 0), "slaclock: too small");
}
