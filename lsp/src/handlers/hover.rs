//! `textDocument/hover`: for a field, its type and description from the catalogue; for a
//! macro or list, its definition and fully expanded form; for a rule, its event types,
//! priority, source and tags as the front end compiled them.

use super::common::{at, word_at, At, Word};
use crate::frontend::kind_word;
use crate::world::World;
use falcoc_compiler::catalog::events::{
    event_info, event_table, is_known_event_type, Direction, EventSet, PPM_EVENT_MAX,
};
use falcoc_compiler::catalog::fields::{resolve_field, ResolvedField};
use falcoc_compiler::symbols::SymbolKind;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use std::fmt::Write as _;

/// Longest definition excerpt shown, in lines.
const MAX_LINES: usize = 30;

pub fn hover(world: &World, params: HoverParams) -> Option<Hover> {
    let p = params.text_document_position_params;
    let here = at(world, &p.text_document.uri, p.position)?;
    let symbols = &here.group.loaded.result.symbols;
    let (markdown, range) = if let Some((kind, name)) = symbols.symbol_at(here.file, here.offset) {
        let range = symbols
            .references_to(kind, name)
            .map(|r| (r.file, r.range.clone()))
            .chain(
                symbols
                    .definitions_of(kind, name)
                    .map(|d| (d.file, d.name_range.clone())),
            )
            .find(|(f, r)| *f == here.file && r.start <= here.offset && here.offset <= r.end)
            .map(|(_, r)| r);
        (symbol_hover(&here, kind, name), range)
    } else {
        let (range, word) = word_at(&here.group.loaded, here.file, here.offset)?;
        match word {
            Word::Field { name, arg } => {
                let field = resolve_field(&name, arg.as_deref()).ok()?;
                (field_hover(&field), Some(range))
            }
            Word::EventType(name) => (event_hover(&name)?, Some(range)),
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: range.map(|r| here.entry.range(r)),
    })
}

/// The hover text of a field.
pub fn field_hover(field: &ResolvedField) -> String {
    let info = field.info;
    let mut md = format!("**field** `{}` · `{}`", info.name, field.ftype.type_name());
    if field.is_list() {
        md.push_str(" (list)");
    }
    let _ = write!(md, "\n\n{}", info.desc);
    let arg = info.arg.describe();
    if !arg.is_empty() {
        let _ = write!(md, "\n\nargument: {arg}");
    }
    let flags: Vec<&str> = info
        .flags
        .names()
        .into_iter()
        .filter(|f| !f.is_empty())
        .collect();
    if !flags.is_empty() {
        let _ = write!(md, "\n\nflags: {}", flags.join(", "));
    }
    let _ = write!(md, "\n\nclass: `{}`", info.class.name());
    md
}

fn symbol_hover(here: &At, kind: SymbolKind, name: &str) -> String {
    let loaded = &here.group.loaded;
    let result = &loaded.result;
    let mut md = format!("**{}** `{name}`", kind_word(kind));
    if kind == SymbolKind::Rule {
        if let Some(rule) = result.rules.iter().find(|r| r.name == name) {
            let _ = write!(
                md,
                "\n\npriority: `{}` · source: `{}`{}",
                rule.priority.as_str(),
                rule.source,
                if rule.enabled { "" } else { " · disabled" }
            );
            let _ = write!(md, "\n\nevent types: {}", event_names(&rule.event_codes));
            if !rule.tags.is_empty() {
                let tags: Vec<String> = rule.tags.iter().map(|t| format!("`{t}`")).collect();
                let _ = write!(md, "\n\ntags: {}", tags.join(", "));
            }
            if !rule.desc.is_empty() {
                let _ = write!(md, "\n\n{}", rule.desc.trim());
            }
        } else {
            md.push_str("\n\nnot compiled (see its diagnostics)");
        }
    }
    let defs: Vec<_> = result.symbols.definitions_of(kind, name).collect();
    if let Some(def) = loaded.definition(kind, name) {
        if let Some(entry) = here.group.files.get(def.file) {
            let line = entry.range(def.name_range.clone()).start.line + 1;
            let file = entry
                .uri
                .path_segments()
                .and_then(|mut s| s.next_back())
                .unwrap_or("")
                .to_string();
            let _ = write!(md, "\n\ndefined in `{file}` line {line}");
            if defs.len() > 1 {
                let _ = write!(md, ", changed by {} later item(s)", defs.len() - 1);
            }
            if kind != SymbolKind::Rule {
                let excerpt = excerpt(&item_text(&entry.text, def.item_range.clone()));
                let _ = write!(md, "\n\n```yaml\n{excerpt}\n```");
            }
        }
    }
    match kind {
        SymbolKind::Macro => {
            if let Some(expanded) = result.macro_expansions.get(name) {
                let _ = write!(md, "\n\nexpanded:\n```\n{expanded}\n```");
            }
        }
        SymbolKind::List => {
            if let Some(items) = result.list_items.get(name) {
                let _ = write!(
                    md,
                    "\n\nexpanded ({} items):\n```\n{}\n```",
                    items.len(),
                    items.join(", ")
                );
            }
        }
        SymbolKind::Rule => {}
    }
    md
}

/// An event type name compared with `evt.type`: its directions and the parameters of its
/// newest exit (or only) version.
fn event_hover(word: &str) -> Option<String> {
    let versions: Vec<_> = event_table()
        .iter()
        .skip(2)
        .filter(|e| e.name == word && !e.is_unused())
        .collect();
    let mut md = format!("**event type** `{word}`");
    let Some(newest) = versions
        .iter()
        .rev()
        .find(|e| e.direction == Direction::Exit)
        .or(versions.last())
    else {
        return is_known_event_type(word).then(|| {
            md.push_str("\n\na syscall without a dedicated event (generic event)");
            md
        });
    };
    let params: Vec<String> = newest
        .params
        .iter()
        .map(|p| format!("`{}`", p.name))
        .collect();
    let _ = write!(
        md,
        "\n\n{} event codes ({}); parameters of `{}`: {}",
        versions.len(),
        versions
            .iter()
            .map(|e| e.direction.as_char().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        newest.ppme,
        if params.is_empty() {
            "none".into()
        } else {
            params.join(", ")
        }
    );
    Some(md)
}

/// The event names of a set: `all event types` when unrestricted.
pub fn event_names(set: &EventSet) -> String {
    if set.len() >= usize::from(PPM_EVENT_MAX) {
        return "all event types".into();
    }
    let mut names: Vec<&str> = set
        .iter()
        .filter_map(|code| event_info(code).map(|e| e.name))
        .collect();
    names.sort_unstable();
    names.dedup();
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    list.join(", ")
}

fn excerpt(item: &str) -> String {
    let lines: Vec<&str> = item.trim_end().lines().collect();
    if lines.len() <= MAX_LINES {
        return lines.join("\n");
    }
    let mut shown = lines[..MAX_LINES].join("\n");
    shown.push_str("\n# …");
    shown
}

/// The item's text from its line start (so the `- ` and indentation are kept).
fn item_text(text: &str, range: std::ops::Range<usize>) -> String {
    let start = text
        .get(..range.start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    text.get(start..range.end).unwrap_or("").to_string()
}
