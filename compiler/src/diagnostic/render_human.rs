//! Human-readable rendering with codespan-reporting: `file:line:col`, the source line and a
//! caret under the exact spot (a long line shows as a window around the spot).

use super::line_window::{LineWindows, WindowedId};
use super::{Diagnostic, Severity};
use crate::source::Sources;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::term::{self, Config};

/// Renders one diagnostic as plain text (no colour codes).
pub fn render(sources: &Sources, d: &Diagnostic) -> String {
    let mut files = LineWindows::new(sources);
    let cs = to_codespan(d, &mut files);
    term::emit_into_string(&Config::default(), &files, &cs).unwrap_or_else(|_| {
        format!(
            "{}[{}]: {}\n",
            severity_word(d.severity),
            d.code.as_str(),
            d.message
        )
    })
}

/// Renders every diagnostic followed by a one-line summary.
pub fn render_all(sources: &Sources, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(sources, d));
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    out.push_str(&summary_line(sources.len(), errors, warnings));
    out
}

/// `3 files: 0 errors, 2 warnings`.
pub fn summary_line(files: usize, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}: {}, {}\n",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn to_codespan(d: &Diagnostic, files: &mut LineWindows) -> CsDiagnostic<WindowedId> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut labels = Vec::new();
    if let Some(p) = &d.primary {
        let (file, range) = files.place(p.file, p.range.clone());
        labels.push(CsLabel::primary(file, range).with_message(p.message.clone()));
    }
    for s in &d.secondary {
        let (file, range) = files.place(s.file, s.range.clone());
        labels.push(CsLabel::secondary(file, range).with_message(s.message.clone()));
    }
    let mut notes = d.notes.clone();
    if let Some(fix) = &d.fix {
        notes.push(format!("help: {}", fix.title));
    }
    base.with_code(d.code.as_str())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}
