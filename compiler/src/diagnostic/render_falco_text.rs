//! Falco's `-V` text: `FILE: Ok` / `FILE: Ok, with warnings` / `FILE: Invalid`, then each
//! error and warning with its location chain, snippet and `CODE (description): message`.
//!
//! Built from the same load-result objects as the `-V` JSON, so both always agree.

use super::render_json::{file_result, Positions};
use super::{Code, Diagnostic};
use crate::schema::SchemaStatus;
use crate::source::Sources;
use serde_json::Value;

/// The text Falco prints for every file of `sources`, one after the other.
pub fn render(sources: &Sources, diags: &[Diagnostic], schema: &[Option<SchemaStatus>]) -> String {
    (0..sources.len())
        .map(|file| {
            let status = schema.get(file).and_then(Option::as_ref);
            file_text(&file_result(sources, file, diags, status, Positions::Falco))
        })
        .collect()
}

/// The text for a `{"falco_load_results": [...]}` document (ours or Falco's own).
pub fn render_results(results: &Value) -> String {
    results["falco_load_results"]
        .as_array()
        .map(|files| files.iter().map(file_text).collect())
        .unwrap_or_default()
}

fn file_text(r: &Value) -> String {
    let errors = r["errors"].as_array().cloned().unwrap_or_default();
    let warnings = r["warnings"].as_array().cloned().unwrap_or_default();
    let mut out = format!("{}: ", r["name"].as_str().unwrap_or(""));
    out.push_str(match (errors.is_empty(), warnings.is_empty()) {
        (false, _) => "Invalid",
        (true, false) => "Ok, with warnings",
        (true, true) => "Ok",
    });
    out.push('\n');
    // Each section after the first is preceded by an empty line, as Falco prints them.
    let mut first = true;
    let schema_warnings = r["schema_warnings"].as_array().cloned().unwrap_or_default();
    if r["schema_valid"] == Value::Bool(false) {
        first = false;
        out.push_str(&format!("{} Schema warnings:\n", schema_warnings.len()));
        for w in &schema_warnings {
            out.push_str(&format!("------\n{}\n", w.as_str().unwrap_or("")));
        }
        out.push_str("------\n");
    }
    for (entries, title) in [(&errors, "Errors"), (&warnings, "Warnings")] {
        if entries.is_empty() {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(&format!("{} {title}:\n", entries.len()));
        for e in entries.iter() {
            out.push_str(&entry_text(e));
        }
    }
    out
}

fn entry_text(e: &Value) -> String {
    let mut out = String::new();
    let locations = e["context"]["locations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (i, l) in locations.iter().enumerate() {
        out.push_str(if i == 0 { "In " } else { "    " });
        out.push_str(l["item_type"].as_str().unwrap_or(""));
        let name = l["item_name"].as_str().unwrap_or("");
        if !name.is_empty() {
            out.push_str(&format!(" '{name}'"));
        }
        let p = &l["position"];
        out.push_str(&format!(
            ": ({}:{}:{})\n",
            p["name"].as_str().unwrap_or(""),
            p["line"],
            p["column"]
        ));
    }
    out.push_str("------\n");
    out.push_str(e["context"]["snippet"].as_str().unwrap_or(""));
    out.push_str("------\n");
    let code = e["code"].as_str().unwrap_or("");
    out.push_str(&format!(
        "{code} ({}): {}\n",
        short_description(code),
        e["message"].as_str().unwrap_or("")
    ));
    out
}

/// Falco's short description of a code (`error_str`/`warning_str`), used in its text.
fn short_description(code: &str) -> &'static str {
    let Some(c) = Code::from_name(code) else {
        return "";
    };
    match c {
        Code::UnknownSource => "Unknown event source",
        Code::UnsafeNaCheck => "Unsafe <NA> comparison in condition",
        Code::NoEvttype => "Condition has no event-type restriction",
        Code::UnknownFilter => "Unknown field or event-type in condition or output",
        Code::UnusedMacro => "Unused macro",
        Code::UnusedList => "Unused list",
        Code::UnknownItem => "Unknown rules file item",
        Code::DeprecatedItem => "Used deprecated item",
        Code::WarningExtension => "Warning in extension item",
        Code::AppendNoValues => "Overriding/appending with no values",
        Code::ExceptionNameNotUnique => "Multiple exceptions defined with the same name",
        Code::InvalidMacroName => "Invalid macro name",
        Code::InvalidListName => "Invalid list name",
        Code::CompileCondition => "Warning in rule condition",
        Code::UnknownKey => "Unknown key in item definition",
        error => error.description(),
    }
}
