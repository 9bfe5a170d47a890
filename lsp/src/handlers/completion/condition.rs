//! Completion inside conditions: what may follow the tokens before the cursor (a field, a
//! macro, `not`; an operator the field's type accepts; a value — event types after
//! `evt.type`, lists in value lists; `and`/`or`), plus the field and symbol item builders.

use super::edit;
use crate::cond_lex::{self, split_field, Tok, TokKind};
use crate::frontend::Loaded;
use crate::world::FileEntry;
use falcoc_compiler::catalog::events::{
    event_table, syscall_count, syscall_name, ASYNC_EVENT_NAMES,
};
use falcoc_compiler::catalog::fields::{all_fields, resolve_field, ArgSpec, FieldInfo};
use falcoc_compiler::catalog::ops::check_operator;
use falcoc_compiler::grammar::ast::CmpOp;
use falcoc_compiler::symbols::SymbolKind;
use lsp_types::{
    CompletionItem, CompletionItemKind, Documentation, InsertTextFormat, MarkupContent, MarkupKind,
};
use std::collections::BTreeSet;
use std::ops::Range;

/// What can follow in a condition, from the tokens before the cursor.
pub(super) fn condition(
    entry: &FileEntry,
    loaded: &Loaded,
    value: &str,
    value_start: usize,
) -> Vec<CompletionItem> {
    let toks = cond_lex::lex(value);
    let typing = value
        .chars()
        .last()
        .is_some_and(|c| !c.is_whitespace() && !"(),".contains(c));
    let (replace, before) = match toks.split_last() {
        Some((last, rest)) if typing && last.kind == TokKind::Word => (
            value_start + last.range.start..value_start + value.len(),
            rest,
        ),
        _ => (
            value_start + value.len()..value_start + value.len(),
            &toks[..],
        ),
    };
    match position(value, before) {
        Position::Operand => {
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
        Position::Operator(field) => operators(entry, &field, replace),
        Position::Value { field, list } => {
            let mut items = Vec::new();
            if field == "evt.type" {
                items.extend(event_types(entry, replace.clone()));
            }
            if list {
                items.extend(symbol_items(entry, loaded, SymbolKind::List, replace));
            }
            items
        }
        Position::AfterCheck => ["and", "or"]
            .iter()
            .map(|k| keyword(entry, k, replace.clone()))
            .collect(),
    }
}

enum Position {
    /// Where a field, a macro or `not` goes.
    Operand,
    /// After a field: an operator.
    Operator(String),
    /// A value compared with `field` (inside a value list when `list`).
    Value { field: String, list: bool },
    /// After a complete check: `and`/`or`.
    AfterCheck,
}

fn position(text: &str, before: &[Tok]) -> Position {
    let Some(last) = before.last() else {
        return Position::Operand;
    };
    let word = last.text(text);
    let is_op_word = last.kind == TokKind::Word
        && (cond_lex::is_operator_word(word) || cond_lex::MODIFIERS.contains(&word));
    let after_punct = matches!(
        last.kind,
        TokKind::Symbol | TokKind::LParen | TokKind::Comma
    );
    if is_op_word || after_punct {
        if let Some(slot) = cond_lex::value_slot(text, before, before.len()) {
            return Position::Value {
                field: slot.field.to_string(),
                list: slot.in_list || cond_lex::takes_list(word),
            };
        }
    }
    match last.kind {
        TokKind::Word if cond_lex::is_bool_keyword(word) => Position::Operand,
        TokKind::LParen => Position::Operand,
        TokKind::Word if !is_op_word => {
            // A field where a check starts: first, after `and`/`or`/`not`, or after a `(`
            // that opens a group rather than a value list.
            let prev = before.len().checked_sub(2).and_then(|j| before.get(j));
            let operand = match prev {
                None => true,
                Some(p) if p.kind == TokKind::LParen => {
                    cond_lex::value_slot(text, before, before.len() - 1).is_none()
                }
                Some(p) => p.kind == TokKind::Word && cond_lex::is_bool_keyword(p.text(text)),
            };
            let (name, arg) = split_field(word);
            if operand && resolve_field(name, arg).is_ok() {
                Position::Operator(word.to_string())
            } else {
                Position::AfterCheck
            }
        }
        _ => Position::AfterCheck,
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
