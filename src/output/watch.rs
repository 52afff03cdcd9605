//! The live board of `watch`, drawn into a ratatui frame: a title line,
//! the board (or one ticket in full), a status line and a line of keys or
//! the text being typed. The tickets are drawn by the same renderers as
//! `status` and `status ID`, fitted to the screen's width, and their colour
//! codes read back into ratatui styles, so the watch shows what `status`
//! prints, coloured as it colours it. What to show is decided by `app`;
//! this module reads no clock (`now` is passed) and no store.
//!
//! Over 600 lines: the title, the prompts in their three lengths and the
//! status line are fitted to one width together, and read together.

use crate::tr;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style as Look};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::i18n::Lang;
use crate::sla::TicketState;

use super::grid::{Tint, tinted_parts};
use super::text::{composed_kana, cut, width, wrap};
use super::{Style, TimelineEvent, View, board, ticket};

/// What the watch shows, as `app` decided it.
pub struct WatchScreen<'a> {
    /// Every ticket on the board, most urgent first; the ones that fit
    /// are drawn.
    pub board: &'a [&'a View],
    /// The selected ticket's place on the board.
    pub selected: Option<usize>,
    /// The filter in force, shown in the title.
    pub search: Option<&'a str>,
    /// Only the user's tickets are shown, as the title says. With a
    /// search, an empty board then says nothing matched, not that nothing
    /// is open.
    pub mine: bool,
    /// One ticket in full instead of the board: its view at `now` and its
    /// timeline.
    pub detail: Option<(&'a View, &'a [TimelineEvent])>,
    /// The last action's result, or a failure to read the log.
    pub status: Option<&'a Said>,
    /// Why what is shown may be incomplete (this machine's clock behind
    /// the log's newest record), above the status line for as long as it
    /// holds, so a result never hides it nor it a result.
    pub warning: Option<&'a str>,
    pub bottom: Bottom<'a>,
    /// Choices offered over the board (the reasons to escalate).
    pub choices: Option<Choices<'a>>,
}

/// A box of choices: its heading (`Escalate #1 to level 2: why?`), a line
/// under it saying more (whom the escalation reaches), the items and the
/// one chosen.
#[derive(Debug, Clone, Copy)]
pub struct Choices<'a> {
    pub heading: &'a str,
    pub note: Option<&'a str>,
    pub items: &'a [String],
    pub chosen: usize,
}

/// What the status line says: the last action's result or refusal, or a
/// failure to read the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The ticket it is about, said first (`#1 Intermittent loss on IX
    /// port (ACME)`): on a narrow line it gives way to the result, its id
    /// last of all.
    pub subject: Option<String>,
    /// What happened (`update recorded at 10:09`), or the refusal or
    /// error whole.
    pub text: String,
    /// A refusal or an error, drawn red (bold without colour).
    pub refused: bool,
}

impl Said {
    /// What was recorded on ticket `subject`.
    pub fn done(subject: String, text: String) -> Said {
        Said {
            subject: Some(subject),
            text,
            refused: false,
        }
    }

    /// A refusal or an error, whole.
    pub fn refused(text: String) -> Said {
        Said {
            subject: None,
            text,
            refused: true,
        }
    }
}

/// The last line: the keys that work now, or a line being typed, after
/// its prompt in each of its forms, fullest first: the first that leaves
/// the text room is shown ([`fit_prompt`]).
pub enum Bottom<'a> {
    Keys(Vec<KeyHint<'a>>),
    Typing {
        prompts: &'a [String],
        text: &'a str,
    },
    /// A question answered by a key, nothing typed (`Take #1 VXC down
    /// (owned by bob)? (Enter takes, Esc cancels)`), in its forms, fullest
    /// first: the first that fits the line is shown, the cursor after it.
    Asking(&'a [String]),
}

/// A key on the last line (`e escalate`) and how long it stays there on a
/// narrow screen: the keys that keep least are left out first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint<'a> {
    pub text: &'a str,
    pub keep: u8,
}

