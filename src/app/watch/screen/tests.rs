//! What each key does to the watch's state, key by key.

use super::*;

fn ids(n: i64) -> Vec<TicketId> {
    (1..=n).map(TicketId).collect()
}

fn board(n: i64) -> Screen {
    let mut s = Screen::new();
    s.set_order(ids(n));
    s
}

fn keys(s: &mut Screen, keys: &[Key]) -> Vec<Outcome> {
    keys.iter().map(|k| s.key(*k)).collect()
}

fn typed(s: &mut Screen, text: &str) {
    for c in text.chars() {
        assert_eq!(s.key(Key::Char(c)), Outcome::Stay);
    }
}

#[test]
fn the_selection_moves_and_stops_at_either_end() {
    let mut s = board(5);
    assert_eq!(s.selected(), Some(0), "the first ticket to start with");
    s.key(Key::Up);
    assert_eq!(s.selected(), Some(0));
    keys(&mut s, &[Key::Down, Key::Char('j'), Key::Down]);
    assert_eq!(s.selected_id(), Some(TicketId(4)));
    s.key(Key::Char('k'));
    assert_eq!(s.selected(), Some(2));
    keys(&mut s, &[Key::End]);
    assert_eq!(s.selected(), Some(4));
    s.key(Key::Down);
    assert_eq!(s.selected(), Some(4));
    s.key(Key::Char('g'));
    assert_eq!(s.selected(), Some(0));
    s.page = 3;
    s.key(Key::PageDown);
    assert_eq!(s.selected(), Some(3));
    s.key(Key::PageDown);
    assert_eq!(s.selected(), Some(4));
    s.key(Key::PageUp);
    assert_eq!(s.selected(), Some(1));
    let mut empty = Screen::new();
    keys(&mut empty, &[Key::Down, Key::End, Key::Enter]);
    assert_eq!((empty.selected(), empty.detail), (None, None));
}

#[test]
fn the_selected_ticket_stays_selected_as_the_board_changes() {
    let mut s = board(5);
    keys(&mut s, &[Key::Down, Key::Down]); // #3
    // It breached: now first.
    s.set_order([3, 1, 2, 4, 5].map(TicketId).to_vec());
    assert_eq!(
        (s.selected(), s.selected_id()),
        (Some(0), Some(TicketId(3)))
    );
    // A new ticket above it.
    s.set_order([6, 3, 1, 2, 4, 5].map(TicketId).to_vec());
    assert_eq!(s.selected_id(), Some(TicketId(3)));
    // Resolved elsewhere: the ticket now at its place.
    s.set_order([6, 1, 2, 4, 5].map(TicketId).to_vec());
    assert_eq!(s.selected_id(), Some(TicketId(1)));
    s.key(Key::End);
    s.set_order([6, 1].map(TicketId).to_vec());
    assert_eq!(s.selected_id(), Some(TicketId(1)), "the last one");
    s.set_order(vec![]);
    assert_eq!(s.selected(), None);
    s.set_order(ids(2));
    assert_eq!(s.selected(), Some(0));
}

#[test]
fn the_filter_applies_as_typed_and_esc_clears_it_before_quitting() {
    let mut s = board(3);
    s.key(Key::Char('/'));
    typed(&mut s, "acmex");
    s.key(Key::Backspace);
    assert_eq!(s.search.as_deref(), Some("acme"));
    assert_eq!(s.prompt().map(|p| p.1.to_string()), Some("acme".into()));
    // Letters that are keys elsewhere are text here.
    assert_eq!(s.key(Key::Char('q')), Outcome::Stay);
    s.key(Key::Backspace);
    assert_eq!(s.key(Key::Enter), Outcome::Stay);
    assert_eq!(
        (s.search.as_deref(), s.input.is_none()),
        (Some("acme"), true)
    );
    // `/` again edits the filter in force.
    s.key(Key::Char('/'));
    assert_eq!(s.input, Some(Input::Search("acme".into())));
    s.key(Key::Esc);
    assert_eq!((s.search.as_deref(), s.input.is_none()), (None, true));
    // Esc on the board clears a filter first, then quits.
    s.key(Key::Char('/'));
    typed(&mut s, "x");
    s.key(Key::Enter);
    assert_eq!(s.key(Key::Esc), Outcome::Stay);
    assert_eq!(s.search, None);
    assert_eq!(s.key(Key::Esc), Outcome::Quit);
    // Typing the filter away to nothing is no filter.
    let mut s = board(3);
    s.key(Key::Char('/'));
    typed(&mut s, "a");
    s.key(Key::Backspace);
    assert_eq!(s.search, None);
}

