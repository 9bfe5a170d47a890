//! The one definition of the language's words: every operator is listed, lexed and
//! classified, so the compiler and the language server (which iterate these lists) cannot
//! miss one.

use falcoc_grammar::ast::{CmpOp, Modifier, RhsKind, TransformerKind};
use falcoc_grammar::parse_condition;

/// Fails to compile when a variant is added without a decision here.
fn listed(op: CmpOp) -> bool {
    match op {
        CmpOp::Eq
        | CmpOp::EqEq
        | CmpOp::Ne
        | CmpOp::Lt
        | CmpOp::Le
        | CmpOp::Gt
        | CmpOp::Ge
        | CmpOp::Glob
        | CmpOp::IGlob
        | CmpOp::Contains
        | CmpOp::IContains
        | CmpOp::BContains
        | CmpOp::StartsWith
        | CmpOp::BStartsWith
        | CmpOp::EndsWith
        | CmpOp::Regex
        | CmpOp::In
        | CmpOp::Intersects
        | CmpOp::PMatch
        | CmpOp::Exists => CmpOp::ALL.contains(&op),
    }
}

#[test]
fn every_operator_is_listed_and_lexed() {
    for op in CmpOp::ALL {
        assert!(listed(op));
        let text = match op.rhs_kind() {
            RhsKind::Nothing => "proc.name exists".to_string(),
            RhsKind::Number => format!("fd.num {} 3", op.as_str()),
            RhsKind::String => format!("proc.name {} x", op.as_str()),
            RhsKind::List => format!("proc.name {} (x, y)", op.as_str()),
        };
        let parsed = parse_condition(&text);
        assert!(parsed.error.is_none(), "{text}: {:?}", parsed.error);
        assert_eq!(parsed.expr.unwrap().to_string(), text);
        if op != CmpOp::Exists {
            assert!(CmpOp::LEXING_ORDER.contains(&op), "{op:?} is lexed");
        }
    }
    assert_eq!(CmpOp::LEXING_ORDER.len() + 1, CmpOp::ALL.len());
}

#[test]
fn modifiers_and_transformers_round_trip_by_name() {
    for m in Modifier::ALL {
        assert_eq!(Modifier::from_name(m.as_str()), Some(m));
    }
    for t in TransformerKind::ALL {
        assert_eq!(TransformerKind::from_name(t.as_str()), Some(t));
    }
}
