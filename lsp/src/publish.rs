//! Publishing diagnostics: converts the front end's [`Diagnostic`]s to LSP ones (spans only:
//! code, severity and message are passed through untouched) and clears files whose problems
//! are gone.

use crate::world::{Group, World};
use crossbeam_channel::Sender;
use falcoc_compiler::diagnostic::{Code, Diagnostic, Severity};
use falcoc_compiler::source::FileId;
use lsp_server::{Message, Notification};
use lsp_types::notification::{LogMessage, Notification as _, PublishDiagnostics};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, LogMessageParams,
    MessageType, NumberOrString, PublishDiagnosticsParams, Url,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Sends `textDocument/publishDiagnostics` and log messages.
pub struct Publisher {
    out: Sender<Message>,
    /// URIs that have non-empty diagnostics in the editor.
    shown: HashSet<Url>,
    /// What was last sent for each URI (version and diagnostics), to skip repeats.
    last: HashMap<Url, (Option<i32>, Vec<lsp_types::Diagnostic>)>,
}

impl Publisher {
    pub fn new(out: Sender<Message>) -> Self {
        Publisher {
            out,
            shown: HashSet::new(),
            last: HashMap::new(),
        }
    }

    /// Publishes the diagnostics of every file of `world`, and empty lists for files that
    /// had some before and have none now.
    pub fn publish(&mut self, world: &World) {
        let mut by_uri: BTreeMap<Url, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        for group in &world.groups {
            for &id in &group.owned {
                if let Some(file) = group.files.get(id) {
                    by_uri.entry(file.uri.clone()).or_default();
                }
            }
            for d in &group.loaded.result.diagnostics {
                if let Some((id, uri, diag)) = to_lsp(group, d) {
                    if group.owned.contains(&id) {
                        by_uri.entry(uri).or_default().push(diag);
                    }
                }
            }
        }
        let stale: Vec<Url> = self
            .shown
            .iter()
            .filter(|u| by_uri.get(*u).is_none_or(|d| d.is_empty()))
            .cloned()
            .collect();
        for uri in stale {
            self.send(world, uri.clone(), Vec::new());
            self.shown.remove(&uri);
        }
        for (uri, diagnostics) in by_uri {
            if diagnostics.is_empty() {
                // Open documents always get an answer, so the editor knows they are clean.
                if world.docs.get(&uri).is_some() {
                    self.send(world, uri, diagnostics);
                }
                continue;
            }
            self.shown.insert(uri.clone());
            self.send(world, uri, diagnostics);
        }
    }

    fn send(&mut self, world: &World, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>) {
        let version = world.docs.get(&uri).map(|d| d.version);
        let sent = (version, diagnostics);
        if self.last.get(&uri) == Some(&sent) {
            return;
        }
        self.last.insert(uri.clone(), sent.clone());
        let (version, diagnostics) = sent;
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let not = Notification::new(PublishDiagnostics::METHOD.into(), params);
        let _ = self.out.send(not.into());
    }

    pub fn log_error(&self, message: &str) {
        let params = LogMessageParams {
            typ: MessageType::ERROR,
            message: message.into(),
        };
        let not = Notification::new(LogMessage::METHOD.into(), params);
        let _ = self.out.send(not.into());
    }
}

/// The LSP form of `d` and the file it belongs to. A diagnostic without a span is shown at
/// the start of the group's first owned file.
pub fn to_lsp(group: &Group, d: &Diagnostic) -> Option<(FileId, Url, lsp_types::Diagnostic)> {
    let (file_id, range) = match &d.primary {
        Some(label) => (label.file, label.range.clone()),
        None => (*group.owned.first()?, 0..0),
    };
    let file = group.files.get(file_id)?;
    let mut related = Vec::new();
    for label in &d.secondary {
        if let Some(other) = group.files.get(label.file) {
            related.push(DiagnosticRelatedInformation {
                location: Location::new(other.uri.clone(), other.range(label.range.clone())),
                message: label.message.clone(),
            });
        }
    }
    let here = Location::new(file.uri.clone(), file.range(range.clone()));
    for note in &d.notes {
        related.push(DiagnosticRelatedInformation {
            location: here.clone(),
            message: note.clone(),
        });
    }
    let data = d.fix.as_ref().and_then(|fix| {
        let target = group.files.get(fix.file)?;
        Some(serde_json::json!({
            "fix": {
                "title": fix.title,
                "uri": target.uri,
                "range": target.range(fix.range.clone()),
                "newText": fix.replacement,
            }
        }))
    });
    let diag = lsp_types::Diagnostic {
        range: here.range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().into())),
        code_description: None,
        source: Some("falcoc".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: tags(d.code),
        data,
    };
    Some((file_id, file.uri.clone(), diag))
}

/// How editors should render a code: unused items faded, deprecated ones struck through.
fn tags(code: Code) -> Option<Vec<DiagnosticTag>> {
    match code {
        Code::UnusedMacro | Code::UnusedList => Some(vec![DiagnosticTag::UNNECESSARY]),
        Code::DeprecatedItem => Some(vec![DiagnosticTag::DEPRECATED]),
        _ => None,
    }
}
