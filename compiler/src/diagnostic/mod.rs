//! The one diagnostic type every phase reports with, and its renderers.
//!
//! A [`Diagnostic`] has a stable [`Code`] (Falco's load codes, which users already know), a
//! severity, a one-line message, labelled spans and notes. Falco's location chain (`rules
//! content` → item → key → condition expression) is kept as [`Location`]s so the `-V` JSON
//! can be reproduced. Renderers live beside it: human (codespan-reporting), Falco JSON,
//! GitHub annotations. The LSP converts these; it never re-derives them.

mod code;
mod falco_expression;
mod line_window;
pub mod render_falco_text;
pub mod render_github;
pub mod render_human;
pub mod render_json;

pub use code::{Code, Severity};
pub use falco_expression::FalcoExpression;

use crate::source::FileId;
use std::ops::Range;

/// A span in a source file with a short explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub range: Range<usize>,
    pub message: String,
}

impl Label {
    pub fn new(file: FileId, range: Range<usize>, message: impl Into<String>) -> Self {
        Label {
            file,
            range,
            message: message.into(),
        }
    }
}

/// One frame of Falco's location chain, e.g. `rule 'x'` at the rule's first key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Falco's item type text: `rules content`, `rule`, `macro`, `list`, `rule condition`, …
    pub item_type: String,
    pub item_name: String,
    pub file: FileId,
    pub offset: usize,
}

impl Location {
    pub fn new(
        item_type: impl Into<String>,
        item_name: impl Into<String>,
        file: FileId,
        offset: usize,
    ) -> Self {
        Location {
            item_type: item_type.into(),
            item_name: item_name.into(),
            file,
            offset,
        }
    }
}

/// A suggested edit: replace `range` in `file` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub file: FileId,
    pub range: Range<usize>,
    pub replacement: String,
}

/// An error or warning found while loading rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The exact spot; `None` only when there is no source (e.g. an unreadable file).
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    /// Falco's context chain, outermost first.
    pub locations: Vec<Location>,
    pub fix: Option<Fix>,
    /// Where Falco itself points inside the condition text (for `-V`), when known.
    pub falco_expression: Option<FalcoExpression>,
    /// Falco's own wording, where ours is deliberately clearer (printed by `-V`).
    pub falco_message: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity and no spans yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            locations: Vec::new(),
            fix: None,
            falco_expression: None,
            falco_message: None,
        }
    }

    pub fn with_primary(
        mut self,
        file: FileId,
        range: Range<usize>,
        msg: impl Into<String>,
    ) -> Self {
        self.primary = Some(Label::new(file, range, msg));
        self
    }

    pub fn with_secondary(
        mut self,
        file: FileId,
        range: Range<usize>,
        msg: impl Into<String>,
    ) -> Self {
        self.secondary.push(Label::new(file, range, msg));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_locations(mut self, locations: Vec<Location>) -> Self {
        self.locations = locations;
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_falco_expression(mut self, e: Option<FalcoExpression>) -> Self {
        self.falco_expression = e;
        self
    }

    pub fn with_falco_message(mut self, m: impl Into<String>) -> Self {
        self.falco_message = Some(m.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
