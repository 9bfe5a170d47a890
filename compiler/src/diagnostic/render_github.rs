//! GitHub Actions workflow annotations: `::error file=…,line=…,col=…,title=…::message`.

use super::{Diagnostic, Severity};
use crate::source::Sources;

/// One annotation line per diagnostic.
pub fn render_all(sources: &Sources, diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| render(sources, d)).collect()
}

pub fn render(sources: &Sources, d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(p) = &d.primary {
        let file = sources.get(p.file);
        let (line, col) = file.line_col(p.range.start);
        let (end_line, end_col) = file.line_col(p.range.end);
        props.push(format!("file={}", escape_property(&file.name)));
        props.push(format!("line={}", line + 1));
        props.push(format!("col={}", col + 1));
        if end_line == line && end_col > col {
            props.push(format!("endColumn={}", end_col + 1));
        }
    }
    props.push(format!("title={}", escape_property(d.code.as_str())));
    format!(
        "::{kind} {}::{}\n",
        props.join(","),
        escape_data(&d.message)
    )
}

/// Escapes a message the way the workflow command syntax requires.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
