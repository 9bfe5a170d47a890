//! The context-driven lexer.
//!
//! libsinsp has no tokenizer: its recursive-descent parser matches each token at the
//! cursor with a regex chosen by where it is in the grammar. This lexer reproduces that
//! by tracking a [`Mode`] (what may come next) and a stack of open parentheses
//! ([`Frame`]), so `in` is an operator after a field and a value after `=`, and
//! `oneof` is a modifier only where libsinsp would take it as one. It also reports the
//! syntax errors libsinsp reports, with its wording, at the offending byte; the lalrpop
//! grammar then only assembles the tree.

mod args;
mod modes;
mod recover;
mod rhs;
mod scan;
mod token;

use std::collections::VecDeque;

use crate::ast::TransformerKind;
use crate::span::Span;
pub use recover::{Expect, Place, Placed};
pub(crate) use scan::{is_bare_byte, is_blank};
pub use token::{ArgTok, Tok, ValueTok};

use crate::depth::MAX_NESTING;

/// A `(start, token, end)` triple as lalrpop expects it.
pub type Spanned = (usize, Tok, usize);

/// A syntax error found while lexing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub message: String,
    pub span: Span,
}

/// What the lexer expects at the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Start of a `not` chain or check.
    ExprStart,
    /// After a check or a closing group: `and`, `or`, `)` or the end.
    AfterCheck,
    /// After the left operand of a check: an operator.
    AfterLhs,
    /// After `<`, `<=`, `>`, `>=`.
    NumRhs,
    /// After `=`, `==`, `!=` or a word operator.
    StrRhs,
    /// After `in`, `intersects`, `pmatch`.
    ListRhs,
    ListFirst,
    ListAfterItem,
    ListNext,
    /// A transformer argument (`first`: right after the opening parenthesis).
    TrArg {
        first: bool,
    },
    AfterTrArg,
    /// Inside `val(`.
    ValField,
    ValClose,
    OperandStart,
    OperandEnd,
    Done,
}

/// Where a transformer call sits, to know what follows its closing parenthesis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TrCtx {
    Lhs,
    Rhs,
    Arg,
    Top,
}

/// An open parenthesis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    Group,
    ValueList,
    Tr(TrCtx),
    TrList,
    Val,
}

/// Lexes a condition (or, with [`Lexer::operand`], a lone field or transformer).
pub struct Lexer<'a> {
    text: &'a str,
    s: &'a [u8],
    pos: usize,
    mode: Mode,
    stack: Vec<Frame>,
    queue: VecDeque<Spanned>,
    /// Where the last token was, for "unexpected token after '…'".
    last: (usize, usize),
    failed: bool,
}

impl<'a> Lexer<'a> {
    pub fn condition(text: &'a str) -> Self {
        Self::new(text, Mode::ExprStart)
    }

    /// Lexes text that continues a condition after a complete check (`and …`, `or …`), as
    /// an appended condition piece is.
    pub fn continuation(text: &'a str) -> Self {
        Self::new(text, Mode::AfterCheck)
    }

    pub fn operand(text: &'a str) -> Self {
        Self::new(text, Mode::OperandStart)
    }

    fn new(text: &'a str, mode: Mode) -> Self {
        Lexer {
            text,
            s: text.as_bytes(),
            pos: 0,
            mode,
            stack: Vec::new(),
            queue: VecDeque::new(),
            last: (0, 0),
            failed: false,
        }
    }

