//! Whether a condition, an operand, an output format or a rule reads a field that a
//! predicate picks out: a walk over every field the IR mentions (transformer arguments and
//! `val(...)` right sides included). Callers ask what loaded rules can read, to leave out
//! work whose result nothing reads.

use super::{Expr, Operand, OutputFormat, OutputSegment, RhsValue, Rule, TransformArg};
use crate::fields::ResolvedField;

/// Picks out the fields a caller looks for.
pub type FieldTest<'a> = &'a dyn Fn(&ResolvedField) -> bool;

impl Expr {
    /// Whether any field this condition reads passes `test`.
    pub fn reads_field(&self, test: FieldTest<'_>) -> bool {
        match self {
            Expr::And(v) | Expr::Or(v) => v.iter().any(|e| e.reads_field(test)),
            Expr::Not(inner) => inner.reads_field(test),
            Expr::Check(c) => {
                c.lhs.reads_field(test)
                    || matches!(&c.rhs, RhsValue::Operand(o) if o.reads_field(test))
            }
        }
    }
}

impl Operand {
    /// Whether this field, or any field a transformer reads, passes `test`.
    pub fn reads_field(&self, test: FieldTest<'_>) -> bool {
        match self {
            Operand::Field(f) => test(f),
            Operand::Transform(t) => t.args.iter().any(|a| a.reads_field(test)),
        }
    }
}

impl TransformArg {
    fn reads_field(&self, test: FieldTest<'_>) -> bool {
        match self {
            TransformArg::Operand(o) => o.reads_field(test),
            TransformArg::List(v) => v.iter().any(|a| a.reads_field(test)),
            TransformArg::Literal(_) => false,
        }
    }
}

impl OutputFormat {
    /// Whether any field this format prints passes `test`.
    pub fn reads_field(&self, test: FieldTest<'_>) -> bool {
        self.segments.iter().any(|s| match s {
            OutputSegment::Field { operand, .. } => operand.reads_field(test),
            OutputSegment::Text(_) => false,
        })
    }
}

impl Rule {
    /// Whether this rule's condition or output reads a field that passes `test`.
    pub fn reads_field(&self, test: FieldTest<'_>) -> bool {
        self.condition.reads_field(test) || self.output.reads_field(test)
    }
}
