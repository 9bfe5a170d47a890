//! Spans: every node points at the bytes it was parsed from.

use falcoc_grammar::ast::{Expr, Operand, Rhs, TransformerArg};
use falcoc_grammar::{parse_condition, parse_operand, Span};

fn parse(text: &str) -> Expr {
    parse_condition(text).expr.expect("should parse")
}

fn at(text: &str, span: Span) -> &str {
    &text[span.range()]
}

#[test]
fn check_parts_have_spans() {
    let t = "not proc.aname[2] startswith oneof ('a b', c) and m";
    let Expr::And(children, span) = parse(t) else {
        panic!()
    };
    assert_eq!(at(t, span), t);
    let Expr::Not(inner, not_span) = &children[0] else {
        panic!()
    };
    assert_eq!(
        at(t, *not_span),
        "not proc.aname[2] startswith oneof ('a b', c)"
    );
    let Expr::Check(c) = inner.as_ref() else {
        panic!()
    };
    assert_eq!(at(t, c.span), "proc.aname[2] startswith oneof ('a b', c)");
    assert_eq!(at(t, c.op_span), "startswith oneof");
    let Operand::Field(f) = &c.lhs else { panic!() };
    assert_eq!(at(t, f.name_span), "proc.aname");
    assert_eq!(at(t, f.span), "proc.aname[2]");
    assert_eq!(at(t, f.arg.as_ref().unwrap().span), "2");
    let Some(Rhs::List(values, list_span)) = &c.rhs else {
        panic!()
    };
    assert_eq!(at(t, *list_span), "('a b', c)");
    assert_eq!(at(t, values[0].span), "'a b'");
    assert_eq!(values[0].text, "a b");
    assert!(values[0].quoted);
    let Expr::Macro(m) = &children[1] else {
        panic!()
    };
    assert_eq!(at(t, m.span), "m");
}

#[test]
fn transformer_spans() {
    let t = "join(\"-\", (toupper(fd.name), 'x')) exists";
    let Expr::Check(c) = parse(t) else { panic!() };
    let Operand::Transformer(tr) = &c.lhs else {
        panic!()
    };
    assert_eq!(at(t, tr.span), "join(\"-\", (toupper(fd.name), 'x'))");
    assert_eq!(at(t, tr.name_span), "join");
    let TransformerArg::List(items, span) = &tr.args[1] else {
        panic!()
    };
    assert_eq!(at(t, *span), "(toupper(fd.name), 'x')");
    let TransformerArg::Operand(Operand::Transformer(up)) = &items[0] else {
        panic!()
    };
    assert_eq!(at(t, up.span), "toupper(fd.name)");
    assert_eq!(at(t, c.op_span), "exists");
    assert!(c.rhs.is_none());
}

#[test]
fn multibyte_text_keeps_char_boundaries() {
    let t = "proc.name = héllo and fd.name = 'ü'";
    let Expr::And(children, _) = parse(t) else {
        panic!()
    };
    let Expr::Check(c) = &children[1] else {
        panic!()
    };
    let Some(Rhs::Value(v)) = &c.rhs else {
        panic!()
    };
    assert_eq!(at(t, v.span), "'ü'");
}

#[test]
fn operands_for_output_formats() {
    let f = parse_operand("proc.aname[2]").unwrap();
    assert_eq!(f.to_string(), "proc.aname[2]");
    assert_eq!(f.span(), Span::new(0, 13));
    let t = parse_operand("join(\"->\", (proc.name, evt.arg.path))").unwrap();
    assert_eq!(t.to_string(), "join(\"->\", (proc.name, evt.arg.path))");
    assert!(parse_operand("toupper(proc.name)").is_ok());
    assert!(parse_operand("val(proc.name)").is_err());
    assert!(parse_operand("proc.name ").is_err());
    assert!(parse_operand("proc").is_err());
    let e = parse_operand("proc.nameand").unwrap();
    assert_eq!(e.to_string(), "proc.nameand");
    let e = parse_operand("proc.name)").unwrap_err();
    assert_eq!(e.message, "unexpected token after 'proc.name'");
    assert_eq!(e.span, Span::new(9, 9));
}
