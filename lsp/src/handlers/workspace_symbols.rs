//! `workspace/symbol`: rules, macros and lists of every load group whose name contains the
//! query (case-insensitive), definitions first, each once.

use crate::frontend::kind_word;
use crate::world::World;
use falcoc_compiler::symbols::SymbolKind as Kind;
use lsp_types::{Location, SymbolInformation, SymbolKind, WorkspaceSymbolParams};
use std::collections::HashSet;

/// At most this many answers, as editors show a short list.
const MAX_RESULTS: usize = 200;

pub fn workspace_symbols(
    world: &World,
    params: WorkspaceSymbolParams,
) -> Option<Vec<SymbolInformation>> {
    let query = params.query.to_lowercase();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for group in &world.groups {
        for d in &group.loaded.result.symbols.definitions {
            if !d.primary || !d.name.to_lowercase().contains(&query) {
                continue;
            }
            let Some(file) = group.files.get(d.file) else {
                continue;
            };
            if !seen.insert((file.uri.clone(), d.name_range.start)) {
                continue;
            }
            #[allow(deprecated)]
            out.push(SymbolInformation {
                name: d.name.clone(),
                kind: match d.kind {
                    Kind::Rule => SymbolKind::EVENT,
                    Kind::Macro => SymbolKind::FUNCTION,
                    Kind::List => SymbolKind::ARRAY,
                },
                tags: None,
                deprecated: None,
                location: Location::new(file.uri.clone(), file.range(d.name_range.clone())),
                container_name: Some(kind_word(d.kind).to_string()),
            });
            if out.len() >= MAX_RESULTS {
                return Some(out);
            }
        }
    }
    Some(out)
}
