//! Tests of `grid`: moved beside it so the code reads in one sitting.

use super::*;

fn render(grid: &Grid, limit: Option<usize>, color: bool) -> String {
    let mut out = Vec::new();
    grid.write(&mut out, limit, color).unwrap();
    String::from_utf8(out).unwrap()
}

fn board() -> Grid {
    let mut g = Grid::new(vec![
        Column::new("id"),
        Column::new("title").cut(6, 20).show(Show::Essential(1)),
        Column::new("customer").cut(4, 10).show(Show::Essential(2)),
        Column::new("state").show(Show::Extra(1)),
        Column::new("due"),
    ]);
    for (id, title, customer, state, due) in [
        (
            "1",
            "VXC down in Sydney and Melbourne",
            "ACME",
            "open",
            "in 5m",
        ),
        (
            "22",
            "東京データセンター冷却装置故障",
            "東京商事",
            "waiting",
            "-",
        ),
    ] {
        g.push(vec![
            id.into(),
            title.into(),
            customer.into(),
            state.into(),
            due.into(),
        ]);
    }
    g
}

#[test]
fn coloured_lines_read_back_into_their_tinted_parts() {
    let mut g = Grid::plain(["id", "due"]);
    g.push(vec![
        "1".into(),
        Cell::parts([
            ("R!".to_string(), Tint::Red),
            (" U~".to_string(), Tint::Yellow),
            (" T‖".to_string(), Tint::Dim),
            (" 東京".to_string(), Tint::Plain),
        ]),
    ]);
    let coloured = render(&g, None, true);
    let plain = render(&g, None, false);
    for (c, p) in coloured.lines().zip(plain.lines()) {
        let parts = tinted_parts(c);
        assert_eq!(parts.iter().map(|(t, _)| t.as_str()).collect::<String>(), p);
    }
    let row = tinted_parts(coloured.lines().nth(2).unwrap());
    assert_eq!(
        row,
        [
            ("1   ".to_string(), Tint::Plain),
            ("R!".to_string(), Tint::Red),
            (" U~".to_string(), Tint::Yellow),
            (" T‖".to_string(), Tint::Dim),
            (" 東京".to_string(), Tint::Plain),
        ]
    );
    assert_eq!(
        tinted_parts("a\x1b[7mb"),
        [
            ("a".to_string(), Tint::Plain),
            ("\u{FFFD}".to_string(), Tint::Plain),
            ("[7mb".to_string(), Tint::Plain),
        ]
    );
}

#[test]
fn headings_underlined_and_no_trailing_spaces() {
    let mut g = Grid::plain(["id", "title", "note"]);
    g.push(vec!["1".into(), "VXC down".into(), "".into()]);
    g.push(vec!["22".into(), "x".into(), "東京".into()]);
    assert_eq!(
        render(&g, None, false),
        "id  title     note\n\
         ──────────────────\n\
         1   VXC down\n\
         22  x         東京\n"
    );
}

#[test]
fn without_a_limit_nothing_is_cut_or_left_out() {
    let text = render(&board(), None, false);
    assert!(text.contains("VXC down in Sydney and Melbourne"), "{text}");
    assert!(text.contains("waiting"), "{text}");
}

#[test]
fn a_limit_cuts_flexible_columns_then_leaves_out_columns_by_rank() {
    for limit in 20..80 {
        let text = render(&board(), Some(limit), false);
        for line in text.lines() {
            assert!(width(line) <= limit, "{limit}: {line:?}\n{text}");
            assert_eq!(line.trim_end(), line);
        }
        // The columns that are always shown stay.
        assert!(text.contains("in 5m"), "{limit}\n{text}");
    }
    let narrow = render(&board(), Some(30), false);
    assert!(
        !narrow.contains("customer") && !narrow.contains("waiting"),
        "{narrow}"
    );
    // Essential columns come first; the extra one only once both fit
    // at their preferred widths.
    let medium = render(&board(), Some(40), false);
    assert!(
        medium.contains("custo") && !medium.contains("state"),
        "{medium}"
    );
    let wide = render(&board(), Some(60), false);
    assert!(wide.contains("state"), "{wide}");
}

