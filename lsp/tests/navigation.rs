//! Go to definition, find references and rename across the upstream files, over stdio.

mod support;

use serde_json::{json, Value};
use support::*;

/// The range of the name in `- KIND: NAME` in `text`.
fn def_range(text: &str, kind: &str, name: &str) -> Value {
    let head = format!("- {kind}: {name}\n");
    let at = offset_of(text, &head, 0) + kind.len() + 4;
    json!({"start": pos(text, at), "end": pos(text, at + name.len())})
}

#[test]
fn definition_of_a_macro_used_in_a_later_file() {
    let Some((mut server, dir, texts)) = upstream_server("definition") else {
        return;
    };
    let incubating = file_uri(&dir.join(UPSTREAM[1]));
    let use_at = pos_of(&texts[1], "spawned_process and", 0, 3);
    let result = server.request("textDocument/definition", at_pos(&incubating, use_at));
    assert_eq!(result["uri"], file_uri(&dir.join(UPSTREAM[0])));
    assert_eq!(
        result["range"],
        def_range(&texts[0], "macro", "spawned_process")
    );

    let list_at = pos_of(&texts[0], "(shell_binaries)", 0, 1);
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let result = server.request("textDocument/definition", at_pos(&base, list_at));
    assert_eq!(
        result["range"],
        def_range(&texts[0], "list", "shell_binaries")
    );

    let nothing = server.request(
        "textDocument/definition",
        at_pos(&base, json!({"line": 0, "character": 0})),
    );
    assert_eq!(nothing, Value::Null);
    server.shutdown();
}

#[test]
fn references_span_every_file_and_name_the_symbol() {
    let Some((mut server, dir, texts)) = upstream_server("references") else {
        return;
    };
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let def_at = pos_of(&texts[0], "- macro: spawned_process\n", 0, 10);
    let mut params = at_pos(&base, def_at);
    params["context"] = json!({"includeDeclaration": true});
    let with_decl = server.request("textDocument/references", params.clone());
    params["context"] = json!({"includeDeclaration": false});
    let without = server.request("textDocument/references", params);
    let with_decl = with_decl.as_array().unwrap();
    let without = without.as_array().unwrap();
    assert_eq!(with_decl.len(), without.len() + 1);
    let mut files_seen = std::collections::HashSet::new();
    for loc in with_decl {
        let i = UPSTREAM
            .iter()
            .position(|f| loc["uri"] == file_uri(&dir.join(f)))
            .expect("a workspace file");
        assert_eq!(
            text_at(&texts[i], &loc["range"]),
            "spawned_process",
            "{loc}"
        );
        files_seen.insert(i);
    }
    assert_eq!(files_seen.len(), 3, "uses in all three files");
    assert!(with_decl
        .iter()
        .any(|l| l["range"] == def_range(&texts[0], "macro", "spawned_process")));
    server.shutdown();
}

#[test]
fn rename_a_macro_everywhere_and_reload_clean() {
    let Some((mut server, dir, texts)) = upstream_server("rename") else {
        return;
    };
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let at = pos_of(&texts[0], "- macro: spawned_process\n", 0, 12);

    let prepared = server.request("textDocument/prepareRename", at_pos(&base, at.clone()));
    assert_eq!(prepared["placeholder"], "spawned_process");
    assert_eq!(
        prepared["range"],
        def_range(&texts[0], "macro", "spawned_process")
    );

    let mut params = at_pos(&base, at.clone());
    params["newName"] = json!("process_spawned");
    let edit = server.request("textDocument/rename", params);
    let changes = edit["changes"].as_object().expect("changes");
    let mut renamed = Vec::new();
    for (i, file) in UPSTREAM.iter().enumerate() {
        let edits = changes[&file_uri(&dir.join(file))]
            .as_array()
            .expect("edits in every file");
        for e in edits {
            assert_eq!(text_at(&texts[i], &e["range"]), "spawned_process");
        }
        renamed.push(apply_edits(&texts[i], edits));
    }
    let files: Vec<(&str, &str)> = UPSTREAM
        .iter()
        .copied()
        .zip(renamed.iter().map(String::as_str))
        .collect();
    let before: Vec<(&str, &str)> = UPSTREAM
        .iter()
        .copied()
        .zip(texts.iter().map(String::as_str))
        .collect();
    let count = |d: Vec<Vec<(String, String, Value)>>| d.iter().map(Vec::len).sum::<usize>();
    assert_eq!(
        count(front_end_diagnostics(&files)),
        count(front_end_diagnostics(&before))
    );
    assert!(renamed[0].contains("- macro: process_spawned\n"));

    let mut bad = at_pos(&base, at);
    bad["newName"] = json!("not a macro name");
    let id = server.send_request("textDocument/rename", bad);
    let response = server.response(id);
    assert!(response["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cannot rename macro `spawned_process`"));
    server.shutdown();
}

#[test]
fn rename_a_list_and_a_rule() {
    let Some((mut server, dir, texts)) = upstream_server("rename2") else {
        return;
    };
    let base = file_uri(&dir.join(UPSTREAM[0]));
    let mut params = at_pos(&base, pos_of(&texts[0], "(shell_binaries)", 0, 3));
    params["newName"] = json!("my-shells");
    let edit = server.request("textDocument/rename", params);
    let edits = edit["changes"][&base].as_array().unwrap();
    let renamed = apply_edits(&texts[0], edits);
    assert!(renamed.contains("- list: my-shells\n"));
    assert!(!renamed.contains("(shell_binaries)"));
    let diags = &front_end_diagnostics(&[(UPSTREAM[0], &renamed)])[0];
    assert!(
        diags.iter().all(|(c, ..)| !c.starts_with("LOAD_ERR")),
        "{diags:?}"
    );

    let rule = "Terminal shell in container";
    let mut params = at_pos(&base, pos_of(&texts[0], &format!("- rule: {rule}"), 0, 10));
    params["newName"] = json!("Shell: in a container");
    let edit = server.request("textDocument/rename", params);
    let edits = edit["changes"][&base].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0]["newText"], "\"Shell: in a container\"",
        "quoted for YAML"
    );
    server.shutdown();
}

#[test]
fn workspace_symbols_match_by_name() {
    let Some((mut server, dir, texts)) = upstream_server("wsymbols") else {
        return;
    };
    let result = server.request("workspace/symbol", json!({"query": "SHELL_BIN"}));
    let found = result.as_array().unwrap();
    let list = found
        .iter()
        .find(|s| s["name"] == "shell_binaries")
        .expect("the list");
    assert_eq!(list["kind"], 18);
    assert_eq!(list["containerName"], "list");
    assert_eq!(list["location"]["uri"], file_uri(&dir.join(UPSTREAM[0])));
    assert_eq!(
        list["location"]["range"],
        def_range(&texts[0], "list", "shell_binaries")
    );
    assert!(found.iter().all(|s| s["name"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("shell_bin")));
    server.shutdown();
}
