//! Left-hand (and `val()`/transformer right-hand) operands: fields and transformers.

use super::TypeError;
use crate::catalog::fields::{resolve_field, FieldError};
use crate::catalog::types::{FieldType, TypeFamily};
use crate::ir;
use falcoc_grammar::ast::{Operand, Transformer, TransformerArg, TransformerKind};

/// Resolves an operand. `rhs` is true on the right side, where `val()` is allowed.
pub fn check_operand(op: &Operand, rhs: bool) -> Result<ir::Operand, TypeError> {
    match op {
        Operand::Field(f) => {
            let arg = f.arg.as_ref().map(|a| a.value.as_str());
            resolve_field(&f.name, arg)
                .map(ir::Operand::Field)
                .map_err(|e| match e {
                    FieldError::NotFound { .. } => {
                        let mut err = TypeError::unknown(e.to_string(), f.span);
                        err.suggestion =
                            closest_field(&f.name).map(|s| (s.to_string(), f.name_span));
                        err
                    }
                    FieldError::BadArgument { .. } => TypeError::new(e.to_string(), f.span),
                })
        }
        Operand::Transformer(t) => check_transformer(t, rhs),
    }
}

fn single_operand(t: &Transformer, rhs: bool) -> Result<ir::Operand, TypeError> {
    match t.args.as_slice() {
        [TransformerArg::Operand(o)] => check_operand(o, rhs),
        _ => Err(TypeError::new(
            format!(
                "transformer '{}' takes exactly one field argument",
                t.kind.as_str()
            ),
            t.span,
        )),
    }
}

fn check_transformer(t: &Transformer, rhs: bool) -> Result<ir::Operand, TypeError> {
    use TransformerKind::*;
    let (args, ftype, is_list) = match t.kind {
        // `val(f)` is `f` itself, and only on the right-hand side.
        Val if rhs => return single_operand(t, rhs),
        Val => {
            return Err(TypeError::new(
                "'val' is only allowed on the right-hand side",
                t.name_span,
            ))
        }
        ToLower | ToUpper | Basename | B64 | Len => {
            if t.arg.is_some() {
                return Err(TypeError::new(
                    format!(
                        "transformer '{}' does not take an argument",
                        t.kind.as_str()
                    ),
                    t.span,
                ));
            }
            let inner = single_operand(t, rhs)?;
            let (ftype, is_list) =
                unary_type(t.kind, &inner).map_err(|m| TypeError::new(m, t.span))?;
            (vec![ir::TransformArg::Operand(inner)], ftype, is_list)
        }
        Join | Concat | Getopt => multi(t, rhs)?,
    };
    Ok(ir::Operand::Transform(Box::new(ir::Transform {
        kind: t.kind,
        args,
        select: t.arg.as_ref().map(|a| a.value.clone()),
        ftype,
        is_list,
    })))
}

/// The result type of a single-argument transformer, or libsinsp's refusal.
fn unary_type(kind: TransformerKind, inner: &ir::Operand) -> Result<(FieldType, bool), String> {
    use TransformerKind::*;
    let ty = inner.ftype();
    let refuse = || {
        format!(
            "can't add field transformer: type '{}' not supported by '{}'",
            ty.type_name(),
            kind.as_str()
        )
    };
    if let ir::Operand::Field(f) = inner {
        if f.flags().has(crate::catalog::fields::fl::NO_TRANSFORMER) {
            return Err(format!("field '{}' does not support transformers", f.text));
        }
    }
    match kind {
        ToLower | ToUpper | Basename if ty.family() == TypeFamily::String => {
            Ok((ty, inner.is_list()))
        }
        B64 if matches!(ty, FieldType::CharBuf | FieldType::ByteBuf) => Ok((ty, inner.is_list())),
        Len if matches!(ty.family(), TypeFamily::String | TypeFamily::Buffer)
            || inner.is_list() =>
        {
            Ok((FieldType::Uint64, false))
        }
        _ => Err(refuse()),
    }
}

/// `join(sep, (f, …))`, `concat(a, b, …)`, `getopt(list, "opts")[c]`.
fn multi(
    t: &Transformer,
    rhs: bool,
) -> Result<(Vec<ir::TransformArg>, FieldType, bool), TypeError> {
    let args = t
        .args
        .iter()
        .map(|a| check_tr_arg(a, rhs))
        .collect::<Result<Vec<_>, _>>()?;
    match t.kind {
        TransformerKind::Join => {
            let ok = matches!(
                args.as_slice(),
                [ir::TransformArg::Literal(_), ir::TransformArg::List(_)]
            );
            if !ok {
                return Err(TypeError::new(
                    "join expects a separator string and a list of fields",
                    t.span,
                ));
            }
            Ok((args, FieldType::CharBuf, false))
        }
        TransformerKind::Concat => {
            if args.len() < 2 {
                return Err(TypeError::new(
                    "concat expects at least two arguments",
                    t.span,
                ));
            }
            Ok((args, FieldType::CharBuf, false))
        }
        _ => {
            let ok = matches!(args.as_slice(), [ir::TransformArg::Operand(o), ir::TransformArg::Literal(_)] if o.is_list());
            if !ok {
                return Err(TypeError::new(
                    "getopt expects a list field and an option string",
                    t.span,
                ));
            }
            Ok((args, FieldType::CharBuf, t.arg.is_none()))
        }
    }
}

fn check_tr_arg(a: &TransformerArg, rhs: bool) -> Result<ir::TransformArg, TypeError> {
    Ok(match a {
        TransformerArg::Operand(o) => ir::TransformArg::Operand(check_operand(o, rhs)?),
        TransformerArg::Literal(v) => ir::TransformArg::Literal(v.text.clone()),
        TransformerArg::List(items, _) => ir::TransformArg::List(
            items
                .iter()
                .map(|i| check_tr_arg(i, rhs))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// The visible catalogue field closest to a misspelt name.
fn closest_field(name: &str) -> Option<&'static str> {
    let names = crate::catalog::fields::all_fields()
        .iter()
        .filter(|f| !f.is_hidden())
        .map(|f| f.name);
    crate::suggest::suggestions(name, names).into_iter().next()
}
