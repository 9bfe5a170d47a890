//! Outline, semantic tokens and quick fixes over stdio.

mod support;

use serde_json::{json, Value};
use support::*;

/// A server with `falco_rules.yaml` and `custom.yaml` (loaded after it) open; returns the
/// custom file's URI and published diagnostics.
fn with_custom(name: &str, custom: &str) -> Option<(Server, String, Vec<Value>)> {
    let shared = shared()?;
    let base = upstream(&shared, UPSTREAM[0]);
    let dir = workspace_with(name, &[(UPSTREAM[0], &base), ("custom.yaml", custom)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("custom.yaml"));
    server.did_open(&uri, custom);
    let diagnostics = server.diagnostics(&uri, 1);
    Some((server, uri, diagnostics))
}

#[test]
fn outline_lists_items_in_file_order() {
    let custom = "- list: my_shells\n  items: [bash]\n- macro: my_spawn\n  condition: spawned_process and proc.name in (my_shells)\n- rule: My rule\n  desc: d\n  condition: my_spawn\n  output: x %proc.name\n  priority: INFO\n- macro: spawned_process\n  condition: and proc.name != x\n  override:\n    condition: append\n";
    let Some((mut server, uri, _)) = with_custom("outline", custom) else {
        return;
    };
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let got: Vec<(String, String, u64)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["detail"].as_str().unwrap().to_string(),
                s["kind"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("my_shells", "list", 18),
        ("my_spawn", "macro", 12),
        ("My rule", "rule (Informational)", 24),
        ("spawned_process", "macro (override)", 12),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(n, d, k)| (n.to_string(), d.to_string(), *k))
        .collect();
    assert_eq!(got, expected);
    let rule = &symbols[2];
    assert_eq!(rule["selectionRange"], range_of(custom, "My rule", 0));
    assert_eq!(
        rule["range"]["start"],
        pos(custom, offset_of(custom, "rule: My rule", 0))
    );
    server.shutdown();
}

/// Decodes LSP semantic tokens into `(text, type name)`.
/// The legend the server advertises (checked in `lifecycle.rs`).
pub const LEGEND: [&str; 9] = [
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

fn decode(text: &str, data: &[Value], legend: &[Value]) -> Vec<(String, String)> {
    let (mut line, mut col) = (0u64, 0u64);
    let mut out = Vec::new();
    for chunk in data.chunks(5) {
        let delta_line = chunk[0].as_u64().unwrap();
        let delta_start = chunk[1].as_u64().unwrap();
        line += delta_line;
        col = if delta_line == 0 {
            col + delta_start
        } else {
            delta_start
        };
        let start = json!({"line": line, "character": col});
        let end = json!({"line": line, "character": col + chunk[2].as_u64().unwrap()});
        let word = text_at(text, &json!({"start": start, "end": end})).to_string();
        let kind = legend[chunk[3].as_u64().unwrap() as usize]
            .as_str()
            .unwrap()
            .to_string();
        out.push((word, kind));
    }
    out
}

#[test]
fn semantic_tokens_classify_condition_words() {
    let custom = "- rule: Tokens\n  desc: é日😀 d\n  condition: >\n    spawned_process and not proc.name in (shell_binaries, \"x y\")\n    and evt.type = execve and fd.num > 3\n  output: \"shell é %proc.name (%fd.name)\"\n  priority: INFO\n";
    let Some((mut server, uri, _)) = with_custom("tokens", custom) else {
        return;
    };
    let tokens = server.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let legend = json!(LEGEND);
    let got = decode(
        custom,
        tokens["data"].as_array().unwrap(),
        legend.as_array().unwrap(),
    );
    let expected = [
        ("spawned_process", "macro"),
        ("and", "keyword"),
        ("not", "keyword"),
        ("proc.name", "property"),
        ("in", "operator"),
        ("shell_binaries", "variable"),
        ("\"x y\"", "string"),
        ("and", "keyword"),
        ("evt.type", "property"),
        ("=", "operator"),
        ("execve", "enumMember"),
        ("and", "keyword"),
        ("fd.num", "property"),
        (">", "operator"),
        ("3", "number"),
        ("proc.name", "property"),
        ("fd.name", "property"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, expected);
    server.shutdown();
}

fn actions_for(server: &mut Server, uri: &str, diagnostic: &Value) -> Vec<Value> {
    let result = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

#[test]
fn did_you_mean_for_unknown_fields_and_macros() {
    let custom = "- rule: Typos\n  desc: d\n  condition: spawned_proces and proc.nme = bash\n  output: x\n  priority: INFO\n";
    let Some((mut server, uri, diagnostics)) = with_custom("typos", custom) else {
        return;
    };
    let undefined = diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("Undefined macro")
        })
        .expect("undefined macro reported");
    let actions = actions_for(&mut server, &uri, undefined);
    assert_eq!(actions[0]["title"], "did you mean `spawned_process`?");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply_edits(custom, edits);
    assert!(fixed.contains("condition: spawned_process and proc.nme"));

    // With the macro fixed, the field is the next error; fix it too.
    server.did_change(&uri, 2, &fixed);
    let diagnostics = server.diagnostics(&uri, 2);
    let field = diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("nonexistent field proc.nme")
        })
        .expect("unknown field reported");
    let actions = actions_for(&mut server, &uri, field);
    assert_eq!(actions[0]["title"], "did you mean `proc.name`?");
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply_edits(&fixed, edits);
    assert!(fixed.contains("proc.name = bash"));
    server.did_change(&uri, 3, &fixed);
    let diagnostics = server.diagnostics(&uri, 3);
    assert!(
        diagnostics.iter().all(|d| d["severity"] != 1),
        "{diagnostics:?}"
    );
    server.shutdown();
}

