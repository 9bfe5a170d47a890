//! `textDocument/definition` and `textDocument/references` for rules, macros and lists,
//! across the files of the load group.

use super::common::{at, location};
use crate::world::World;
use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams};

pub fn definition(world: &World, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let p = params.text_document_position_params;
    let here = at(world, &p.text_document.uri, p.position)?;
    let loaded = &here.group.loaded;
    let (kind, name) = loaded.result.symbols.symbol_at(here.file, here.offset)?;
    let def = loaded.definition(kind, name)?;
    let loc = location(here.group, def.file, def.name_range.clone())?;
    Some(GotoDefinitionResponse::Scalar(loc))
}

/// Every use of the symbol under the cursor, overrides and appends included; the defining
/// item too when the client asks for declarations. Sorted by file load order, then offset.
pub fn references(world: &World, params: ReferenceParams) -> Option<Vec<Location>> {
    let p = params.text_document_position;
    let here = at(world, &p.text_document.uri, p.position)?;
    let loaded = &here.group.loaded;
    let symbols = &loaded.result.symbols;
    let (kind, name) = symbols.symbol_at(here.file, here.offset)?;
    let definition = loaded
        .definition(kind, name)
        .map(|d| (d.file, d.name_range.clone()));
    let mut spans: Vec<_> = symbols
        .definitions_of(kind, name)
        .map(|d| (d.file, d.name_range.clone()))
        .filter(|s| params.context.include_declaration || Some(s) != definition.as_ref())
        .chain(
            symbols
                .references_to(kind, name)
                .map(|r| (r.file, r.range.clone())),
        )
        .collect();
    spans.sort_by_key(|(f, r)| (*f, r.start));
    spans.dedup();
    Some(
        spans
            .into_iter()
            .filter_map(|(f, r)| location(here.group, f, r))
            .collect(),
    )
}
