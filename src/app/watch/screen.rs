//! What the watch's keys do, without a terminal: which ticket is selected
//! as the board changes under it, the detail opened and closed, the filter
//! and the one-line answers being typed, and the action a key asks for.
//! Pure: the loop in `mod.rs` feeds it keys and the board's order, and
//! carries out what it returns.
//!
//! Its tests, key by key, are in `screen/tests.rs`.

use crate::cli::ReasonArg;
use crate::i18n::Lang;
use crate::model::TicketId;
use crate::output::Said;
use crate::tr;

/// A key, as the watch reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Backspace,
    /// Ctrl-C: in raw mode the terminal sends it as a key, not a signal.
    Interrupt,
    Char(char),
}

/// What an action on a ticket records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// `update`, with the message typed.
    Update,
    /// `wait`, with the reason typed.
    Wait,
    /// `resume`, with the note typed.
    Resume,
    /// `escalate`, for the reason chosen.
    Escalate(ReasonArg),
    /// `take`: the ticket becomes the user's (only offered when the user
    /// is known).
    Take,
}

/// What the loop is asked to do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing beyond drawing the screen again.
    Stay,
    Quit,
    /// Record `act` on the ticket, with the text typed (none if blank).
    Record {
        id: TicketId,
        act: Act,
        text: Option<String>,
    },
}

/// A line being typed, or a choice being made, at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The filter, applied as it is typed.
    Search(String),
    /// The text of an update, a wait or a resume on ticket `id`.
    Line {
        id: TicketId,
        act: Act,
        text: String,
    },
    /// The reason to escalate ticket `id`: `ReasonArg::ALL[chosen]`.
    Reason { id: TicketId, chosen: usize },
    /// Whether to record `act` on ticket `id` (a take, which may take the
    /// ticket from a colleague): `y` or Enter records, `n` or Esc cancels,
    /// any other key does nothing, so one stray key changes no ticket.
    Confirm { id: TicketId, act: Act },
}

/// The watch's state apart from the tickets themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// The board's tickets, most urgent first.
    order: Vec<TicketId>,
    /// The selected ticket's place in `order`.
    selected: Option<usize>,
    /// The ticket shown in full instead of the board.
    pub detail: Option<TicketId>,
    /// The filter in force (`status --search`'s matching).
    pub search: Option<String>,
    /// Only the user's tickets (`m`).
    pub mine: bool,
    pub input: Option<Input>,
    /// The last action's result, refusal or error.
    pub status: Option<Said>,
    /// Whether who runs it is known: `t` and `m` work, and are shown, only
    /// then (as `take` and `--mine` are refused without a login name).
    pub owners: bool,
    /// How many lines a page of the board or the detail holds.
    pub page: usize,
    /// How far down the detail is scrolled.
    pub detail_top: usize,
    /// The language of the keys, prompts and refusals it shows.
    pub lang: Lang,
}

impl Default for Screen {
    fn default() -> Screen {
        Screen::new()
    }
}

impl Screen {
    pub fn new() -> Screen {
        Screen {
            order: Vec::new(),
            selected: None,
            detail: None,
            search: None,
            mine: false,
            input: None,
            status: None,
            owners: true,
            page: 10,
            detail_top: 0,
            lang: Lang::En,
        }
    }