/// Where the board and the detail are scrolled to, kept between frames,
/// and how many lines the board had room for in the last one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub board_top: usize,
    pub detail_top: usize,
    pub page: usize,
}

/// Draws one frame of the watch at `now`; `scroll` keeps the selected
/// ticket in sight and the detail within its text.
pub fn watch_frame(
    frame: &mut Frame,
    screen: &WatchScreen,
    scroll: &mut Scroll,
    now: DateTime<Utc>,
    style: &Style,
) {
    let area = frame.area();
    // A terminal of no rows or no columns has no cell to write even the
    // note into (writing one is out of the buffer): nothing is drawn
    // until it is resized.
    if area.is_empty() {
        return;
    }
    if area.height < 4 || area.width < 10 {
        frame.buffer_mut().set_string(
            area.x,
            area.y,
            tr!(style.lang, "watch-too-small"),
            Look::new(),
        );
        return;
    }
    let style = Style {
        width: Some(usize::from(area.width)),
        ..*style
    };
    let row = |y: u16| Rect::new(area.x, y, area.width, 1);
    // The status line takes more lines, up to half the screen's middle,
    // when what it says does not fit one; a warning takes up to two of
    // them, leaving the status line one.
    let room = usize::from(area.width);
    let most = usize::from(area.height - 2) / 2;
    let for_warning = WARNING_LINES.min(most - usize::from(screen.status.is_some()));
    let warned = match screen.warning {
        Some(w) if for_warning > 0 => capped(wrap(w, room), room, for_warning),
        _ => Vec::new(),
    };
    let said = screen.status.map_or_else(Vec::new, |said| {
        status_lines(said, room, most.saturating_sub(warned.len()))
    });
    let said_height = (warned.len() + said.len()).max(1) as u16;
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height - 2 - said_height,
    );
    let buf = frame.buffer_mut();
    title(buf, row(area.y), screen, now, &style);
    match screen.detail {
        Some((view, timeline)) => detail(buf, body, view, timeline, scroll, now, &style),
        None => board_lines(buf, body, screen, scroll, now, &style),
    }
    let top = area.y + area.height - 1 - said_height;
    for (i, line) in warned.iter().enumerate() {
        let look = match style.color {
            true => Look::new().fg(Color::Yellow),
            false => Look::new().add_modifier(Modifier::BOLD),
        };
        buf.set_stringn(area.x, top + i as u16, composed_kana(line), room, look);
    }
    if let Some(status) = screen.status {
        let look = match (status.refused, style.color) {
            (true, true) => Look::new().fg(Color::Red),
            (true, false) => Look::new().add_modifier(Modifier::BOLD),
            (false, _) => Look::new(),
        };
        let top = top + warned.len() as u16;
        for (i, line) in said.iter().enumerate() {
            buf.set_stringn(area.x, top + i as u16, composed_kana(line), room, look);
        }
    }
    let last = row(area.y + area.height - 1);
    match &screen.bottom {
        Bottom::Keys(keys) => {
            let keys = fit_keys(keys, usize::from(area.width));
            buf.set_string(last.x, last.y, keys, look(Tint::Dim, &style));
        }
        Bottom::Typing { prompts, text } => {
            let prompt = fit_prompt(prompts, usize::from(last.width));
            let (x, _) = buf.set_stringn(
                last.x,
                last.y,
                composed_kana(&format!("{prompt} ")),
                usize::from(last.width),
                Look::new().add_modifier(Modifier::BOLD),
            );
            // The end of what is typed stays in sight.
            let room = usize::from(last.right().saturating_sub(x + 1));
            let shown = tail(text, room);
            let (end, _) = buf.set_stringn(x, last.y, composed_kana(shown), room, Look::new());
            frame.set_cursor_position(Position::new(end, last.y));
        }
        Bottom::Asking(forms) => {
            // Nothing is typed: the question may take the line, bar the
            // cursor's cell.
            let most = usize::from(last.width).saturating_sub(1);
            let question = match forms.iter().find(|f| width(f) <= most) {
                Some(form) => form.clone(),
                None => cut(forms.last().map_or("", String::as_str), most),
            };
            let (end, _) = buf.set_stringn(
                last.x,
                last.y,
                composed_kana(&question),
                most,
                Look::new().add_modifier(Modifier::BOLD),
            );
            frame.set_cursor_position(Position::new(end, last.y));
        }
    }
    if let Some(c) = screen.choices {
        choices(frame.buffer_mut(), body, &c);
    }
}

