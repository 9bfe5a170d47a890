//! Type checking: resolves fields against the catalogue, checks operators against types,
//! converts literals to typed values, and builds the IR — or reports exactly where and why
//! it cannot.
//!
//! Messages are libsinsp's, so that users searching for them find Falco's documentation.

mod operand;
mod rhs;

use crate::ir;
use falcoc_grammar::ast::{self, Expr};
use falcoc_grammar::Span;

pub use operand::check_operand;

/// What went wrong, where (a global span), and whether `skip-if-unknown-filter` may
/// downgrade it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError {
    pub message: String,
    pub span: Span,
    pub unknown_filter: bool,
    /// A did-you-mean replacement for the text at the given (global) span.
    pub suggestion: Option<(String, Span)>,
}

impl TypeError {
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        TypeError {
            message: message.into(),
            span,
            unknown_filter: false,
            suggestion: None,
        }
    }

    pub fn unknown(message: impl Into<String>, span: Span) -> Self {
        TypeError {
            message: message.into(),
            span,
            unknown_filter: true,
            suggestion: None,
        }
    }
}

/// A compile warning (`LOAD_COMPILE_CONDITION`) at a global span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeWarning {
    pub message: String,
    pub span: Span,
}

/// Checks a macro-resolved condition and builds its IR.
pub fn check_condition(
    expr: &Expr,
    warnings: &mut Vec<TypeWarning>,
) -> Result<ir::Expr, TypeError> {
    match expr {
        Expr::And(children, _) => Ok(ir::Expr::And(check_all(children, warnings)?)),
        Expr::Or(children, _) => Ok(ir::Expr::Or(check_all(children, warnings)?)),
        Expr::Not(inner, _) => Ok(ir::Expr::Not(Box::new(check_condition(inner, warnings)?))),
        Expr::Macro(id) => Err(TypeError::new(
            format!("unexpected identifier '{}'", id.name),
            id.span,
        )),
        Expr::Check(check) => check_check(check, warnings).map(|c| ir::Expr::Check(Box::new(c))),
    }
}

fn check_all(
    children: &[Expr],
    warnings: &mut Vec<TypeWarning>,
) -> Result<Vec<ir::Expr>, TypeError> {
    // Sized up front: a collect through `Result` grows by doubling, and rules keep
    // these trees until an engine lowers them.
    let mut out = Vec::with_capacity(children.len());
    for c in children {
        out.push(check_condition(c, warnings)?);
    }
    Ok(out)
}

fn check_check(
    check: &ast::Check,
    warnings: &mut Vec<TypeWarning>,
) -> Result<ir::Check, TypeError> {
    let lhs = check_operand(&check.lhs, false)?;
    let op = check.op;
    crate::catalog::ops::check_operator(lhs.ftype(), lhs.is_list(), op.cmp, op.modifier)
        .map_err(|m| TypeError::new(m, check.op_span))?;
    let rhs = rhs::check_rhs(check, &lhs, warnings)?;
    Ok(ir::Check {
        lhs,
        op: op.cmp,
        modifier: op.modifier,
        rhs,
        span: check.span,
    })
}
