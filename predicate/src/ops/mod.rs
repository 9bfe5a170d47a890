//! Operator semantics as pure functions on values, one file per operator family, shared by
//! the interpreter and the JIT's runtime helpers (one definition of semantics).
//!
//! The lowered IR's tests call the typed functions of each family directly;
//! [`compare_value`] is the dynamic dispatcher for `val()` right sides, whose kind is only
//! known at run time.

pub mod glob;
mod glob_bracket;
pub mod hash;
pub mod ip;
pub mod numeric;
pub mod pmatch;
pub mod regex;
pub mod set;
pub mod string;

use crate::value::Value;
use falcoc_catalog::value::TypedValue;
use falcoc_grammar::ast::CmpOp;
use numeric::{apply_order, compare_num, Num};
use set::Probe;

/// The bytes of a string or buffer value.
pub fn value_bytes(v: &TypedValue) -> Option<&[u8]> {
    match v {
        TypedValue::Str(s) => Some(s.as_bytes()),
        TypedValue::Bytes(b) => Some(b),
        _ => None,
    }
}

fn value_num(v: Value<'_>) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(i)),
        Value::Uint(u) => Some(Num::U(u)),
        Value::Double(d) => Some(Num::F(d)),
        _ => None,
    }
}

fn literal_num(v: &TypedValue) -> Option<Num> {
    match v {
        TypedValue::Int(i) => Some(Num::I(*i)),
        TypedValue::Uint(u) => Some(Num::U(*u)),
        TypedValue::Double(d) => Some(Num::F(*d)),
        _ => None,
    }
}

/// A scalar value as a set probe (`None` for lists).
pub fn probe(v: Value<'_>) -> Option<Probe<'_>> {
    Some(match v {
        Value::Int(i) => Probe::Int(i),
        Value::Uint(u) => Probe::Uint(u),
        Value::Double(d) => Probe::Double(d),
        Value::Bool(b) => Probe::Bool(b),
        Value::Str(s) | Value::Bytes(s) => Probe::Bytes(s),
        Value::Ip(ip) => Probe::Ip(ip),
        Value::List(_) => return None,
    })
}

/// A borrowed view of an owned scalar value (`None` for lists and networks).
pub fn view(v: &TypedValue) -> Option<Value<'_>> {
    Some(match v {
        TypedValue::Int(i) => Value::Int(*i),
        TypedValue::Uint(u) => Value::Uint(*u),
        TypedValue::Double(d) => Value::Double(*d),
        TypedValue::Bool(b) => Value::Bool(*b),
        TypedValue::Str(s) => Value::Str(s.as_bytes()),
        TypedValue::Bytes(b) => Value::Bytes(b),
        TypedValue::Ip(ip) => Value::Ip(*ip),
        TypedValue::Net { .. } | TypedValue::List(_) => return None,
    })
}

/// `lhs OP rhs` for one owned scalar value and one literal: [`compare_value`] on its view
/// (a list is false for every operator).
pub fn compare(op: CmpOp, lhs: &TypedValue, rhs: &TypedValue) -> bool {
    view(lhs).is_some_and(|v| compare_value(op, v, rhs))
}

/// `lhs OP rhs` for one scalar value and one value whose kind is only known at run time
/// (the right side of `val()`), for every operator except `exists`, `regex`, `pmatch` and
/// the set operators. Values of kinds that cannot be compared are false for every
/// operator. Checks against literals use the statically typed tests of the lowered IR
/// instead.
pub fn compare_value(op: CmpOp, lhs: Value<'_>, rhs: &TypedValue) -> bool {
    if let (Some(a), Some(b)) = (value_num(lhs), literal_num(rhs)) {
        return compare_num(op, a, b);
    }
    if let (Some(a), Some(b)) = (lhs.bytes(), value_bytes(rhs)) {
        return compare_bytes(op, a, b);
    }
    match (lhs, rhs) {
        (Value::Bool(a), TypedValue::Bool(b)) => match op {
            CmpOp::Eq | CmpOp::EqEq => a == *b,
            CmpOp::Ne => a != *b,
            _ => false,
        },
        (Value::Ip(a), TypedValue::Ip(b)) => eq_ne(op, ip::ip_eq(a, *b)),
        (Value::Ip(a), TypedValue::Net { addr, prefix }) => {
            eq_ne(op, ip::in_net(a, *addr, *prefix))
        }
        _ => false,
    }
}

fn eq_ne(op: CmpOp, equal: bool) -> bool {
    match op {
        CmpOp::Eq | CmpOp::EqEq => equal,
        CmpOp::Ne => !equal,
        _ => false,
    }
}

