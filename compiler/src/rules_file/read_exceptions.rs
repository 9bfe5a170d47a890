//! Reads a rule's `exceptions` list: names, fields, comps and values.

use super::decode::{required_scalar, Ctx};
use super::items::{ExceptionEntry, ExceptionItem};
use super::read::FileItems;
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml::{Node, NodeKind};

type R<T> = Result<T, Box<Diagnostic>>;

/// Reads `item.exceptions`. `appending` makes `fields` optional and warns on missing values.
pub fn read_exceptions(
    ctx: &Ctx,
    item: &Node,
    appending: bool,
    out: &mut FileItems,
) -> R<Option<Vec<ExceptionItem>>> {
    let Some(list) = item.get("exceptions") else {
        return Ok(None);
    };
    if list.is_null() {
        return Ok(Some(Vec::new()));
    }
    let lctx = ctx.child("exceptions", "", list.range.start);
    let Some(entries) = list.as_seq() else {
        return Err(Box::new(
            lctx.error(list, "Rule exceptions must be a sequence"),
        ));
    };
    let mut result: Vec<ExceptionItem> = Vec::new();
    for ex in entries {
        let offset = super::decode::first_key_offset(ex);
        let tmp = lctx.child("exception", "", offset);
        if ex.as_map().is_none() {
            return Err(Box::new(tmp.error(ex, "Rule exception must be a mapping")));
        }
        let (_, name) = required_scalar(&tmp, ex, "name")?;
        let ectx = ctx.child("exception", &name, offset);
        if result.iter().any(|e| e.name == name) {
            out.diagnostics.push(ectx.diag(
                Code::ExceptionNameNotUnique,
                offset..offset,
                format!("Multiple definitions of exception '{name}' in the same rule"),
            ));
        }
        let fields = entry(&ectx, ex, "fields", !appending)?;
        let comps = entry(&ectx, ex, "comps", false)?;
        let values = match ex.get("values") {
            None => {
                if appending {
                    out.diagnostics.push(ectx.diag(
                        Code::AppendNoValues,
                        offset..offset,
                        "Overriding/appending exception with no values",
                    ));
                }
                None
            }
            Some(v) => Some(values(&ectx, v)?),
        };
        result.push(ExceptionItem {
            name,
            file: ctx.file,
            offset,
            fields,
            comps,
            values,
        });
    }
    Ok(Some(result))
}

fn entry(ctx: &Ctx, ex: &Node, key: &str, required: bool) -> R<Option<ExceptionEntry>> {
    match ex.get(key) {
        None if required => {
            let at = super::decode::first_key_offset(ex);
            Err(Box::new(ctx.error_at(
                at..at,
                format!("Item has no mapping for key '{key}'"),
            )))
        }
        None => Ok(None),
        Some(v) => decode_entry(&ctx.child("value for", key, v.range.start), v).map(Some),
    }
}

fn values(ctx: &Ctx, v: &Node) -> R<Vec<ExceptionEntry>> {
    let vctx = ctx.child("exception values", "", v.range.start);
    match &v.kind {
        NodeKind::Seq(items) => items
            .iter()
            .map(|val| decode_entry(&vctx.child("exception value", "", val.range.start), val))
            .collect(),
        NodeKind::Null => Ok(Vec::new()),
        _ => Err(Box::new(
            vctx.error(v, "Rule exception values must be a sequence"),
        )),
    }
}

fn decode_entry(ctx: &Ctx, v: &Node) -> R<ExceptionEntry> {
    match &v.kind {
        NodeKind::Scalar(s, _) if s.is_empty() => {
            Err(Box::new(ctx.error(v, "Value must be non-empty")))
        }
        NodeKind::Scalar(s, _) => Ok(ExceptionEntry::Scalar(ctx.text(v, s))),
        NodeKind::Seq(items) => Ok(ExceptionEntry::List(
            items
                .iter()
                .map(|i| decode_entry(ctx, i))
                .collect::<R<Vec<_>>>()?,
            ctx.file,
            v.range.clone(),
        )),
        NodeKind::Null => Err(Box::new(ctx.error(v, "Value must be non-empty"))),
        NodeKind::Map(_) => Err(Box::new(ctx.error(v, "Could not decode scalar value"))),
    }
}
