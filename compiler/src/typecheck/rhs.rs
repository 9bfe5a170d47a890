//! Right-hand sides: literal values converted to the left side's type, lists, regexes,
//! and field references.

use super::{check_operand, TypeError, TypeWarning};
use crate::catalog::events::is_known_event_type;
use crate::catalog::fields::{fl, resolve_field};
use crate::catalog::types::TypeFamily;
use crate::catalog::value::{parse_value_for, TypedValue};
use crate::ir;
use falcoc_grammar::ast::{self, CmpOp, Rhs, Value};

pub fn check_rhs(
    check: &ast::Check,
    lhs: &ir::Operand,
    warnings: &mut Vec<TypeWarning>,
) -> Result<ir::RhsValue, TypeError> {
    let cmp = check.op.cmp;
    let listy = cmp.takes_list() || check.op.modifier.is_some();
    match &check.rhs {
        None => Ok(ir::RhsValue::None),
        Some(Rhs::Operand(o)) => rhs_operand(check, lhs, o),
        Some(Rhs::Value(v)) if listy => {
            Ok(ir::RhsValue::List(vec![value(check, lhs, v, warnings)?]))
        }
        Some(Rhs::Value(v)) if cmp == CmpOp::Regex => regex(v, warnings),
        Some(Rhs::Value(v)) => Ok(ir::RhsValue::Value(value(check, lhs, v, warnings)?)),
        Some(Rhs::List(values, _)) => {
            if cmp == CmpOp::Regex {
                for v in values {
                    regex(v, warnings)?;
                }
            }
            let mut typed = Vec::with_capacity(values.len());
            for v in values {
                typed.push(value(check, lhs, v, warnings)?);
            }
            Ok(ir::RhsValue::List(typed))
        }
    }
}

fn is_type_field(lhs: &ir::Operand) -> bool {
    matches!(lhs, ir::Operand::Field(f) if matches!(f.info.name, "evt.type" | "syscall.type"))
}

/// One literal, converted to the type it is compared with.
fn value(
    check: &ast::Check,
    lhs: &ir::Operand,
    v: &Value,
    warnings: &mut Vec<TypeWarning>,
) -> Result<TypedValue, TypeError> {
    if is_type_field(lhs) && !is_known_event_type(&v.text) {
        return Err(TypeError::unknown(
            format!("unknown event type {}", v.text),
            v.span,
        ));
    }
    if lhs.ftype().family() == TypeFamily::String && !v.quoted {
        warn_misused_field(v, warnings);
    }
    parse_value_for(lhs.ftype(), check.op.cmp, &v.text).map_err(|m| TypeError::new(m, v.span))
}

fn warn_misused_field(v: &Value, warnings: &mut Vec<TypeWarning>) {
    let text = v.text.as_str();
    let looks_like_transformer = falcoc_grammar::ast::TransformerKind::ALL.iter().any(|t| {
        let call = text.strip_prefix(t.as_str());
        call.is_some_and(|rest| rest.starts_with('(')) && text.ends_with(')')
    });
    if looks_like_transformer {
        warnings.push(TypeWarning {
            message: format!(
                "'{text}' may be a valid field transformer misused as a const string value"
            ),
            span: v.span,
        });
    } else if text.contains('.') && resolve_field(text, None).is_ok() {
        warnings.push(TypeWarning {
            message: format!("'{text}' may be a valid field misused as a const string value"),
            span: v.span,
        });
    }
}

fn regex(v: &Value, warnings: &mut Vec<TypeWarning>) -> Result<ir::RhsValue, TypeError> {
    if let Err(e) = regex::Regex::new(&format!("^(?:{})$", v.text)) {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim().to_string();
        return Err(TypeError::new(
            format!("invalid regular expression '{}': {last}", v.text),
            v.span,
        ));
    }
    let inner = v.text.get(1..v.text.len().saturating_sub(1)).unwrap_or("");
    if !inner.chars().any(|c| "\\^$.|?*+()[]{}".contains(c)) {
        warnings.push(TypeWarning {
            message: format!(
                "regex operator with '{}' may be optimized with simpler operators",
                v.text
            ),
            span: v.span,
        });
    }
    Ok(ir::RhsValue::Regex(v.text.clone()))
}

/// `val(f)` or a transformer on the right: same type and list-ness as the left.
fn rhs_operand(
    check: &ast::Check,
    lhs: &ir::Operand,
    o: &ast::Operand,
) -> Result<ir::RhsValue, TypeError> {
    let cmp = check.op.cmp;
    if matches!(cmp, CmpOp::Regex | CmpOp::PMatch) {
        return Err(TypeError::new(
            format!(
                "operator '{}' does not support a field on the right-hand side",
                cmp.as_str()
            ),
            o.span(),
        ));
    }
    let rhs = check_operand(o, true)?;
    for side in [lhs, &rhs] {
        if let ir::Operand::Field(f) = side {
            if f.flags().has(fl::NO_RHS)
                || f.ftype.family() == TypeFamily::IpOrNet && f.ftype.type_name().contains("NET")
            {
                return Err(TypeError::new(
                    format!(
                        "field '{}' does not support right-hand side field comparisons",
                        f.text
                    ),
                    o.span(),
                ));
            }
        }
    }
    if rhs.ftype() != lhs.ftype() || rhs.is_list() != lhs.is_list() {
        return Err(TypeError::new(
            format!(
                "right-hand field has incompatible type: '{}' is compared with '{}'",
                rhs.ftype().type_name(),
                lhs.ftype().type_name()
            ),
            o.span(),
        ));
    }
    Ok(ir::RhsValue::Operand(rhs))
}
