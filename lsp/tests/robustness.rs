//! Half-typed upstream files: truncated anywhere, every request still gets an answer that
//! is not an internal error, and the server keeps running.

mod support;

use serde_json::{json, Value};
use support::*;

#[test]
fn truncated_upstream_file_at_many_points() {
    let Some(shared) = shared() else { return };
    let full = upstream(&shared, "falco_rules.yaml");
    let dir = workspace_with("truncated", &[("falco_rules.yaml", &full)]);
    let mut server = Server::start(Some(&dir), Value::Null);
    let uri = file_uri(&dir.join("falco_rules.yaml"));
    server.did_open(&uri, &full);
    server.diagnostics(&uri, 1);
    let points = 24;
    for k in 1..=points {
        let mut cut = full.len() * k / (points + 1);
        while !full.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &full[..cut];
        let version = k as i64 + 1;
        server.did_change(&uri, version, text);
        server.diagnostics(&uri, version);
        let end = pos(text, text.len());
        let mut half = text.len() / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        let middle = pos(text, half);
        let requests = [
            ("textDocument/completion", at_pos(&uri, end.clone())),
            ("textDocument/hover", at_pos(&uri, middle.clone())),
            ("textDocument/definition", at_pos(&uri, middle.clone())),
            (
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            ),
            (
                "textDocument/semanticTokens/full",
                json!({"textDocument": {"uri": uri}}),
            ),
        ];
        for (method, params) in requests {
            let id = server.send_request(method, params);
            let response = server.response(id);
            assert!(
                response.get("error").is_none(),
                "{method} at cut {cut}: {response}"
            );
        }
    }
    server.shutdown();
}
