//! Lexing steps inside transformer calls: arguments, argument lists, `val(field)`, and
//! the lone operand of an output format.

use super::{transformer_list, Frame, LexError, Lexer, Mode, Tok, TrCtx, ValueTok};

type Step = Result<(), LexError>;

impl Lexer<'_> {
    pub(super) fn tr_arg(&mut self, first: bool) -> Step {
        self.skip_blanks();
        let in_list = self.stack.last() == Some(&Frame::TrList);
        if first && in_list && self.peek() == Some(b')') {
            self.close();
            self.mode = Mode::AfterTrArg;
            return Ok(());
        }
        let p = self.pos;
        if self.number_value() {
            self.mode = Mode::AfterTrArg;
            return Ok(());
        }
        if let Some((end, text)) = self.quoted_value()? {
            self.emit(p, Tok::Value(ValueTok { text, quoted: true }), end);
            self.mode = Mode::AfterTrArg;
            return Ok(());
        }
        if !in_list && self.peek() == Some(b'(') {
            return self.open(Frame::TrList, Mode::TrArg { first: true });
        }
        if self.transformer(false, TrCtx::Arg)? {
            return Ok(());
        }
        if self.field()? {
            self.mode = Mode::AfterTrArg;
            return Ok(());
        }
        self.error(format!(
            "expected a field or a nested valid transformer: {}",
            transformer_list(false)
        ))
    }

    pub(super) fn after_tr_arg(&mut self) -> Step {
        self.skip_blanks();
        let p = self.pos;
        match (self.peek(), self.stack.last().copied()) {
            (Some(b','), _) => {
                self.emit(p, Tok::Comma, p + 1);
                self.mode = Mode::TrArg { first: false };
                Ok(())
            }
            (Some(b')'), Some(Frame::TrList)) => {
                self.close();
                Ok(())
            }
            (Some(b')'), Some(Frame::Tr(ctx))) => {
                self.close();
                self.field_arg()?;
                self.mode = match ctx {
                    TrCtx::Lhs => Mode::AfterLhs,
                    TrCtx::Rhs => Mode::AfterCheck,
                    TrCtx::Arg => Mode::AfterTrArg,
                    TrCtx::Top => Mode::OperandEnd,
                };
                Ok(())
            }
            (_, Some(Frame::TrList)) => self.error("expected a ')' token"),
            _ => self.error("expected a ')' token closing the transformer"),
        }
    }

    pub(super) fn val_field(&mut self) -> Step {
        self.skip_blanks();
        if self.field()? {
            self.mode = Mode::ValClose;
            return Ok(());
        }
        self.error("expected a field within 'val' transformer")
    }

    pub(super) fn val_close(&mut self) -> Step {
        self.skip_blanks();
        if self.peek() != Some(b')') {
            return self.error("expected a ')' token closing the transformer");
        }
        self.close();
        self.field_arg()?;
        self.mode = Mode::AfterCheck;
        Ok(())
    }

    pub(super) fn operand_start(&mut self) -> Step {
        if self.transformer(false, TrCtx::Top)? {
            return Ok(());
        }
        if self.field()? {
            self.mode = Mode::OperandEnd;
            return Ok(());
        }
        self.error(format!(
            "expected a field or a valid transformer: {}",
            transformer_list(false)
        ))
    }

    pub(super) fn operand_end(&mut self) -> Step {
        if self.peek().is_none() {
            self.mode = Mode::Done;
            return Ok(());
        }
        self.error(format!("unexpected token after '{}'", self.last_token()))
    }
}
