//! Lexing that never stops at an error.
//!
//! The recovering driver runs the same lexing steps as the streaming lexer. When a step
//! fails it records the error, drops the unfinished check's tokens from the parser's stream
//! (putting one [`Tok::Broken`] in their place), and skips the text up to the next point
//! where lexing can resume: an `and`/`or` or a `)` closing an open group, outside quotes
//! and nested parentheses. Skipping to the end closes the open groups silently, so one
//! mistake at the end is one error, not two.
//!
//! Every token lexed, those of broken checks included, is also kept for the editor, tagged
//! with the mode that lexed it, and so is what the grammar expected at the end of the text.

use super::{scan, Frame, LexError, Lexer, Mode, Spanned, Tok};
use crate::span::Span;

/// The most errors collected from one text; the rest of the text is then skipped.
const MAX_ERRORS: usize = 64;

/// What the grammar accepts at a point of the text (the end, for a text cut at the cursor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A check: a field, a transformer, a macro name, `not` or `(`.
    Check,
    /// An operator after the check's left side.
    Operator,
    /// A number (or a transformer) after `<`, `<=`, `>`, `>=`.
    Number,
    /// A string value, a modifier or a transformer after `=`, `!=`, `contains`…
    String,
    /// A `(…)` list, a list name or a transformer after `in`, `intersects`, `pmatch`.
    List,
    /// An item inside a `(…)` value list.
    ListItem,
    /// `,` or `)` after an item of a value list or a transformer argument.
    Separator,
    /// A field or a transformer (transformer arguments, `val(…)`).
    Operand,
    /// `and`, `or`, or a `)` closing a group, after a complete check.
    Logical,
    /// Nothing more, or the end lies in text skipped after an error.
    Unknown,
}

impl Expect {
    fn of(mode: Mode) -> Expect {
        match mode {
            Mode::ExprStart => Expect::Check,
            Mode::AfterLhs => Expect::Operator,
            Mode::NumRhs => Expect::Number,
            Mode::StrRhs => Expect::String,
            Mode::ListRhs => Expect::List,
            Mode::ListFirst | Mode::ListNext => Expect::ListItem,
            Mode::ListAfterItem | Mode::AfterTrArg | Mode::ValClose => Expect::Separator,
            Mode::TrArg { .. } | Mode::ValField | Mode::OperandStart => Expect::Operand,
            Mode::AfterCheck => Expect::Logical,
            Mode::OperandEnd | Mode::Done => Expect::Unknown,
        }
    }
}

/// Where a token was lexed, as the editor needs to tell names apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Where a check starts (an identifier here is a macro name).
    CheckStart,
    /// On the right of an operator (an identifier here is a list name).
    Rhs,
    /// Anywhere else: after the left side, in transformer arguments, between checks.
    Other,
}

impl Place {
    fn of(mode: Mode) -> Place {
        match mode {
            Mode::ExprStart => Place::CheckStart,
            Mode::NumRhs
            | Mode::StrRhs
            | Mode::ListRhs
            | Mode::ListFirst
            | Mode::ListAfterItem
            | Mode::ListNext => Place::Rhs,
            _ => Place::Other,
        }
    }
}

/// A token for the editor: where it was lexed and, on the right of a check, the span of
/// the check's left-side field (name and `[arg]`; when it is a plain field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub token: Spanned,
    pub place: Place,
    pub lhs: Option<Span>,
}

/// Everything the recovering driver produced.
#[derive(Debug, Default)]
pub struct Recovered {
    /// The parser's stream: broken checks replaced by [`Tok::Broken`].
    pub parse: Vec<Spanned>,
    /// Every token lexed, in text order.
    pub all: Vec<Placed>,
    pub errors: Vec<LexError>,
    /// What was expected when the lexer first reached the end of the text.
    pub end: Option<Expect>,
    /// The left-side field of the check open at the end, if any.
    pub end_lhs: Option<Span>,
}

/// The driver's bookkeeping besides the lexer.
#[derive(Default)]
struct State {
    out: Recovered,
    /// Parser tokens and open frames at the last check boundary.
    boundary: (usize, usize),
    skipped_to_end: bool,
    lhs: Option<Span>,
}

