//! Reads `rule` items: full definitions, legacy `enabled` toggles, `append: true` and
//! `override` updates.

use super::decode::{
    self, optional_bool, optional_scalar, optional_u64, required_scalar, scalar_seq, Ctx,
};
use super::items::*;
use super::overrides::{read_overrides, Overrides};
use super::read::{legacy_append, warn_unknown_keys, FileItems, ERROR_OVERRIDE_APPEND, RULE_KEYS};
use super::read_exceptions::read_exceptions;
use crate::diagnostic::{Code, Diagnostic};
use crate::priority::Priority;
use crate::yaml::Node;
use std::ops::Range;

type R<T> = Result<T, Box<Diagnostic>>;

pub(super) const APPENDABLE: &[&str] = &["condition", "output", "desc", "tags", "exceptions"];
pub(super) const REPLACEABLE: &[&str] = &[
    "condition",
    "output",
    "desc",
    "priority",
    "tags",
    "exceptions",
    "enabled",
    "warn_evttypes",
    "skip-if-unknown-filter",
    "capture",
    "capture_duration",
];

pub(super) fn read_rule(ctx: &Ctx, item: &Node, out: &mut FileItems) -> R<()> {
    let at = decode::first_key_offset(item);
    let (name_node, name) = required_scalar(&ctx.child("rule", "", at), item, "rule")?;
    let rctx = ctx.child("rule", &name, at);
    let header = rctx.header(item, &name, Some(name_node));
    warn_unknown_keys(&rctx, item, RULE_KEYS, out);
    let append = legacy_append(&rctx, item, out)?;
    let ov = read_overrides(&rctx, item, APPENDABLE, REPLACEABLE)?;
    if append && !ov.is_empty() {
        return Err(Box::new(rctx.error_at(at..at, ERROR_OVERRIDE_APPEND)));
    }
    if !ov.is_empty() {
        return read_overrides_update(&rctx, item, header, &ov, out);
    }
    if append {
        return read_legacy_append(&rctx, item, header, out);
    }
    let defines = ["condition", "output", "desc", "priority"]
        .iter()
        .any(|k| item.get(k).is_some());
    if !defines {
        let enabled = optional_bool(&rctx, item, "enabled")?.ok_or_else(|| {
            Box::new(rctx.error_at(at..at, "Item has no mapping for key 'enabled'"))
        })?;
        out.diagnostics.push(rctx.diag(
            Code::DeprecatedItem,
            at..at,
            "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').",
        ));
        out.items
            .push(Item::Rule(RuleItem::Enable { header, enabled }));
        return Ok(());
    }
    let def = read_definition(&rctx, item, header, out)?;
    out.items.push(Item::Rule(RuleItem::Define(Box::new(def))));
    Ok(())
}

fn read_definition(ctx: &Ctx, item: &Node, header: ItemHeader, out: &mut FileItems) -> R<RuleDef> {
    let (cond_node, cond) = required_scalar(ctx, item, "condition")?;
    let (out_node, output) = required_scalar(ctx, item, "output")?;
    let (desc_node, desc) = required_scalar(ctx, item, "desc")?;
    let priority = read_priority(ctx, item)?;
    let source = optional_scalar(ctx, item, "source")?;
    let exceptions = read_exceptions(ctx, item, false, out)?.unwrap_or_default();
    Ok(RuleDef {
        condition: ctx.text(cond_node, &cond),
        output: trimmed_text(ctx, out_node, &output),
        desc: ctx.text(desc_node, &desc),
        priority,
        source_given: source.is_some(),
        source: source.map_or_else(|| "syscall".to_string(), |(_, s)| s),
        enabled: optional_bool(ctx, item, "enabled")?.unwrap_or(true),
        warn_evttypes: optional_bool(ctx, item, "warn_evttypes")?.unwrap_or(true),
        skip_if_unknown_filter: optional_bool(ctx, item, "skip-if-unknown-filter")?
            .unwrap_or(false),
        capture: optional_bool(ctx, item, "capture")?.unwrap_or(false),
        capture_duration: optional_u64(ctx, item, "capture_duration")?.unwrap_or(0),
        tags: read_tags(ctx, item)?.unwrap_or_default(),
        exceptions,
        header,
    })
}

/// The output with surrounding whitespace removed, still mapped to the file.
fn trimmed_text(ctx: &Ctx, node: &Node, value: &str) -> Text {
    let full = ctx.text(node, value);
    let lead = value.len() - value.trim_start().len();
    let trimmed = value.trim();
    let start = full.map.offset(lead);
    Text {
        value: trimmed.to_string(),
        file: ctx.file,
        range: full.map.range(lead..lead + trimmed.len()),
        map: crate::yaml::ScalarMap::new(
            trimmed,
            &ctx.source.text,
            start..node.range.end.max(start),
        ),
    }
}