/// `slaclock watch: 11 open, 2 breached, 3 at risk   10:15:03 AEST`.
fn title(buf: &mut Buffer, line: Rect, screen: &WatchScreen, now: DateTime<Utc>, style: &Style) {
    let views = screen.board;
    let breached = views.iter().filter(|v| v.eval.breached()).count();
    let at_risk = views
        .iter()
        .filter(|v| !v.eval.breached())
        .filter(|v| v.eval.clocks().iter().any(|(_, c)| style.at_risk(c)))
        .count();
    let waiting = views
        .iter()
        .filter(|v| v.eval.state == TicketState::Waiting)
        .count();
    let lang = style.lang;
    let open = views.len();
    // The counts in words, then shorter, then without the program's name
    // (`対応中 11件` → `対応中 11`): a count is never cut inside.
    let counts = |short: bool, bare: bool| {
        let mut parts = vec![(
            match (short, bare) {
                (_, true) => tr!(lang, "watch-open-bare", n = open),
                (true, false) => tr!(lang, "watch-open-short", n = open),
                (false, false) => tr!(lang, "watch-open", n = open),
            },
            Tint::Plain,
        )];
        let mut add = |n: usize, long: String, brief: String, tint| {
            if n > 0 {
                parts.push((if short { brief } else { long }, tint));
            }
        };
        add(
            breached,
            tr!(lang, "watch-breached", n = breached),
            tr!(lang, "watch-breached-short", n = breached),
            Tint::Red,
        );
        add(
            at_risk,
            tr!(lang, "watch-at-risk", n = at_risk),
            tr!(lang, "watch-at-risk-short", n = at_risk),
            Tint::Yellow,
        );
        add(
            waiting,
            tr!(lang, "watch-waiting", n = waiting),
            tr!(lang, "watch-waiting-short", n = waiting),
            Tint::Dim,
        );
        parts
    };
    let clock = now
        .with_timezone(&style.zone)
        .format("%H:%M:%S %Z")
        .to_string();
    let bold = Look::new().add_modifier(Modifier::BOLD);
    let alone = |parts: &[(String, Tint)]| parts.iter().map(|(t, _)| width(t)).sum::<usize>();
    let what = |full: bool, search_room: Option<usize>| shown_only(screen, lang, full, search_room);
    // The counts and what the board is limited to, in full, then without
    // the hint (Esc clears), then with the counts shorter; a count or a
    // parenthesis is never cut inside.
    let forms = [
        (false, false, true),
        (false, false, false),
        (true, false, true),
        (true, false, false),
        (true, true, true),
        (true, true, false),
    ];
    let fit = |room: usize| {
        let found = forms.into_iter().find_map(|(short, bare, full)| {
            let mut parts = counts(short, bare);
            parts.extend(what(full, None));
            (alone(&parts) <= room).then_some(parts)
        });
        found.unwrap_or_else(|| {
            // Still too wide: the search's text is cut (`matching "zz…"`),
            // and only where the counts and the rest do not fit with it
            // do the least urgent counts go, whole (a long filter never
            // hides the breaches).
            let least = alone(&what(false, Some(0)));
            let mut parts = [(false, false), (true, false), (true, true)]
                .into_iter()
                .map(|(short, bare)| counts(short, bare))
                .find(|parts| alone(parts) + least <= room)
                .unwrap_or_else(|| {
                    let mut parts = counts(true, true);
                    while parts.len() > 1 && alone(&parts) + least > room {
                        parts.pop();
                    }
                    parts
                });
            parts.extend(what(false, Some(room.saturating_sub(alone(&parts)))));
            parts
        })
    };
    let room = usize::from(line.width).saturating_sub(width(&clock) + 2);
    let parts = fit(room);
    if alone(&parts) > room {
        // Not even the fewest words fit beside the clock (a narrow screen
        // in Japanese, filtered twice): they take the whole line instead.
        let parts = fit(usize::from(line.width));
        draw_parts(
            buf,
            line.x,
            line.y,
            &parts,
            usize::from(line.width),
            style,
            bold,
        );
        return;
    }
    draw_parts(buf, line.x, line.y, &parts, room, style, bold);
    let x = line.right().saturating_sub(width(&clock) as u16);
    buf.set_string(x, line.y, clock, bold);
}