/// The substring, prefix, suffix and glob operators of the lowered IR on bytes (orderings
/// are compared by the caller).
pub fn compare_bytes_op(op: crate::lowered::BytesOp, a: &[u8], b: &[u8]) -> bool {
    use crate::lowered::BytesOp as B;
    match op {
        B::Contains => string::contains(a, b),
        B::IContains => string::icontains(a, b),
        B::StartsWith => string::starts_with(a, b),
        B::EndsWith => string::ends_with(a, b),
        B::Glob => glob::glob_match(b, a, false),
        B::IGlob => glob::glob_match(b, a, true),
        B::Order(o) => crate::interp::order(o, string::strcmp(a, b)),
    }
}

/// String and buffer operators on bytes.
pub fn compare_bytes(op: CmpOp, a: &[u8], b: &[u8]) -> bool {
    match op {
        CmpOp::Contains | CmpOp::BContains => string::contains(a, b),
        CmpOp::IContains => string::icontains(a, b),
        CmpOp::StartsWith | CmpOp::BStartsWith => string::starts_with(a, b),
        CmpOp::EndsWith => string::ends_with(a, b),
        CmpOp::Glob => glob::glob_match(b, a, false),
        CmpOp::IGlob => glob::glob_match(b, a, true),
        _ => apply_order(op, Some(string::strcmp(a, b))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CmpOp::*;

    type FieldValue = TypedValue;

    fn s(x: &str) -> FieldValue {
        FieldValue::Str(x.into())
    }

    fn lit(x: &str) -> TypedValue {
        TypedValue::Str(x.into())
    }

    #[test]
    fn dispatch_table() {
        let ip = |x: &str| x.parse::<std::net::IpAddr>().expect("ip");
        let cases: Vec<(CmpOp, FieldValue, TypedValue, bool)> = vec![
            (Eq, s("bash"), lit("bash"), true),
            (EqEq, s("bash"), lit("sh"), false),
            (Ne, s("bash"), lit("sh"), true),
            (Gt, s("bash"), lit("5"), true),
            (Contains, s("/etc/shadow"), lit("shadow"), true),
            (IContains, s("/ETC/Shadow"), lit("shadow"), true),
            (StartsWith, s("/etc/x"), lit("/etc"), true),
            (EndsWith, s("/etc/x"), lit("x"), true),
            (Glob, s("/etc/passwd"), lit("/etc/*"), true),
            (IGlob, s("/ETC/passwd"), lit("/etc/*"), true),
            (
                Eq,
                FieldValue::Bytes(b"ab".to_vec()),
                TypedValue::Bytes(b"ab".to_vec()),
                true,
            ),
            (
                BContains,
                FieldValue::Bytes(vec![0, 1, 2]),
                TypedValue::Bytes(vec![1, 2]),
                true,
            ),
            (
                BStartsWith,
                FieldValue::Bytes(vec![0, 1, 2]),
                TypedValue::Bytes(vec![1]),
                false,
            ),
            (Eq, FieldValue::Int(-1), TypedValue::Int(-1), true),
            (Lt, FieldValue::Uint(3), TypedValue::Uint(4), true),
            (Eq, FieldValue::Bool(true), TypedValue::Bool(true), true),
            (Ne, FieldValue::Bool(true), TypedValue::Bool(true), false),
            (
                Eq,
                FieldValue::Ip(ip("1.2.3.4")),
                TypedValue::Ip(ip("1.2.3.4")),
                true,
            ),
            (
                Eq,
                FieldValue::Ip(ip("1.2.3.4")),
                TypedValue::Ip(ip("::1")),
                false,
            ),
            (
                Ne,
                FieldValue::Ip(ip("1.2.3.4")),
                TypedValue::Ip(ip("::1")),
                true,
            ),
            (
                Eq,
                FieldValue::Ip(ip("10.2.3.4")),
                TypedValue::Net {
                    addr: ip("10.0.0.0"),
                    prefix: 8,
                },
                true,
            ),
            (
                Ne,
                FieldValue::Ip(ip("10.2.3.4")),
                TypedValue::Net {
                    addr: ip("10.0.0.0"),
                    prefix: 8,
                },
                false,
            ),
            // mismatched kinds are false for every operator, `!=` included
            (Ne, s("1"), TypedValue::Int(1), false),
            (Eq, FieldValue::List(vec![]), lit(""), false),
        ];
        for (op, l, r, expect) in cases {
            assert_eq!(compare(op, &l, &r), expect, "{l:?} {op:?} {r:?}");
        }
    }
}
