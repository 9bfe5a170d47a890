//! Semantic tokens for the conditions inside YAML strings: fields, macros, lists, operators,
//! keywords, strings and numbers, so conditions are coloured by meaning, not as one string.

use lsp_types::{SemanticTokenType, SemanticTokensLegend};

/// Token types, in legend order (a token's type is its index here).
pub const TOKEN_TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::MACRO,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::PARAMETER,
];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: Vec::new(),
    }
}
