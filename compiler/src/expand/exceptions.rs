//! Exceptions, compiled into the rule condition as Falco does it: by generating text.
//!
//! `C` becomes `(C) and not ICOND1 and not ICOND2 …`. Field names and values are copied
//! from the YAML (so errors point at them); the glue is generated text anchored at the
//! exception.

use super::lists::quote_item;
use super::mapped_text::MappedText;
use crate::catalog::fields::{resolve_field, FieldError};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::rules_file::items::{ExceptionEntry, ExceptionItem, ItemHeader, Text};
use crate::source::Sources;
use falcoc_grammar::ast::{CmpOp, Modifier};
use falcoc_grammar::Span;

/// Appends the rule's exceptions to `cond` (which is wrapped in parentheses first).
pub fn apply_exceptions(
    sources: &Sources,
    rule: &ItemHeader,
    exceptions: &[ExceptionItem],
    cond: &MappedText,
) -> Result<MappedText, Box<Diagnostic>> {
    let rule_anchor = Span::new(
        sources.global(rule.file, rule.offset) as usize,
        sources.global(rule.file, rule.offset) as usize + 1,
    );
    let mut out = MappedText::new();
    out.push_generated("(", rule_anchor);
    out.push_slice(cond, 0..cond.len());
    out.push_generated(")", rule_anchor);
    for ex in exceptions {
        let anchor = {
            let g = sources.global(ex.file, ex.offset) as usize;
            Span::new(g, g + 1)
        };
        let comps = validate(rule, ex)?;
        let mut icond = MappedText::new();
        match &ex.fields {
            Some(ExceptionEntry::Scalar(field)) => {
                scalar_icond(sources, rule, ex, field, &comps, anchor, &mut icond)?
            }
            Some(ExceptionEntry::List(fields, ..)) => {
                list_icond(sources, rule, ex, fields, &comps, anchor, &mut icond)?
            }
            None => {}
        }
        if !icond.is_empty() {
            out.push_generated(" and not ", anchor);
            out.push_slice(&icond, 0..icond.len());
        }
    }
    Ok(out)
}

/// A comparison operator as written in an exception's `comps`.
#[derive(Clone, Debug)]
struct Comp {
    text: String,
    source: Option<Text>,
}

fn validate(rule: &ItemHeader, ex: &ExceptionItem) -> Result<Vec<Comp>, Box<Diagnostic>> {
    let fail = |msg: String| ex_error(rule, ex, msg);
    let at_comps = |msg: String, range| ex_error_at(rule, ex, msg, "comps", range);
    match &ex.fields {
        Some(ExceptionEntry::List(fields, ..)) => {
            let comps: Vec<Comp> = match &ex.comps {
                None => fields
                    .iter()
                    .map(|_| Comp {
                        text: "=".into(),
                        source: None,
                    })
                    .collect(),
                Some(ExceptionEntry::List(items, ..)) => items
                    .iter()
                    .map(comp_of)
                    .collect::<Result<_, _>>()
                    .map_err(fail)?,
                Some(e @ ExceptionEntry::Scalar(_)) => {
                    return Err(at_comps(
                        "Rule exception comps must be a list when fields is a list".into(),
                        e.range(),
                    ))
                }
            };
            if comps.len() != fields.len() {
                let range = ex.comps.as_ref().map(ExceptionEntry::range);
                let msg = "Fields and comps lists must have equal length".to_string();
                return Err(match range {
                    Some(r) => at_comps(msg, r),
                    None => fail(msg),
                });
            }
            for c in &comps {
                if !is_supported_comp(&c.text) {
                    let msg = format!("'{}' is not a supported comparison operator", c.text);
                    return Err(match &c.source {
                        Some(t) => at_comps(msg, t.range.clone()),
                        None => fail(msg),
                    });
                }
            }
            for f in fields {
                if let ExceptionEntry::Scalar(t) = f {
                    check_field(rule, ex, t)?;
                }
            }
            Ok(comps)
        }
        Some(ExceptionEntry::Scalar(_)) => {
            let comp = match &ex.comps {
                None => Comp {
                    text: "in".into(),
                    source: None,
                },
                Some(e @ ExceptionEntry::Scalar(_)) => comp_of(e).map_err(fail)?,
                Some(e @ ExceptionEntry::List(..)) => {
                    return Err(at_comps(
                        "Fields and comps must both be strings".into(),
                        e.range(),
                    ))
                }
            };
            let ok = matches!(comp.text.as_str(), "in" | "pmatch" | "intersects")
                || is_modifier_comp(&comp.text);
            if !ok {
                let msg =
                    "When fields is a single value, comps must be one of (in, pmatch, intersects)"
                        .to_string();
                return Err(match &comp.source {
                    Some(t) => at_comps(msg, t.range.clone()),
                    None => fail(msg),
                });
            }
            if let Some(ExceptionEntry::Scalar(t)) = &ex.fields {
                check_field(rule, ex, t)?;
            }
            Ok(vec![comp])
        }
        None => Ok(Vec::new()),
    }
}

