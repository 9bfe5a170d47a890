//! The parser entry points: the lexer feeds the lalrpop grammar, and lalrpop's errors
//! become [`ParseError`]s.

use lalrpop_util::{lalrpop_mod, ParseError as LalrpopError};

use crate::ast::{self, FieldArg};
use crate::lexer::{ArgTok, LexError, Lexer, Tok};
use crate::span::Span;
use crate::{depth, ParseError, Parsed};

lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused_qualifications, unused_parens)]
    grammar,
    "/condition.rs"
);

/// Turns a `[arg]` token into the tree's field argument.
pub(crate) fn field_arg(a: ArgTok) -> FieldArg {
    FieldArg {
        value: a.value,
        quoted: a.quoted,
        span: a.span,
    }
}

/// Parses a whole condition. Empty input is an error, as in libsinsp.
pub fn parse_condition(text: &str) -> Parsed {
    if text.is_empty() {
        return Parsed {
            expr: None,
            error: Some(ParseError {
                message: "filter input string is empty".into(),
                span: Span::new(0, 0),
            }),
        };
    }
    match grammar::ConditionParser::new().parse(Lexer::condition(text)) {
        Ok(expr) => match depth::too_deep_expr(&expr) {
            None => Parsed {
                expr: Some(expr),
                error: None,
            },
            Some(span) => Parsed {
                expr: None,
                error: Some(too_deep(span)),
            },
        },
        Err(e) => Parsed {
            expr: None,
            error: Some(convert(e, text)),
        },
    }
}

/// Parses a lone field or transformer (`proc.name`, `proc.aname[2]`,
/// `toupper(proc.name)`), as written after `%` in an output format. The whole input
/// must be consumed; `val(…)` is not accepted.
pub fn parse_operand(text: &str) -> Result<ast::Operand, ParseError> {
    let operand = grammar::OperandParser::new()
        .parse(Lexer::operand(text))
        .map_err(|e| convert(e, text))?;
    match depth::too_deep_operand(&operand) {
        None => Ok(operand),
        Some(span) => Err(too_deep(span)),
    }
}

fn too_deep(span: Span) -> ParseError {
    ParseError {
        message: depth::too_deep_message(),
        span: Span::new(span.start as usize, span.start as usize),
    }
}

fn convert(e: LalrpopError<usize, Tok, LexError>, text: &str) -> ParseError {
    // The lexer reports every error libsinsp would report; the grammar's own errors
    // are a safety net with a generic message.
    match e {
        LalrpopError::User { error } => ParseError {
            message: error.message,
            span: error.span,
        },
        LalrpopError::UnrecognizedToken {
            token: (l, _, r), ..
        }
        | LalrpopError::ExtraToken { token: (l, _, r) } => ParseError {
            message: format!("unexpected token '{}'", text.get(l..r).unwrap_or_default()),
            span: Span::new(l, r),
        },
        LalrpopError::UnrecognizedEof { location, .. }
        | LalrpopError::InvalidToken { location } => ParseError {
            message: "unexpected end of condition".into(),
            span: Span::new(location, location),
        },
    }
}