/// What the title says the board is limited to: only the user's tickets
/// (`, mine only`), the search (`, matching "acme" (Esc clears)`); `full`
/// with the hint and in full words, else shorter. With `search_room`, the
/// search's text is cut (by display width, inside its quotes) so that all
/// of it takes at most that many columns, or as few as it can.
fn shown_only(
    screen: &WatchScreen,
    lang: Lang,
    full: bool,
    search_room: Option<usize>,
) -> Vec<(String, Tint)> {
    let mut parts = vec![];
    if screen.mine {
        let mine = match full {
            true => tr!(lang, "watch-mine"),
            false => tr!(lang, "watch-mine-short"),
        };
        parts.push((mine, Tint::Plain));
    }
    if let Some(search) = screen.search {
        let matching = |text: String| match full {
            true => tr!(lang, "watch-matching", text = text),
            false => tr!(lang, "watch-matching-short", text = text),
        };
        let search = super::plain(search);
        let mut text = super::quoted(&search);
        if let Some(most) = search_room {
            let most = most.saturating_sub(parts.iter().map(|(t, _)| width(t)).sum());
            let mut keep = width(&search);
            while keep > 1 && width(&matching(text.clone())) > most {
                keep -= 1;
                text = super::quoted(cut(&search, keep));
            }
        }
        parts.push((matching(text), Tint::Plain));
    }
    parts
}

/// The board's heading and the tickets that fit, the selected one in
/// reverse video.
fn board_lines(
    buf: &mut Buffer,
    body: Rect,
    screen: &WatchScreen,
    scroll: &mut Scroll,
    now: DateTime<Utc>,
    style: &Style,
) {
    // Two lines for the heading and its rule.
    let page = usize::from(body.height).saturating_sub(2).max(1);
    scroll.page = page;
    let total = screen.board.len();
    if let Some(s) = screen.selected {
        if s < scroll.board_top {
            scroll.board_top = s;
        } else if s >= scroll.board_top + page {
            scroll.board_top = s + 1 - page;
        }
    }
    scroll.board_top = scroll.board_top.min(total.saturating_sub(page));
    let shown: Vec<View> = screen.board[scroll.board_top..(scroll.board_top + page).min(total)]
        .iter()
        .map(|v| (*v).clone())
        .collect();
    let text = if total == 0 && (screen.search.is_some() || screen.mine) {
        format!("{}\n", crate::tr!(style.lang, "board-empty-match"))
    } else {
        rendered(|w| board(w, &shown, now, style))
    };
    for (i, line) in text.lines().take(usize::from(body.height)).enumerate() {
        let y = body.y + i as u16;
        draw_parts(
            buf,
            body.x,
            y,
            &tinted_parts(line),
            usize::from(body.width),
            style,
            Look::new(),
        );
        let place = (i >= 2).then(|| scroll.board_top + i - 2);
        if place.is_some() && place == screen.selected {
            buf.set_style(
                Rect::new(body.x, y, body.width, 1),
                Look::new().add_modifier(Modifier::REVERSED),
            );
        }
    }
    // On the rule under the headings: with no room for it, not at all.
    if total > page && body.height >= 2 {
        let more = format!(
            " {} ",
            tr!(
                style.lang,
                "watch-page",
                first = scroll.board_top + 1,
                last = (scroll.board_top + page).min(total),
                total = total
            )
        );
        let x = body.right().saturating_sub(width(&more) as u16);
        buf.set_string(x, body.y + 1, more, look(Tint::Dim, style));
    }
}

