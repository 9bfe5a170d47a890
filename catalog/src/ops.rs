//! The type/operator matrix (§1.4, libsinsp `flt_is_comparable`) with libsinsp's messages.

use crate::types::{FieldType, TypeFamily};
use falcoc_grammar::ast::{CmpOp, Modifier};

/// libsinsp's spelling of an operator in messages: `==` is reported as `=`.
fn op_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::EqEq => "=",
        other => other.as_str(),
    }
}

fn family_allows(family: TypeFamily, op: CmpOp) -> bool {
    use CmpOp::*;
    match family {
        TypeFamily::Numeric => matches!(op, Eq | EqEq | Ne | Lt | Le | Gt | Ge | In | Intersects),
        TypeFamily::Bool | TypeFamily::IpOrNet => matches!(op, Eq | EqEq | Ne | In | Intersects),
        TypeFamily::String => !matches!(op, BContains | BStartsWith),
        TypeFamily::Buffer => matches!(
            op,
            Eq | EqEq
                | Ne
                | Contains
                | In
                | StartsWith
                | EndsWith
                | Intersects
                | BContains
                | BStartsWith
        ),
        TypeFamily::Other => false,
    }
}

fn family_label(family: TypeFamily) -> &'static str {
    match family {
        TypeFamily::Numeric | TypeFamily::Bool => "numeric",
        TypeFamily::String => "string",
        TypeFamily::Buffer => "buffer",
        TypeFamily::IpOrNet => "ip address and network",
        TypeFamily::Other => "",
    }
}

/// Whether `op` (with an optional `oneof`/`anyof`/`allof` modifier) may be applied to a
/// field of type `ftype` (a list field when `is_list`). The error is the message to
/// report, e.g. `'contains' operator not supported for numeric filters`.
pub fn check_operator(
    ftype: FieldType,
    is_list: bool,
    op: CmpOp,
    modifier: Option<Modifier>,
) -> Result<(), String> {
    if op == CmpOp::Exists {
        return Ok(());
    }
    if is_list {
        if !ftype.allowed_as_list() {
            return Err(format!(
                "list filters are not supported for type '{}'",
                ftype.type_name()
            ));
        }
        if !matches!(op, CmpOp::In | CmpOp::Intersects) {
            return Err(format!(
                "'{}' operator not supported list filters",
                op_name(op)
            ));
        }
    } else {
        let family = ftype.family();
        if family == TypeFamily::Other {
            return Err(format!(
                "'{}' operator not supported for type '{}'",
                op_name(op),
                ftype.type_name()
            ));
        }
        if !family_allows(family, op) {
            return Err(format!(
                "'{}' operator not supported for {} filters",
                op_name(op),
                family_label(family)
            ));
        }
    }
    match modifier {
        None => Ok(()),
        Some(m) => check_modifier(ftype, is_list, op, m),
    }
}

fn check_modifier(ftype: FieldType, is_list: bool, op: CmpOp, m: Modifier) -> Result<(), String> {
    if !op.accepts_modifier() {
        return Err(format!(
            "'{}' modifier not supported with '{}' operator",
            m.as_str(),
            op_name(op)
        ));
    }
    if is_list {
        return Err(format!(
            "'{}' modifier not supported for list filters",
            m.as_str()
        ));
    }
    if ftype.family() == TypeFamily::IpOrNet && !matches!(op, CmpOp::Eq | CmpOp::EqEq | CmpOp::Ne) {
        return Err(format!(
            "'{}' modifier not supported with '{}' for ip address and network filters",
            m.as_str(),
            op_name(op)
        ));
    }
    Ok(())
}
