//! Rewrites every span of a condition tree, e.g. from expanded-text offsets to global
//! source positions.

use falcoc_grammar::ast::*;
use falcoc_grammar::Span;

/// Applies `f` to every span in `expr`.
pub fn remap_spans(expr: &mut Expr, f: &impl Fn(Span) -> Span) {
    match expr {
        Expr::And(children, s) | Expr::Or(children, s) => {
            *s = f(*s);
            for c in children {
                remap_spans(c, f);
            }
        }
        Expr::Not(inner, s) => {
            *s = f(*s);
            remap_spans(inner, f);
        }
        Expr::Macro(id) => id.span = f(id.span),
        Expr::Check(check) => {
            check.span = f(check.span);
            check.op_span = f(check.op_span);
            remap_operand(&mut check.lhs, f);
            if let Some(rhs) = &mut check.rhs {
                remap_rhs(rhs, f);
            }
        }
    }
}

fn remap_rhs(rhs: &mut Rhs, f: &impl Fn(Span) -> Span) {
    match rhs {
        Rhs::Value(v) => v.span = f(v.span),
        Rhs::List(values, s) => {
            *s = f(*s);
            for v in values {
                v.span = f(v.span);
            }
        }
        Rhs::Operand(o) => remap_operand(o, f),
    }
}

/// Applies `f` to every span of an operand.
pub fn remap_operand(op: &mut Operand, f: &impl Fn(Span) -> Span) {
    match op {
        Operand::Field(field) => remap_field(field, f),
        Operand::Transformer(t) => {
            t.span = f(t.span);
            t.name_span = f(t.name_span);
            if let Some(a) = &mut t.arg {
                a.span = f(a.span);
            }
            for arg in &mut t.args {
                remap_tr_arg(arg, f);
            }
        }
    }
}

fn remap_field(field: &mut FieldRef, f: &impl Fn(Span) -> Span) {
    field.span = f(field.span);
    field.name_span = f(field.name_span);
    if let Some(a) = &mut field.arg {
        a.span = f(a.span);
    }
}

fn remap_tr_arg(arg: &mut TransformerArg, f: &impl Fn(Span) -> Span) {
    match arg {
        TransformerArg::Operand(o) => remap_operand(o, f),
        TransformerArg::Literal(v) => v.span = f(v.span),
        TransformerArg::List(items, s) => {
            *s = f(*s);
            for i in items {
                remap_tr_arg(i, f);
            }
        }
    }
}