#[test]
fn deprecated_append_becomes_override() {
    let custom = "- macro: spawned_process\n  condition: and proc.name != init\n  append: true\n- list: shell_binaries\n  append: true\n  items: [fish]\n";
    let Some((mut server, uri, diagnostics)) = with_custom("append", custom) else {
        return;
    };
    let deprecated: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "LOAD_DEPRECATED_ITEM")
        .collect();
    assert_eq!(deprecated.len(), 2, "{diagnostics:?}");
    assert!(
        deprecated.iter().all(|d| d["tags"] == json!([2])),
        "rendered as deprecated"
    );
    let mut text = custom.to_string();
    for d in deprecated.iter().rev() {
        let actions = actions_for(&mut server, &uri, d);
        let action = actions
            .iter()
            .find(|a| a["title"] == "replace `append: true` by `override`")
            .unwrap();
        text = apply_edits(&text, action["edit"]["changes"][&uri].as_array().unwrap());
    }
    assert_eq!(
        text,
        "- macro: spawned_process\n  condition: and proc.name != init\n  override:\n    condition: append\n- list: shell_binaries\n  override:\n    items: append\n  items: [fish]\n"
    );
    server.did_change(&uri, 2, &text);
    let diagnostics = server.diagnostics(&uri, 2);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] != "LOAD_DEPRECATED_ITEM"),
        "{diagnostics:?}"
    );
    assert!(
        diagnostics.iter().all(|d| d["severity"] != 1),
        "{diagnostics:?}"
    );
    server.shutdown();
}

#[test]
fn unused_items_are_tagged_unnecessary() {
    let custom = "- macro: never_used\n  condition: proc.name = x\n";
    let Some((server, _, diagnostics)) = with_custom("unused", custom) else {
        return;
    };
    let unused = diagnostics
        .iter()
        .find(|d| d["code"] == "LOAD_UNUSED_MACRO")
        .expect("reported");
    assert_eq!(unused["tags"], json!([1]));
    assert_eq!(unused["range"], range_of(custom, "never_used", 0));
    server.shutdown();
}
