//! `textDocument/completion`: item kinds and keys, priorities, `override` entries, the keys
//! and values of exceptions, and inside conditions the fields (with argument placeholders),
//! macros, lists, the operators the field's type accepts, and event type names after
//! `evt.type`. Where the cursor is comes from the reader's YAML tree ([`crate::cursor`]).

mod condition;

use super::common::{at, At};
use crate::cursor::{context, Context, ItemKind, Place};
use crate::world::{FileEntry, World};
use condition::{comparison_operators, condition, fields, symbol_items};
use falcoc_compiler::priority::Priority;
use falcoc_compiler::symbols::SymbolKind;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    InsertTextFormat, TextEdit,
};
use std::ops::Range;

use falcoc_compiler::rules_file::EXCEPTION_KEYS;

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
            place,
            present,
            replace,
        } => match place {
            Place::Item => keys(here.entry, item.keys(), &present, replace),
            Place::Exception => keys(here.entry, EXCEPTION_KEYS, &present, replace),
            Place::Override => override_entries(here.entry, item, &present, replace),
        },
        Context::Value {
            item,
            place,
            key,
            value_start,
        } => {
            let value = text.get(value_start..here.offset).unwrap_or("");
            let replace = partial(value, value_start);
            match place {
                Place::Item => item_value(&here, item, &key, value, value_start),
                Place::Override => override_modes(here.entry, item, &key, replace),
                Place::Exception => exception_value(&here, &key, replace),
            }
        }
    };
    Some(CompletionResponse::Array(items))
}

/// The value of a key of an item.
fn item_value(
    here: &At,
    item: ItemKind,
    key: &str,
    value: &str,
    value_start: usize,
) -> Vec<CompletionItem> {
    match key {
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

/// The value of a key of an exception: fields, comparison operators, or lists of values.
fn exception_value(here: &At, key: &str, replace: Range<usize>) -> Vec<CompletionItem> {
    match key {
        "fields" => fields(here.entry, replace),
        "comps" => comparison_operators(here.entry, replace),
        "values" => symbol_items(here.entry, &here.group.loaded, SymbolKind::List, replace),
        _ => Vec::new(),
    }
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
    all: &'static [&'static str],
    present: &[String],
    replace: Range<usize>,
) -> Vec<CompletionItem> {
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

/// Every `key: append` and `key: replace` entry an `override` of `item` may hold.
fn override_pairs(item: ItemKind) -> impl Iterator<Item = String> {
    let (appendable, replaceable) = item.override_keys();
    let appends = appendable.iter().map(|k| format!("{k}: append"));
    appends.chain(replaceable.iter().map(|k| format!("{k}: replace")))
}

fn property(entry: &FileEntry, label: String, replace: Range<usize>) -> CompletionItem {
    CompletionItem {
        label: label.clone(),
        kind: Some(CompletionItemKind::PROPERTY),
        text_edit: edit(entry, replace, label),
        ..CompletionItem::default()
    }
}

/// A new entry of an `override` mapping that already has the `present` keys.
fn override_entries(
    entry: &FileEntry,
    item: ItemKind,
    present: &[String],
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    override_pairs(item)
        .filter(|e| !present.iter().any(|p| e.split(':').next() == Some(p)))
        .map(|e| property(entry, e, replace.clone()))
        .collect()
}

/// `append` and/or `replace` for the value of `key` in an `override` mapping.
fn override_modes(
    entry: &FileEntry,
    item: ItemKind,
    key: &str,
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let (appendable, replaceable) = item.override_keys();
    [("append", appendable), ("replace", replaceable)]
        .into_iter()
        .filter(|(_, keys)| keys.contains(&key))
        .map(|(mode, _)| CompletionItem {
            label: mode.to_string(),
            kind: Some(CompletionItemKind::VALUE),
            text_edit: edit(entry, replace.clone(), mode.to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

/// `key: append` / `key: replace` entries typed as the value of `override:`.
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
    let replace = partial(value, value_start);
    override_pairs(item)
        .map(|e| property(entry, e, replace.clone()))
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
