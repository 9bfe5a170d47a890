//! The editor on conditions that do not parse, over stdio: every syntax error of a condition
//! is published at its exact range; completion and semantic tokens on half-typed conditions
//! come from the grammar's recovering scan; completion offers every operator of the grammar.
//! Self-contained (no ../shared needed).

mod support;

use falcoc_compiler::grammar::ast::CmpOp;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use support::*;

const MACROS: &str =
    "- list: shells\n  items: [bash, sh]\n- macro: spawned\n  condition: evt.type = execve\n";

/// A server with `rules.yaml` (`MACROS` then `body`) open, its URI and text, and the
/// published diagnostics.
fn server_with(name: &str, body: &str) -> (Server, String, String, Vec<Value>) {
    let text = format!("{MACROS}{body}");
    let dir = workspace_with(name, &[("rules.yaml", &text)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("rules.yaml"));
    server.did_open(&uri, &text);
    let diagnostics = server.diagnostics(&uri, 1);
    (server, uri, text, diagnostics)
}

fn rule(condition: &str) -> String {
    format!("- rule: r\n  desc: d\n  condition: {condition}\n  output: o\n  priority: INFO\n")
}

/// Completion labels at the end of `condition` (typed as a rule's condition).
fn labels_after(name: &str, condition: &str) -> Vec<String> {
    let body = format!("- rule: r\n  desc: d\n  condition: {condition}");
    let (mut server, uri, text, _) = server_with(name, &body);
    let result = server.request(
        "textDocument/completion",
        at_pos(&uri, pos(&text, text.len())),
    );
    server.shutdown();
    result
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_syntax_error_of_a_condition_is_published_at_its_range() {
    let condition = "(proc.name = ) and fd.num >= or (spawned x) or evt.type = open";
    let (server, _, text, diagnostics) = server_with("broken-multi", &rule(condition));
    let at = text.find(condition).unwrap();
    let got: Vec<(String, Value)> = summarize(&diagnostics)
        .into_iter()
        .map(|(code, _, range)| (code, range))
        .collect();
    let point =
        |offset: usize| json!({"start": pos(&text, at + offset), "end": pos(&text, at + offset)});
    assert_eq!(
        got,
        vec![
            ("LOAD_ERR_COMPILE_CONDITION".to_string(), point(13)),
            ("LOAD_ERR_COMPILE_CONDITION".to_string(), point(29)),
            ("LOAD_ERR_COMPILE_CONDITION".to_string(), point(41)),
        ]
    );
    let messages: Vec<String> = summarize(&diagnostics).into_iter().map(|d| d.1).collect();
    assert!(
        messages[0].starts_with("expected a string value"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("expected a number value"),
        "{messages:?}"
    );
    assert_eq!(messages[2], "expected a ')' token");
    server.shutdown();
}

#[test]
fn completion_mid_typing() {
    // After `=`: a value of the field, not a field, an operator or `and`.
    let labels = labels_after("mid-eq", "proc.name = ");
    assert!(
        !labels
            .iter()
            .any(|l| l == "proc.name" || l == "and" || l == "contains"),
        "{labels:?}"
    );
    let labels = labels_after("mid-eq-evt", "evt.type = ");
    assert!(labels.iter().any(|l| l == "execve"), "{labels:?}");
    // Inside an unfinished value list: event types and lists.
    let labels = labels_after("mid-list", "evt.type in (open, ");
    for want in ["openat", "execve", "shells"] {
        assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
    }
    assert!(!labels.iter().any(|l| l == "proc.name"), "{labels:?}");
    // After `not (`: where a check starts.
    let labels = labels_after("mid-not", "not (");
    for want in ["proc.name", "spawned", "not"] {
        assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
    }
    // Typing a keyword after a check replaces the partial word with `and`/`or`.
    let labels = labels_after("mid-and", "proc.name = bash an");
    assert_eq!(labels, vec!["and", "or"]);
    // An operator being typed.
    let labels = labels_after("mid-op", "proc.name cont");
    assert!(labels.iter().any(|l| l == "contains"), "{labels:?}");
}

#[test]
fn completion_offers_every_operator_of_the_grammar() {
    // `==` is the same operator as `=` and deliberately left out.
    let mut offered = BTreeSet::new();
    for (i, field) in ["proc.name", "fd.num", "evt.buffer"].iter().enumerate() {
        let labels = labels_after(&format!("ops-{i}"), &format!("{field} "));
        offered.extend(labels);
    }
    let missing: Vec<&str> = CmpOp::ALL
        .iter()
        .filter(|op| **op != CmpOp::EqEq)
        .map(|op| op.as_str())
        .filter(|op| !offered.contains(*op))
        .collect();
    assert!(missing.is_empty(), "never offered: {missing:?}");
}

/// Decodes semantic tokens into `(text, type name)` with the advertised legend.
fn decode(text: &str, data: &[Value]) -> Vec<(String, String)> {
    let legend = [
        "keyword",
        "operator",
        "property",
        "macro",
        "variable",
        "string",
        "number",
        "function",
        "enumMember",
    ];
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = Vec::new();
    for chunk in data.chunks(5) {
        let delta_line = chunk[0].as_u64().unwrap();
        line += delta_line;
        col = if delta_line == 0 {
            col + chunk[1].as_u64().unwrap()
        } else {
            chunk[1].as_u64().unwrap()
        };
        let start = json!({"line": line, "character": col});
        let end = json!({"line": line, "character": col + chunk[2].as_u64().unwrap()});
        let word = text_at(text, &json!({"start": start, "end": end})).to_string();
        out.push((
            word,
            legend[chunk[3].as_u64().unwrap() as usize].to_string(),
        ));
    }
    out
}

#[test]
fn semantic_tokens_on_broken_conditions() {
    let body = "- macro: a\n  condition: proc.name = \n- macro: b\n  condition: evt.type in (open, \n- macro: c\n  condition: spawned and not (\n";
    let (mut server, uri, text, _) = server_with("broken-tokens", body);
    let tokens = server.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": &uri}}),
    );
    let got = decode(&text, tokens["data"].as_array().unwrap());
    let want = [
        ("evt.type", "property"),
        ("=", "operator"),
        ("execve", "enumMember"),
        ("proc.name", "property"),
        ("=", "operator"),
        ("evt.type", "property"),
        ("in", "operator"),
        ("open", "enumMember"),
        ("spawned", "macro"),
        ("and", "keyword"),
        ("not", "keyword"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    server.shutdown();
}
