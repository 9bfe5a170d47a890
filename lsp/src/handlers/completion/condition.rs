//! Completion inside conditions: what the grammar accepts where the text before the cursor
//! ends (a check — a field, a macro, `not`; an operator the field's type accepts; a value —
//! event types after `evt.type`, lists in value lists; `and`/`or`), plus the field and
//! symbol item builders. The text is scanned by the grammar's own lexer, which recovers
//! from the errors of half-typed text.

use super::edit;
use crate::frontend::Loaded;
use crate::world::FileEntry;
use falcoc_compiler::catalog::events::{
    event_table, syscall_count, syscall_name, ASYNC_EVENT_NAMES,
};
use falcoc_compiler::catalog::fields::{all_fields, resolve_field, ArgSpec, FieldInfo};
use falcoc_compiler::catalog::ops::check_operator;
use falcoc_compiler::grammar::ast::{CmpOp, RhsKind};
use falcoc_compiler::grammar::tokens::{scan_piece, word_start, Expect};
use falcoc_compiler::symbols::SymbolKind;
use lsp_types::{
    CompletionItem, CompletionItemKind, Documentation, InsertTextFormat, MarkupContent, MarkupKind,
};
use std::collections::BTreeSet;
use std::ops::Range;

/// What can follow in a condition, from the text `value` before the cursor (which starts
/// at byte `value_start` of the file). The word being typed is replaced.
pub(super) fn condition(
    entry: &FileEntry,
    loaded: &Loaded,
    value: &str,
    value_start: usize,
) -> Vec<CompletionItem> {
    let typed = word_start(value);
    let replace = value_start + typed..value_start + value.len();
    let before = &value[..typed];
    let scanned = scan_piece(before);
    let lhs = scanned.expect_lhs.map_or("", |s| &before[s.range()]);
    match scanned.expect {
        Expect::Check => {
            let mut items = fields(entry, replace.clone());
            items.extend(symbol_items(
                entry,
                loaded,
                SymbolKind::Macro,
                replace.clone(),
            ));
            items.push(keyword(entry, "not", replace));
            items
        }
        Expect::Operand => fields(entry, replace),
        Expect::Operator => operators(entry, lhs, replace),
        Expect::Number | Expect::String | Expect::List | Expect::ListItem => {
            let mut items = Vec::new();
            if lhs == "evt.type" {
                items.extend(event_types(entry, replace.clone()));
            }
            if matches!(scanned.expect, Expect::List | Expect::ListItem) {
                items.extend(symbol_items(entry, loaded, SymbolKind::List, replace));
            }
            items
        }
        Expect::Logical => ["and", "or"]
            .iter()
            .map(|k| keyword(entry, k, replace.clone()))
            .collect(),
        Expect::Separator | Expect::Unknown => Vec::new(),
    }
}

/// `name[arg]` split into the name and the argument text.
fn split_field(field: &str) -> (&str, Option<&str>) {
    match field.split_once('[') {
        Some((name, rest)) => (name, Some(rest.strip_suffix(']').unwrap_or(rest))),
        None => (field, None),
    }
}

fn keyword(entry: &FileEntry, word: &str, replace: Range<usize>) -> CompletionItem {
    CompletionItem {
        label: word.to_string(),
        kind: Some(CompletionItemKind::KEYWORD),
        text_edit: edit(entry, replace, word.to_string()),
        ..CompletionItem::default()
    }
}

/// Every field offered in completion, with a placeholder where an argument is required.
pub(super) fn fields(entry: &FileEntry, replace: Range<usize>) -> Vec<CompletionItem> {
    all_fields()
        .iter()
        .filter(|f| !f.is_hidden())
        .map(|f| field_item(entry, f, replace.clone()))
        .collect()
}

