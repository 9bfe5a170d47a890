//! Completion over stdio in rules files that are not valid YAML yet, as they are while being
//! typed: keys without their colon, unclosed flow sequences, half-written macros, lists,
//! conditions, exceptions and overrides, with intact items after the cursor. Where the cursor
//! is comes from the reader's own YAML tree. Self-contained (no ../shared needed).

mod support;

use falcoc_compiler::rules_file::{EXCEPTION_KEYS, RULE_KEYS};
use serde_json::{json, Value};
use support::*;

const BASE: &str =
    "- list: shells\n  items: [bash, sh]\n- macro: spawned\n  condition: evt.type = execve\n";

/// A complete rule after the cursor's item, so the text after the cursor is real YAML.
const AFTER: &str =
    "- rule: later\n  desc: d\n  condition: spawned\n  output: o\n  priority: INFO\n";

/// Completion items at the `|` of `marked` (a file made of `marked` then `AFTER`, loaded
/// after a file holding `BASE`: a file that is not valid YAML yet defines nothing).
fn complete(name: &str, marked: &str) -> (Vec<String>, Vec<Value>, String) {
    let full = format!("{marked}\n{AFTER}");
    let offset = full.find('|').expect("cursor");
    let text = full.replacen('|', "", 1);
    let dir = workspace_with(name, &[("base.yaml", BASE), ("rules.yaml", &text)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("rules.yaml"));
    server.did_open(&uri, &text);
    server.diagnostics(&uri, 1);
    let result = server.request("textDocument/completion", at_pos(&uri, pos(&text, offset)));
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
    let items = result.as_array().cloned().unwrap_or_default();
    let labels = items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect();
    (labels, items, text)
}

fn has(labels: &[String], want: &[&str]) {
    for w in want {
        assert!(labels.iter().any(|l| l == w), "{w} missing from {labels:?}");
    }
}

fn lacks(labels: &[String], unwanted: &[&str]) {
    for u in unwanted {
        assert!(!labels.iter().any(|l| l == u), "{u} offered in {labels:?}");
    }
}

#[test]
fn a_key_without_its_colon_in_a_half_typed_rule() {
    let (labels, items, text) = complete("ht-rule-key", "- rule: r\n  desc: d\n  prio|");
    has(&labels, &["priority", "condition", "output", "exceptions"]);
    lacks(&labels, &["rule", "desc", "append"]);
    let item = items.iter().find(|i| i["label"] == "priority").unwrap();
    let at = text.find("prio\n").unwrap();
    assert_eq!(
        item["textEdit"]["range"],
        json!({"start": pos(&text, at), "end": pos(&text, at + 4)})
    );
    // On an empty line of the item: every key the reader knows but the present ones.
    let (labels, ..) = complete("ht-rule-empty", "- rule: r\n  |");
    let want: Vec<&str> = RULE_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "rule" && *k != "append")
        .collect();
    assert_eq!(labels, want, "the reader's keys, in its order");
}

#[test]
fn an_unclosed_list_and_a_half_typed_macro() {
    let (labels, items, text) = complete("ht-list", "- list: more\n  items: [shells, zs|");
    has(&labels, &["shells"]);
    let item = items.iter().find(|i| i["label"] == "shells").unwrap();
    let at = text.find("zs\n").unwrap();
    assert_eq!(
        item["textEdit"]["range"],
        json!({"start": pos(&text, at), "end": pos(&text, at + 2)})
    );
    let (labels, ..) = complete("ht-macro-key", "- macro: m\n  cond|");
    assert_eq!(labels, vec!["condition", "override"]);
    let (labels, ..) = complete(
        "ht-macro-cond",
        "- macro: m\n  condition: spawned and proc.name in (bash, |",
    );
    has(&labels, &["shells"]);
    lacks(&labels, &["proc.name", "and"]);
}

#[test]
fn conditions_in_block_and_quoted_scalars() {
    let (labels, ..) = complete(
        "ht-block",
        "- rule: r\n  desc: d\n  condition: >\n    spawned and\n    not (|\n  output: o\n  priority: INFO",
    );
    has(&labels, &["proc.name", "spawned", "not"]);
    let (labels, ..) = complete(
        "ht-quoted",
        "- rule: r\n  desc: d\n  condition: \"spawned and proc.name |\"",
    );
    has(&labels, &["contains", "startswith", "in"]);
    lacks(&labels, &["spawned", "and"]);
}

#[test]
fn exception_keys_fields_and_comps() {
    let rule = "- rule: r\n  desc: d\n  condition: spawned\n  output: o\n  priority: INFO\n  exceptions:\n";
    let (labels, ..) = complete("ht-ex-key", &format!("{rule}    - name: e\n      fi|"));
    let want: Vec<&str> = EXCEPTION_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "name")
        .collect();
    assert_eq!(labels, want);
    let (labels, ..) = complete("ht-ex-first", &format!("{rule}    - na|"));
    assert_eq!(labels, EXCEPTION_KEYS);
    let (labels, ..) = complete(
        "ht-ex-fields",
        &format!("{rule}    - name: e\n      fields: [proc.name, fd.|"),
    );
    has(&labels, &["fd.name", "proc.pname"]);
    lacks(&labels, &["spawned"]);
    let (labels, ..) = complete(
        "ht-ex-comps",
        &format!("{rule}    - name: e\n      fields: [proc.name, fd.name]\n      comps: [=, |"),
    );
    has(&labels, &["=", "in", "startswith", "pmatch"]);
    lacks(&labels, &["exists", "proc.name"]);
    let (labels, ..) = complete(
        "ht-ex-values",
        &format!("{rule}    - name: e\n      fields: proc.name\n      comps: in\n      values: [|"),
    );
    has(&labels, &["shells"]);
}

#[test]
fn override_entries_and_modes() {
    let rule = "- rule: later\n  override:\n";
    let (labels, ..) = complete(
        "ht-ov-key",
        &format!("{rule}    condition: append\n    out|"),
    );
    has(
        &labels,
        &["output: append", "output: replace", "priority: replace"],
    );
    lacks(&labels, &["condition: append", "priority: append"]);
    let (labels, ..) = complete("ht-ov-mode", &format!("{rule}    priority: |"));
    assert_eq!(labels, vec!["replace"]);
    let (labels, ..) = complete("ht-ov-mode2", &format!("{rule}    condition: |"));
    assert_eq!(labels, vec!["append", "replace"]);
}

#[test]
fn a_yaml_error_after_the_cursor_leaves_its_context() {
    // The item after the cursor's is broken YAML (a tab indent); the tree before it holds
    // the cursor.
    let (labels, ..) = complete(
        "ht-error-after",
        "- macro: m\n  condition: spawned and |\n- list: x\n\titems: [a]",
    );
    has(&labels, &["proc.name", "spawned", "not"]);
}
