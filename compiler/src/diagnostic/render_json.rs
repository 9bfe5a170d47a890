//! Falco's `-V` load result JSON: `{"falco_load_results":[{name, successful, errors[],
//! warnings[], schema_valid, schema_warnings}]}`, one result per file, keys sorted as
//! Falco's nlohmann::json prints them.
//!
//! Positions are 0-based line and column, as Falco prints them. Unlike Falco, the
//! `condition expression` position is the exact spot in the file.

use super::{Diagnostic, Location};
use crate::source::Sources;
use serde_json::{json, Map, Value};

/// The whole `falco_load_results` document.
pub fn render(sources: &Sources, diags: &[Diagnostic]) -> Value {
    let results: Vec<Value> = (0..sources.len())
        .map(|file| file_result(sources, file, diags))
        .collect();
    json!({ "falco_load_results": results })
}

fn file_of(d: &Diagnostic) -> Option<usize> {
    d.locations
        .first()
        .map(|l| l.file)
        .or_else(|| d.primary.as_ref().map(|p| p.file))
}

fn file_result(sources: &Sources, file: usize, diags: &[Diagnostic]) -> Value {
    let mine: Vec<&Diagnostic> = diags.iter().filter(|d| file_of(d) == Some(file)).collect();
    let errors: Vec<Value> = mine
        .iter()
        .filter(|d| d.is_error())
        .map(|d| entry(sources, d))
        .collect();
    let warnings: Vec<Value> = mine
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| entry(sources, d))
        .collect();
    let mut m = Map::new();
    m.insert("errors".into(), Value::Array(errors.clone()));
    m.insert("name".into(), Value::String(sources.get(file).name.clone()));
    m.insert("schema_valid".into(), Value::Bool(true));
    m.insert("schema_warnings".into(), Value::Array(Vec::new()));
    m.insert("successful".into(), Value::Bool(errors.is_empty()));
    m.insert("warnings".into(), Value::Array(warnings));
    Value::Object(m)
}

/// One error or warning object.
pub fn entry(sources: &Sources, d: &Diagnostic) -> Value {
    let mut locations: Vec<Value> = d.locations.iter().map(|l| location(sources, l)).collect();
    if let Some(p) = &d.primary {
        let already = d
            .locations
            .last()
            .is_some_and(|l| l.file == p.file && l.offset == p.range.start);
        if !already && d.locations.len() > 1 {
            let loc = Location::new("condition expression", "", p.file, p.range.start);
            locations.push(location(sources, &loc));
        }
    }
    json!({
        "code": d.code.as_str(),
        "codedesc": d.code.description(),
        "context": { "locations": locations, "snippet": snippet(sources, d) },
        "message": d.message,
    })
}

fn location(sources: &Sources, l: &Location) -> Value {
    let file = sources.get(l.file);
    let (line, column) = file.line_col(l.offset);
    json!({
        "item_name": l.item_name,
        "item_type": l.item_type,
        "position": { "column": column, "line": line, "name": file.name, "offset": l.offset },
    })
}

/// The source line of the primary position with a caret under it.
fn snippet(sources: &Sources, d: &Diagnostic) -> String {
    let Some(p) = &d.primary else {
        return String::new();
    };
    let file = sources.get(p.file);
    let (line, col) = file.line_col(p.range.start);
    let text = &file.text[file.line_range(line)];
    let pad: String = text[..col.min(text.len())]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{text}\n{pad}^\n")
}