/// One ticket as `status ID` prints it, scrolled.
fn detail(
    buf: &mut Buffer,
    body: Rect,
    view: &View,
    timeline: &[TimelineEvent],
    scroll: &mut Scroll,
    now: DateTime<Utc>,
    style: &Style,
) {
    let text = rendered(|w| ticket(w, view, timeline, now, style, &[]));
    let lines: Vec<&str> = text.lines().collect();
    let height = usize::from(body.height);
    scroll.page = height.max(1);
    scroll.detail_top = scroll.detail_top.min(lines.len().saturating_sub(height));
    for (i, line) in lines
        .iter()
        .skip(scroll.detail_top)
        .take(height)
        .enumerate()
    {
        draw_parts(
            buf,
            body.x,
            body.y + i as u16,
            &tinted_parts(line),
            usize::from(body.width),
            style,
            Look::new(),
        );
    }
}

/// A box of choices over the board, its note (if any) on its first line,
/// the chosen item in reverse video.
fn choices(buf: &mut Buffer, body: Rect, c: &Choices) {
    let Choices {
        heading,
        note,
        items,
        chosen,
    } = *c;
    let lines: Vec<&str> = note
        .into_iter()
        .chain(items.iter().map(String::as_str))
        .collect();
    let inner_width = lines
        .iter()
        .map(|i| width(i))
        .chain([width(heading)])
        .max()
        .unwrap_or(0)
        + 2;
    let w = (inner_width as u16 + 2).min(body.width);
    let h = (lines.len() as u16 + 2).min(body.height);
    let area = Rect::new(
        body.x + (body.width - w) / 2,
        body.y + (body.height - h) / 2,
        w,
        h,
    );
    Clear.render(area, buf);
    Block::bordered()
        .title(composed_kana(&format!(" {heading} ")).into_owned())
        .render(area, buf);
    let first_item = usize::from(note.is_some());
    for (i, line) in lines
        .iter()
        .enumerate()
        .take(usize::from(h.saturating_sub(2)))
    {
        let y = area.y + 1 + i as u16;
        let look = if i >= first_item && i - first_item == chosen {
            Look::new().add_modifier(Modifier::REVERSED)
        } else {
            Look::new()
        };
        let text = format!(" {} ", cut(line, usize::from(w.saturating_sub(4))));
        buf.set_style(Rect::new(area.x + 1, y, w.saturating_sub(2), 1), look);
        let room = usize::from(w.saturating_sub(2));
        buf.set_stringn(area.x + 1, y, composed_kana(&text), room, look);
    }
}

