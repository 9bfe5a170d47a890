//! One lexing step per [`Mode`]: each step queues at least one token, finishes, or fails
//! with libsinsp's message for that spot. This file holds the dispatch and the
//! expression-level steps; `rhs.rs` and `args.rs` hold the rest.

use super::{scan, Frame, LexError, Lexer, Mode, Tok, TrCtx};
use crate::ast::{CmpOp, RhsKind};

type Step = Result<(), LexError>;

impl Lexer<'_> {
    pub(super) fn step(&mut self) -> Step {
        match self.mode {
            Mode::ExprStart => self.expr_start(),
            Mode::AfterCheck => self.after_check(),
            Mode::AfterLhs => self.after_lhs(),
            Mode::NumRhs => self.num_rhs(),
            Mode::StrRhs => self.str_rhs(),
            Mode::ListRhs => self.list_rhs(),
            Mode::ListFirst | Mode::ListAfterItem | Mode::ListNext => self.list_item(),
            Mode::TrArg { first } => self.tr_arg(first),
            Mode::AfterTrArg => self.after_tr_arg(),
            Mode::ValField => self.val_field(),
            Mode::ValClose => self.val_close(),
            Mode::OperandStart => self.operand_start(),
            Mode::OperandEnd => self.operand_end(),
            Mode::Done => Ok(()),
        }
    }

    pub(super) fn open(&mut self, frame: Frame, mode: Mode) -> Step {
        self.push_frame(frame)?;
        let p = self.pos;
        self.emit(p, Tok::LParen, p + 1);
        self.mode = mode;
        Ok(())
    }

    fn expr_start(&mut self) -> Step {
        self.skip_blanks();
        let p = self.pos;
        if self.at("not") && self.s.get(p + 3).copied().is_some_and(scan::is_space) {
            self.emit(p, Tok::Not, p + 3);
            while self.peek().is_some_and(scan::is_space) {
                self.pos += 1;
            }
            return Ok(());
        }
        if self.at("not(") {
            self.emit(p, Tok::Not, p + 3);
            return self.open(Frame::Group, Mode::ExprStart);
        }
        if self.peek() == Some(b'(') {
            return self.open(Frame::Group, Mode::ExprStart);
        }
        if self.field()? {
            self.mode = Mode::AfterLhs;
            return Ok(());
        }
        if self.transformer(false, TrCtx::Lhs)? {
            return Ok(());
        }
        if let Some(end) = scan::identifier(self.s, p) {
            self.emit(p, Tok::Ident(self.slice(p, end).to_owned()), end);
            self.mode = Mode::AfterCheck;
            return Ok(());
        }
        self.error("expected a '(' token, a field check, or an identifier")
    }

    fn after_check(&mut self) -> Step {
        self.skip_blanks();
        let p = self.pos;
        for (word, tok) in [("and", Tok::And), ("or", Tok::Or)] {
            if !self.at(word) {
                continue;
            }
            let end = p + word.len();
            self.emit(p, tok, end);
            if self.peek().is_some_and(scan::is_blank) {
                self.mode = Mode::ExprStart;
                return Ok(());
            }
            if self.peek() == Some(b'(') {
                return self.open(Frame::Group, Mode::ExprStart);
            }
            return self.error(format!("expected blank or '(' after '{word}'"));
        }
        match (self.peek(), self.stack.last()) {
            (None, None) => {
                self.mode = Mode::Done;
                Ok(())
            }
            (Some(b')'), Some(Frame::Group)) => {
                self.stack.pop();
                self.emit(p, Tok::RParen, p + 1);
                Ok(())
            }
            (_, Some(_)) => self.error("expected a ')' token"),
            (Some(_), None) => self.error(format!(
                "unexpected token after '{}', expecting 'or', 'and'",
                self.last_token()
            )),
        }
    }

    fn after_lhs(&mut self) -> Step {
        self.skip_blanks();
        let p = self.pos;
        if self.at("exists") {
            self.emit(p, Tok::Exists, p + 6);
            self.mode = Mode::AfterCheck;
            return Ok(());
        }
        // Word operators need a blank after them; the others need nothing.
        for op in CmpOp::LEXING_ORDER {
            let end = p + op.as_str().len();
            let blank_after = self.s.get(end).copied().is_some_and(scan::is_blank);
            if self.at(op.as_str()) && (!op.needs_blank_after() || blank_after) {
                self.emit(p, Tok::Op(op), end);
                self.mode = match op.rhs_kind() {
                    RhsKind::Number => Mode::NumRhs,
                    RhsKind::List => Mode::ListRhs,
                    RhsKind::String | RhsKind::Nothing => Mode::StrRhs,
                };
                return Ok(());
            }
        }
        let ops = CmpOp::ALL
            .iter()
            .map(|op| format!("'{}'", op.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        self.error(format!("expected a valid check operator: one of {ops}"))
    }
}