#[test]
fn the_detail_opens_on_enter_and_esc_closes_it_before_quitting() {
    let mut s = board(3);
    s.key(Key::Down);
    s.key(Key::Enter);
    assert_eq!(s.detail, Some(TicketId(2)));
    keys(&mut s, &[Key::Down, Key::Down, Key::Up]);
    assert_eq!(
        (s.detail_top, s.selected()),
        (1, Some(1)),
        "it scrolls the text"
    );
    // Actions apply to the ticket shown, even if the board moved.
    s.set_order([3, 1, 2].map(TicketId).to_vec());
    s.key(Key::Char('u'));
    typed(&mut s, "x");
    assert_eq!(
        s.key(Key::Enter),
        Outcome::Record {
            id: TicketId(2),
            act: Act::Update,
            text: Some("x".into())
        }
    );
    assert_eq!(s.detail, Some(TicketId(2)), "still shown");
    assert_eq!(s.key(Key::Esc), Outcome::Stay);
    assert_eq!(s.detail, None);
    assert_eq!(s.key(Key::Esc), Outcome::Quit);
    let mut s = board(3);
    s.key(Key::Enter);
    assert_eq!(
        s.key(Key::Char('q')),
        Outcome::Quit,
        "q quits from anywhere"
    );
    assert_eq!(board(0).key(Key::Interrupt), Outcome::Quit);
}

#[test]
fn actions_ask_for_their_line_and_record_on_enter() {
    let mut s = board(3);
    s.key(Key::Down);
    s.key(Key::Char('u'));
    let (prompt, _) = s.prompt().unwrap();
    assert_eq!(
        prompt,
        [
            "Update #2, message (Enter records, Esc cancels):",
            "Update #2, message:",
            "Update #2:"
        ]
    );
    typed(&mut s, "Engineer on sitee");
    s.key(Key::Backspace);
    assert_eq!(
        s.key(Key::Enter),
        Outcome::Record {
            id: TicketId(2),
            act: Act::Update,
            text: Some("Engineer on site".into())
        }
    );
    assert_eq!(s.input, None);
    // A blank line records without text; Esc records nothing.
    for (key, act) in [('w', Act::Wait), ('r', Act::Resume)] {
        s.key(Key::Char(key));
        typed(&mut s, "  ");
        assert_eq!(
            s.key(Key::Enter),
            Outcome::Record {
                id: TicketId(2),
                act,
                text: None
            }
        );
        s.key(Key::Char(key));
        typed(&mut s, "no");
        assert_eq!(s.key(Key::Esc), Outcome::Stay);
        assert_eq!(s.input, None);
    }
}

