//! The Falco condition grammar.
//!
//! [`parse_condition`] turns a condition string into a spanned [`ast::Expr`] plus any syntax
//! error, reproducing libsinsp's parser (`filter/parser.cpp`) including its documented quirks.
//! [`parse_operand`] parses a lone field or transformer, as output formats need.
//! `Display` on the tree prints libsinsp's canonical `ast::as_string` form.
//!
//! Parsing never panics and never returns `Err` for bad input: errors are values.
//! Nesting is capped at [`MAX_NESTING`] levels so that recursive walks over a tree cannot
//! overflow the stack.

pub mod ast;
mod depth;
mod escape;
mod lexer;
mod parse;
mod printer;
pub mod span;

pub use depth::MAX_NESTING;
pub use escape::escape_value;
pub use parse::{parse_condition, parse_operand};
pub use span::Span;

/// A syntax error: a message in Falco's words and where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Where the parser stopped (often an empty span at the offending position).
    pub span: Span,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// The result of parsing a condition: a tree when the text is valid, otherwise an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub expr: Option<ast::Expr>,
    pub error: Option<ParseError>,
}
