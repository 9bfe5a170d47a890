//! A readable, indented rendering of a compiled rule (`falcoc check --emit ir RULE`): what a
//! macro-heavy rule really tests, with each value shown in the type it is compared as.

use super::{Check, Expr, Operand, RhsValue, Rule, TransformArg};
use crate::events::event_info;
use crate::value::TypedValue;
use std::fmt::Write;

/// The rule's header (priority, event types) and its condition tree.
pub fn render_rule(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "rule: {}", rule.name);
    let _ = writeln!(out, "priority: {}", rule.priority);
    let mut names: Vec<&str> = rule
        .event_codes
        .iter()
        .filter_map(|c| event_info(c).map(|e| e.name))
        .collect();
    names.sort_unstable();
    names.dedup();
    let _ = writeln!(
        out,
        "event types ({} codes): {}",
        rule.event_codes.len(),
        names.join(", ")
    );
    let _ = writeln!(out, "condition:");
    render_expr(&rule.condition, 1, &mut out);
    out
}

fn render_expr(e: &Expr, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    match e {
        Expr::And(cs) | Expr::Or(cs) => {
            let word = if matches!(e, Expr::And(_)) {
                "and"
            } else {
                "or"
            };
            let _ = writeln!(out, "{pad}{word}");
            for c in cs {
                render_expr(c, depth + 1, out);
            }
        }
        Expr::Not(inner) => {
            let _ = writeln!(out, "{pad}not");
            render_expr(inner, depth + 1, out);
        }
        Expr::Check(c) => {
            let _ = writeln!(out, "{pad}{}", render_check(c));
        }
    }
}

/// One check on a line: `proc.name:CHARBUF in ("bash", "sh")`.
pub fn render_check(c: &Check) -> String {
    let op = match c.modifier {
        Some(m) => format!("{} {}", c.op.as_str(), m.as_str()),
        None => c.op.as_str().to_string(),
    };
    let lhs = format!("{}:{}", render_operand(&c.lhs), c.lhs.ftype().type_name());
    match &c.rhs {
        RhsValue::None => format!("{lhs} {op}"),
        RhsValue::Value(v) => format!("{lhs} {op} {}", render_value(v)),
        RhsValue::List(vs) => {
            let items: Vec<String> = vs.iter().map(render_value).collect();
            format!("{lhs} {op} ({})", items.join(", "))
        }
        RhsValue::Operand(o) => format!("{lhs} {op} val({})", render_operand(o)),
        RhsValue::Regex(r) => format!("{lhs} {op} /{r}/"),
    }
}

pub fn render_operand(o: &Operand) -> String {
    match o {
        Operand::Field(f) => f.text.clone(),
        Operand::Transform(t) => {
            let args: Vec<String> = t.args.iter().map(render_arg).collect();
            let sel = t
                .select
                .as_ref()
                .map(|s| format!("[{s}]"))
                .unwrap_or_default();
            format!("{}({}){sel}", t.kind.as_str(), args.join(", "))
        }
    }
}

fn render_arg(a: &TransformArg) -> String {
    match a {
        TransformArg::Operand(o) => render_operand(o),
        TransformArg::Literal(s) => format!("{s:?}"),
        TransformArg::List(items) => {
            let items: Vec<String> = items.iter().map(render_arg).collect();
            format!("({})", items.join(", "))
        }
    }
}

/// A typed value: strings quoted, numbers bare, networks as `addr/len`.
pub fn render_value(v: &TypedValue) -> String {
    match v {
        TypedValue::Int(i) => i.to_string(),
        TypedValue::Uint(u) => u.to_string(),
        TypedValue::Double(d) => d.to_string(),
        TypedValue::Bool(b) => b.to_string(),
        TypedValue::Str(s) => format!("{s:?}"),
        TypedValue::Bytes(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("0x{hex}")
        }
        TypedValue::Ip(ip) => ip.to_string(),
        TypedValue::Net { addr, prefix } => format!("{addr}/{prefix}"),
        TypedValue::List(items) => {
            let items: Vec<String> = items.iter().map(render_value).collect();
            format!("({})", items.join(", "))
        }
    }
}
