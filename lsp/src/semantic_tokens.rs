//! Semantic tokens for the conditions and output formats inside YAML strings: fields,
//! macros, lists, operators, keywords, strings, numbers and event types, so conditions are
//! coloured by meaning rather than as one string.
//!
//! Condition texts come from the front end's reader, whose value→file maps place every
//! token exactly, in plain, quoted and block scalars alike.

use crate::frontend::Loaded;
use crate::texts::{is_event_type_value, output_fields, scan_condition, texts, Role};
use crate::world::FileEntry;
use falcoc_compiler::grammar::tokens::{Token, TokenKind};
use falcoc_compiler::rules_file::items::Text;
use falcoc_compiler::symbols::SymbolKind;
use lsp_types::{SemanticToken, SemanticTokenType, SemanticTokensLegend};
use std::collections::HashSet;
use std::ops::Range;

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
];

/// Index of each type in [`TOKEN_TYPES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Keyword = 0,
    Operator = 1,
    Field = 2,
    Macro = 3,
    List = 4,
    Str = 5,
    Number = 6,
    Transformer = 7,
    EventType = 8,
}

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: Vec::new(),
    }
}

/// Classified byte ranges of `entry` (file `file` of its group), sorted by position.
pub fn classify(file: usize, loaded: &Loaded) -> Vec<(Range<usize>, Class)> {
    let lists: HashSet<&str> = loaded.names(SymbolKind::List).into_iter().collect();
    let Some(items) = loaded.items(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (text, role) in texts(&items.items) {
        match role {
            Role::Condition => condition(text, &lists, &mut out),
            Role::Output => output(text, &mut out),
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out.dedup_by(|b, a| b.0.start < a.0.end);
    out
}

fn condition(text: &Text, lists: &HashSet<&str>, out: &mut Vec<(Range<usize>, Class)>) {
    let value = &text.value;
    for t in scan_condition(text).tokens {
        if let Some(class) = class_of(value, &t, lists) {
            out.push((text.map.range(t.span.range()), class));
        }
    }
}

/// A token's class; list names are known by the load group (a list name in a value list is
/// a value to the grammar, since lists are substituted by text before parsing).
fn class_of(value: &str, t: &Token, lists: &HashSet<&str>) -> Option<Class> {
    let word = &value[t.span.range()];
    Some(match t.kind {
        TokenKind::Keyword => Class::Keyword,
        TokenKind::Operator(_) | TokenKind::Modifier(_) => Class::Operator,
        TokenKind::Field | TokenKind::FieldArg => Class::Field,
        TokenKind::Transformer(_) => Class::Transformer,
        TokenKind::ListName => Class::List,
        TokenKind::MacroName if lists.contains(word) => Class::List,
        TokenKind::MacroName => Class::Macro,
        TokenKind::Value { quoted: true, .. } => Class::Str,
        TokenKind::Value { .. } if lists.contains(word) => Class::List,
        TokenKind::Value { .. } if word.parse::<f64>().is_ok() => Class::Number,
        TokenKind::Value { .. } if is_event_type_value(value, t) => Class::EventType,
        TokenKind::Value { .. } => Class::Str,
        TokenKind::LParen | TokenKind::RParen | TokenKind::Comma => return None,
    })
}

/// `%field` and `%field[arg]` tokens of an output format.
fn output(text: &Text, out: &mut Vec<(Range<usize>, Class)>) {
    for range in output_fields(&text.value) {
        out.push((text.map.range(range), Class::Field));
    }
}

/// LSP's relative encoding of classified ranges (single-line tokens only).
pub fn encode(entry: &FileEntry, tokens: &[(Range<usize>, Class)]) -> Vec<SemanticToken> {
    let mut data = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for (range, class) in tokens {
        let r = entry.range(range.clone());
        if r.start.line != r.end.line || r.end.character <= r.start.character {
            continue;
        }
        let delta_line = r.start.line - prev_line;
        let delta_start = if delta_line == 0 {
            r.start.character - prev_col
        } else {
            r.start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: r.end.character - r.start.character,
            token_type: *class as u32,
            token_modifiers_bitset: 0,
        });
        prev_line = r.start.line;
        prev_col = r.start.character;
    }
    data
}
