//! Numeric comparisons (§1.4, libsinsp `flt_compare_numeric`): signed types compare as
//! signed, unsigned as unsigned, at the width the compiler already truncated the literal
//! to. A value extracted with the other signedness (possible with `evt.rawarg.*`, whose
//! runtime parameter type may differ) is compared mathematically, never by reinterpreting
//! bits.

use falcoc_grammar::ast::CmpOp;
use std::cmp::Ordering;

/// A number of any of the three kinds the extractor and the compiler produce.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    I(i64),
    U(u64),
    F(f64),
}

/// The order of two numbers; `None` only when a double is NaN.
pub fn num_cmp(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(&y)),
        (Num::U(x), Num::U(y)) => Some(x.cmp(&y)),
        (Num::I(x), Num::U(y)) => Some(i128::from(x).cmp(&i128::from(y))),
        (Num::U(x), Num::I(y)) => Some(i128::from(x).cmp(&i128::from(y))),
        (x, y) => as_f64(x).partial_cmp(&as_f64(y)),
    }
}

fn as_f64(n: Num) -> f64 {
    match n {
        Num::I(v) => v as f64,
        Num::U(v) => v as f64,
        Num::F(v) => v,
    }
}

/// Applies an ordering or equality operator to the result of a comparison. Any other
/// operator is false. `ord` is `None` for incomparable values (NaN): only `!=` holds.
pub fn apply_order(op: CmpOp, ord: Option<Ordering>) -> bool {
    let Some(ord) = ord else {
        return op == CmpOp::Ne;
    };
    match op {
        CmpOp::Eq | CmpOp::EqEq | CmpOp::In | CmpOp::Intersects => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
        _ => false,
    }
}

/// `lhs OP rhs` on numbers.
pub fn compare_num(op: CmpOp, lhs: Num, rhs: Num) -> bool {
    apply_order(op, num_cmp(lhs, rhs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use CmpOp::*;

    #[test]
    fn table() {
        let cases: &[(CmpOp, Num, Num, bool)] = &[
            (Eq, Num::I(-1), Num::I(-1), true),
            (Ne, Num::I(-1), Num::I(-1), false),
            (Lt, Num::I(-1), Num::I(0), true),
            (Gt, Num::U(u64::MAX), Num::U(0), true),
            // an unsigned field compared with a wrapped negative literal (uint32 -1)
            (Eq, Num::U(4_294_967_295), Num::U(u64::from(u32::MAX)), true),
            // mixed signedness compares mathematically
            (Lt, Num::I(-1), Num::U(0), true),
            (Eq, Num::I(-1), Num::U(u64::MAX), false),
            (Ge, Num::U(5), Num::I(5), true),
            (Le, Num::F(1.5), Num::I(2), true),
            (Eq, Num::F(f64::NAN), Num::F(f64::NAN), false),
            (Ne, Num::F(f64::NAN), Num::F(1.0), true),
            (Contains, Num::I(1), Num::I(1), false),
        ];
        for &(op, a, b, expect) in cases {
            assert_eq!(compare_num(op, a, b), expect, "{a:?} {op:?} {b:?}");
        }
    }
}