#[test]
fn a_paste_is_text_in_a_line_and_nothing_anywhere_else() {
    let two_lines = "Carrier confirms the fibre cut.\r\nWe will call you back within the hour.\r";
    // On the board, in a ticket shown in full, among the reasons: a
    // paste full of keys (`e`, `t`, `q`, line breaks) does nothing.
    let mut s = Screen::new();
    s.set_order(ids(2));
    let before = s.clone();
    s.paste("e\rt\rq\r");
    s.paste(two_lines);
    assert_eq!(s, before);
    s.key(Key::Enter);
    let shown = s.clone();
    s.paste(two_lines);
    assert_eq!(s, shown);
    s.key(Key::Char('e'));
    let asking = s.clone();
    s.paste("3\r");
    assert_eq!(s, asking);
    assert_eq!(s.key(Key::Esc), Outcome::Stay);
    // In a message: its line breaks are spaces, and it is recorded
    // only on an Enter typed after it.
    s.key(Key::Char('u'));
    typed(&mut s, "Update: ");
    s.paste(two_lines);
    s.paste(" \tthen\n\nmore");
    assert_eq!(
        s.key(Key::Enter),
        Outcome::Record {
            id: TicketId(1),
            act: Act::Update,
            text: Some(
                "Update: Carrier confirms the fibre cut. We will call you back within the hour.  then more"
                    .into()
            )
        }
    );
    // In the filter: applied as if typed.
    let mut s = board(2);
    s.key(Key::Char('/'));
    s.paste("acme\n");
    assert_eq!(s.search.as_deref(), Some("acme"));
    assert_eq!(s.input, Some(Input::Search("acme".into())));
    // A paste of line breaks alone adds nothing.
    s.paste("\r\n");
    assert_eq!(s.search.as_deref(), Some("acme"));
}

#[test]
fn escalate_chooses_among_the_reasons_escalate_takes() {
    let mut s = board(1);
    s.key(Key::Char('e'));
    assert_eq!(
        s.input,
        Some(Input::Reason {
            id: TicketId(1),
            chosen: 0
        })
    );
    assert_eq!(s.keys(), ["↑↓ choose", "Enter escalates", "Esc cancels"]);
    keys(&mut s, &[Key::Down, Key::Down, Key::Down, Key::Up]);
    assert_eq!(
        s.key(Key::Enter),
        Outcome::Record {
            id: TicketId(1),
            act: Act::Escalate(ReasonArg::Slow),
            text: None
        }
    );
    s.key(Key::Char('e'));
    s.key(Key::Char('3'));
    assert_eq!(
        s.key(Key::Enter),
        Outcome::Record {
            id: TicketId(1),
            act: Act::Escalate(ReasonArg::Expectations),
            text: None
        }
    );
    s.key(Key::Char('e'));
    assert_eq!(s.key(Key::Esc), Outcome::Stay);
    assert_eq!(
        (s.input.clone(), s.detail),
        (None, None),
        "cancelled, still on the board"
    );
    // Nothing selected: nothing to act on, said so.
    let mut empty = Screen::new();
    assert_eq!(empty.key(Key::Char('e')), Outcome::Stay);
    assert_eq!(empty.input, None);
    assert_eq!(
        empty.status,
        Some(Said::refused("no ticket to act on".into()))
    );
}

/// `t` and `m` are always offered: every log knows owners, and taking a
/// ticket is how a desk starts using them.
#[test]
fn take_and_mine_are_always_offered() {
    let mut s = board(2);
    let help = s.keys().join("  ");
    assert_eq!(
        help,
        "↑↓ move  Enter details  / filter  u update  w wait  r resume  e escalate  t take  m mine  q quit"
    );
    let width = unicode_width::UnicodeWidthStr::width(help.as_str());
    assert_eq!(width, 96, "README says 96 columns");
    // `t` asks first (see the next test); Enter takes.
    assert_eq!(s.key(Key::Char('t')), Outcome::Stay);
    assert_eq!(
        s.key(Key::Enter),
        Outcome::Record {
            id: TicketId(1),
            act: Act::Take,
            text: None
        }
    );
    s.key(Key::Char('m'));
    assert!(s.mine);
    assert!(s.keys().iter().any(|k| k == "m all"));
    // A ticket in full: take, but not mine (a board's filter).
    s.key(Key::Enter);
    let help = s.keys().join("  ");
    assert!(help.contains("t take") && !help.contains("m "), "{help}");
}

