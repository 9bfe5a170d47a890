//! One lexing step per [`Mode`]: each step queues at least one token, finishes, or fails
//! with libsinsp's message for that spot.

use super::{scan, transformer_list, Frame, LexError, Lexer, Mode, Tok, TrCtx, ValueTok};
use crate::ast::{CmpOp, Modifier};

type Step = Result<(), LexError>;

const NUM_OPS: [CmpOp; 4] = [CmpOp::Le, CmpOp::Lt, CmpOp::Ge, CmpOp::Gt];
const SYM_OPS: [CmpOp; 3] = [CmpOp::EqEq, CmpOp::Eq, CmpOp::Ne];
const WORD_OPS: [CmpOp; 9] = [
    CmpOp::Glob,
    CmpOp::IGlob,
    CmpOp::Contains,
    CmpOp::IContains,
    CmpOp::BContains,
    CmpOp::StartsWith,
    CmpOp::BStartsWith,
    CmpOp::EndsWith,
    CmpOp::Regex,
];
const LIST_OPS: [CmpOp; 3] = [CmpOp::Intersects, CmpOp::In, CmpOp::PMatch];
const MODIFIERS: [Modifier; 3] = [Modifier::OneOf, Modifier::AnyOf, Modifier::AllOf];

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

    fn open(&mut self, frame: Frame, mode: Mode) -> Step {
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
                self.last
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
        let groups: [(&[CmpOp], Mode, bool); 4] = [
            (&NUM_OPS, Mode::NumRhs, false),
            (&SYM_OPS, Mode::StrRhs, false),
            (&WORD_OPS, Mode::StrRhs, true),
            (&LIST_OPS, Mode::ListRhs, false),
        ];
        for (ops, mode, word) in groups {
            for &op in ops {
                let end = p + op.as_str().len();
                let blank_after = self.s.get(end).copied().is_some_and(scan::is_blank);
                if self.at(op.as_str()) && (!word || blank_after) {
                    self.emit(p, Tok::Op(op), end);
                    self.mode = mode;
                    return Ok(());
                }
            }
        }
        let ops = CmpOp::ALL
            .iter()
            .map(|op| format!("'{}'", op.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        self.error(format!("expected a valid check operator: one of {ops}"))
    }

    /// `oneof`/`anyof`/`allof` followed by blanks and a list or an identifier other than
    /// `and`/`or`/`not`. Otherwise nothing is consumed and the word is a plain value.
    fn modifier(&mut self) -> Result<bool, LexError> {
        let p = self.pos;
        let Some(m) = MODIFIERS.into_iter().find(|m| self.at(m.as_str())) else {
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
            Some(end) if !matches!(self.slice(next, end), "and" | "or" | "not") => {
                self.emit(p, Tok::Modifier(m), word_end);
                self.emit(next, Tok::Ident(self.slice(next, end).to_owned()), end);
                self.mode = Mode::AfterCheck;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn str_rhs(&mut self) -> Step {
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
    fn string_value(&mut self) -> Result<bool, LexError> {
        let p = self.pos;
        if let Some((end, text)) = self.quoted_value()? {
            self.emit(p, Tok::Value(ValueTok { text, quoted: true }), end);
            return Ok(true);
        }
        if let Some(end) = scan::bare_str(self.s, p) {
            let text = self.slice(p, end).to_owned();
            self.emit(p, Tok::Value(ValueTok { text, quoted: false }), end);
            return Ok(true);
        }
        Ok(false)
    }

    /// A hex or decimal number at the cursor, queued as a value.
    fn number_value(&mut self) -> bool {
        let p = self.pos;
        match scan::hex_number(self.s, p).or_else(|| scan::number(self.s, p)) {
            Some(end) => {
                let text = self.slice(p, end).to_owned();
                self.emit(p, Tok::Value(ValueTok { text, quoted: false }), end);
                true
            }
            None => false,
        }
    }

    fn num_rhs(&mut self) -> Step {
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

    fn list_rhs(&mut self) -> Step {
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

    fn close(&mut self) {
        self.stack.pop();
        let p = self.pos;
        self.emit(p, Tok::RParen, p + 1);
    }

    /// Items of a `(v1, v2)` value list.
    fn list_item(&mut self) -> Step {
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

    fn tr_arg(&mut self, first: bool) -> Step {
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

    fn after_tr_arg(&mut self) -> Step {
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

    fn val_field(&mut self) -> Step {
        self.skip_blanks();
        if self.field()? {
            self.mode = Mode::ValClose;
            return Ok(());
        }
        self.error("expected a field within 'val' transformer")
    }

    fn val_close(&mut self) -> Step {
        self.skip_blanks();
        if self.peek() != Some(b')') {
            return self.error("expected a ')' token closing the transformer");
        }
        self.close();
        self.field_arg()?;
        self.mode = Mode::AfterCheck;
        Ok(())
    }

    fn operand_start(&mut self) -> Step {
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

    fn operand_end(&mut self) -> Step {
        if self.peek().is_none() {
            self.mode = Mode::Done;
            return Ok(());
        }
        self.error(format!("unexpected token after '{}'", self.last))
    }
}