impl Lexer<'_> {
    /// Lexes the whole text, recovering after each error.
    pub fn recover_all(mut self) -> Recovered {
        let mut st = State::default();
        loop {
            if matches!(self.mode, Mode::ExprStart | Mode::AfterCheck) {
                st.boundary = (st.out.parse.len(), self.stack.len());
            }
            if self.mode == Mode::ExprStart {
                st.lhs = None;
            }
            let at_end = scan::blanks(self.s, self.pos) >= self.s.len();
            if at_end && st.out.end.is_none() {
                st.out.end = Some(Expect::of(self.mode));
                st.out.end_lhs = st.lhs;
            }
            if self.mode == Mode::Done || (at_end && st.skipped_to_end) {
                break;
            }
            let mode = self.mode;
            let result = self.step();
            self.drain(&mut st, mode);
            if let Err(e) = result {
                self.recover(&mut st, mode, e);
            }
        }
        let end = self.s.len();
        for frame in self.stack.iter().rev() {
            if *frame == Frame::Group {
                st.out.parse.push((end, Tok::RParen, end));
            }
        }
        st.out
    }

    /// Moves the tokens a step queued into the outputs.
    fn drain(&mut self, st: &mut State, mode: Mode) {
        let place = Place::of(mode);
        for (i, token) in self.queue.drain(..).enumerate() {
            // The check's left side: a field lexed where the check starts, with its `[arg]`.
            match (&token.1, i) {
                (Tok::Field(_), 0) if mode == Mode::ExprStart => {
                    st.lhs = Some(Span::new(token.0, token.2));
                }
                (Tok::Arg(_), 1) if mode == Mode::ExprStart => {
                    st.lhs = st.lhs.map(|l| l.cover(Span::new(token.0, token.2)));
                }
                _ => {}
            }
            st.out.parse.push(token.clone());
            st.out.all.push(Placed {
                token,
                place,
                lhs: st.lhs,
            });
        }
    }

    fn recover(&mut self, st: &mut State, mode: Mode, e: LexError) {
        let error_at = e.span.start as usize;
        st.out.errors.push(e);
        let (tokens, frames) = st.boundary;
        let broken_from = st.out.parse.get(tokens).map(|t| t.0);
        st.out.parse.truncate(tokens);
        self.stack.truncate(frames);
        let stop = if st.out.errors.len() >= MAX_ERRORS {
            self.s.len()
        } else {
            self.resync()
        };
        if stop >= self.s.len() {
            self.pos = self.s.len();
            self.mode = Mode::AfterCheck;
            st.skipped_to_end = true;
            st.out.end.get_or_insert(Expect::Unknown);
        }
        if mode != Mode::AfterCheck {
            let start = broken_from.unwrap_or(error_at).min(stop);
            let mut end = stop;
            while end > start && self.s.get(end - 1).copied().is_some_and(scan::is_blank) {
                end -= 1;
            }
            st.out.parse.push((start, Tok::Broken, end));
        }
    }

    /// Skips to where lexing can resume and sets the mode for it; returns that position.
    fn resync(&mut self) -> usize {
        let s = self.s;
        let from = self.pos;
        let mut i = from;
        let mut depth = 0usize;
        while let Some(&b) = s.get(i) {
            match b {
                b'"' | b'\'' => {
                    i = scan::quoted(s, i).unwrap_or(s.len());
                    continue;
                }
                b'(' => depth += 1,
                b')' if depth > 0 => depth -= 1,
                b')' if self.stack.last() == Some(&Frame::Group) => return self.resume_at(i),
                _ if depth == 0 && self.logical_at(i, from) => return self.resume_at(i),
                _ => {}
            }
            i += 1;
        }
        s.len()
    }

    fn resume_at(&mut self, at: usize) -> usize {
        self.pos = at;
        self.mode = Mode::AfterCheck;
        at
    }

    /// An `and`/`or` word at `i`: after a blank, a `)` or the skip's start, and followed by
    /// a blank or `(`.
    fn logical_at(&self, i: usize, from: usize) -> bool {
        let s = self.s;
        let before_ok = i == from || s[i - 1] == b')' || scan::is_blank(s[i - 1]);
        before_ok
            && ["and", "or"].into_iter().any(|w| {
                s[i..].starts_with(w.as_bytes())
                    && s.get(i + w.len())
                        .is_some_and(|&b| b == b'(' || scan::is_blank(b))
            })
    }
}