fn read_priority(ctx: &Ctx, item: &Node) -> R<(Priority, Range<usize>)> {
    let (node, text) = required_scalar(ctx, item, "priority")?;
    match Priority::parse(&text) {
        Some(p) => Ok((p, node.range.clone())),
        None => {
            let pctx = ctx.child("rule priority", "", node.range.start);
            Err(Box::new(pctx.error(node, "Invalid priority")))
        }
    }
}

fn read_tags(ctx: &Ctx, item: &Node) -> R<Option<Vec<String>>> {
    Ok(scalar_seq(ctx, item, "tags")?.map(|tags| {
        let mut tags: Vec<String> = tags.into_iter().map(|(_, t)| t).collect();
        tags.sort();
        tags.dedup();
        tags
    }))
}

/// `append: true`: only `condition` and `exceptions` are taken (Falco ignores the rest).
fn read_legacy_append(ctx: &Ctx, item: &Node, header: ItemHeader, out: &mut FileItems) -> R<()> {
    let mut update = RuleUpdate {
        merge: Some(Merge::LegacyAppend),
        ..Default::default()
    };
    if item.get("condition").is_some() {
        let (node, cond) = required_scalar(ctx, item, "condition")?;
        update.condition = Some(ctx.text(node, &cond));
    }
    if item.get("exceptions").is_some() {
        update.exceptions = read_exceptions(ctx, item, true, out)?;
    }
    if update.condition.is_none() && update.exceptions.is_none() {
        let at = header.offset;
        return Err(Box::new(ctx.diag(
            Code::ErrValidate,
            at..at,
            "Appended rule must have exceptions or condition property",
        )));
    }
    update.header = Some(header);
    out.items
        .push(Item::Rule(RuleItem::Update(Box::new(update))));
    Ok(())
}

/// `override:` updates: one append update and/or one replace update.
fn read_overrides_update(
    ctx: &Ctx,
    item: &Node,
    header: ItemHeader,
    ov: &Overrides,
    out: &mut FileItems,
) -> R<()> {
    let at = header.offset;
    let mut expected: Vec<&str> = REPLACEABLE
        .iter()
        .copied()
        .filter(|k| item.get(k).is_some())
        .collect();
    for (ops, kind) in [(&ov.append, "append"), (&ov.replace, "replace")] {
        for (key, _) in ops.iter() {
            if !expected.contains(&key.as_str()) {
                return Err(Box::new(ctx.error_at(
                    at..at,
                    format!(
                        "An {kind} override for '{key}' was specified but '{key}' is not defined"
                    ),
                )));
            }
        }
    }
    expected.retain(|k| !ov.appends(k) && !ov.replaces(k));
    if let Some(key) = expected.first() {
        let node = item.get(key).unwrap_or(item);
        let kctx = ctx.child("overrides", key, node.range.start);
        return Err(Box::new(kctx.error(
            node,
            format!("Unexpected key '{key}': no corresponding entry under 'override' is defined."),
        )));
    }
    if !ov.append.is_empty() {
        let update = read_update_keys(ctx, item, |k| ov.appends(k), Merge::Append, out)?;
        out.items
            .push(Item::Rule(RuleItem::Update(Box::new(RuleUpdate {
                header: Some(header.clone()),
                ..update
            }))));
    }
    if !ov.replace.is_empty() {
        let update = read_update_keys(ctx, item, |k| ov.replaces(k), Merge::Replace, out)?;
        out.items
            .push(Item::Rule(RuleItem::Update(Box::new(RuleUpdate {
                header: Some(header),
                ..update
            }))));
    }
    Ok(())
}

fn read_update_keys(
    ctx: &Ctx,
    item: &Node,
    wanted: impl Fn(&str) -> bool,
    merge: Merge,
    out: &mut FileItems,
) -> R<RuleUpdate> {
    let mut u = RuleUpdate {
        merge: Some(merge),
        ..Default::default()
    };
    let text = |key: &str| -> R<Option<Text>> {
        if !wanted(key) {
            return Ok(None);
        }
        let (node, value) = required_scalar(ctx, item, key)?;
        Ok(Some(ctx.text(node, &value)))
    };
    u.condition = text("condition")?;
    u.output = text("output")?;
    u.desc = text("desc")?;
    if wanted("priority") {
        u.priority = Some(read_priority(ctx, item)?);
    }
    if wanted("tags") {
        u.tags = read_tags(ctx, item)?;
    }
    if wanted("exceptions") {
        u.exceptions = read_exceptions(ctx, item, true, out)?;
    }
    let flag = |key: &str| -> R<Option<bool>> {
        if wanted(key) {
            optional_bool(ctx, item, key)
        } else {
            Ok(None)
        }
    };
    u.enabled = flag("enabled")?;
    u.warn_evttypes = flag("warn_evttypes")?;
    u.skip_if_unknown_filter = flag("skip-if-unknown-filter")?;
    u.capture = flag("capture")?;
    if wanted("capture_duration") {
        u.capture_duration = optional_u64(ctx, item, "capture_duration")?;
    }
    Ok(u)
}