    /// The board's new order. The selected ticket stays selected where it
    /// moved to; if it left the board (resolved elsewhere, or filtered
    /// out), the ticket now at its place is, or the last one.
    pub fn set_order(&mut self, order: Vec<TicketId>) {
        let was = self.selected.and_then(|i| self.order.get(i).copied());
        self.selected = match (was, self.selected) {
            _ if order.is_empty() => None,
            (Some(id), Some(at)) => order
                .iter()
                .position(|t| *t == id)
                .or(Some(at.min(order.len() - 1))),
            _ => Some(0),
        };
        self.order = order;
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    pub fn selected_id(&self) -> Option<TicketId> {
        self.selected.and_then(|i| self.order.get(i).copied())
    }

    /// The ticket an action applies to: the one shown in full, else the
    /// selected one.
    fn target(&self) -> Option<TicketId> {
        self.detail.or_else(|| self.selected_id())
    }

    /// Handles one key.
    pub fn key(&mut self, key: Key) -> Outcome {
        if key == Key::Interrupt {
            return Outcome::Quit;
        }
        match self.input.take() {
            Some(input) => self.typing(input, key),
            None if self.detail.is_some() => self.in_detail(key),
            None => self.on_board(key),
        }
    }

    fn on_board(&mut self, key: Key) -> Outcome {
        match key {
            Key::Up | Key::Char('k') => self.step(-1),
            Key::Down | Key::Char('j') => self.step(1),
            Key::PageUp => self.step(-(self.page.max(1) as isize)),
            Key::PageDown => self.step(self.page.max(1) as isize),
            Key::Home | Key::Char('g') => self.step(isize::MIN),
            Key::End | Key::Char('G') => self.step(isize::MAX),
            Key::Enter => {
                self.detail = self.selected_id();
                self.detail_top = 0;
            }
            Key::Char('/') => {
                self.input = Some(Input::Search(self.search.clone().unwrap_or_default()))
            }
            Key::Esc if self.search.is_some() => self.search = None,
            Key::Esc | Key::Char('q') => return Outcome::Quit,
            Key::Char('m') if self.owners => self.mine = !self.mine,
            Key::Char(c) => return self.act(c),
            _ => {}
        }
        Outcome::Stay
    }

    fn in_detail(&mut self, key: Key) -> Outcome {
        let page = self.page.max(1);
        match key {
            Key::Up | Key::Char('k') => self.detail_top = self.detail_top.saturating_sub(1),
            Key::Down | Key::Char('j') => self.detail_top += 1,
            Key::PageUp => self.detail_top = self.detail_top.saturating_sub(page),
            Key::PageDown => self.detail_top += page,
            Key::Home | Key::Char('g') => self.detail_top = 0,
            Key::Esc => self.detail = None,
            Key::Char('q') => return Outcome::Quit,
            Key::Char(c) => return self.act(c),
            _ => {}
        }
        Outcome::Stay
    }

    /// The keys that act on a ticket.
    fn act(&mut self, key: char) -> Outcome {
        let Some(id) = self.target() else {
            if "uwret".contains(key) {
                self.status = Some(Said::refused(tr!(self.lang, "watch-no-ticket")));
            }
            return Outcome::Stay;
        };
        let line = |act| {
            Some(Input::Line {
                id,
                act,
                text: String::new(),
            })
        };
        match key {
            'u' => self.input = line(Act::Update),
            'w' => self.input = line(Act::Wait),
            'r' => self.input = line(Act::Resume),
            'e' => self.input = Some(Input::Reason { id, chosen: 0 }),
            't' if self.owners => self.input = Some(Input::Confirm { id, act: Act::Take }),
            _ => {}
        }
        Outcome::Stay
    }

    fn typing(&mut self, input: Input, key: Key) -> Outcome {
        match input {
            Input::Search(mut text) => {
                match key {
                    Key::Enter => return Outcome::Stay,
                    Key::Esc => {
                        self.search = None;
                        return Outcome::Stay;
                    }
                    _ => edit(&mut text, key),
                }
                self.search = (!text.is_empty()).then(|| text.clone());
                self.input = Some(Input::Search(text));
            }
            Input::Line { id, act, mut text } => match key {
                Key::Enter => {
                    let text = (!crate::app::input::is_blank(&text)).then_some(text);
                    return Outcome::Record { id, act, text };
                }
                Key::Esc => {}
                _ => {
                    edit(&mut text, key);
                    self.input = Some(Input::Line { id, act, text });
                }
            },
            Input::Reason { id, mut chosen } => {
                let last = ReasonArg::ALL.len() - 1;
                match key {
                    Key::Enter => {
                        return Outcome::Record {
                            id,
                            act: Act::Escalate(ReasonArg::ALL[chosen]),
                            text: None,
                        };
                    }
                    Key::Esc => return Outcome::Stay,
                    Key::Up | Key::Char('k') => chosen = chosen.saturating_sub(1),
                    Key::Down | Key::Char('j') => chosen = (chosen + 1).min(last),
                    Key::Char(c @ '1'..='9') => {
                        let n = c as usize - '1' as usize;
                        if n <= last {
                            chosen = n;
                        }
                    }
                    _ => {}
                }
                self.input = Some(Input::Reason { id, chosen });
            }
            Input::Confirm { id, act } => match key {
                Key::Enter | Key::Char('y' | 'Y') => {
                    return Outcome::Record {
                        id,
                        act,
                        text: None,
                    };
                }
                Key::Esc | Key::Char('n' | 'N') => {}
                _ => self.input = Some(Input::Confirm { id, act }),
            },
        }
        Outcome::Stay
    }

    /// Handles text pasted into the terminal (bracketed paste, so it comes
    /// whole, never as keys). Into a line being typed, the filter or a
    /// message, it is added with its line breaks turned into spaces: a
    /// paste never submits. Anywhere else (the board, a ticket in full,
    /// the reasons to escalate) it does nothing, so no letter or line
    /// break of it can act on a ticket.
    pub fn paste(&mut self, pasted: &str) {
        let text = match &mut self.input {
            Some(Input::Search(text) | Input::Line { text, .. }) => text,
            _ => return,
        };
        text.push_str(&one_line_of(pasted));
        if let Some(Input::Search(text)) = &self.input {
            self.search = (!text.is_empty()).then(|| text.clone());
        }
    }

    /// Moves the selection by `by` places, stopping at either end.
    fn step(&mut self, by: isize) {
        if self.order.is_empty() {
            return;
        }
        let last = self.order.len() - 1;
        let at = self.selected.unwrap_or(0);
        self.selected = Some(at.saturating_add_signed(by).min(last));
    }

    /// The last line's keys alone, in their order (the tests read them).
    #[cfg(test)]
    pub fn keys(&self) -> Vec<String> {
        self.footer().into_iter().map(|(key, _)| key).collect()
    }

    /// The last line when nothing is being typed: the keys that work now,
    /// `q quit` last, with how long each stays on a narrow
    /// screen (`output::KeyHint::keep`; the least first to go): quit,
    /// then update and escalate, what a desk does most, stay longest; `m`
    /// goes first, then the arrows (the keys everyone tries untold, on a
    /// board whose selected line shows in reverse video), then the filter.
    /// In English all of them take 96 columns: at 80, `t take` stays and
    /// the arrows and `m` give way.
    pub fn footer(&self) -> Vec<(String, u8)> {
        let lang = self.lang;
        if let Some(Input::Reason { .. }) = self.input {
            return vec![
                (tr!(lang, "watch-key-choose"), 7),
                (tr!(lang, "watch-key-escalates"), 9),
                (tr!(lang, "watch-key-cancels"), 8),
            ];
        }
        let mut keys = vec![];
        if self.detail.is_some() {
            keys.extend([
                (tr!(lang, "watch-key-scroll"), 2),
                (tr!(lang, "watch-key-board"), 7),
            ]);
        } else {
            keys.extend([
                (tr!(lang, "watch-key-move"), 2),
                (tr!(lang, "watch-key-details"), 5),
                (tr!(lang, "watch-key-filter"), 3),
            ]);
        }
        keys.extend([
            (tr!(lang, "watch-key-update"), 8),
            (tr!(lang, "watch-key-wait"), 6),
            (tr!(lang, "watch-key-resume"), 6),
            (tr!(lang, "watch-key-escalate"), 8),
        ]);
        if self.owners {
            keys.push((tr!(lang, "watch-key-take"), 4));
            if self.detail.is_none() {
                let mine = if self.mine {
                    tr!(lang, "watch-key-all")
                } else {
                    tr!(lang, "watch-key-mine")
                };
                keys.push((mine, 1));
            }
        }
        keys.push((tr!(lang, "watch-key-quit"), 9));
        keys
    }

    /// The ticket a question is asked about (`Take #1 …?`), if one is.
    pub fn asking(&self) -> Option<TicketId> {
        match self.input {
            Some(Input::Confirm { id, .. }) => Some(id),
            _ => None,
        }
    }

    /// The question being asked, in its forms, fullest first, given the
    /// ticket's title and owner as the board last read them (`None` if
    /// it is no longer there): `Take #1 VXC down (owned by bob)? (Enter
    /// takes, Esc cancels)`, then without the title, then without the
    /// keys. The owner is said so that taking a colleague's ticket is
    /// seen before it is done.
    pub fn question(&self, about: Option<(&str, Option<&str>)>) -> Option<Vec<String>> {
        let lang = self.lang;
        let Some(Input::Confirm { id, act: Act::Take }) = &self.input else {
            return None;
        };
        let id = id.to_string();
        let title = about.map(|(title, _)| crate::i18n::plain(title));
        let owner = about.and_then(|(_, owner)| owner).map(crate::i18n::plain);
        let mut forms = Vec::new();
        match owner {
            Some(owner) => {
                if let Some(title) = title {
                    forms.push(tr!(
                        lang,
                        "watch-ask-take-owned",
                        id = id.clone(),
                        title = title,
                        owner = owner.clone()
                    ));
                }
                forms.push(tr!(
                    lang,
                    "watch-ask-take-owned-short",
                    id = id.clone(),
                    owner = owner.clone()
                ));
                forms.push(tr!(
                    lang,
                    "watch-ask-take-owned-tiny",
                    id = id,
                    owner = owner
                ));
            }
            None => {
                if let Some(title) = title {
                    forms.push(tr!(lang, "watch-ask-take", id = id.clone(), title = title));
                }
                forms.push(tr!(lang, "watch-ask-take-short", id = id.clone()));
                forms.push(tr!(lang, "watch-ask-take-tiny", id = id));
            }
        }
        Some(forms)
    }

    /// What is being typed, and what it is for: the prompt in its forms,
    /// fullest first (`Update #5, message (Enter records, Esc cancels):`,
    /// `Update #5, message:`, `Update #5:`), so a narrow screen shows a
    /// shorter one rather than hide the text (`output::Bottom::Typing`).
    pub fn prompt(&self) -> Option<(Vec<String>, &str)> {
        let lang = self.lang;
        match &self.input {
            Some(Input::Search(text)) => Some((
                vec![
                    tr!(lang, "watch-filter-prompt"),
                    tr!(lang, "watch-filter-prompt-short"),
                ],
                text,
            )),
            Some(Input::Line { id, act, text }) => {
                let id = id.to_string();
                let forms = match act {
                    Act::Update => vec![
                        tr!(lang, "watch-prompt-update", id = id.clone()),
                        tr!(lang, "watch-prompt-update-short", id = id.clone()),
                        tr!(lang, "watch-prompt-update-tiny", id = id),
                    ],
                    Act::Wait => vec![
                        tr!(lang, "watch-prompt-wait", id = id.clone()),
                        tr!(lang, "watch-prompt-wait-short", id = id.clone()),
                        tr!(lang, "watch-prompt-wait-tiny", id = id),
                    ],
                    Act::Resume => vec![
                        tr!(lang, "watch-prompt-resume", id = id.clone()),
                        tr!(lang, "watch-prompt-resume-short", id = id.clone()),
                        tr!(lang, "watch-prompt-resume-tiny", id = id),
                    ],
                    // Never typed: escalate chooses a reason, take asks yes or
                    // no (`question`).
                    Act::Escalate(_) => vec![tr!(lang, "watch-prompt-escalate", id = id)],
                    Act::Take => vec![tr!(lang, "watch-prompt-take", id = id)],
                };
                Some((forms, text))
            }
            _ => None,
        }
    }
}

/// Typing into a line: a printable character is added, Backspace takes
/// the last one off; anything else is ignored.
fn edit(text: &mut String, key: Key) {
    match key {
        Key::Char(c) if !c.is_control() => text.push(c),
        Key::Backspace => {
            text.pop();
        }
        _ => {}
    }
}

/// Pasted text as one line: its lines joined by one space each (a run of
/// line breaks, CR, LF or CRLF, is one space, and those before its first
/// line or after its last are dropped), and any other control character
/// (a tab) made a space, so nothing pasted can act as a key.
fn one_line_of(pasted: &str) -> String {
    pasted
        .split(['\r', '\n'])
        .filter(|line| !line.is_empty())
        .map(|line| line.replace(|c: char| c.is_control(), " "))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
