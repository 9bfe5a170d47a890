//! Semantic tokens for the conditions and output formats inside YAML strings: fields,
//! macros, lists, operators, keywords, strings, numbers and event types, so conditions are
//! coloured by meaning rather than as one string.
//!
//! Condition texts come from the front end's reader, whose value→file maps place every
//! token exactly, in plain, quoted and block scalars alike.

use crate::cond_lex::{self, Tok, TokKind};
use crate::frontend::Loaded;
use crate::world::FileEntry;
use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_compiler::rules_file::items::{Item, RuleItem, Text};
use falcoc_compiler::rules_file::read_file;
use falcoc_compiler::source::SourceFile;
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

/// Names known in the load group (bare words that are not fields are macro references).
struct Names {
    lists: HashSet<String>,
}

/// Classified byte ranges of `entry` (file `file` of its group), sorted by position.
pub fn classify(entry: &FileEntry, file: usize, loaded: &Loaded) -> Vec<(Range<usize>, Class)> {
    let names = Names {
        lists: loaded
            .names(SymbolKind::List)
            .into_iter()
            .map(String::from)
            .collect(),
    };
    let source = SourceFile::new(entry.uri.as_str(), entry.text.to_string());
    let items = read_file(file, &source).items;
    let mut out = Vec::new();
    for item in &items {
        let (conditions, outputs): (Vec<&Text>, Vec<&Text>) = match item {
            Item::Macro(m) => (vec![&m.condition], vec![]),
            Item::Rule(RuleItem::Define(d)) => (vec![&d.condition], vec![&d.output]),
            Item::Rule(RuleItem::Update(u)) => {
                (u.condition.iter().collect(), u.output.iter().collect())
            }
            _ => continue,
        };
        for text in conditions {
            condition(text, &names, &mut out);
        }
        for text in outputs {
            output(text, &mut out);
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out.dedup_by(|b, a| b.0.start < a.0.end);
    out
}

fn condition(text: &Text, names: &Names, out: &mut Vec<(Range<usize>, Class)>) {
    let value = &text.value;
    let toks = cond_lex::lex(value);
    for (i, tok) in toks.iter().enumerate() {
        let word = tok.text(value);
        let class = match tok.kind {
            TokKind::Str => Class::Str,
            TokKind::Symbol => Class::Operator,
            TokKind::LParen | TokKind::RParen | TokKind::Comma => continue,
            TokKind::Word => classify_word(value, &toks, i, word, names),
        };
        out.push((text.map.range(tok.range.clone()), class));
    }
}

fn classify_word(value: &str, toks: &[Tok], i: usize, word: &str, names: &Names) -> Class {
    if cond_lex::is_bool_keyword(word) {
        return Class::Keyword;
    }
    if cond_lex::is_operator_word(word) || cond_lex::MODIFIERS.contains(&word) {
        return Class::Operator;
    }
    if names.lists.contains(word) {
        return Class::List;
    }
    if let Some(slot) = cond_lex::value_slot(value, toks, i) {
        return if word.parse::<f64>().is_ok() {
            Class::Number
        } else if slot.field == "evt.type" {
            Class::EventType
        } else {
            Class::Str
        };
    }
    let next_is_paren = toks.get(i + 1).is_some_and(|t| t.kind == TokKind::LParen);
    if next_is_paren && cond_lex::TRANSFORMERS.contains(&word) {
        return Class::Transformer;
    }
    let (name, arg) = cond_lex::split_field(word);
    if resolve_field(name, arg).is_ok() || word.contains('.') {
        Class::Field
    } else {
        Class::Macro
    }
}

/// `%field` and `%field[arg]` tokens of an output format.
fn output(text: &Text, out: &mut Vec<(Range<usize>, Class)>) {
    let value = &text.value;
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'.' | b'_'))
        {
            end += 1;
        }
        if end < bytes.len() && bytes[end] == b'[' {
            if let Some(close) = value[end..].find(']') {
                end += close + 1;
            }
        }
        if end > start {
            out.push((text.map.range(start..end), Class::Field));
        }
        i = end.max(i + 1);
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
