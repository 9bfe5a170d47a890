//! Operator semantics as pure functions on values, one file per operator family, shared by
//! the interpreter and (later) the JIT's runtime helpers.
//!
//! [`compare`] is the scalar dispatcher: one extracted value, one operator, one literal.

pub mod glob;
pub mod ip;
pub mod numeric;
pub mod pmatch;
pub mod regex;
pub mod set;
pub mod string;

use crate::field_value::FieldValue;
use falcoc_catalog::value::TypedValue;
use falcoc_grammar::ast::CmpOp;
use numeric::{apply_order, compare_num, Num};
use set::Probe;

/// The bytes of a string or buffer value.
pub fn value_bytes(v: &FieldValue) -> Option<&[u8]> {
    match v {
        FieldValue::Str(s) => Some(s.as_bytes()),
        FieldValue::Bytes(b) => Some(b),
        _ => None,
    }
}

fn literal_bytes(v: &TypedValue) -> Option<&[u8]> {
    match v {
        TypedValue::Str(s) => Some(s.as_bytes()),
        TypedValue::Bytes(b) => Some(b),
        _ => None,
    }
}

fn value_num(v: &FieldValue) -> Option<Num> {
    match v {
        FieldValue::Int(i) => Some(Num::I(*i)),
        FieldValue::Uint(u) => Some(Num::U(*u)),
        FieldValue::Double(d) => Some(Num::F(*d)),
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
pub fn probe(v: &FieldValue) -> Option<Probe<'_>> {
    Some(match v {
        FieldValue::Int(i) => Probe::Int(*i),
        FieldValue::Uint(u) => Probe::Uint(*u),
        FieldValue::Double(d) => Probe::Double(*d),
        FieldValue::Bool(b) => Probe::Bool(*b),
        FieldValue::Str(s) => Probe::Bytes(s.as_bytes()),
        FieldValue::Bytes(b) => Probe::Bytes(b),
        FieldValue::Ip(ip) => Probe::Ip(*ip),
        FieldValue::List(_) => return None,
    })
}

/// `lhs OP rhs` for one scalar value and one literal, for every operator except `exists`,
/// `regex`, `pmatch` and the set operators (which need a compiled right side). Values of
/// kinds that cannot be compared are false for every operator.
pub fn compare(op: CmpOp, lhs: &FieldValue, rhs: &TypedValue) -> bool {
    if let (Some(a), Some(b)) = (value_num(lhs), literal_num(rhs)) {
        return compare_num(op, a, b);
    }
    if let (Some(a), Some(b)) = (value_bytes(lhs), literal_bytes(rhs)) {
        return compare_bytes(op, a, b);
    }
    match (lhs, rhs) {
        (FieldValue::Bool(a), TypedValue::Bool(b)) => match op {
            CmpOp::Eq | CmpOp::EqEq => a == b,
            CmpOp::Ne => a != b,
            _ => false,
        },
        (FieldValue::Ip(a), TypedValue::Ip(b)) => eq_ne(op, ip::ip_eq(*a, *b)),
        (FieldValue::Ip(a), TypedValue::Net { addr, prefix }) => {
            eq_ne(op, ip::in_net(*a, *addr, *prefix))
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
