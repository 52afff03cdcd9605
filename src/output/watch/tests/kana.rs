//! Half-width kana with their voiced sound marks (ﾞ, ﾟ) on the watch's
//! screen: each pair drawn as the one full-width kana it makes, in the
//! columns the board counts for it; and text as typed, never escaped.

use super::*;

/// A board of one ticket for a customer written in half-width kana, and
/// one for a customer of as many columns in ASCII, drawn wide enough for
/// the customer column.
#[test]
fn a_halfwidth_kana_and_its_mark_are_drawn_as_one_kana_in_their_columns() {
    let now = at(1);
    let mut kana = view(1, Kind::Incident, 2, &[], now);
    kana.ticket.customer = Some("ｶﾌﾞｼｷｶﾞｲｼｬﾃｽﾄ".into());
    kana.ticket.title = "ﾊﾟｹｯﾀﾛｽ ﾃﾞｽ".into();
    let mut ascii = view(2, Kind::Incident, 2, &[], now);
    ascii.ticket.customer = Some("ABCDEFGHIJKLM".into());
    ascii.ticket.title = "ABCDEF GHI".into();
    assert_eq!(width("ｶﾌﾞｼｷｶﾞｲｼｬﾃｽﾄ"), width("ABCDEFGHIJKLM"));
    let board = [&kana, &ascii];
    let (b, _) = draw(
        200,
        8,
        &screen(&board, None),
        &mut Scroll::default(),
        now,
        false,
    );
    let (k, a) = (row_of_id(&b, 1).unwrap(), row_of_id(&b, 2).unwrap());
    let shown = wide_line(&b, k);
    assert!(shown.contains("パｹｯﾀﾛｽ デｽ"), "{shown}");
    assert!(shown.contains("ｶブｼｷガｲｼｬﾃｽﾄ"), "{shown}");
    for x in 0..200 {
        let symbol = b[(x, k)].symbol();
        assert!(
            !symbol.chars().any(|c| c == '\u{FF9E}' || c == '\u{FF9F}'),
            "a mark left at column {x}: {symbol:?}"
        );
    }
    // Everything after the customer stands where it does on the line of
    // the same width in ASCII.
    let after = |y: u16, end: &str| {
        let start = (0..200u16)
            .find(|x| b[(*x, y)].symbol() == end)
            .expect("the customer's last letter");
        (
            start,
            line(&b, y)[..].split_once(end).map(|(_, r)| r.to_string()),
        )
    };
    let (kx, krest) = after(k, "ﾄ");
    let (ax, arest) = after(a, "M");
    assert_eq!(kx, ax, "\n{}\n{}", line(&b, k), line(&b, a));
    assert_eq!(krest, arest);
}

/// The filter in the title is quoted as typed in both languages: ﾊﾟ, not
/// `"ﾊ\u{ff9f}"`; a combining ゚ and quotes inside it, not escaped.
#[test]
fn the_filter_in_the_title_reads_as_typed() {
    let now = at(1);
    let views = [view(1, Kind::Incident, 1, &[], now)];
    let one: Vec<&View> = views.iter().collect();
    for (lang, said) in [
        (crate::i18n::Lang::En, "matching \"パ\"ハ\u{309a}\"\""),
        (crate::i18n::Lang::Ja, "\"パ\"ハ\u{309a}\"\" に一致"),
    ] {
        let s = WatchScreen {
            search: Some("ﾊﾟ\"ハ\u{309a}\""),
            ..screen(&one, None)
        };
        let style = Style {
            lang,
            ..style(false)
        };
        let mut t = Terminal::new(TestBackend::new(100, 6)).unwrap();
        t.draw(|f| watch_frame(f, &s, &mut Scroll::default(), now, &style))
            .unwrap();
        let top = wide_line(t.backend().buffer(), 0);
        assert!(top.contains(said), "{top}");
        assert!(!top.contains('\\'), "{top}");
    }
}