/// One stray `t` takes nothing: it asks, naming the owner the ticket
/// would be taken from; `y` or Enter takes, `n` or Esc cancels, and any
/// other key (a `q`, another `t`, an arrow) leaves the question asked.
#[test]
fn take_asks_first_and_only_y_or_enter_takes() {
    let take = Outcome::Record {
        id: TicketId(2),
        act: Act::Take,
        text: None,
    };
    let mut s = board(2);
    s.key(Key::Down);
    assert_eq!(s.key(Key::Char('t')), Outcome::Stay);
    assert_eq!(s.asking(), Some(TicketId(2)));
    assert_eq!(s.prompt(), None, "nothing is typed");
    assert_eq!(
        s.question(Some(("VXC down", Some("bob")))).unwrap(),
        [
            "Take #2 VXC down (owned by bob)? (Enter takes, Esc cancels)",
            "Take #2 (owned by bob)? (Enter takes, Esc cancels)",
            "Take #2 from bob?",
        ]
    );
    assert_eq!(
        s.question(Some(("VXC down", None))).unwrap(),
        [
            "Take #2 VXC down? (Enter takes, Esc cancels)",
            "Take #2? (Enter takes, Esc cancels)",
            "Take #2?",
        ]
    );
    // Gone from the board meanwhile: the id alone.
    assert_eq!(
        s.question(None).unwrap(),
        ["Take #2? (Enter takes, Esc cancels)", "Take #2?"]
    );
    for other in [
        Key::Char('t'),
        Key::Char('q'),
        Key::Char('u'),
        Key::Up,
        Key::Backspace,
    ] {
        assert_eq!(s.key(other), Outcome::Stay, "{other:?}");
        assert_eq!(s.asking(), Some(TicketId(2)), "{other:?}");
    }
    assert_eq!(
        s.selected_id(),
        Some(TicketId(2)),
        "the arrow moved nothing"
    );
    for cancel in [Key::Esc, Key::Char('n')] {
        assert_eq!(s.key(cancel), Outcome::Stay);
        assert_eq!((s.asking(), &s.input), (None, &None), "{cancel:?}");
        assert_eq!(s.key(Key::Char('t')), Outcome::Stay);
    }
    assert_eq!(s.key(Key::Char('y')), take);
    assert_eq!(s.input, None);
    s.key(Key::Char('t'));
    assert_eq!(s.key(Key::Enter), take);
    // From a ticket shown in full, the same.
    s.key(Key::Enter);
    s.key(Key::Char('t'));
    assert_eq!(s.asking(), Some(TicketId(2)));
    assert_eq!(s.key(Key::Esc), Outcome::Stay);
    assert_eq!(
        s.detail,
        Some(TicketId(2)),
        "Esc cancelled, the detail stays"
    );
    // In Japanese.
    s.lang = Lang::Ja;
    s.key(Key::Char('t'));
    assert_eq!(
        s.question(Some(("VXC 停止", Some("bob")))).unwrap()[0],
        "#2 VXC 停止（現在の担当: bob）を引き継ぎますか？（Enter 担当、Esc 取消）"
    );
}

#[test]
fn keys_and_prompts_in_japanese() {
    let mut s = Screen::new();
    s.lang = Lang::Ja;
    s.set_order(vec![TicketId(1)]);
    let help = s.keys().join("  ");
    assert!(
        help.starts_with("↑↓ 移動  Enter 詳細  / 絞り込み  u 更新") && help.ends_with("q 終了"),
        "{help}"
    );
    keys(&mut s, &[Key::Char('w')]);
    let (prompt, _) = s.prompt().unwrap();
    assert_eq!(
        prompt,
        [
            "#1をお客様待ちに、理由（Enter 記録、Esc 取消）:",
            "#1をお客様待ちに、理由:",
            "#1 お客様待ち:"
        ]
    );
    let mut empty = Screen::new();
    empty.lang = Lang::Ja;
    empty.key(Key::Char('u'));
    assert_eq!(
        empty.status,
        Some(Said::refused("操作するチケットがありません".into()))
    );
}
