//! `textDocument/semanticTokens/full`: the classified tokens of the document's conditions
//! and outputs (see [`crate::semantic_tokens`]).

use crate::semantic_tokens::{classify, encode};
use crate::world::World;
use lsp_types::{SemanticTokens, SemanticTokensParams, SemanticTokensResult};

pub fn full(world: &World, params: SemanticTokensParams) -> Option<SemanticTokensResult> {
    let (group, file) = world.group_of(&params.text_document.uri)?;
    let entry = group.files.get(file)?;
    let tokens = classify(file, &group.loaded);
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: encode(entry, &tokens),
    }))
}
