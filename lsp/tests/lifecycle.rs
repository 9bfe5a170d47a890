//! The protocol lifecycle over real stdio: initialize, capabilities, shutdown and exit,
//! errors for unknown requests, and robustness against broken documents.

mod support;

use serde_json::{json, Value};
use support::*;

#[test]
fn initialize_advertises_capabilities_and_shuts_down_cleanly() {
    let mut server = Server::spawn(&["--stdio"]);
    let result = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let caps = &result["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    for key in [
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentSymbolProvider",
        "codeActionProvider",
        "semanticTokensProvider",
    ] {
        assert!(!caps[key].is_null(), "missing capability {key}");
    }
    let triggers = caps["completionProvider"]["triggerCharacters"]
        .as_array()
        .unwrap();
    assert!(triggers.contains(&json!(".")));
    server.notify("initialized", json!({}));
    server.shutdown();
}

#[test]
fn runs_without_the_stdio_flag_too() {
    let server = Server::start_with(&[], None, Value::Null);
    server.shutdown();
}

#[test]
fn rejects_unknown_arguments() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_falcoc-lsp"))
        .arg("--tcp")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown argument `--tcp`"));
}

#[test]
fn unknown_request_is_an_error_not_a_crash() {
    let mut server = Server::start(None, Value::Null);
    let id = server.send_request("falcoc/doesNotExist", json!({}));
    let response = server.response(id);
    assert_eq!(response["error"]["code"], -32601);
    server.shutdown();
}

#[test]
fn exit_without_shutdown_ends_with_failure() {
    let mut server = Server::start(None, Value::Null);
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_status().code(), Some(1));
}

#[test]
fn garbage_documents_never_crash_the_server() {
    let mut server = Server::start(None, Value::Null);
    let uri = "file:///tmp/falcoc-lsp-garbage/rules.yaml";
    let texts = [
        "- rule: [\n",
        "\u{feff}- macro: é\n  condition: evt.type in (\n",
        "- list: x\n  items: {a: [}\n",
        "\0\0\0",
        "- rule: r\n  condition: \"\n",
        ":\n- - - -\n  \t",
        "- rule: r\n  desc: d\n  condition: proc.name = 😀 and (\n  output: %\n  priority: nope\n",
    ];
    server.did_open(uri, texts[0]);
    for (i, text) in texts.iter().enumerate() {
        let version = i as i64 + 2;
        server.did_change(uri, version, text);
        server.diagnostics(uri, version);
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            let id = server.send_request(
                method,
                json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
            );
            let response = server.response(id);
            assert!(response.get("error").is_none() || response["error"]["code"] != -32603);
        }
        let id = server.send_request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(server.response(id).get("result").is_some());
    }
    server.shutdown();
}

#[test]
fn requests_about_unknown_documents_get_empty_answers() {
    let mut server = Server::start(None, Value::Null);
    let result = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///nowhere.yaml"}}),
    );
    assert_eq!(result, Value::Null);
    server.shutdown();
}

#[test]
fn cancelled_requests_get_an_answer_either_way() {
    let mut server = Server::start(None, Value::Null);
    let uri = "file:///tmp/falcoc-lsp-cancel/rules.yaml";
    server.did_open(uri, "- macro: m\n  condition: proc.name = bash\n");
    let id = server.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 15}}),
    );
    server.notify("$/cancelRequest", json!({"id": id}));
    let response = server.response(id);
    // Answered before the cancel arrived, or cancelled: never dropped.
    let cancelled = response["error"]["code"] == -32800;
    assert!(cancelled || response.get("result").is_some(), "{response}");
    server.shutdown();
}
