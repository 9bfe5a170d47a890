//! The hostile-input corpus (`cli/tests/hostile/corpus.rs`) opened in the language server
//! over stdio: each document under a memory cap (`ulimit -v`) and a per-case time limit
//! enforced here must get its diagnostic published, and the server must stay up.

#[path = "../../cli/tests/hostile/corpus.rs"]
mod corpus;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// Address-space cap for the server, in KiB.
const MEMORY_CAP_KB: u64 = 2 * 1024 * 1024;

/// Hang guard per case (generous: debug builds on a loaded 2-core machine).
const TIME_LIMIT: Duration = Duration::from_secs(90);

struct Capped {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
}

impl Capped {
    fn start() -> Capped {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v {MEMORY_CAP_KB}; exec \"$0\" --stdio"))
            .arg(env!("CARGO_BIN_EXE_falcoc-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn falcoc-lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(m) = read_message(&mut reader) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut server = Capped { child, stdin, rx };
        server.send(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": null, "capabilities": {}}}),
        );
        server.wait(|m| m["id"] == 1).expect("initialize answered");
        server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    fn send(&mut self, m: &Value) {
        let body = m.to_string();
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = self.stdin.flush();
    }

    /// The first message satisfying `pred`, or `None` past the time limit.
    fn wait(&self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        let deadline = std::time::Instant::now() + TIME_LIMIT;
        loop {
            let left = deadline.checked_duration_since(std::time::Instant::now())?;
            let m = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("waiting for a message: {e}");
                    return None;
                }
            };
            if pred(&m) {
                return Some(m);
            }
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => return None,
            Err(e) => {
                eprintln!("reading from the server: {e}");
                return None;
            }
            Ok(_) => {}
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
    match serde_json::from_slice(&body) {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!(
                "unreadable message ({e}): {}",
                String::from_utf8_lossy(&body[..body.len().min(300)])
            );
            None
        }
    }
}

#[test]
fn every_hostile_document_gets_its_diagnostic_and_the_server_survives() {
    let mut server = Capped::start();
    let mut failures = Vec::new();
    // Cases that need command-line limits are for the CLI; the editor sends text, so
    // invalid bytes arrive already decoded (as the editor shows them).
    for (i, case) in corpus::cases().into_iter().enumerate() {
        if !case.args.is_empty() {
            continue;
        }
        eprintln!("case {}", case.name);
        let uri = format!("file:///tmp/falcoc-hostile/{}.yaml", case.name);
        let text = String::from_utf8_lossy(&case.bytes).into_owned();
        server.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "falco-rules", "version": i + 1, "text": text}}}));
        let published = server.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        });
        let Some(published) = published else {
            failures.push(format!(
                "{}: no diagnostics within {TIME_LIMIT:?} (server alive: {})",
                case.name,
                server.child.try_wait().ok().flatten().is_none()
            ));
            break;
        };
        let diags = published["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == 1).collect();
        let all = Value::Array(diags.clone()).to_string();
        if case.expect.is_empty() && !errors.is_empty() {
            failures.push(format!(
                "{}: expected no error, got {}",
                case.name, errors[0]
            ));
        }
        if let Some(e) = case.expect.iter().find(|e| !all.contains(**e)) {
            failures.push(format!(
                "{}: missing `{e}` in {}",
                case.name,
                &all[..all.len().min(1000)]
            ));
        }
        server.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
            "textDocument": {"uri": uri}}}),
        );
    }
    server.send(&json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": null}));
    let answered = server.wait(|m| m["id"] == 99).is_some();
    server.send(&json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let status = server.child.wait().expect("wait");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        answered && status.success(),
        "server did not shut down cleanly: {status:?}"
    );
}
