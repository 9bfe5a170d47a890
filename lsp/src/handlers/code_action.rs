//! `textDocument/codeAction`: quick fixes for the diagnostics the editor shows — the front
//! end's own fix (e.g. did-you-mean for unknown fields and macros), and rewriting the
//! deprecated `append: true` into `override`.

use crate::world::{FileEntry, World};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic, NumberOrString, Range, TextEdit, Url, WorkspaceEdit,
};
use std::collections::HashMap;

pub fn code_actions(world: &World, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let (group, file) = world.group_of(&uri)?;
    let entry = group.files.get(file)?;
    let mut actions = Vec::new();
    for d in &params.context.diagnostics {
        if let Some(action) = front_end_fix(d) {
            actions.push(action);
        }
        let code = match &d.code {
            Some(NumberOrString::String(c)) => c.as_str(),
            _ => "",
        };
        if code == "LOAD_DEPRECATED_ITEM" && d.message.starts_with("'append' key is deprecated") {
            actions.extend(append_to_override(entry, d));
        }
    }
    Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    )
}

fn quickfix(
    title: String,
    d: &Diagnostic,
    uri: &Url,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    }
}

/// The fix the front end attached (carried in the diagnostic's `data`).
fn front_end_fix(d: &Diagnostic) -> Option<CodeAction> {
    let fix = d.data.as_ref()?.get("fix")?;
    let title = fix.get("title")?.as_str()?.to_string();
    let uri: Url = serde_json::from_value(fix.get("uri")?.clone()).ok()?;
    let range: Range = serde_json::from_value(fix.get("range")?.clone()).ok()?;
    let new_text = fix.get("newText")?.as_str()?.to_string();
    Some(quickfix(
        title,
        d,
        &uri,
        vec![TextEdit { range, new_text }],
        true,
    ))
}

/// Keys appended by `append: true`; other keys of such an item replace.
const APPENDABLE: &[&str] = &["condition", "items", "exceptions", "output", "desc", "tags"];
const NAME_KEYS: &[&str] = &["rule", "macro", "list", "append", "override"];

/// Replaces the `append: true` line by an `override:` map naming the item's other keys.
fn append_to_override(entry: &FileEntry, d: &Diagnostic) -> Option<CodeAction> {
    let text = &*entry.text;
    let at = entry.offset(d.range.start);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    if !line.trim_start().starts_with("append") {
        return None;
    }
    let indent = &line[..line.len() - line.trim_start().len()];
    let keys = sibling_keys(text, line_start, indent);
    let entries: Vec<String> = keys
        .iter()
        .filter(|k| !NAME_KEYS.contains(&k.as_str()))
        .map(|k| {
            let mode = if APPENDABLE.contains(&k.as_str()) {
                "append"
            } else {
                "replace"
            };
            format!("{indent}  {k}: {mode}")
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let new_text = format!("{indent}override:\n{}", entries.join("\n"));
    let edit = TextEdit {
        range: entry.range(line_start..line_end),
        new_text,
    };
    Some(quickfix(
        "replace `append: true` by `override`".into(),
        d,
        &entry.uri,
        vec![edit],
        true,
    ))
}

/// The keys at column `indent` of the item around the line starting at `line_start`.
fn sibling_keys(text: &str, line_start: usize, indent: &str) -> Vec<String> {
    let item_start = text[..line_start]
        .rmatch_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0))
        .find(|&i| {
            let l = &text[i..];
            l.starts_with('-')
                || !l.starts_with(indent) && !l.starts_with('\n') && !l.starts_with('#')
        })
        .unwrap_or(0);
    let mut keys = Vec::new();
    for (n, line) in text[item_start..].split('\n').enumerate() {
        let body = if n == 0 {
            match line.trim_start().strip_prefix("- ") {
                Some(rest) => rest,
                None => continue,
            }
        } else if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        } else if let Some(rest) = line.strip_prefix(indent) {
            if rest.starts_with(' ') {
                continue;
            }
            rest
        } else {
            break;
        };
        if let Some((key, _)) = body.split_once(':') {
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                keys.push(key.to_string());
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sibling_keys_of_an_item() {
        let text = "- macro: m\n  condition: a\n- rule: r\n  condition: and b\n  append: true\n  # note\n  tags: [x]\n- list: l\n";
        let at = text.find("  append").unwrap();
        assert_eq!(
            sibling_keys(text, at, "  "),
            vec!["rule", "condition", "append", "tags"]
        );
    }
}
