//! One compiled check: the left operand, the operator and a right side prepared once (hash
//! sets for `in`, a path trie for `pmatch`, compiled regexes), and its evaluation rules:
//!
//! - a left side that cannot be extracted makes the check false for every operator, `!=`
//!   included; `exists` is true exactly when extraction succeeds (§1.3);
//! - list fields (`IS_LIST`, list transformers) take `in` (every value in the set) and
//!   `intersects` (some value in the set) (§1.4);
//! - the endpoint fields `fd.ip`, `fd.net`, `fd.port`, `fd.proto` extract the client and
//!   server values as a two-element list: `!=` holds only when both sides differ, every other
//!   operator when either side satisfies it (§1.5). Errata W4: Falco 0.44 never matches
//!   `fd.ip in (...)` at all; falcoc follows the documented semantics (either endpoint in the
//!   set), as the spec decides for Falco's silent never-matches; `intersects` on them (which
//!   aborts Falco's replay) behaves as `in`;
//! - any other non-list field that yields a list (the ancestor fields `proc.aname`,
//!   `proc.apid`… without an index) matches when some element satisfies the check, as
//!   libsinsp's `compare_full_aname` does (for `!=` too: some ancestor differs);
//! - a `val(f)` right side is extracted per event; if it cannot be, the check is false.

use super::operand::eval_operand;
use super::ops::pmatch::PathPrefixSet;
use super::ops::regex::{compile_full, full_match};
use super::ops::set::ValueSet;
use super::ops::{compare, probe, value_bytes};
use crate::field_value::{FieldSource, FieldValue};
use falcoc_catalog::ir::{Check, Operand, RhsValue};
use falcoc_catalog::value::TypedValue;
use falcoc_grammar::ast::{CmpOp, Modifier};
use regex::Regex;

/// How the extracted left value is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Scalar,
    List,
    Endpoints,
}

/// The right side, prepared.
#[derive(Clone, Debug)]
enum Rhs {
    Exists,
    Value(TypedValue),
    Set(ValueSet),
    PMatch(PathPrefixSet),
    Regex(Option<Regex>),
    Modifier(Modifier, Elems),
    Field(Operand),
    /// A combination the compiler never produces: false.
    Never,
}

#[derive(Clone, Debug)]
enum Elems {
    Values(Vec<TypedValue>),
    Regexes(Vec<Option<Regex>>),
}

/// A check ready to run.
#[derive(Clone, Debug)]
pub struct CompiledCheck {
    lhs: Operand,
    op: CmpOp,
    shape: Shape,
    rhs: Rhs,
}

/// The fields whose value is the pair of socket endpoints.
pub const ENDPOINT_FIELDS: [&str; 4] = ["fd.ip", "fd.net", "fd.port", "fd.proto"];

fn literal_text(v: &TypedValue) -> Option<&str> {
    match v {
        TypedValue::Str(s) => Some(s),
        _ => None,
    }
}

impl CompiledCheck {
    pub fn compile(c: &Check) -> CompiledCheck {
        let shape = match &c.lhs {
            _ if c.lhs.is_list() => Shape::List,
            Operand::Field(f) if ENDPOINT_FIELDS.contains(&f.info.name) => Shape::Endpoints,
            _ => Shape::Scalar,
        };
        CompiledCheck {
            lhs: c.lhs.clone(),
            op: c.op,
            shape,
            rhs: compile_rhs(c),
        }
    }

    /// The operator, for statistics and tests.
    pub fn op(&self) -> CmpOp {
        self.op
    }

    pub fn eval(&self, src: &mut dyn FieldSource) -> bool {
        if let Rhs::Exists = self.rhs {
            return eval_operand(&self.lhs, src).is_some();
        }
        let Some(value) = eval_operand(&self.lhs, src) else {
            return false;
        };
        if let Rhs::Field(rhs_op) = &self.rhs {
            return match eval_operand(rhs_op, src) {
                Some(r) => self.eval_against_field(&value, &r),
                None => false,
            };
        }
        self.eval_value(&value, &|v| self.test(v))
    }

    /// Applies the shape rules around a scalar test.
    fn eval_value(&self, value: &FieldValue, test: &dyn Fn(&FieldValue) -> bool) -> bool {
        match (self.shape, value) {
            (Shape::List, FieldValue::List(items)) => match self.op {
                CmpOp::In => items.iter().all(test),
                _ => items.iter().any(test),
            },
            (Shape::Endpoints, FieldValue::List(items)) => {
                if self.op == CmpOp::Ne && !matches!(self.rhs, Rhs::Modifier(..)) {
                    !items.is_empty() && items.iter().all(test)
                } else {
                    items.iter().any(test)
                }
            }
            (_, FieldValue::List(items)) => items.iter().any(test),
            (_, v) => test(v),
        }
    }

