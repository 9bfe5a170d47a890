//! The Falco condition grammar.
//!
//! [`parse_condition`] turns a condition string into a spanned [`ast::Expr`] plus any syntax
//! error, reproducing libsinsp's parser (`filter/parser.cpp`) including its documented quirks.
//! [`parse_operand`] parses a lone field or transformer, as output formats need.
//! `Display` on the tree prints libsinsp's canonical `ast::as_string` form.
//!
//! Parsing never panics and never returns `Err` for bad input: errors are values, and it
//! goes on after an error so that every error of a condition is reported.
//! [`tokens::scan`] gives the editor the classified tokens of any text, however broken,
//! and what the grammar expects where the text ends.
//! Nesting is capped at [`MAX_NESTING`] levels so that recursive walks over a tree cannot
//! overflow the stack.

pub mod ast;
mod depth;
mod escape;
mod lexer;
mod parse;
mod printer;
pub mod span;
pub mod tokens;
pub mod words;

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

/// The result of parsing a condition: a tree when the text is valid, otherwise its errors
/// and the part that parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The whole tree, only when there is no error.
    pub expr: Option<ast::Expr>,
    /// The first error: the one libsinsp reports.
    pub error: Option<ParseError>,
    /// Every error, in text order (empty when the text is valid).
    pub errors: Vec<ParseError>,
    /// When there are errors: the checks that parsed, in their `and`/`or`/`not` structure.
    pub partial: Option<ast::Expr>,
}
