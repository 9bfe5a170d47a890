//! `textDocument/documentSymbol`: the outline of a rules file — its rules, macros and lists
//! in file order, as the front end read them.

use crate::world::World;
use falcoc_compiler::rules_file::items::{Item, ItemHeader, Merge, RuleItem};
use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

pub fn document_symbols(
    world: &World,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (group, id) = world.group_of(&params.text_document.uri)?;
    let file = group.files.get(id)?;
    let items = group.loaded.items.get(id)?;
    let symbols = items
        .iter()
        .filter_map(|item| {
            let (header, kind, detail) = describe(item)?;
            #[allow(deprecated)]
            Some(DocumentSymbol {
                name: if header.name.is_empty() {
                    " ".into()
                } else {
                    header.name.clone()
                },
                detail: Some(detail),
                kind,
                tags: None,
                deprecated: None,
                range: file.range(header.range.clone()),
                selection_range: file.range(header.name_range.clone()),
                children: None,
            })
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

fn describe(item: &Item) -> Option<(&ItemHeader, SymbolKind, String)> {
    Some(match item {
        Item::Rule(RuleItem::Define(def)) => (
            &def.header,
            SymbolKind::EVENT,
            format!("rule ({})", def.priority.0.as_str()),
        ),
        Item::Rule(RuleItem::Enable { header, enabled }) => (
            header,
            SymbolKind::EVENT,
            format!("rule (enabled: {enabled})"),
        ),
        Item::Rule(RuleItem::Update(update)) => (
            update.header.as_ref()?,
            SymbolKind::EVENT,
            format!(
                "rule ({})",
                merge_word(update.merge.unwrap_or(Merge::Append))
            ),
        ),
        Item::Macro(m) => (&m.header, SymbolKind::FUNCTION, word("macro", m.merge)),
        Item::List(l) => (&l.header, SymbolKind::ARRAY, word("list", l.merge)),
        Item::EngineVersion(v) => (
            &v.header,
            SymbolKind::PROPERTY,
            "required_engine_version".into(),
        ),
        Item::PluginVersions(p) => (
            &p.header,
            SymbolKind::PACKAGE,
            "required_plugin_versions".into(),
        ),
    })
}

fn word(kind: &str, merge: Merge) -> String {
    match merge {
        Merge::Define => kind.into(),
        other => format!("{kind} ({})", merge_word(other)),
    }
}

fn merge_word(merge: Merge) -> &'static str {
    match merge {
        Merge::Define => "definition",
        Merge::LegacyAppend => "append: true",
        Merge::Append => "override: append",
        Merge::Replace => "override: replace",
    }
}