/// What a renderer writes, as text (colour codes included if on).
fn rendered(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Draws tinted parts from `(x, y)`, within `room` columns. Like all
/// text put on the screen, with ﾌﾞ as ブ (`text::composed_kana`): the cell
/// library takes the pair for three columns where terminals and the
/// board's own counting take two.
fn draw_parts(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    parts: &[(String, Tint)],
    room: usize,
    style: &Style,
    base: Look,
) {
    let spans: Vec<Span> = parts
        .iter()
        .map(|(text, tint)| Span::styled(composed_kana(text), base.patch(look(*tint, style))))
        .collect();
    buf.set_line(
        x,
        y,
        &Line::from(spans),
        room.min(usize::from(u16::MAX)) as u16,
    );
}

/// A tint as a ratatui style: nothing without colour (`NO_COLOR`, or no
/// colour asked for), like the board.
fn look(tint: Tint, style: &Style) -> Look {
    match (tint, style.color) {
        (_, false) | (Tint::Plain, _) => Look::new(),
        (Tint::Red, true) => Look::new().fg(Color::Red),
        (Tint::Yellow, true) => Look::new().fg(Color::Yellow),
        (Tint::Dim, true) => Look::new().add_modifier(Modifier::DIM),
    }
}

/// The fewest columns of a ticket's title worth showing cut on the status
/// line (`#1 VXC…`); with less room, its id alone says which ticket.
const TITLE_AT_LEAST: usize = 4;

/// The status line in `room` columns, on at most `most` lines (at least
/// one). The result is what must be read: the ticket's title and customer
/// are cut first (by display width, `#1 Intermittent lo…: update recorded
/// at 10:09`), then left out for its id alone; what still does not fit one line (a
/// refusal and its advice, say) is wrapped at spaces onto the next, and
/// only past `most` lines is the end cut with `…`.
fn status_lines(said: &Said, room: usize, most: usize) -> Vec<String> {
    let text = &said.text;
    let line = match &said.subject {
        None => text.clone(),
        Some(subject) => {
            let whole = format!("{subject}: {text}");
            let id = subject.split(' ').next().unwrap_or(subject);
            let left = room.saturating_sub(width(text) + 2);
            if width(&whole) <= room {
                whole
            } else if left >= width(id) + TITLE_AT_LEAST + 2 {
                format!("{}: {text}", cut(subject, left))
            } else {
                format!("{id}: {text}")
            }
        }
    };
    capped(wrap(&line, room), room, most)
}

/// The most lines a warning takes above the status line.
const WARNING_LINES: usize = 2;

/// Wrapped `lines` on at most `most` lines (at least one), the end of the
/// last cut with `…` to `room` columns.
fn capped(mut lines: Vec<String>, room: usize, most: usize) -> Vec<String> {
    let most = most.max(1);
    if lines.len() > most {
        let rest = lines.split_off(most - 1).join(" ");
        lines.push(cut(&rest, room));
    }
    lines
}

/// The keys, two spaces apart and in their order, in `room` columns:
/// while they do not fit, the one that keeps least is left out (of two
/// alike, the later), so the keys that matter most (`q quit`, `u update`,
/// `e escalate`) are the last to go, in every language.
fn fit_keys(keys: &[KeyHint], room: usize) -> String {
    let mut keys = keys.to_vec();
    let joined = |keys: &[KeyHint]| keys.iter().map(|k| k.text).collect::<Vec<_>>().join("  ");
    while keys.len() > 1 && width(&joined(&keys)) > room {
        let least = keys.iter().map(|k| k.keep).min().unwrap_or_default();
        match keys.iter().rposition(|k| k.keep == least) {
            Some(i) => keys.remove(i),
            None => break,
        };
    }
    cut(&joined(&keys), room)
}

/// The most a line being typed keeps for its text (and the cursor after
/// it), at least; on a line narrower than three times this, a third.
const TEXT_ROOM: usize = 20;

/// The prompt of a line being typed in `room` columns: the first (fullest)
/// of its `forms` that leaves the text [`TEXT_ROOM`] columns (a third of
/// a narrow line), else the last cut by display width to leave them, so
/// what is typed, its end and the cursor, always shows.
fn fit_prompt(forms: &[String], room: usize) -> String {
    let most = room.saturating_sub((room / 3).min(TEXT_ROOM) + 1);
    match forms.iter().find(|f| width(f) <= most) {
        Some(form) => form.clone(),
        None => cut(forms.last().map_or("", String::as_str), most),
    }
}

/// The end of `text` that fits in `room` columns.
fn tail(text: &str, room: usize) -> &str {
    let mut start = text.len();
    let mut used = 0;
    for (i, c) in text.char_indices().rev() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        used += w;
        start = i;
    }
    &text[start..]
}

#[cfg(test)]
mod tests;
