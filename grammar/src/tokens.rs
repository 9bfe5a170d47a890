//! The classified tokens of a condition, for editors: highlighting, completion and the
//! name under the cursor, on text that is often half-typed.
//!
//! They come from the parser's own lexer running in recovering mode, so an editor sees
//! exactly the operators, modifiers, transformers, names and word boundaries the compiler
//! sees, and [`Scan::expect`] says what the grammar accepts where the text ends.

use crate::ast::{CmpOp, Modifier, TransformerKind};
use crate::lexer::{Lexer, Place, Placed, Tok};
use crate::span::Span;
use crate::ParseError;

pub use crate::lexer::Expect;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `and`, `or`, `not`.
    Keyword,
    /// A comparison operator, `exists` included.
    Operator(CmpOp),
    Modifier(Modifier),
    /// A field name (its `[arg]` is the next token).
    Field,
    /// A field argument, brackets included.
    FieldArg,
    /// A transformer name (its `(` is the next token).
    Transformer(TransformerKind),
    /// An identifier where a check starts.
    MacroName,
    /// An identifier after a list operator or a modifier.
    ListName,
    /// A string or number; `lhs` is the span of the check's field (name and `[arg]`) when
    /// the left side is a plain field (`None` inside transformer arguments).
    Value {
        quoted: bool,
        lhs: Option<Span>,
    },
    LParen,
    RParen,
    Comma,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// The tokens of a text, its syntax errors, and what is expected at its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    pub tokens: Vec<Token>,
    pub errors: Vec<ParseError>,
    pub expect: Expect,
    /// The span of the field (name and `[arg]`) on the left of the check open at the end.
    pub expect_lhs: Option<Span>,
}

/// Scans a condition.
pub fn scan(text: &str) -> Scan {
    scan_with(Lexer::condition(text))
}

/// Scans text that continues a condition after a complete check, as an appended piece
/// (`and not spawned`) does.
pub fn scan_continuation(text: &str) -> Scan {
    scan_with(Lexer::continuation(text))
}

/// Scans a condition piece as the compiler joins them: as a continuation when it starts
/// with `and`/`or` (an appended piece), else as a condition.
pub fn scan_piece(text: &str) -> Scan {
    let continued = scan_continuation(text);
    let starts_with_logical = continued.tokens.first().is_some_and(|t| {
        let start = t.span.start as usize;
        t.kind == TokenKind::Keyword
            && text[..start].bytes().all(crate::lexer::is_blank)
            && &text[t.span.range()] != "not"
    });
    if starts_with_logical {
        continued
    } else {
        scan(text)
    }
}

/// Where the word that ends `text` starts: the trailing bytes a bare value, a field, a name
/// or a word operator could be made of (what an editor replaces when completing).
pub fn word_start(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut start = bytes.len();
    while start > 0 && crate::lexer::is_bare_byte(bytes[start - 1]) {
        start -= 1;
    }
    // Bare bytes are ASCII or the continuation of a multi-byte character; never split one.
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

fn scan_with(lexer: Lexer<'_>) -> Scan {
    let lexed = lexer.recover_all();
    Scan {
        tokens: lexed.all.iter().filter_map(token).collect(),
        errors: lexed.errors.into_iter().map(ParseError::from).collect(),
        expect: lexed.end.unwrap_or(Expect::Unknown),
        expect_lhs: lexed.end_lhs,
    }
}

fn token(placed: &Placed) -> Option<Token> {
    let (start, tok, end) = &placed.token;
    let kind = match tok {
        Tok::LParen => TokenKind::LParen,
        Tok::RParen => TokenKind::RParen,
        Tok::Comma => TokenKind::Comma,
        Tok::And | Tok::Or | Tok::Not => TokenKind::Keyword,
        Tok::Exists => TokenKind::Operator(CmpOp::Exists),
        Tok::Op(op) => TokenKind::Operator(*op),
        Tok::Modifier(m) => TokenKind::Modifier(*m),
        Tok::Field(_) => TokenKind::Field,
        Tok::Arg(_) => TokenKind::FieldArg,
        Tok::Transformer(t) => TokenKind::Transformer(*t),
        Tok::Ident(_) if placed.place == Place::CheckStart => TokenKind::MacroName,
        Tok::Ident(_) => TokenKind::ListName,
        Tok::Value(v) => TokenKind::Value {
            quoted: v.quoted,
            lhs: (placed.place == Place::Rhs).then_some(placed.lhs).flatten(),
        },
        // Only in the parser's stream, never among the lexed tokens.
        Tok::Broken => return None,
    };
    Some(Token {
        kind,
        span: Span::new(*start, *end),
    })
}
