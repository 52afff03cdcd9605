//! Text as a terminal shows it: display width (a Japanese character takes
//! two columns, a combining accent none), cutting to a width with `…`,
//! wrapping prose to a width, and text from outside made safe to show
//! (`plain` for a terminal, `one_line` for a line of `check` or of what
//! `notify` says). Nothing here knows about tickets.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// User text made safe for a terminal, and quoted in a message: kept with
/// the messages (`i18n`), which every layer builds.
pub use crate::i18n::{plain, quoted, reorders};

/// Whether `c` breaks a line: a control character, or the Unicode line
/// and paragraph separators a reader may split on.
fn breaks(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// Text from users, errors or a server's answer, made to fit on one line
/// of `check` or of what `notify` tells people: a bidirectional control
/// shown as U+FFFD (as [`plain`] shows it), since one would reorder the
/// rest of the line in a mail or a monitor's console; other control
/// characters (an escape sequence's ESC) as spaces.
pub fn one_line(s: &str) -> String {
    if !s.chars().any(|c| breaks(c) || reorders(c)) {
        // One line already (the usual): only its ends are trimmed.
        return s.trim().to_owned();
    }
    joined(s)
}

/// The general rule of `one_line`: its lines trimmed and joined with `; `,
/// blank ones left out, any other control character a space and a
/// bidirectional control U+FFFD.
fn joined(s: &str) -> String {
    let joined: Vec<&str> = s
        .split(['\n', '\u{2028}', '\u{2029}'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    joined
        .join("; ")
        .chars()
        .map(|c| match c {
            c if breaks(c) => ' ',
            c if reorders(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` right-aligned in `columns` terminal columns (by display width,
/// as `format!("{:>n}")` would by characters); wider text as it is.
pub fn right(text: &str, columns: usize) -> String {
    let mut out = " ".repeat(columns.saturating_sub(width(text)));
    out.push_str(text);
    out
}

/// `text` cut to at most `max` columns, ending in `…` when anything was cut.
/// A wide character that would straddle the limit is left out whole (the
/// result is then one column short), never split.
pub fn cut(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::with_capacity(max + 3);
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    // Character widths do not always add up to the width of a sequence
    // (emoji joined by U+200D, for one); trust the sequence's width.
    while width(&out) > max - 1 {
        out.pop();
    }
    // Never end inside a sequence drawn as one: a joined emoji cut after
    // its joiner (`👨‍👩‍…`), or a letter whose mark was cut off (a combining
    // accent, ゙ or ゚, or the half-width ﾞ or ﾟ, which take a column of
    // their own), is left out whole.
    while out.ends_with('\u{200D}') || text[out.len()..].chars().next().is_some_and(joins) {
        out.pop();
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The half-width voiced sound marks, ﾞ and ﾟ (U+FF9E, U+FF9F): each
/// follows the half-width kana it voices (ｶﾞ, ﾊﾟ) and is read with it.
pub fn is_halfwidth_mark(c: char) -> bool {
    matches!(c, '\u{FF9E}' | '\u{FF9F}')
}

/// The half-width kana that take ﾞ, each with the full-width kana the pair
/// is written as (ｶﾞ is ガ, as NFKC composes it).
const VOICED: [(char, char); 23] = [
    ('ｳ', 'ヴ'),
    ('ｶ', 'ガ'),
    ('ｷ', 'ギ'),
    ('ｸ', 'グ'),
    ('ｹ', 'ゲ'),
    ('ｺ', 'ゴ'),
    ('ｻ', 'ザ'),
    ('ｼ', 'ジ'),
    ('ｽ', 'ズ'),
    ('ｾ', 'ゼ'),
    ('ｿ', 'ゾ'),
    ('ﾀ', 'ダ'),
    ('ﾁ', 'ヂ'),
    ('ﾂ', 'ヅ'),
    ('ﾃ', 'デ'),
    ('ﾄ', 'ド'),
    ('ﾊ', 'バ'),
    ('ﾋ', 'ビ'),
    ('ﾌ', 'ブ'),
    ('ﾍ', 'ベ'),
    ('ﾎ', 'ボ'),
    ('ﾜ', 'ヷ'),
    ('ｦ', 'ヺ'),
];

/// The same for ﾟ: ﾊﾟ is パ.
const SEMI_VOICED: [(char, char); 5] = [
    ('ﾊ', 'パ'),
    ('ﾋ', 'ピ'),
    ('ﾌ', 'プ'),
    ('ﾍ', 'ペ'),
    ('ﾎ', 'ポ'),
];

/// `text` with each half-width kana and the ﾞ or ﾟ after it written as the
/// one full-width kana they make (ｶﾌﾞｼｷｶﾞｲｼｬ → ｶブｼｷガｲｼｬ); a mark with no
/// kana that takes it stays as it is.
///
/// For the watch's screen: its cell library (ratatui) takes ﾌﾞ for one
/// character three columns wide, where [`width`] and most terminals count
/// two and some count the mark as nothing, so the line drifts, leaving a
/// gap after each mark and pieces of earlier frames; ブ is two columns
/// everywhere, so nothing else on the line moves.
pub fn composed_kana(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_halfwidth_mark) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let table: &[(char, char)] = match chars.peek() {
            Some('\u{FF9E}') => &VOICED,
            Some('\u{FF9F}') => &SEMI_VOICED,
            _ => &[],
        };
        match table.iter().find(|(kana, _)| *kana == c) {
            Some((_, whole)) => {
                out.push(*whole);
                chars.next();
            }
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `c` belongs with the character before it, so that no cut or
/// line break may come between them: a joiner (U+200D), a combining mark
/// (no columns of its own: an accent, ゙ U+3099, ゚ U+309A), or a
/// half-width ﾞ or ﾟ (ﾊﾟ is one letter, パ, in two columns).
fn joins(c: char) -> bool {
    c == '\u{200D}' || c.width() == Some(0) && !c.is_control() || is_halfwidth_mark(c)
}

/// `text` in the pieces no cut may come inside: each character with the
/// marks and joiners after it (see [`joins`]).
fn letters(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        chars.next()?;
        let end = chars
            .find(|(_, c)| !joins(*c))
            .map_or(rest.len(), |(i, _)| i);
        let (letter, after) = rest.split_at(end);
        rest = after;
        Some(letter)
    })
}

/// `text` broken into lines of at most `max` columns: at spaces where it
/// can, inside a word only when the word alone is wider than a line (text
/// without spaces, such as Japanese, breaks between characters). The
/// spaces between words on a line are kept as they were, and every line
/// starts with the first one's indentation.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let text = text.trim_end();
    if width(text) <= max {
        return vec![text.to_string()];
    }
    let body = text.trim_start_matches(' ');
    let mut indent = &text[..text.len() - body.len()];
    if indent.len() >= max / 2 {
        indent = "";
    }
    let mut lines = Vec::new();
    let mut line = indent.to_string();
    let mut used = indent.len();
    let mut empty = true;
    let mut rest = body;
    while !rest.is_empty() {
        // The next word and the spaces before it.
        let word_start = rest.len() - rest.trim_start_matches(' ').len();
        let word_end = rest[word_start..]
            .find(' ')
            .map_or(rest.len(), |e| word_start + e);
        let (gap, word) = (&rest[..word_start], &rest[word_start..word_end]);
        rest = &rest[word_end..];
        let w = width(word);
        if !empty && used + gap.len() + w <= max {
            line.push_str(gap);
            line.push_str(word);
            used += gap.len() + w;
            continue;
        }
        if !empty {
            lines.push(std::mem::replace(&mut line, indent.to_string()));
            used = indent.len();
        }
        // A word wider than a line: as many of its pieces as fit, then the
        // next line; a piece wider than a line, as many characters as fit.
        for piece in pieces(word) {
            let pw = width(piece);
            if used + pw > max && used > indent.len() {
                lines.push(std::mem::replace(&mut line, indent.to_string()));
                used = indent.len();
            }
            if used + pw <= max {
                line.push_str(piece);
                used += pw;
                continue;
            }
            for letter in letters(piece) {
                let cw = width(letter);
                if used + cw > max && used > indent.len() {
                    lines.push(std::mem::replace(&mut line, indent.to_string()));
                    used = indent.len();
                }
                line.push_str(letter);
                used += cw;
            }
        }
        empty = word.is_empty();
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word without spaces in the runs a line may end between: a line may
/// break beside a wide (Japanese) character, or before an opening bracket,
/// but never inside a run of Latin letters or digits, between a number and
/// the unit after it (`7日`), after an opening bracket, or before a closing
/// one or the punctuation that never starts a line (`）`, `、`).
fn pieces(word: &str) -> Vec<&str> {
    let wide = |c: char| c.width().unwrap_or(0) > 1;
    let opening = |c: char| "([（「『【〈《".contains(c);
    let closing = |c: char| ")]）」』】〉》、。，．・".contains(c);
    let mut out = vec![];
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        if let Some(p) = prev {
            let may = (wide(p) || wide(c) || opening(c))
                && !(p.is_ascii_digit() && wide(c))
                && !opening(p)
                && !closing(c);
            if may {
                out.push(&word[start..i]);
                start = i;
            }
        }
        prev = Some(c);
    }
    out.push(&word[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_takes_a_single_line_as_it_is_and_joins_the_rest() {
        for s in [
            "VXC down",
            "  padded  ",
            "",
            "   ",
            "\u{3000}全角の空白\u{3000}",
            "回線断 東京",
            "a\tb",
            "x\r\ny",
            "first\n\n  second  \n",
            "nel\u{85}here",
        ] {
            assert_eq!(one_line(s), joined(s), "{s:?}");
        }
        assert_eq!(one_line("first\n\n  second  \n"), "first; second");
        assert_eq!(one_line("a\tb"), "a b");
        assert_eq!(one_line("x\r\ny"), "x; y");
        assert_eq!(one_line("nel\u{85}here"), "nel here");
        assert_eq!(one_line("line\u{2028}separated\u{2029}"), "line; separated");
        assert_eq!(one_line("  padded  "), "padded");
        // Bidirectional controls would reorder the rest of the line.
        assert_eq!(
            one_line("\u{202E}nwod CXV\u{202C} \u{2066}x\u{2069}"),
            "\u{FFFD}nwod CXV\u{FFFD} \u{FFFD}x\u{FFFD}"
        );
        assert_eq!(one_line("a\nb\u{202B}"), "a; b\u{FFFD}");
        // The marks reorder nothing beyond their neighbours: kept.
        assert_eq!(one_line("\u{200F}עברית"), "\u{200F}עברית");
    }

    #[test]
    fn right_aligns_by_display_width_not_characters() {
        assert_eq!(right("6h", 8), "      6h");
        // 「6時間」 is three characters but five columns.
        assert_eq!(right("6時間", 8), "   6時間");
        assert_eq!(width(&right("1時間30分", 8)), 9);
    }

    #[test]
    fn text_that_fits_is_left_alone() {
        assert_eq!(cut("VXC down", 8), "VXC down");
        assert_eq!(cut("VXC down", 80), "VXC down");
        assert_eq!(cut("", 0), "");
        assert_eq!(cut("東京", 4), "東京");
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(cut("VXC down in Sydney", 8), "VXC dow…");
        assert_eq!(width(&cut("VXC down in Sydney", 8)), 8);
        assert_eq!(cut("abc", 1), "…");
        assert_eq!(cut("abc", 0), "");
        // No space is left before the ellipsis.
        assert_eq!(cut("VXC down", 5), "VXC…");
    }

    #[test]
    fn wide_characters_are_never_split() {
        let title = "東京データセンター冷却装置故障のため全回線停止";
        assert_eq!(width(title), 46);
        // Seven columns: three wide characters and the ellipsis.
        assert_eq!(cut(title, 7), "東京デ…");
        // Eight columns: a fourth wide character would need nine, so the
        // cut is one column short rather than half a character.
        assert_eq!(cut(title, 8), "東京デ…");
        assert_eq!(width(&cut(title, 8)), 7);
        for max in 0..50 {
            let c = cut(title, max);
            assert!(width(&c) <= max, "{max}: {c}");
            assert!(
                width(&c) + 1 >= max.min(46),
                "{max}: {c} lost more than a column"
            );
        }
        assert_eq!(cut("a東京", 3), "a…");
    }

    #[test]
    fn a_joined_emoji_is_never_cut_inside() {
        let title = "Family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} ZWJ sequence title";
        for max in 0..20 {
            let c = cut(title, max);
            assert!(width(&c) <= max, "{max}: {c}");
            let joined = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
            assert!(
                !c.contains('\u{200D}') || c.contains(joined),
                "{max}: {c:?} splits the family"
            );
        }
        assert_eq!(cut(title, 10), "Family…");
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        // "Café" with a combining acute accent: four columns.
        let cafe = "Cafe\u{301} Tokyo";
        assert_eq!(width(cafe), 10);
        assert_eq!(cut(cafe, 5), "Cafe\u{301}…");
    }

    #[test]
    fn a_cut_or_a_break_never_parts_a_kana_from_its_voiced_mark() {
        // ﾊﾟ (half-width, two columns) and パ (combining, one wide column).
        let title = "パピプペポガギグゲゴﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ハ\u{309a}ヒ\u{3099}";
        let marked = |c: char| is_halfwidth_mark(c) || matches!(c, '\u{3099}' | '\u{309A}');
        for max in 0..=width(title) + 1 {
            let c = cut(title, max);
            assert!(width(&c) <= max, "{max}: {c}");
            let kept = c.trim_end_matches('…');
            let next = title[kept.len()..].chars().next();
            assert!(
                !next.is_some_and(marked),
                "{max}: {c} leaves out the mark after its letter"
            );
        }
        // COLUMNS=58 `status` gave the title 22 columns: ﾊ without its ﾟ.
        assert_eq!(
            cut("パピプペポガギグゲゴﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", 22),
            "パピプペポガギグゲゴ…"
        );
        assert_eq!(
            cut("パピプペポガギグゲゴﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", 23),
            "パピプペポガギグゲゴﾊﾟ…"
        );
        for max in 1..12 {
            for line in wrap("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟｶﾞｷﾞ", max) {
                assert!(!line.starts_with(is_halfwidth_mark), "{max}: {line}");
                assert!(width(&line) <= max.max(2), "{max}: {line}");
            }
        }
    }

    #[test]
    fn halfwidth_kana_and_their_marks_are_written_as_one_kana() {
        // Every pair NFKC composes into one kana, and what it composes to.
        let voiced = "ｦﾞｳﾞｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞﾜﾞ";
        assert_eq!(
            composed_kana(voiced),
            "ヺヴガギグゲゴザジズゼゾダヂヅデドバビブベボヷ"
        );
        assert_eq!(composed_kana("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
        assert_eq!(composed_kana("ｶﾌﾞｼｷｶﾞｲｼｬﾃｽﾄ"), "ｶブｼｷガｲｼｬﾃｽﾄ");
        // Each pair takes the columns the one kana does.
        for pair in ["ｶﾞ", "ﾊﾟ", "ｳﾞ", "ﾜﾞ"] {
            assert_eq!(width(&composed_kana(pair)), width(pair), "{pair}");
        }
        // A mark no kana takes, or alone, stays; text without one is not copied.
        for kept in ["ｱﾞ", "ｶﾟ", "aﾞ", "ﾞ", "ﾟﾟ", "ガﾞ", "ｶ ﾞ"] {
            assert_eq!(composed_kana(kept), kept);
        }
        assert!(matches!(
            composed_kana("東京 ｶﾌ"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn wrapping_breaks_at_spaces_then_inside_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("one two three", 80), ["one two three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            wrap("東京データセンター", 7),
            ["東京デ", "ータセ", "ンター"]
        );
        // Japanese breaks between characters, but never inside a number,
        // between a number and its unit, after an opening bracket or
        // before a closing one.
        assert_eq!(wrap("(あと7日14時間)", 9), ["(あと7日", "14時間)"]);
        assert_eq!(wrap("2026年11月24日(火)", 10), ["2026年11月", "24日(火)"]);
        assert_eq!(wrap("12月2日(水) 10:00", 9), ["12月2日", "(水)", "10:00"]);
        for line in wrap(
            "level 1 (Customer Support and Operations Manager <escalations@example.com>)",
            20,
        ) {
            assert!(width(&line) <= 20, "{line}");
            assert_eq!(line.trim_end(), line);
        }
    }
}
