//! One lowered check: the left operand's value, the quantifier over a list, and the test,
//! chosen at lowering by static type (§1.3–§1.5):
//!
//! - a left side that cannot be extracted makes the check false for every test, `!=`
//!   included; `exists` is true exactly when extraction succeeds;
//! - a list on the left is quantified as the check says ([`Quantifier`]); a scalar is
//!   tested directly whatever the quantifier;
//! - a `val()` right side that cannot be extracted makes the check false.

use super::operand::operand_value;
use crate::lowered::{BytesOp, Check, Order, Program, Quantifier, Test};
use crate::ops::{compare_bytes_op, compare_value, ip, probe, regex, set::ValueSet};
use crate::reader::FieldReader;
use crate::value::Value;
use falcoc_catalog::value::TypedValue;
use falcoc_grammar::ast::{CmpOp, Modifier};
use std::cmp::Ordering;

pub fn eval_check(program: &Program, c: &Check, fields: &mut dyn FieldReader) -> bool {
    let lhs = operand_value(program, c.lhs, fields);
    if let Test::Exists = c.test {
        return lhs.is_some();
    }
    let Some(lhs) = lhs else {
        return false;
    };
    let Some(value) = lhs.value() else {
        return false;
    };
    if let Test::Operand { op, rhs } = &c.test {
        let Some(rhs) = operand_value(program, *rhs, fields) else {
            return false;
        };
        return match rhs.value() {
            Some(r) => against_operand(c.quantifier, *op, value, r),
            None => false,
        };
    }
    quantify(c.quantifier, value, |v| test(program, &c.test, v))
}

/// Applies `q` to a list value; a scalar is tested directly.
fn quantify(q: Quantifier, v: Value<'_>, test: impl Fn(Value<'_>) -> bool) -> bool {
    let Value::List(items) = v else {
        return test(v);
    };
    match q {
        Quantifier::All => items.iter().all(test),
        Quantifier::AllNonEmpty => !items.is_empty() && items.iter().all(test),
        Quantifier::One | Quantifier::Any => items.iter().any(test),
    }
}

/// One scalar value against a test.
fn test(program: &Program, t: &Test, v: Value<'_>) -> bool {
    let pool = &program.pool;
    match t {
        Test::Int { op, rhs } => match v {
            Value::Int(i) => order(*op, i.cmp(rhs)),
            Value::Uint(u) => order(*op, i128::from(u).cmp(&i128::from(*rhs))),
            _ => false,
        },
        Test::Uint { op, rhs } => match v {
            Value::Uint(u) => order(*op, u.cmp(rhs)),
            Value::Int(i) => order(*op, i128::from(i).cmp(&i128::from(*rhs))),
            _ => false,
        },
        Test::Double { op, rhs } => match v {
            Value::Double(d) => partial(*op, d.partial_cmp(rhs)),
            _ => false,
        },
        Test::Bool { ne, rhs } => matches!(v, Value::Bool(b) if (b == *rhs) != *ne),
        Test::Bytes { op, rhs } => v
            .bytes()
            .is_some_and(|b| bytes_test(*op, b, pool.bytes(*rhs))),
        Test::Ip { ne, rhs } => matches!(v, Value::Ip(a) if ip::ip_eq(a, *rhs) != *ne),
        Test::Net { ne, addr, prefix } => {
            matches!(v, Value::Ip(a) if ip::in_net(a, *addr, *prefix) != *ne)
        }
        Test::InSet(id) => match (pool.set(*id), probe(v)) {
            (Some(set), Some(p)) => set.contains(p),
            _ => false,
        },
        Test::PMatch(id) => match (pool.prefix_set(*id), v.bytes()) {
            (Some(set), Some(b)) => set.matches(b),
            _ => false,
        },
        Test::Regex(id) => match (pool.regex(*id), v.bytes()) {
            (Some(re), Some(b)) => regex::full_match(re, b),
            _ => false,
        },
        Test::Modifier { modifier, elems } => {
            let hits = elems.iter().filter(|e| test(program, e, v)).count();
            match modifier {
                _ if elems.is_empty() => false,
                Modifier::OneOf => hits == 1,
                Modifier::AnyOf => hits >= 1,
                Modifier::AllOf => hits == elems.len(),
            }
        }
        Test::Exists | Test::Operand { .. } => false,
    }
}

fn bytes_test(op: BytesOp, a: &[u8], b: &[u8]) -> bool {
    match op {
        BytesOp::Order(o) => order(o, a.cmp(b)),
        other => compare_bytes_op(other, a, b),
    }
}

/// Whether `ord` satisfies `op`.
pub fn order(op: Order, ord: Ordering) -> bool {
    match op {
        Order::Eq => ord == Ordering::Equal,
        Order::Ne => ord != Ordering::Equal,
        Order::Lt => ord == Ordering::Less,
        Order::Le => ord != Ordering::Greater,
        Order::Gt => ord == Ordering::Greater,
        Order::Ge => ord != Ordering::Less,
    }
}

/// [`order`] for doubles: incomparable (NaN) satisfies only `!=`.
fn partial(op: Order, ord: Option<Ordering>) -> bool {
    match ord {
        Some(o) => order(op, o),
        None => op == Order::Ne,
    }
}

/// `lhs OP val(f)`: `in`/`intersects` use the right values as a set; every other operator
/// compares with the first right value.
fn against_operand(q: Quantifier, op: CmpOp, lhs: Value<'_>, rhs: Value<'_>) -> bool {
    let rhs_values: Vec<TypedValue> = match rhs {
        Value::List(items) => items
            .iter()
            .filter(|v| !matches!(v, Value::List(_)))
            .map(|v| v.to_owned())
            .collect(),
        v => vec![v.to_owned()],
    };
    match op {
        CmpOp::In | CmpOp::Intersects => {
            let set = ValueSet::new(&rhs_values);
            quantify(q, lhs, |v| probe(v).is_some_and(|p| set.contains(p)))
        }
        _ => match rhs_values.first() {
            Some(first) => quantify(q, lhs, |v| compare_value(op, v, first)),
            None => false,
        },
    }
}
