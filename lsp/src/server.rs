//! The main loop: owns the open documents and the workspace configuration, hands every new
//! state to the analysis worker and forwards requests to it.
//!
//! The main thread never analyses anything itself, so it always reads the next message at
//! once: a change arriving while the worker is busy supersedes the work in progress.

use crate::capabilities::server_capabilities;
use crate::config::{discover, WorkspaceConfig};
use crate::documents::Documents;
use crate::worker::{Snapshot, Worker};
use lsp_server::{Connection, ErrorCode, Message, Notification, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    notification, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, InitializeParams, InitializeResult,
    LogMessageParams, MessageType, ServerInfo,
};
use std::path::PathBuf;
use std::sync::Arc;

/// Why the server stopped abnormally.
#[derive(Debug)]
pub struct ServerError(pub String);

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServerError {}

impl From<lsp_server::ProtocolError> for ServerError {
    fn from(e: lsp_server::ProtocolError) -> Self {
        ServerError(e.to_string())
    }
}

/// Everything the main loop owns.
struct State {
    connection: Connection,
    docs: Documents,
    root: Option<PathBuf>,
    setting_rules_files: Vec<String>,
    config: Arc<WorkspaceConfig>,
    generation: u64,
    worker: Worker,
}

/// Runs the whole protocol on `connection`: initialize, the main loop, shutdown and exit.
pub fn run(connection: Connection) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)
        .map_err(|e| ServerError(format!("invalid initialize params: {e}")))?;
    let result = InitializeResult {
        capabilities: server_capabilities(),
        server_info: Some(ServerInfo {
            name: "falcoc-lsp".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| ServerError(e.to_string()))?;
    connection.initialize_finish(id, result)?;

    let root = workspace_root(&params);
    let setting_rules_files = params
        .initialization_options
        .as_ref()
        .map(rules_files_setting)
        .unwrap_or_default();
    let worker = Worker::spawn(connection.sender.clone());
    let mut state = State {
        connection,
        docs: Documents::default(),
        root,
        setting_rules_files,
        config: Arc::new(WorkspaceConfig::empty()),
        generation: 0,
        worker,
    };
    state.reload_config();
    let result = state.main_loop();
    state.worker.stop();
    result
}

/// The workspace root: the first workspace folder, else the deprecated root URI.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = params.workspace_folders.as_ref().and_then(|f| f.first()) {
        return folder.uri.to_file_path().ok();
    }
    #[allow(deprecated)]
    params.root_uri.as_ref().and_then(|u| u.to_file_path().ok())
}

/// `rulesFiles` from `{"rulesFiles": [...]}` or `{"falcoc": {"rulesFiles": [...]}}`.
fn rules_files_setting(value: &serde_json::Value) -> Vec<String> {
    let list = value
        .get("rulesFiles")
        .or_else(|| value.get("falcoc").and_then(|v| v.get("rulesFiles")));
    list.and_then(|v| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl State {
    fn main_loop(&mut self) -> Result<(), ServerError> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(req) => {
                    if req.method == "shutdown" {
                        self.respond(Response::new_ok(req.id, ()));
                        return self.await_exit();
                    }
                    self.worker.request(req);
                }
                Message::Notification(not) => {
                    if not.method == notification::Exit::METHOD {
                        return Err(ServerError("exit without shutdown".into()));
                    }
                    self.notification(not);
                }
                Message::Response(_) => {}
            }
        }
        Err(ServerError("the client closed the connection".into()))
    }

    /// After `shutdown`: requests get an error until `exit` arrives.
    fn await_exit(&mut self) -> Result<(), ServerError> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Notification(not) if not.method == notification::Exit::METHOD => {
                    return Ok(());
                }
                Message::Request(req) => self.respond(Response::new_err(
                    req.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down".into(),
                )),
                _ => {}
            }
        }
        Ok(())
    }

    fn notification(&mut self, not: Notification) {
        let method = not.method.clone();
        match method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                if let Ok(p) = parse::<DidOpenTextDocumentParams>(not) {
                    let doc = p.text_document;
                    self.docs.open(doc.uri, doc.version, doc.text);
                    self.publish_snapshot();
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Ok(p) = parse::<DidChangeTextDocumentParams>(not) {
                    let doc = p.text_document;
                    self.docs.change(&doc.uri, doc.version, p.content_changes);
                    self.publish_snapshot();
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Ok(p) = parse::<DidCloseTextDocumentParams>(not) {
                    self.docs.close(&p.text_document.uri);
                    self.publish_snapshot();
                }
            }
            notification::DidSaveTextDocument::METHOD
            | notification::DidChangeWatchedFiles::METHOD => {
                self.reload_config();
            }
            notification::DidChangeConfiguration::METHOD => {
                if let Ok(p) = parse::<DidChangeConfigurationParams>(not) {
                    let setting = rules_files_setting(&p.settings);
                    if !setting.is_empty() || p.settings.get("falcoc").is_some() {
                        self.setting_rules_files = setting;
                    }
                    self.reload_config();
                }
            }
            "$/cancelRequest" => {
                if let Some(id) = not.params.get("id").cloned() {
                    if let Ok(id) = serde_json::from_value(id) {
                        self.worker.cancel(id);
                    }
                }
            }
            _ => {}
        }
    }

    fn reload_config(&mut self) {
        let config = discover(self.root.as_deref(), &self.setting_rules_files);
        if *self.config != config {
            for problem in &config.problems {
                self.log(MessageType::WARNING, problem.clone());
            }
            self.config = Arc::new(config);
        }
        self.publish_snapshot();
    }

    fn publish_snapshot(&mut self) {
        self.generation += 1;
        self.worker.snapshot(Snapshot {
            generation: self.generation,
            docs: self.docs.clone(),
            config: self.config.clone(),
        });
    }

    fn respond(&self, response: Response) {
        let _ = self.connection.sender.send(response.into());
    }

    fn log(&self, typ: MessageType, message: String) {
        let params = LogMessageParams { typ, message };
        let not = Notification::new(notification::LogMessage::METHOD.into(), params);
        let _ = self.connection.sender.send(not.into());
    }
}

fn parse<P: serde::de::DeserializeOwned>(not: Notification) -> Result<P, ()> {
    serde_json::from_value(not.params).map_err(|_| ())
}
