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
///
/// Parsing goes on after an error: [`Parsed::errors`] holds every error in text order (the
/// first is the one libsinsp reports) and [`Parsed::partial`] the checks that did parse.
pub fn parse_condition(text: &str) -> Parsed {
    if text.is_empty() {
        return Parsed::failed(
            vec![ParseError {
                message: "filter input string is empty".into(),
                span: Span::new(0, 0),
            }],
            None,
        );
    }
    let lexed = Lexer::condition(text).recover_all(false);
    let mut errors: Vec<ParseError> = lexed.errors.into_iter().map(ParseError::from).collect();
    let tree = match grammar::ConditionParser::new().parse(lexed.parse.into_iter().map(Ok)) {
        Ok(expr) => match depth::too_deep_expr(&expr) {
            None => Some(expr),
            Some(span) => {
                errors.push(too_deep(span));
                None
            }
        },
        Err(e) => {
            errors.push(convert(e, text));
            None
        }
    };
    if errors.is_empty() {
        return Parsed {
            expr: tree,
            error: None,
            errors,
            partial: None,
        };
    }
    Parsed::failed(errors, tree.and_then(prune))
}

impl Parsed {
    fn failed(errors: Vec<ParseError>, partial: Option<ast::Expr>) -> Parsed {
        Parsed {
            expr: None,
            error: errors.first().cloned(),
            errors,
            partial,
        }
    }
}

impl From<LexError> for ParseError {
    fn from(e: LexError) -> Self {
        ParseError {
            message: e.message,
            span: e.span,
        }
    }
}

/// The tree without the placeholders of broken checks (macro references with an empty
/// name, or named by a keyword the recovery kept as a word); a node left with one child is
/// replaced by it, one left with none disappears.
fn prune(expr: ast::Expr) -> Option<ast::Expr> {
    use ast::Expr;
    match expr {
        Expr::Macro(id) if id.name.is_empty() || crate::words::is_keyword(&id.name) => None,
        Expr::And(children, span) => rebuild(children, |c| Expr::And(c, span)),
        Expr::Or(children, span) => rebuild(children, |c| Expr::Or(c, span)),
        Expr::Not(inner, span) => prune(*inner).map(|e| Expr::Not(Box::new(e), span)),
        other => Some(other),
    }
}

fn rebuild(
    children: Vec<ast::Expr>,
    make: impl FnOnce(Vec<ast::Expr>) -> ast::Expr,
) -> Option<ast::Expr> {
    let mut kept: Vec<ast::Expr> = children.into_iter().filter_map(prune).collect();
    match kept.len() {
        0 => None,
        1 => kept.pop(),
        _ => Some(make(kept)),
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
