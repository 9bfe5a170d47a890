//! Evaluating an operand — a field or a transformer tree — against a [`FieldSource`].

use crate::field_value::{FieldSource, FieldValue};
use falcoc_catalog::ir::{Operand, Transform, TransformArg};
use falcoc_grammar::ast::TransformerKind;
use falcoc_predicate::transform;

/// The value of `op` on the current event, or `None` when it cannot be extracted.
pub fn eval_operand(op: &Operand, src: &mut dyn FieldSource) -> Option<FieldValue> {
    match op {
        Operand::Field(f) => src.extract(f),
        Operand::Transform(t) => eval_transform(t, src),
    }
}

fn single_arg(t: &Transform, src: &mut dyn FieldSource) -> Option<FieldValue> {
    match t.args.first()? {
        TransformArg::Operand(o) => eval_operand(o, src),
        TransformArg::Literal(s) => Some(FieldValue::Str(s.clone())),
        TransformArg::List(_) => None,
    }
}

fn eval_transform(t: &Transform, src: &mut dyn FieldSource) -> Option<FieldValue> {
    use TransformerKind::*;
    match t.kind {
        Val => single_arg(t, src),
        ToLower => transform::map_strings(single_arg(t, src)?, &transform::to_lower, false),
        ToUpper => transform::map_strings(single_arg(t, src)?, &transform::to_upper, false),
        Basename => transform::map_strings(single_arg(t, src)?, &transform::basename, false),
        B64 => transform::map_strings(single_arg(t, src)?, &transform::b64, true),
        Len => transform::len(&single_arg(t, src)?),
        Join => join(t, src),
        Concat => concat(t, src),
        Getopt => getopt(t, src),
    }
}

/// Every value an argument yields (lists flattened), or `None` if any part is missing.
fn arg_values(
    a: &TransformArg,
    src: &mut dyn FieldSource,
    out: &mut Vec<FieldValue>,
) -> Option<()> {
    match a {
        TransformArg::Literal(s) => out.push(FieldValue::Str(s.clone())),
        TransformArg::Operand(o) => match eval_operand(o, src)? {
            FieldValue::List(items) => out.extend(items),
            v => out.push(v),
        },
        TransformArg::List(items) => {
            for i in items {
                arg_values(i, src, out)?;
            }
        }
    }
    Some(())
}

/// `join(sep, (a, b, …))`: the values joined with `sep`.
fn join(t: &Transform, src: &mut dyn FieldSource) -> Option<FieldValue> {
    let (sep, rest) = t.args.split_first()?;
    let mut seps = Vec::new();
    arg_values(sep, src, &mut seps)?;
    let sep = seps.first().map(transform::text_of).unwrap_or_default();
    let mut values = Vec::new();
    for a in rest {
        arg_values(a, src, &mut values)?;
    }
    let parts: Vec<String> = values.iter().map(transform::text_of).collect();
    Some(FieldValue::Str(parts.join(&sep)))
}

/// `concat(a, b, …)`: the first value of each argument, concatenated.
fn concat(t: &Transform, src: &mut dyn FieldSource) -> Option<FieldValue> {
    let mut out = String::new();
    for a in &t.args {
        let mut values = Vec::new();
        arg_values(a, src, &mut values)?;
        out.push_str(&transform::text_of(values.first()?));
    }
    Some(FieldValue::Str(out))
}

/// `getopt(args, "optstring")` and `getopt(args, "optstring")[c]`.
fn getopt(t: &Transform, src: &mut dyn FieldSource) -> Option<FieldValue> {
    let [args, opts] = t.args.as_slice() else {
        return None;
    };
    let mut argv = Vec::new();
    arg_values(args, src, &mut argv)?;
    let argv: Vec<String> = argv.iter().map(transform::text_of).collect();
    let mut optv = Vec::new();
    arg_values(opts, src, &mut optv)?;
    let optstring = transform::text_of(optv.first()?);
    let select = match &t.select {
        Some(s) => Some(*s.as_bytes().first()?),
        None => None,
    };
    transform::getopt(&argv, &optstring, select)
}
