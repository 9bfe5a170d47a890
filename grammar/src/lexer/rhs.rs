//! Lexing steps for the right side of a check: values, numbers, `(v1, v2)` lists and
//! `oneof`/`anyof`/`allof` modifiers.

use super::{scan, transformer_list, Frame, LexError, Lexer, Mode, Tok, TrCtx, ValueTok};
use crate::ast::Modifier;

type Step = Result<(), LexError>;

impl Lexer<'_> {
    /// `oneof`/`anyof`/`allof` followed by blanks and a list or an identifier other than
    /// `and`/`or`/`not`. Otherwise nothing is consumed and the word is a plain value.
    fn modifier(&mut self) -> Result<bool, LexError> {
        let p = self.pos;
        let Some(m) = Modifier::ALL.into_iter().find(|m| self.at(m.as_str())) else {
            return Ok(false);
        };
        let word_end = p + m.as_str().len();
        let next = scan::blanks(self.s, word_end);
        if next == word_end {
            return Ok(false);
        }
        if self.s.get(next) == Some(&b'(') {
            self.emit(p, Tok::Modifier(m), word_end);
            self.pos = next;
            self.open(Frame::ValueList, Mode::ListFirst)?;
            return Ok(true);
        }
        match scan::identifier(self.s, next) {
            Some(end) if !crate::words::is_keyword(self.slice(next, end)) => {
                self.emit(p, Tok::Modifier(m), word_end);
                self.emit(next, Tok::Ident(self.slice(next, end).to_owned()), end);
                self.mode = Mode::AfterCheck;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    pub(super) fn str_rhs(&mut self) -> Step {
        let op_end = self.pos;
        self.skip_blanks();
        if self.pos > op_end && self.modifier()? {
            return Ok(());
        }
        if self.transformer(true, TrCtx::Rhs)? {
            return Ok(());
        }
        if self.string_value()? {
            self.mode = Mode::AfterCheck;
            return Ok(());
        }
        self.error(format!(
            "expected a string value or a field with a valid transformer: {}",
            transformer_list(true)
        ))
    }

    /// A quoted or bare string at the cursor, queued as a value.
    pub(super) fn string_value(&mut self) -> Result<bool, LexError> {
        let p = self.pos;
        if let Some((end, text)) = self.quoted_value()? {
            self.emit(p, Tok::Value(ValueTok { text, quoted: true }), end);
            return Ok(true);
        }
        if let Some(end) = scan::bare_str(self.s, p) {
            let text = self.slice(p, end).to_owned();
            self.emit(
                p,
                Tok::Value(ValueTok {
                    text,
                    quoted: false,
                }),
                end,
            );
            return Ok(true);
        }
        Ok(false)
    }

    /// A hex or decimal number at the cursor, queued as a value.
    pub(super) fn number_value(&mut self) -> bool {
        let p = self.pos;
        match scan::hex_number(self.s, p).or_else(|| scan::number(self.s, p)) {
            Some(end) => {
                let text = self.slice(p, end).to_owned();
                self.emit(
                    p,
                    Tok::Value(ValueTok {
                        text,
                        quoted: false,
                    }),
                    end,
                );
                true
            }
            None => false,
        }
    }

    pub(super) fn num_rhs(&mut self) -> Step {
        self.skip_blanks();
        if self.transformer(true, TrCtx::Rhs)? {
            return Ok(());
        }
        if self.number_value() {
            self.mode = Mode::AfterCheck;
            return Ok(());
        }
        self.error(format!(
            "expected a number value or a field with a valid transformer: {}",
            transformer_list(true)
        ))
    }

    pub(super) fn list_rhs(&mut self) -> Step {
        self.skip_blanks();
        let p = self.pos;
        if self.peek() == Some(b'(') {
            return self.open(Frame::ValueList, Mode::ListFirst);
        }
        if self.transformer(true, TrCtx::Rhs)? {
            return Ok(());
        }
        if let Some(end) = scan::identifier(self.s, p) {
            self.emit(p, Tok::Ident(self.slice(p, end).to_owned()), end);
            self.mode = Mode::AfterCheck;
            return Ok(());
        }
        self.error(format!(
            "expected a list, an identifier, or a field with a valid transformer: {}",
            transformer_list(true)
        ))
    }

    pub(super) fn close(&mut self) {
        self.stack.pop();
        let p = self.pos;
        self.emit(p, Tok::RParen, p + 1);
    }

    /// Items of a `(v1, v2)` value list.
    pub(super) fn list_item(&mut self) -> Step {
        self.skip_blanks();
        let mode = self.mode;
        let p = self.pos;
        if mode != Mode::ListNext && self.peek() == Some(b')') {
            self.close();
            self.mode = Mode::AfterCheck;
            return Ok(());
        }
        if mode == Mode::ListAfterItem {
            if self.peek() == Some(b',') {
                self.emit(p, Tok::Comma, p + 1);
                self.mode = Mode::ListNext;
                return Ok(());
            }
            return self.error("expected a ')' token");
        }
        if self.string_value()? {
            self.mode = Mode::ListAfterItem;
            return Ok(());
        }
        if mode == Mode::ListNext {
            return self.error("expected a string value");
        }
        self.error("expected a ')' token")
    }
}
