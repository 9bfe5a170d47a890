//! `textDocument/documentSymbol`: the outline of a rules file — its rules, macros and lists
//! (definitions, overrides and appends) in file order, from the front end's symbol index.

use crate::frontend::kind_word;
use crate::world::World;
use falcoc_compiler::symbols::SymbolKind as Kind;
use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

pub fn document_symbols(
    world: &World,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (group, id) = world.group_of(&params.text_document.uri)?;
    let file = group.files.get(id)?;
    let result = &group.loaded.result;
    let mut defs: Vec<_> = result
        .symbols
        .definitions
        .iter()
        .filter(|d| d.file == id)
        .collect();
    defs.sort_by_key(|d| d.item_range.start);
    let symbols = defs
        .into_iter()
        .map(|d| {
            let mut detail = kind_word(d.kind).to_string();
            if !d.primary {
                detail.push_str(" (override)");
            } else if d.kind == Kind::Rule {
                if let Some(rule) = result.rule_info(&d.name) {
                    detail = format!("rule ({})", rule.priority.as_str());
                }
            }
            #[allow(deprecated)]
            DocumentSymbol {
                name: if d.name.is_empty() {
                    " ".into()
                } else {
                    d.name.clone()
                },
                detail: Some(detail),
                kind: match d.kind {
                    Kind::Rule => SymbolKind::EVENT,
                    Kind::Macro => SymbolKind::FUNCTION,
                    Kind::List => SymbolKind::ARRAY,
                },
                tags: None,
                deprecated: None,
                range: file.range(d.item_range.clone()),
                selection_range: file.range(d.name_range.clone()),
                children: None,
            }
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}
