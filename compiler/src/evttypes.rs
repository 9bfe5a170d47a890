//! The event types a condition can match (libsinsp's `ppm_event_codes`), used to index
//! rules by event type and for the `LOAD_NO_EVTTYPE` warning.
//!
//! Negation is pushed to the leaves: under an odd number of `not`s, `and` becomes union and
//! `or` intersection. Only `evt.type`/`syscall.type` compared with `=`, `==`, `!=` or `in`
//! against literals restricts the set; `evt.type exists` is complemented under negation;
//! every other check is neutral (all events). Like Falco 0.44 (errata W8), `evt.num`
//! checks are neutral too.

use crate::catalog::events::{names_to_codes, EventSet};
use falcoc_grammar::ast::{CmpOp, Expr, Operand, Rhs};
use falcoc_grammar::Span;

/// A check on `evt.type` that event-code search cannot handle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvttypeError {
    pub message: String,
    pub span: Span,
}

/// The set of event codes `expr` (macro-resolved) can be true for.
pub fn event_codes(expr: &Expr) -> Result<EventSet, EvttypeError> {
    codes(expr, false)
}

fn codes(expr: &Expr, negated: bool) -> Result<EventSet, EvttypeError> {
    match expr {
        Expr::And(children, _) => combine(children, negated, !negated),
        Expr::Or(children, _) => combine(children, negated, negated),
        Expr::Not(inner, _) => codes(inner, !negated),
        Expr::Macro(_) => Ok(EventSet::all()),
        Expr::Check(check) => leaf(check, negated),
    }
}

/// Intersects (`intersect == true`) or unites the children's sets.
fn combine(children: &[Expr], negated: bool, intersect: bool) -> Result<EventSet, EvttypeError> {
    let mut acc: Option<EventSet> = None;
    for c in children {
        let s = codes(c, negated)?;
        acc = Some(match acc {
            None => s,
            Some(a) if intersect => a.intersect(&s),
            Some(a) => a.union(&s),
        });
    }
    Ok(acc.unwrap_or_else(EventSet::all))
}

fn is_type_field(name: &str) -> bool {
    name == "evt.type" || name == "syscall.type"
}

fn leaf(check: &falcoc_grammar::ast::Check, negated: bool) -> Result<EventSet, EvttypeError> {
    match &check.lhs {
        Operand::Field(f) if is_type_field(&f.name) && f.arg.is_none() => {}
        Operand::Transformer(t) if mentions_type_field(&check.lhs) => {
            return Err(EvttypeError {
                message: "event code search does not support `evt.type` checks with transformers"
                    .into(),
                span: t.span,
            })
        }
        _ => return Ok(EventSet::all()),
    }
    if check.op.cmp == CmpOp::Exists {
        return Ok(if negated {
            EventSet::empty()
        } else {
            EventSet::all()
        });
    }
    if !matches!(
        check.op.cmp,
        CmpOp::Eq | CmpOp::EqEq | CmpOp::Ne | CmpOp::In
    ) || check.op.modifier.is_some()
    {
        return Ok(EventSet::all());
    }
    let names: Vec<&str> = match &check.rhs {
        Some(Rhs::Value(v)) => vec![v.text.as_str()],
        Some(Rhs::List(values, _)) => values.iter().map(|v| v.text.as_str()).collect(),
        Some(Rhs::Operand(o)) => {
            return Err(EvttypeError {
                message: "right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search".into(),
                span: o.span(),
            })
        }
        None => return Ok(EventSet::all()),
    };
    let mut set = names_to_codes(&names);
    let flip = negated != (check.op.cmp == CmpOp::Ne);
    if flip {
        set = set.complement();
    }
    Ok(set)
}

fn mentions_type_field(op: &Operand) -> bool {
    match op {
        Operand::Field(f) => is_type_field(&f.name),
        Operand::Transformer(t) => t.args.iter().any(|a| match a {
            falcoc_grammar::ast::TransformerArg::Operand(o) => mentions_type_field(o),
            _ => false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(cond: &str) -> usize {
        let parsed = falcoc_grammar::parse_condition(cond);
        event_codes(&parsed.expr.expect("parses"))
            .expect("codes")
            .len()
    }

    #[test]
    fn type_checks_restrict_the_set() {
        assert_eq!(count("evt.type = open"), 2);
        assert_eq!(count("evt.type in (open, openat, openat2)"), 8);
        assert_eq!(
            count("evt.type in (execve, execveat) and proc.name = x"),
            18
        );
    }

    #[test]
    fn negation_is_pushed_to_the_leaves() {
        let all = EventSet::all().len();
        assert_eq!(count("not evt.type = open"), all - 2);
        assert_eq!(count("not evt.type != open"), 2);
        assert_eq!(count("not (evt.type = open or proc.name = x)"), all - 2);
        assert_eq!(count("not evt.type exists"), 0);
        assert_eq!(count("evt.num = 0"), all);
    }

    #[test]
    fn rhs_fields_on_evt_type_are_rejected() {
        let parsed = falcoc_grammar::parse_condition("evt.type = val(evt.type)");
        assert!(event_codes(&parsed.expr.unwrap()).is_err());
    }
}
