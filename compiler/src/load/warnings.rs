//! Load warnings that only look at a condition's or output's shape: deprecated fields and
//! comparisons with `<NA>`.

use super::condition::error_at;
use crate::diagnostic::{Code, Diagnostic, FalcoExpression, Location};
use crate::expand::mapped_text::MappedText;
use crate::source::Sources;
use falcoc_grammar::ast::{CmpOp, Expr, Operand, Rhs};

const EVT_DIR_MESSAGE: &str = "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates to false. The rule expression can be simplified by removing the condition on 'evt.dir'";

/// Deprecated fields, as Falco lists them.
const DEPRECATED_FIELDS: &[&str] = &[
    "evt.dir",
    "evt.latency",
    "evt.latency.s",
    "evt.latency.ns",
    "evt.latency.human",
    "evt.wait_latency",
];

/// Warnings about a (macro-resolved) condition; Falco places them at the whole condition
/// (`shown`, as written).
pub fn condition_warnings(
    sources: &Sources,
    expr: &Expr,
    chain: &[Location],
    shown: &std::sync::Arc<str>,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |d: Diagnostic| d.with_falco_expression(Some(FalcoExpression::whole(shown)));
    walk(expr, &mut |check| {
        let Operand::Field(f) = &check.lhs else {
            return;
        };
        if f.name == "evt.dir" {
            diags.push(at(error_at(
                sources,
                Code::DeprecatedItem,
                EVT_DIR_MESSAGE,
                f.span,
                chain,
            )));
        } else if DEPRECATED_FIELDS.contains(&f.name.as_str()) {
            let msg = format!(
                "usage of deprecated field '{}' has been detected in the rule condition",
                f.name
            );
            diags.push(at(error_at(
                sources,
                Code::DeprecatedItem,
                msg,
                f.span,
                chain,
            )));
        }
        let na_op = matches!(
            check.op.cmp,
            CmpOp::Eq | CmpOp::EqEq | CmpOp::Ne | CmpOp::In | CmpOp::Intersects | CmpOp::PMatch
        );
        let plugin_field = f.name.starts_with("ka.") || f.name.starts_with("jevt.");
        let na_value = match &check.rhs {
            Some(Rhs::Value(v)) => v.text == "<NA>",
            Some(Rhs::List(vs, _)) => vs.iter().any(|v| v.text == "<NA>"),
            _ => false,
        };
        if na_op && plugin_field && na_value {
            diags.push(at(error_at(
                sources,
                Code::UnsafeNaCheck,
                "",
                check.span,
                chain,
            )));
        }
    });
}

fn walk(expr: &Expr, f: &mut impl FnMut(&falcoc_grammar::ast::Check)) {
    match expr {
        Expr::And(cs, _) | Expr::Or(cs, _) => cs.iter().for_each(|c| walk(c, f)),
        Expr::Not(inner, _) => walk(inner, f),
        Expr::Macro(_) => {}
        Expr::Check(c) => f(c),
    }
}

/// Deprecated fields in an output, found by substring as Falco does.
pub fn output_warnings(
    sources: &Sources,
    output: &MappedText,
    chain: &[Location],
    diags: &mut Vec<Diagnostic>,
) {
    for field in DEPRECATED_FIELDS {
        if let Some(at) = output.text.find(field) {
            let span = output.span_of(at..at + field.len());
            let msg =
                format!("usage of deprecated field '{field}' has been detected in the rule output");
            diags.push(error_at(sources, Code::DeprecatedItem, msg, span, chain));
        }
    }
}