    /// One scalar value against the prepared right side.
    fn test(&self, v: &FieldValue) -> bool {
        match &self.rhs {
            Rhs::Value(t) => compare(self.op, v, t),
            Rhs::Set(set) => probe(v).is_some_and(|p| set.contains(p)),
            Rhs::PMatch(paths) => value_bytes(v).is_some_and(|b| paths.matches(b)),
            Rhs::Regex(re) => match (re, value_bytes(v)) {
                (Some(re), Some(b)) => full_match(re, b),
                _ => false,
            },
            Rhs::Modifier(m, elems) => self.test_modifier(*m, elems, v),
            Rhs::Exists | Rhs::Field(_) | Rhs::Never => false,
        }
    }

    /// `OP oneof/anyof/allof (...)`: how many elements satisfy `OP`; an empty list is false.
    fn test_modifier(&self, m: Modifier, elems: &Elems, v: &FieldValue) -> bool {
        let results: Vec<bool> = match elems {
            Elems::Values(vals) => vals.iter().map(|t| compare(self.op, v, t)).collect(),
            Elems::Regexes(res) => {
                let Some(b) = value_bytes(v) else {
                    return false;
                };
                res.iter()
                    .map(|re| re.as_ref().is_some_and(|re| full_match(re, b)))
                    .collect()
            }
        };
        if results.is_empty() {
            return false;
        }
        let hits = results.iter().filter(|r| **r).count();
        match m {
            Modifier::OneOf => hits == 1,
            Modifier::AnyOf => hits >= 1,
            Modifier::AllOf => hits == results.len(),
        }
    }

    /// `lhs OP val(f)`: `in`/`intersects` use the right values as a set; every other
    /// operator compares with the first right value.
    fn eval_against_field(&self, value: &FieldValue, rhs: &FieldValue) -> bool {
        let rhs_values: Vec<TypedValue> = match rhs {
            FieldValue::List(items) => items.iter().filter_map(to_typed).collect(),
            v => to_typed(v).into_iter().collect(),
        };
        match self.op {
            CmpOp::In | CmpOp::Intersects => {
                let set = ValueSet::new(&rhs_values);
                self.eval_value(value, &|v| probe(v).is_some_and(|p| set.contains(p)))
            }
            _ => match rhs_values.first() {
                Some(first) => self.eval_value(value, &|v| compare(self.op, v, first)),
                None => false,
            },
        }
    }
}

fn compile_rhs(c: &Check) -> Rhs {
    match (&c.rhs, c.op, c.modifier) {
        (_, CmpOp::Exists, _) | (RhsValue::None, _, _) => Rhs::Exists,
        (RhsValue::Operand(o), _, _) => Rhs::Field(o.clone()),
        (RhsValue::Regex(p), CmpOp::Regex, None) => Rhs::Regex(compile_full(p)),
        (RhsValue::Regex(p), CmpOp::Regex, Some(m)) => {
            Rhs::Modifier(m, Elems::Regexes(vec![compile_full(p)]))
        }
        (RhsValue::List(vs), CmpOp::Regex, Some(m)) => Rhs::Modifier(
            m,
            Elems::Regexes(
                vs.iter()
                    .map(|v| literal_text(v).and_then(compile_full))
                    .collect(),
            ),
        ),
        (RhsValue::List(vs), _, Some(m)) => Rhs::Modifier(m, Elems::Values(vs.clone())),
        (RhsValue::Value(v), _, Some(m)) => Rhs::Modifier(m, Elems::Values(vec![v.clone()])),
        (RhsValue::List(vs), CmpOp::In | CmpOp::Intersects, None) => Rhs::Set(ValueSet::new(vs)),
        (RhsValue::List(vs), CmpOp::PMatch, None) => {
            Rhs::PMatch(PathPrefixSet::new(vs.iter().filter_map(|v| match v {
                TypedValue::Str(s) => Some(s.as_bytes()),
                TypedValue::Bytes(b) => Some(b.as_slice()),
                _ => None,
            })))
        }
        (RhsValue::List(vs), CmpOp::Regex, None) => match vs.as_slice() {
            [v] => Rhs::Regex(literal_text(v).and_then(compile_full)),
            _ => Rhs::Never,
        },
        (RhsValue::List(vs), _, None) => match vs.as_slice() {
            [v] => Rhs::Value(v.clone()),
            _ => Rhs::Never,
        },
        (RhsValue::Value(v), CmpOp::In | CmpOp::Intersects, None) => Rhs::Set(ValueSet::new([v])),
        (RhsValue::Value(v), _, None) => Rhs::Value(v.clone()),
        (RhsValue::Regex(_), _, _) => Rhs::Never,
    }
}

/// An extracted right-side value as a literal.
fn to_typed(v: &FieldValue) -> Option<TypedValue> {
    Some(match v {
        FieldValue::Int(i) => TypedValue::Int(*i),
        FieldValue::Uint(u) => TypedValue::Uint(*u),
        FieldValue::Double(d) => TypedValue::Double(*d),
        FieldValue::Bool(b) => TypedValue::Bool(*b),
        FieldValue::Str(s) => TypedValue::Str(s.clone()),
        FieldValue::Bytes(b) => TypedValue::Bytes(b.clone()),
        FieldValue::Ip(ip) => TypedValue::Ip(*ip),
        FieldValue::List(_) => return None,
    })
}
