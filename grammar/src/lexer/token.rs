//! Tokens the context-driven lexer hands to the lalrpop grammar.

use crate::ast::{CmpOp, Modifier, TransformerKind};
use crate::span::Span;

/// A `[arg]` after a field or transformer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgTok {
    pub value: String,
    pub quoted: bool,
    /// The text between the brackets.
    pub span: Span,
}

/// A literal value (quoted string, bare string or number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueTok {
    pub text: String,
    pub quoted: bool,
}

/// One token. Which tokens may appear where is decided by the lexer's mode, so the same
/// text (`in`, `oneof`, `x.y`) can be an operator, a modifier, a field or a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    LParen,
    RParen,
    Comma,
    And,
    Or,
    Not,
    /// A macro reference, or a list name after a list operator or a modifier.
    Ident(String),
    Field(String),
    Arg(ArgTok),
    /// A transformer name; the `(` that follows is a separate token.
    Transformer(TransformerKind),
    Exists,
    Op(CmpOp),
    Modifier(Modifier),
    Value(ValueTok),
    /// Only from the recovering lexer: a check that failed to lex, standing in its place so
    /// the grammar can still build the rest of the tree.
    Broken,
}
