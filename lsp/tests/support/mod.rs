//! Drives the real `falcoc-lsp` binary over stdio, as an editor does: framed JSON-RPC on
//! stdin/stdout, requests matched to responses by id, notifications queued for inspection.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long to wait for any one message before declaring the server hung.
const HANG: Duration = Duration::from_secs(60);

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    pub notifications: VecDeque<Value>,
}

/// The reference directory (`$FALCOC_SHARED`, else `../shared` beside the checkout);
/// `None` after applying the oracle policy when it is absent.
pub fn shared() -> Option<PathBuf> {
    falcoc_testkit::shared()
}

/// The text of an upstream rules file from `../shared/corpus/rules/`.
pub fn upstream(shared: &Path, name: &str) -> String {
    std::fs::read_to_string(shared.join("corpus/rules").join(name))
        .unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
}

/// A fresh empty directory for one test.
pub fn temp_workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("falcoc-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp workspace");
    dir
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The LSP position (UTF-16 columns) of byte `offset` in `text`.
pub fn pos(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` bytes.
pub fn pos_of(text: &str, needle: &str, nth: usize, delta: usize) -> Value {
    pos(text, offset_of(text, needle, nth) + delta)
}

pub fn offset_of(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` occurrence {nth} not found"))
        .0
}

/// The LSP range of the `nth` occurrence of `needle`.
pub fn range_of(text: &str, needle: &str, nth: usize) -> Value {
    let start = offset_of(text, needle, nth);
    json!({"start": pos(text, start), "end": pos(text, start + needle.len())})
}

impl Server {
    /// Starts the server with `--stdio` and initializes it for `root`.
    pub fn start(root: Option<&Path>, options: Value) -> Server {
        Server::start_with(&["--stdio"], root, options)
    }

    /// Like [`Server::start`] with the given command-line arguments.
    pub fn start_with(args: &[&str], root: Option<&Path>, options: Value) -> Server {
        let mut server = Server::spawn(args);
        let root_uri = root.map(file_uri);
        let folders = root_uri
            .as_ref()
            .map(|u| json!([{"uri": u, "name": "ws"}]))
            .unwrap_or(Value::Null);
        let result = server.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": folders,
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": true}}},
                "initializationOptions": options,
            }),
        );
        assert_eq!(result["serverInfo"]["name"], "falcoc-lsp");
        server.notify("initialized", json!({}));
        server
    }

    pub fn spawn(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_falcoc-lsp"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn falcoc-lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            rx,
            next_id: 1,
            notifications: VecDeque::new(),
        }
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).expect("serialize");
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write");
        self.stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits for the response to `id` (result or error object), queueing notifications.
    pub fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.recv();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.queue(message);
        }
    }

    /// Sends a request and returns its result; panics on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let response = self.response(id);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response["result"].clone()
    }

    fn queue(&mut self, message: Value) {
        if message.get("id").is_some() && message.get("method").is_some() {
            // A server-to-client request: answer it so the server is never blocked.
            let id = message["id"].clone();
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
        }
        self.notifications.push_back(message);
    }

    fn recv(&mut self) -> Value {
        match self.rx.recv_timeout(HANG) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server for {HANG:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Waits for a notification `method` whose params satisfy `pred`; earlier queued ones
    /// that do not match stay queued.
    pub fn wait_notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let matches = |m: &Value| m["method"] == method && pred(&m["params"]);
        if let Some(i) = self.notifications.iter().position(matches) {
            return self.notifications.remove(i).expect("queued")["params"].clone();
        }
        loop {
            let message = self.recv();
            if matches(&message) {
                return message["params"].clone();
            }
            self.queue(message);
        }
    }

    /// The diagnostics published for `uri` at document `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The next diagnostics published for `uri`, whatever the version.
    pub fn any_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn did_open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "falco-rules", "version": 1, "text": text}}),
        );
    }

    pub fn did_change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown` then `exit`; asserts the process ends with status 0.
    pub fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("wait for exit");
        assert!(status.success(), "exit status {status}");
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself.
    pub fn exit_status(&mut self) -> std::process::ExitStatus {
        self.child.wait().expect("wait")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The upstream rules files, in Falco's load order.
pub const UPSTREAM: [&str; 3] = [
    "falco_rules.yaml",
    "falco-incubating_rules.yaml",
    "falco-sandbox_rules.yaml",
];

/// A workspace holding `files` (name, text) and a `falco.yaml` listing them in order.
pub fn workspace_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = temp_workspace(name);
    let mut config = String::from("rules_files:\n");
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write rules file");
        config.push_str(&format!("  - {file}\n"));
    }
    std::fs::write(dir.join("falco.yaml"), config).expect("write falco.yaml");
    dir
}

/// What the front end itself reports for `files` loaded in order, per file index, as
/// `(code, message, LSP range)`: the reference the server's diagnostics must equal.
pub fn front_end_diagnostics(files: &[(&str, &str)]) -> Vec<Vec<(String, String, Value)>> {
    let mut sources = falcoc_compiler::source::Sources::new();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    let result = falcoc_compiler::load::load(&sources);
    let mut out = vec![Vec::new(); files.len()];
    for d in &result.diagnostics {
        let Some(label) = &d.primary else { continue };
        let text = files[label.file].1;
        let range =
            json!({"start": pos(text, label.range.start), "end": pos(text, label.range.end)});
        out[label.file].push((d.code.as_str().to_string(), d.message.clone(), range));
    }
    out
}

/// `(code, message, range)` of published LSP diagnostics, for comparison.
pub fn summarize(diagnostics: &[Value]) -> Vec<(String, String, Value)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
            )
        })
        .collect()
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
pub fn offset_at(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let line_start = text
        .match_indices('\n')
        .nth(line.wrapping_sub(1))
        .map_or(0, |(i, _)| if line == 0 { 0 } else { i + 1 });
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The text an LSP range covers.
pub fn text_at<'a>(text: &'a str, range: &Value) -> &'a str {
    &text[offset_at(text, &range["start"])..offset_at(text, &range["end"])]
}

/// Applies LSP text edits (non-overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset_at(text, &e["range"]["start"]),
                offset_at(text, &e["range"]["end"]),
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

/// A server on a workspace of the three upstream files (in load order), all opened, with
/// their texts. `None` when `../shared` is absent.
pub fn upstream_server(name: &str) -> Option<(Server, PathBuf, Vec<String>)> {
    let shared = shared()?;
    let texts: Vec<String> = UPSTREAM.iter().map(|f| upstream(&shared, f)).collect();
    let files: Vec<(&str, &str)> = UPSTREAM
        .iter()
        .copied()
        .zip(texts.iter().map(String::as_str))
        .collect();
    let dir = workspace_with(name, &files);
    let mut server = Server::start(Some(&dir), Value::Null);
    for (file, text) in &files {
        let uri = file_uri(&dir.join(file));
        server.did_open(&uri, text);
        server.diagnostics(&uri, 1);
    }
    Some((server, dir, texts))
}

/// `textDocument/position` parameters.
pub fn at_pos(uri: &str, position: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position})
}