/// Falco's `is_field_defined`: a plain field (with an optional `[arg]`) must exist; an
/// expression with `(` (a transformer) is checked when the condition is compiled.
fn check_field(rule: &ItemHeader, ex: &ExceptionItem, t: &Text) -> Result<(), Box<Diagnostic>> {
    let text = t.value.trim();
    if text.contains('(') {
        return Ok(());
    }
    let (name, arg) = match text.split_once('[') {
        Some((name, rest)) => (name, Some(rest.strip_suffix(']').unwrap_or(rest))),
        None => (text, None),
    };
    match resolve_field(name, arg) {
        Err(FieldError::NotFound { .. }) => Err(ex_error_at(
            rule,
            ex,
            format!("'{text}' is not a supported filter field"),
            "fields",
            t.range.clone(),
        )),
        _ => Ok(()),
    }
}

fn comp_of(e: &ExceptionEntry) -> Result<Comp, String> {
    match e {
        ExceptionEntry::Scalar(t) => Ok(Comp {
            text: t.value.trim().to_string(),
            source: Some(t.clone()),
        }),
        ExceptionEntry::List(..) => Err("Rule exception comps must be scalars".into()),
    }
}

fn is_supported_comp(c: &str) -> bool {
    CmpOp::from_str_exact(c).is_some() || is_modifier_comp(c)
}

/// `strop modifier`, e.g. `startswith oneof`.
fn is_modifier_comp(c: &str) -> bool {
    let mut words = c.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(op), Some(m), None) => {
            CmpOp::from_str_exact(op).is_some_and(|o| o.accepts_modifier())
                && Modifier::from_name(m).is_some()
        }
        _ => false,
    }
}

fn is_list_comp(c: &str) -> bool {
    CmpOp::from_str_exact(c).is_some_and(CmpOp::takes_list) || is_modifier_comp(c)
}

fn push_comp(sources: &Sources, out: &mut MappedText, comp: &Comp, anchor: Span) {
    match &comp.source {
        Some(t) if t.value.trim() == t.value => out.push_text(sources, t),
        _ => out.push_generated(&comp.text, anchor),
    }
}

/// Pushes a value, wrapped by `quote_item` (quotes generated, text copied).
fn push_quoted(sources: &Sources, out: &mut MappedText, t: &Text, anchor: Span) {
    let quoted = quote_item(&t.value) != t.value;
    if quoted {
        out.push_generated("\"", anchor);
    }
    out.push_text(sources, t);
    if quoted {
        out.push_generated("\"", anchor);
    }
}

fn scalar_icond(
    sources: &Sources,
    rule: &ItemHeader,
    ex: &ExceptionItem,
    field: &Text,
    comps: &[Comp],
    anchor: Span,
    out: &mut MappedText,
) -> Result<(), Box<Diagnostic>> {
    let values = ex.values.as_deref().unwrap_or(&[]);
    for (i, v) in values.iter().enumerate() {
        let ExceptionEntry::Scalar(t) = v else {
            return Err(ex_error_at(
                rule,
                ex,
                "Expected values array to contain a list of strings".into(),
                "values",
                v.range(),
            ));
        };
        if i == 0 {
            out.push_generated("(", anchor);
            out.push_text(sources, field);
            out.push_generated(" ", anchor);
            push_comp(sources, out, &comps[0], anchor);
            out.push_generated(" (", anchor);
        } else {
            out.push_generated(", ", anchor);
        }
        push_quoted(sources, out, t, anchor);
    }
    if !values.is_empty() {
        out.push_generated("))", anchor);
    }
    Ok(())
}