    fn at(&self, lit: &str) -> bool {
        self.s
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(lit.as_bytes()))
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_blanks(&mut self) {
        self.pos = scan::blanks(self.s, self.pos);
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// Queues a token covering `start..end` and moves the cursor to `end`.
    fn emit(&mut self, start: usize, tok: Tok, end: usize) {
        self.last = (start, end);
        self.queue.push_back((start, tok, end));
        self.pos = end;
    }

    /// The last token as libsinsp names it in messages: a quoted string unescaped, a
    /// field argument by its closing `]`.
    fn last_token(&self) -> String {
        let (start, end) = self.last;
        let text = self.slice(start, end);
        match text.as_bytes().first() {
            Some(b'"' | b'\'') => crate::escape::unescape(text).unwrap_or_default(),
            Some(b'[') => "]".to_owned(),
            _ => text.to_owned(),
        }
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, LexError> {
        Err(LexError {
            message: message.into(),
            span: Span::new(self.pos, self.pos),
        })
    }

    fn push_frame(&mut self, frame: Frame) -> Result<(), LexError> {
        if self.stack.len() >= MAX_NESTING {
            return self.error(crate::depth::too_deep_message());
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Lexes a quoted string at the cursor, unescaped. `Ok(None)` when there is none.
    fn quoted_value(&mut self) -> Result<Option<(usize, String)>, LexError> {
        let Some(end) = scan::quoted(self.s, self.pos) else {
            return Ok(None);
        };
        match crate::escape::unescape(self.slice(self.pos, end)) {
            Ok(v) => Ok(Some((end, v))),
            Err(e) => Err(LexError {
                message: e.message,
                span: Span::new(self.pos + e.offset, self.pos + e.offset + e.len),
            }),
        }
    }

    /// A field name at the cursor, with its `[arg]` if one follows immediately.
    fn field(&mut self) -> Result<bool, LexError> {
        let Some(end) = scan::field_name(self.s, self.pos) else {
            return Ok(false);
        };
        let start = self.pos;
        self.emit(start, Tok::Field(self.slice(start, end).to_owned()), end);
        self.field_arg()?;
        Ok(true)
    }

    /// `[arg]` right at the cursor, if the cursor is on `[`.
    fn field_arg(&mut self) -> Result<(), LexError> {
        if self.peek() != Some(b'[') {
            return Ok(());
        }
        let open = self.pos;
        self.pos += 1;
        let inner = self.pos;
        let (end, value, quoted) = if let Some((end, v)) = self.quoted_value()? {
            (end, v, true)
        } else if let Some(end) = scan::field_arg_bare(self.s, self.pos) {
            (end, self.slice(inner, end).to_owned(), false)
        } else {
            return self.error("expected a valid field argument: a quoted string or a bare string");
        };
        self.pos = end;
        if self.peek() != Some(b']') {
            return self.error("expected a ']' token");
        }
        let arg = ArgTok {
            value,
            quoted,
            span: Span::new(inner, end),
        };
        self.emit(open, Tok::Arg(arg), end + 1);
        Ok(())
    }

    /// A transformer name immediately followed by `(`: queues both and opens its frame.
    fn transformer(&mut self, allow_val: bool, ctx: TrCtx) -> Result<bool, LexError> {
        let Some(kind) = TransformerKind::ALL.into_iter().find(|k| {
            (allow_val || *k != TransformerKind::Val)
                && self.at(k.as_str())
                && self.s.get(self.pos + k.as_str().len()) == Some(&b'(')
        }) else {
            return Ok(false);
        };
        let start = self.pos;
        let paren = start + kind.as_str().len();
        self.emit(start, Tok::Transformer(kind), paren);
        if kind == TransformerKind::Val {
            self.push_frame(Frame::Val)?;
            self.mode = Mode::ValField;
        } else {
            self.push_frame(Frame::Tr(ctx))?;
            self.mode = Mode::TrArg { first: true };
        }
        self.emit(paren, Tok::LParen, paren + 1);
        Ok(true)
    }
}

/// `'val', 'tolower', …` as Falco lists transformers in its messages.
fn transformer_list(include_val: bool) -> String {
    TransformerKind::ALL
        .into_iter()
        .filter(|k| include_val || *k != TransformerKind::Val)
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Iterator for Lexer<'_> {
    type Item = Result<Spanned, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(t) = self.queue.pop_front() {
                return Some(Ok(t));
            }
            if self.failed || self.mode == Mode::Done {
                return None;
            }
            if let Err(e) = self.step() {
                self.failed = true;
                return Some(Err(e));
            }
        }
    }
}