fn field_item(entry: &FileEntry, f: &FieldInfo, replace: Range<usize>) -> CompletionItem {
    let (snippet, format) = match f.arg {
        ArgSpec::Index { required: true } => (format!("{}[${{1:0}}]", f.name), true),
        ArgSpec::IndexOrKey { required: true } | ArgSpec::Key => {
            (format!("{}[${{1:key}}]", f.name), true)
        }
        ArgSpec::EventParam { .. } => (format!("{}.${{1:param}}", f.name), true),
        ArgSpec::EventType => (format!("{}.${{1:event}}", f.name), true),
        ArgSpec::Subsystem => (format!("{}.${{1:subsystem}}", f.name), true),
        _ => (f.name.to_string(), false),
    };
    let arg = f.arg.describe();
    CompletionItem {
        label: f.name.to_string(),
        kind: Some(CompletionItemKind::FIELD),
        detail: Some(if arg.is_empty() {
            f.ftype.type_name().to_string()
        } else {
            format!("{} ({arg})", f.ftype.type_name())
        }),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: f.desc.to_string(),
        })),
        insert_text_format: format.then_some(InsertTextFormat::SNIPPET),
        text_edit: edit(entry, replace, snippet),
        ..CompletionItem::default()
    }
}

/// The operators the field's type accepts.
fn operators(entry: &FileEntry, field: &str, replace: Range<usize>) -> Vec<CompletionItem> {
    let (name, arg) = split_field(field);
    let Ok(resolved) = resolve_field(name, arg) else {
        return Vec::new();
    };
    CmpOp::ALL
        .iter()
        .filter(|op| **op != CmpOp::EqEq)
        .filter(|op| check_operator(resolved.ftype, resolved.is_list(), **op, None).is_ok())
        .map(|op| CompletionItem {
            label: op.as_str().to_string(),
            kind: Some(CompletionItemKind::OPERATOR),
            detail: Some(format!(
                "{} `{}`",
                resolved.ftype.type_name(),
                resolved.info.name
            )),
            text_edit: edit(entry, replace.clone(), op.as_str().to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

/// Every comparison operator of the grammar, as written in an exception's `comps`.
pub(super) fn comparison_operators(
    entry: &FileEntry,
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    CmpOp::ALL
        .iter()
        .filter(|op| **op != CmpOp::EqEq && op.rhs_kind() != RhsKind::Nothing)
        .map(|op| CompletionItem {
            label: op.as_str().to_string(),
            kind: Some(CompletionItemKind::OPERATOR),
            text_edit: edit(entry, replace.clone(), op.as_str().to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

/// Every name `evt.type` accepts: event table names, syscall names and async events.
pub fn event_type_names() -> BTreeSet<&'static str> {
    let mut names: BTreeSet<&'static str> = event_table()
        .iter()
        .skip(2)
        .filter(|e| !e.is_unused() && e.name != "NA")
        .map(|e| e.name)
        .collect();
    names.extend(
        (0..syscall_count())
            .filter_map(|i| syscall_name(i as u16))
            .filter(|n| !n.is_empty()),
    );
    names.extend(ASYNC_EVENT_NAMES.iter().copied());
    names
}

fn event_types(entry: &FileEntry, replace: Range<usize>) -> Vec<CompletionItem> {
    event_type_names()
        .into_iter()
        .map(|name| CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some("event type".into()),
            text_edit: edit(entry, replace.clone(), name.to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

/// Macros or lists of the load group, with their expansion as documentation.
pub(super) fn symbol_items(
    entry: &FileEntry,
    loaded: &Loaded,
    kind: SymbolKind,
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    loaded
        .names(kind)
        .into_iter()
        .map(|name| {
            let (item_kind, detail, doc) = match kind {
                SymbolKind::Macro => (
                    CompletionItemKind::FUNCTION,
                    "macro",
                    loaded.result.macro_expansions.get(name).cloned(),
                ),
                _ => (
                    CompletionItemKind::VARIABLE,
                    "list",
                    loaded.result.list_items.get(name).map(|i| i.join(", ")),
                ),
            };
            CompletionItem {
                label: name.to_string(),
                kind: Some(item_kind),
                detail: Some(detail.into()),
                documentation: doc.map(|d| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: format!("```\n{d}\n```"),
                    })
                }),
                text_edit: edit(entry, replace.clone(), name.to_string()),
                ..CompletionItem::default()
            }
        })
        .collect()
}
