//! `textDocument/prepareRename` and `textDocument/rename`: renames a rule, macro or list at
//! its definition, every override and append, and every use, in every file of the group.

use super::common::at;
use crate::frontend::kind_word;
use crate::world::World;
use falcoc_compiler::symbols::SymbolKind as SymKind;
use lsp_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit,
};
use std::collections::HashMap;

pub fn prepare(world: &World, p: TextDocumentPositionParams) -> Option<PrepareRenameResponse> {
    let here = at(world, &p.text_document.uri, p.position)?;
    let symbols = &here.group.loaded.result.symbols;
    let (kind, name) = symbols.symbol_at(here.file, here.offset)?;
    let range = symbols
        .definitions_of(kind, name)
        .map(|d| (d.file, d.name_range.clone()))
        .chain(
            symbols
                .references_to(kind, name)
                .map(|r| (r.file, r.range.clone())),
        )
        .find(|(f, r)| *f == here.file && r.start <= here.offset && here.offset <= r.end)?
        .1;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: here.entry.range(range),
        placeholder: name.to_string(),
    })
}

/// Why a new name is refused, in the words of Falco's load warnings.
pub fn invalid_name(kind: SymKind, name: &str) -> Option<&'static str> {
    let bare = !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\'' | '=' | ','));
    match kind {
        SymKind::Macro => {
            let mut chars = name.chars();
            let ok = chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
            (!ok).then_some("macro names should match `[a-zA-Z_][a-zA-Z0-9_]*`")
        }
        SymKind::List => {
            (!bare).then_some("list names cannot contain blanks, quotes, `(`, `)`, `=` or `,`")
        }
        SymKind::Rule => name
            .trim()
            .is_empty()
            .then_some("rule names cannot be empty"),
    }
}

pub fn rename(world: &World, params: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
    let p = params.text_document_position;
    let Some(here) = at(world, &p.text_document.uri, p.position) else {
        return Ok(None);
    };
    let symbols = &here.group.loaded.result.symbols;
    let Some((kind, name)) = symbols.symbol_at(here.file, here.offset) else {
        return Ok(None);
    };
    let new_name = params.new_name;
    if let Some(why) = invalid_name(kind, &new_name) {
        return Err(format!(
            "cannot rename {} `{name}` to `{new_name}`: {why}",
            kind_word(kind)
        ));
    }
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    let spans = symbols
        .definitions_of(kind, name)
        .map(|d| (d.file, d.name_range.clone(), true))
        .chain(
            symbols
                .references_to(kind, name)
                .map(|r| (r.file, r.range.clone(), false)),
        );
    for (file, range, is_name) in spans {
        let Some(entry) = here.group.files.get(file) else {
            continue;
        };
        let written = entry.text.get(range.clone()).unwrap_or("");
        let text = if is_name {
            yaml_scalar(written, &new_name)
        } else {
            new_name.clone()
        };
        changes
            .entry(entry.uri.clone())
            .or_default()
            .push(TextEdit {
                range: entry.range(range),
                new_text: text,
            });
    }
    for edits in changes.values_mut() {
        edits.sort_by_key(|e| (e.range.start.line, e.range.start.character));
        edits.dedup_by(|a, b| a.range == b.range);
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

/// `name` written as the YAML scalar that replaces `written` (an item's name value): in
/// the same quotes, or quoted when a plain scalar could not hold it.
fn yaml_scalar(written: &str, name: &str) -> String {
    if written.starts_with('"') {
        return format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    }
    if written.starts_with('\'') {
        return format!("'{}'", name.replace('\'', "''"));
    }
    let needs_quotes = name.contains(": ")
        || name.contains(" #")
        || name.ends_with(':')
        || name.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        || name.ends_with(char::is_whitespace);
    if needs_quotes {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_like_falco() {
        assert!(invalid_name(SymKind::Macro, "ok_name2").is_none());
        assert!(invalid_name(SymKind::Macro, "2bad").is_some());
        assert!(invalid_name(SymKind::Macro, "a.b").is_some());
        assert!(invalid_name(SymKind::List, "my.list-x").is_none());
        assert!(invalid_name(SymKind::List, "a b").is_some());
        assert!(invalid_name(SymKind::Rule, "Any rule: name").is_none());
        assert!(invalid_name(SymKind::Rule, " ").is_some());
    }

    #[test]
    fn rule_names_keep_or_gain_quotes() {
        assert_eq!(yaml_scalar("Old", "New name"), "New name");
        assert_eq!(yaml_scalar("Old", "a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("'Old'", "it's"), "'it''s'");
        assert_eq!(yaml_scalar("\"Old\"", "say \"hi\""), "\"say \\\"hi\\\"\"");
    }
}
