//! The VS Code extension's TextMate grammar highlights conditions before the server runs,
//! so it spells the language's words itself. This test holds that copy to the grammar's
//! one definition: the same keywords, operators, modifiers and transformers.

use falcoc_compiler::grammar::ast::{CmpOp, Modifier, TransformerKind};
use falcoc_compiler::grammar::words::KEYWORDS;
use serde_json::Value;
use std::collections::BTreeSet;

/// The words of every `\b(a|b|c)\b`-style alternation in the condition patterns, by scope.
fn alternations() -> Vec<(String, BTreeSet<String>)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vscode/syntaxes/falco-condition.injection.tmLanguage.json"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let patterns = json["repository"]["condition"]["patterns"]
        .as_array()
        .unwrap();
    patterns
        .iter()
        .filter_map(|p| {
            let name = p["name"].as_str()?.to_string();
            let m = p["match"].as_str()?;
            let inner = m.strip_prefix("\\b(")?;
            let words = inner.split(')').next()?;
            Some((name, words.split('|').map(str::to_string).collect()))
        })
        .collect()
}

/// The alternatives of the comparison pattern made of symbols (`<=|>=|…`).
fn symbol_operators() -> BTreeSet<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vscode/syntaxes/falco-condition.injection.tmLanguage.json"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let patterns = json["repository"]["condition"]["patterns"]
        .as_array()
        .unwrap();
    patterns
        .iter()
        .filter(|p| p["name"] == "keyword.operator.comparison.falco")
        .filter_map(|p| p["match"].as_str())
        .filter(|m| !m.starts_with("\\b"))
        .flat_map(|m| m.split('|').map(str::to_string))
        .collect()
}

fn words_of(scope: &str) -> BTreeSet<String> {
    alternations()
        .into_iter()
        .filter(|(name, _)| name == scope)
        .flat_map(|(_, words)| words)
        .collect()
}

#[test]
fn textmate_words_are_the_grammars() {
    let keywords: BTreeSet<String> = KEYWORDS.iter().map(|k| k.to_string()).collect();
    assert_eq!(words_of("keyword.operator.logical.falco"), keywords);

    let word_ops: BTreeSet<String> = CmpOp::ALL
        .iter()
        .map(|op| op.as_str())
        .filter(|s| s.as_bytes()[0].is_ascii_alphabetic())
        .map(str::to_string)
        .collect();
    assert_eq!(words_of("keyword.operator.comparison.falco"), word_ops);

    let symbols: BTreeSet<String> = CmpOp::ALL
        .iter()
        .map(|op| op.as_str())
        .filter(|s| !s.as_bytes()[0].is_ascii_alphabetic())
        .map(str::to_string)
        .collect();
    assert_eq!(symbol_operators(), symbols);

    let modifiers: BTreeSet<String> = Modifier::ALL
        .iter()
        .map(|m| m.as_str().to_string())
        .collect();
    assert_eq!(words_of("keyword.operator.modifier.falco"), modifiers);

    let transformers: BTreeSet<String> = TransformerKind::ALL
        .iter()
        .map(|t| t.as_str().to_string())
        .collect();
    assert_eq!(words_of("support.function.transformer.falco"), transformers);
}