#[test]
fn the_space_left_is_shared_fairly() {
    // id 2, due 5 and three gaps leave 38 of 49 for the title and the
    // customer; the state column would need the two at their preferred
    // widths (20 and 8) and 9 more: 50.
    let g = board();
    let (widths, _) = g.layout(Some(49));
    assert_eq!(widths[3], None);
    // The customer column needs only 8 and gets it; the title the rest.
    assert_eq!((widths[1], widths[2]), (Some(28), Some(8)));
    assert_eq!(g.layout(Some(50)).0[3], Some(7));
}

#[test]
fn wrapped_cells_take_more_lines_and_keep_every_word() {
    let mut g = Grid::new(vec![Column::new("clock"), Column::new("deadline").wrap(8)]);
    g.push(vec![
        "restore".into(),
        "paused, 30h left while waiting".into(),
    ]);
    let text = render(&g, Some(24), false);
    assert_eq!(
        text,
        format!(
            "clock    deadline\n{}\nrestore  paused, 30h\n         left while\n         waiting\n",
            "─".repeat(24)
        )
    );
}

#[test]
fn colour_does_not_move_the_columns() {
    let mut g = Grid::plain(["a", "b", "c"]);
    g.push(vec![
        Cell::new("late").tint(Tint::Red),
        Cell::parts([
            ("R✓".to_string(), Tint::Plain),
            (" U!".to_string(), Tint::Red),
        ]),
        "x".into(),
    ]);
    let text = render(&g, None, true);
    assert!(
        text.contains("\x1b[31mlate\x1b[0m  R✓\x1b[31m U!\x1b[0m  x"),
        "{text:?}"
    );
    let plain = render(&g, None, false);
    assert!(plain.contains("late  R✓ U!  x"), "{plain:?}");
}

#[test]
fn a_tight_table_closes_up_only_when_it_does_not_fit_whole() {
    let mut g = Grid::new(vec![Column::new("id"), Column::new("title").cut(4, 10)]).tight();
    g.push(vec!["1".into(), "VXC down in Sydney".into()]);
    assert_eq!(
        render(&g, Some(40), false).lines().last(),
        Some("1   VXC down in Sydney")
    );
    assert_eq!(
        render(&g, Some(12), false).lines().last(),
        Some("1  VXC down…")
    );
}

#[test]
fn right_aligned_numbers() {
    let mut g = Grid::new(vec![Column::new("n").right(), Column::new("x")]);
    g.push(vec!["7".into(), "a".into()]);
    g.push(vec!["1200".into(), "b".into()]);
    assert_eq!(
        render(&g, None, false),
        "   n  x\n───────\n   7  a\n1200  b\n"
    );
}

/// A hidden column is laid out as if it had never been added, at every
/// width; rows come out in the order asked, their coloured parts intact.
#[test]
fn hidden_columns_vanish_and_rows_follow_the_order_given() {
    let columns = || {
        vec![
            Column::new("id"),
            Column::new("ref").cut(4, 10).show(Show::Extra(1)),
            Column::new("marks"),
        ]
    };
    let rows = [("1", "CASE-1", "R✓"), ("22", "-", "R!")];
    let mut with = Grid::new(columns());
    let mut without = Grid::plain(["id", "marks"]);
    for (id, reference, mark) in rows {
        let marks = || {
            Cell::parts([
                (mark.to_string(), Tint::Red),
                (" U…".to_string(), Tint::Dim),
            ])
        };
        with.push(vec![id.into(), reference.into(), marks()]);
        without.push(vec![id.into(), marks()]);
    }
    with.hide(1);
    for limit in [None, Some(8), Some(12), Some(40)] {
        for color in [false, true] {
            let mut out = Vec::new();
            with.write_in_order(&mut out, limit, color, [1, 0].into_iter())
                .unwrap();
            let reversed = String::from_utf8(out).unwrap();
            let expected = render(&without, limit, color);
            let mut lines: Vec<&str> = expected.lines().collect();
            lines[2..].reverse();
            assert_eq!(
                reversed.lines().collect::<Vec<_>>(),
                lines,
                "{limit:?} {color}"
            );
        }
    }
    assert!(!render(&with, None, false).contains("ref"));
}
