//! Operand values: a field's record straight from the reader (borrowed, no copy), or a
//! transformer's result computed into an owned value (transformers are rare in rules).

use crate::lowered::{Operand, Program, Transform, TransformArg};
use crate::reader::FieldReader;
use crate::transform;
use crate::value::{RawValue, Value};
use falcoc_catalog::value::TypedValue;
use falcoc_grammar::ast::TransformerKind;

/// The value of an operand on the current event.
pub enum OperandValue {
    /// A present record from the reader, valid for the current event (the reader's
    /// contract).
    Read(RawValue),
    /// A transformer's result, with the element records of a list result.
    Computed(TypedValue, Vec<RawValue>),
}

impl OperandValue {
    /// The value as a borrowed [`Value`].
    pub fn value(&self) -> Option<Value<'_>> {
        match self {
            // SAFETY: `Read` records come from `FieldReader::load` during the evaluation of
            // the current event, which keeps them valid (the trait's contract); the value
            // does not outlive `self`, which lives only during that evaluation.
            OperandValue::Read(raw) => unsafe { raw.get() },
            OperandValue::Computed(TypedValue::List(_), items) => {
                Some(Value::List(crate::value::List::new(items)))
            }
            OperandValue::Computed(v, _) => crate::ops::view(v),
        }
    }

    fn computed(v: TypedValue) -> OperandValue {
        let items = match &v {
            TypedValue::List(items) => items
                .iter()
                .map(|i| RawValue::from_value(crate::ops::view(i)))
                .collect(),
            _ => Vec::new(),
        };
        OperandValue::Computed(v, items)
    }
}

/// The value of `op`, or `None` when it cannot be extracted.
pub fn operand_value(
    program: &Program,
    op: Operand,
    fields: &mut dyn FieldReader,
) -> Option<OperandValue> {
    match op {
        Operand::Field(slot) => {
            let raw = fields.load(slot);
            raw.is_present().then_some(OperandValue::Read(raw))
        }
        Operand::Transform(t) => {
            let t = program.pool.transform(t)?;
            eval_transform(program, t, fields).map(OperandValue::computed)
        }
    }
}

/// The owned value of `op`.
fn owned(program: &Program, op: Operand, fields: &mut dyn FieldReader) -> Option<TypedValue> {
    match operand_value(program, op, fields)? {
        OperandValue::Computed(v, _) => Some(v),
        read => read.value().map(|v| v.to_owned()),
    }
}

fn single_arg(
    program: &Program,
    t: &Transform,
    fields: &mut dyn FieldReader,
) -> Option<TypedValue> {
    match t.args.first()? {
        TransformArg::Operand(o) => owned(program, *o, fields),
        TransformArg::Literal(s) => Some(TypedValue::Str(s.clone())),
        TransformArg::List(_) => None,
    }
}

fn eval_transform(
    program: &Program,
    t: &Transform,
    fields: &mut dyn FieldReader,
) -> Option<TypedValue> {
    use TransformerKind::*;
    let one = |fields: &mut dyn FieldReader| single_arg(program, t, fields);
    match t.kind {
        Val => one(fields),
        ToLower => transform::map_strings(one(fields)?, &transform::to_lower, false),
        ToUpper => transform::map_strings(one(fields)?, &transform::to_upper, false),
        Basename => transform::map_strings(one(fields)?, &transform::basename, false),
        B64 => transform::map_strings(one(fields)?, &transform::b64, true),
        Len => transform::len(&one(fields)?),
        Join => join(program, t, fields),
        Concat => concat(program, t, fields),
        Getopt => getopt(program, t, fields),
    }
}

/// Every value an argument yields (lists flattened), or `None` if any part is missing.
fn arg_values(
    program: &Program,
    a: &TransformArg,
    fields: &mut dyn FieldReader,
    out: &mut Vec<TypedValue>,
) -> Option<()> {
    match a {
        TransformArg::Literal(s) => out.push(TypedValue::Str(s.clone())),
        TransformArg::Operand(o) => match owned(program, *o, fields)? {
            TypedValue::List(items) => out.extend(items),
            v => out.push(v),
        },
        TransformArg::List(items) => {
            for i in items {
                arg_values(program, i, fields, out)?;
            }
        }
    }
    Some(())
}

/// `join(sep, (a, b, …))`: the values joined with `sep`.
fn join(program: &Program, t: &Transform, fields: &mut dyn FieldReader) -> Option<TypedValue> {
    let (sep, rest) = t.args.split_first()?;
    let mut seps = Vec::new();
    arg_values(program, sep, fields, &mut seps)?;
    let sep = seps.first().map(transform::text_of).unwrap_or_default();
    let mut values = Vec::new();
    for a in rest {
        arg_values(program, a, fields, &mut values)?;
    }
    let parts: Vec<String> = values.iter().map(transform::text_of).collect();
    Some(TypedValue::Str(parts.join(&sep)))
}

/// `concat(a, b, …)`: the first value of each argument, concatenated.
fn concat(program: &Program, t: &Transform, fields: &mut dyn FieldReader) -> Option<TypedValue> {
    let mut out = String::new();
    for a in &t.args {
        let mut values = Vec::new();
        arg_values(program, a, fields, &mut values)?;
        out.push_str(&transform::text_of(values.first()?));
    }
    Some(TypedValue::Str(out))
}

/// `getopt(args, "optstring")` and `getopt(args, "optstring")[c]`.
fn getopt(program: &Program, t: &Transform, fields: &mut dyn FieldReader) -> Option<TypedValue> {
    let [args, opts] = t.args.as_slice() else {
        return None;
    };
    let mut argv = Vec::new();
    arg_values(program, args, fields, &mut argv)?;
    let argv: Vec<String> = argv.iter().map(transform::text_of).collect();
    let mut optv = Vec::new();
    arg_values(program, opts, fields, &mut optv)?;
    let optstring = transform::text_of(optv.first()?);
    let select = match &t.select {
        Some(s) => Some(*s.as_bytes().first()?),
        None => None,
    };
    transform::getopt(&argv, &optstring, select)
}