fn list_icond(
    sources: &Sources,
    rule: &ItemHeader,
    ex: &ExceptionItem,
    fields: &[ExceptionEntry],
    comps: &[Comp],
    anchor: Span,
    out: &mut MappedText,
) -> Result<(), Box<Diagnostic>> {
    let values = ex.values.as_deref().unwrap_or(&[]);
    if values.is_empty() {
        return Ok(());
    }
    out.push_generated("(", anchor);
    for (n, tuple) in values.iter().enumerate() {
        let items: Vec<&ExceptionEntry> = match tuple {
            ExceptionEntry::List(items, ..) => items.iter().collect(),
            ExceptionEntry::Scalar(_) => Vec::new(),
        };
        if items.len() != fields.len() {
            return Err(ex_error_at(
                rule,
                ex,
                "Fields and values lists must have equal length".into(),
                "values",
                tuple.range(),
            ));
        }
        out.push_generated(if n == 0 { "(" } else { " or (" }, anchor);
        for (k, (field, value)) in fields.iter().zip(items).enumerate() {
            let ExceptionEntry::Scalar(field) = field else {
                return Err(ex_error_at(
                    rule,
                    ex,
                    "Rule exception fields must be scalars".into(),
                    "fields",
                    field.range(),
                ));
            };
            out.push_generated(if k == 0 { " " } else { " and  " }, anchor);
            out.push_text(sources, field);
            out.push_generated(" ", anchor);
            push_comp(sources, out, &comps[k], anchor);
            out.push_generated(" ", anchor);
            push_value(sources, out, value, &comps[k].text, anchor);
        }
        out.push_generated(")", anchor);
    }
    out.push_generated(")", anchor);
    Ok(())
}

fn push_value(
    sources: &Sources,
    out: &mut MappedText,
    value: &ExceptionEntry,
    comp: &str,
    anchor: Span,
) {
    match value {
        ExceptionEntry::List(items, ..) => {
            out.push_generated("(", anchor);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_generated(", ", anchor);
                }
                if let ExceptionEntry::Scalar(t) = item {
                    push_quoted(sources, out, t, anchor);
                }
            }
            out.push_generated(")", anchor);
        }
        ExceptionEntry::Scalar(t) if is_list_comp(comp) && !t.value.starts_with('(') => {
            out.push_generated("(", anchor);
            out.push_text(sources, t);
            out.push_generated(")", anchor);
        }
        ExceptionEntry::Scalar(t) if is_list_comp(comp) => out.push_text(sources, t),
        ExceptionEntry::Scalar(t) => push_quoted(sources, out, t, anchor),
    }
}

fn ex_error(rule: &ItemHeader, ex: &ExceptionItem, msg: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(Code::ErrValidate, msg)
            .with_primary(ex.file, ex.offset..ex.offset, "")
            .with_locations(vec![
                Location::new("rules content", "", rule.file, 0),
                Location::new("rule", &rule.name, rule.file, rule.offset),
                Location::new("exception", &ex.name, ex.file, ex.offset),
            ]),
    )
}

/// An exception error pointing at the offending YAML value (of `key`); its location
/// chain ends at the exception, as Falco's does.
fn ex_error_at(
    rule: &ItemHeader,
    ex: &ExceptionItem,
    msg: String,
    key: &str,
    range: std::ops::Range<usize>,
) -> Box<Diagnostic> {
    let mut d = ex_error(rule, ex, msg);
    d.primary = Some(crate::diagnostic::Label::new(
        ex.file,
        range,
        format!("this `{key}` value"),
    ));
    d
}
