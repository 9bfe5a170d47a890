//! `textDocument/completion`: item kinds and keys, priorities, and inside conditions the
//! fields (with argument placeholders), macros, lists, the operators the field's type
//! accepts, and event type names after `evt.type`.

mod condition;

use super::common::at;
use crate::world::{FileEntry, World};
use crate::yaml_context::{context, Context, ItemKind};
use condition::{condition, fields, symbol_items};
use falcoc_compiler::priority::Priority;
use falcoc_compiler::symbols::SymbolKind;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    InsertTextFormat, TextEdit,
};
use std::ops::Range;

use falcoc_compiler::rules_file::{LIST_KEYS, MACRO_KEYS, RULE_KEYS};

/// Keys offered for an item kind: the reader's own list, without the deprecated `append`.
fn offered_keys(keys: &'static [&'static str]) -> impl Iterator<Item = &'static str> {
    keys.iter().copied().filter(|k| *k != "append")
}
const BOOL_KEYS: &[&str] = &[
    "enabled",
    "warn_evttypes",
    "skip-if-unknown-filter",
    "capture",
    "append",
];

pub fn completion(world: &World, params: CompletionParams) -> Option<CompletionResponse> {
    let p = params.text_document_position;
    let here = at(world, &p.text_document.uri, p.position)?;
    let text = &*here.entry.text;
    let items = match context(text, here.offset)? {
        Context::ItemStart { replace } => item_starts(here.entry, replace),
        Context::Key {
            item,
            present,
            replace,
        } => keys(here.entry, item, &present, replace),
        Context::Value {
            item,
            key,
            value_start,
        } => {
            let value = text.get(value_start..here.offset).unwrap_or("");
            match key.as_str() {
                "condition" if item != ItemKind::List => {
                    condition(here.entry, &here.group.loaded, value, value_start)
                }
                "output" => output_fields(here.entry, value, value_start),
                "priority" => priorities(here.entry, value, value_start),
                "items" if item == ItemKind::List => {
                    let replace = partial(value, value_start);
                    symbol_items(here.entry, &here.group.loaded, SymbolKind::List, replace)
                }
                "override" => overrides(here.entry, item, value, value_start),
                k if BOOL_KEYS.contains(&k) => ["true", "false"]
                    .iter()
                    .map(|b| simple(b, CompletionItemKind::VALUE, None))
                    .collect(),
                _ => Vec::new(),
            }
        }
    };
    Some(CompletionResponse::Array(items))
}

/// The byte range of the word being typed at the end of `value`.
fn partial(value: &str, value_start: usize) -> Range<usize> {
    let word = value.len()
        - value
            .trim_end_matches(|c: char| !c.is_whitespace() && !"(),=<>!\"'[%".contains(c))
            .len();
    let end = value_start + value.len();
    end - word..end
}

pub(super) fn edit(
    entry: &FileEntry,
    replace: Range<usize>,
    new_text: String,
) -> Option<CompletionTextEdit> {
    Some(CompletionTextEdit::Edit(TextEdit {
        range: entry.range(replace),
        new_text,
    }))
}

fn simple(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

fn item_starts(entry: &FileEntry, replace: Range<usize>) -> Vec<CompletionItem> {
    let snippets = [
        ("rule", "- rule: ${1:name}\n  desc: ${2:description}\n  condition: ${3:condition}\n  output: ${4:output}\n  priority: ${5|WARNING,NOTICE,ERROR,CRITICAL,INFO,DEBUG,ALERT,EMERGENCY|}"),
        ("macro", "- macro: ${1:name}\n  condition: ${2:condition}"),
        ("list", "- list: ${1:name}\n  items: [${2}]"),
    ];
    snippets
        .iter()
        .map(|(kind, body)| CompletionItem {
            label: format!("- {kind}"),
            kind: Some(CompletionItemKind::SNIPPET),
            detail: Some(format!("new {kind}")),
            filter_text: Some(format!("- {kind}")),
            insert_text_format: Some(InsertTextFormat::SNIPPET),
            text_edit: edit(entry, replace.clone(), body.to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

fn keys(
    entry: &FileEntry,
    item: ItemKind,
    present: &[String],
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let all = match item {
        ItemKind::Rule => RULE_KEYS,
        ItemKind::Macro => MACRO_KEYS,
        ItemKind::List => LIST_KEYS,
        ItemKind::Other => &[][..],
    };
    offered_keys(all)
        .filter(|k| !present.iter().any(|p| p == k))
        .map(|k| CompletionItem {
            label: k.to_string(),
            kind: Some(CompletionItemKind::PROPERTY),
            text_edit: edit(entry, replace.clone(), format!("{k}: ")),
            ..CompletionItem::default()
        })
        .collect()
}

/// `key: append` / `key: replace` entries under `override:`.
fn overrides(
    entry: &FileEntry,
    item: ItemKind,
    value: &str,
    value_start: usize,
) -> Vec<CompletionItem> {
    let line = value.rsplit('\n').next().unwrap_or("");
    if line.contains(':') {
        return Vec::new();
    }
    let (appendable, replaceable): (&[&str], &[&str]) = match item {
        ItemKind::Rule => (
            &["condition", "output", "desc", "tags", "exceptions"],
            &[
                "condition",
                "output",
                "desc",
                "tags",
                "exceptions",
                "priority",
                "enabled",
                "warn_evttypes",
                "skip-if-unknown-filter",
                "capture",
                "capture_duration",
            ],
        ),
        ItemKind::Macro => (&["condition"], &["condition"]),
        ItemKind::List => (&["items"], &["items"]),
        ItemKind::Other => (&[], &[]),
    };
    let replace = partial(value, value_start);
    let entries = appendable
        .iter()
        .map(|k| format!("{k}: append"))
        .chain(replaceable.iter().map(|k| format!("{k}: replace")));
    entries
        .map(|e| CompletionItem {
            label: e.clone(),
            kind: Some(CompletionItemKind::PROPERTY),
            text_edit: edit(entry, replace.clone(), e),
            ..CompletionItem::default()
        })
        .collect()
}

fn priorities(entry: &FileEntry, value: &str, value_start: usize) -> Vec<CompletionItem> {
    let replace = partial(value, value_start);
    Priority::ALL
        .iter()
        .map(|p| {
            let name = match p {
                Priority::Informational => "INFO".to_string(),
                other => other.as_str().to_ascii_uppercase(),
            };
            CompletionItem {
                label: name.clone(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                text_edit: edit(entry, replace.clone(), name),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// Fields after `%` in an output format.
fn output_fields(entry: &FileEntry, value: &str, value_start: usize) -> Vec<CompletionItem> {
    let replace = partial(value, value_start);
    let typed = value.get(replace.start - value_start..).unwrap_or("");
    if !typed.starts_with('%') && !value[..replace.start - value_start].ends_with('%') {
        return Vec::new();
    }
    let replace = if typed.starts_with('%') {
        replace.start + 1..replace.end
    } else {
        replace
    };
    fields(entry, replace)
}
