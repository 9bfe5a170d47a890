//! Falco's `-V` load result JSON: `{"falco_load_results":[{name, successful, errors[],
//! warnings[], schema_valid, schema_warnings}]}`, one result per file, keys sorted as
//! Falco's nlohmann::json prints them.
//!
//! Positions are 0-based line and column, as Falco prints them. With
//! [`Positions::Exact`] the `condition expression` position is the exact spot in the file;
//! with [`Positions::Falco`] (`falcoc -V`) it is Falco's own, inside the condition text.

use super::{Diagnostic, FalcoExpression, Location};
use crate::schema::SchemaStatus;
use crate::source::Sources;
use serde_json::{json, Map, Value};

/// Which `condition expression` position a condition error carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Positions {
    /// The exact spot in the file (`falcoc check`).
    Exact,
    /// Falco's own position inside the condition text, where we know it (`falcoc -V`).
    Falco,
}

/// The whole `falco_load_results` document; `schema` is each file's schema validation
/// (by file id, as [`crate::load::LoadResult::schema`] holds it).
pub fn render(sources: &Sources, diags: &[Diagnostic], schema: &[Option<SchemaStatus>]) -> Value {
    render_with(sources, diags, schema, Positions::Exact)
}

/// [`render`] with the chosen condition positions.
pub fn render_with(
    sources: &Sources,
    diags: &[Diagnostic],
    schema: &[Option<SchemaStatus>],
    positions: Positions,
) -> Value {
    let results: Vec<Value> = (0..sources.len())
        .map(|file| {
            let status = schema.get(file).and_then(Option::as_ref);
            file_result(sources, file, diags, status, positions)
        })
        .collect();
    json!({ "falco_load_results": results })
}

fn file_of(d: &Diagnostic) -> Option<usize> {
    d.locations
        .first()
        .map(|l| l.file)
        .or_else(|| d.primary.as_ref().map(|p| p.file))
}

/// One file's load result object.
pub fn file_result(
    sources: &Sources,
    file: usize,
    diags: &[Diagnostic],
    schema: Option<&SchemaStatus>,
    positions: Positions,
) -> Value {
    let mine: Vec<&Diagnostic> = diags.iter().filter(|d| file_of(d) == Some(file)).collect();
    let errors: Vec<Value> = mine
        .iter()
        .filter(|d| d.is_error())
        .map(|d| entry(sources, d, positions))
        .collect();
    let warnings: Vec<Value> = mine
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| entry(sources, d, positions))
        .collect();
    let mut m = Map::new();
    m.insert("errors".into(), Value::Array(errors.clone()));
    m.insert("name".into(), Value::String(sources.get(file).name.clone()));
    // Falco validates against its schema once the YAML parsed into at least one
    // document; otherwise the two keys are absent.
    if let Some(status) = schema {
        m.insert("schema_valid".into(), Value::Bool(status.valid()));
        let warnings = status.warnings().iter().cloned().map(Value::String);
        m.insert("schema_warnings".into(), Value::Array(warnings.collect()));
    }
    m.insert("successful".into(), Value::Bool(errors.is_empty()));
    m.insert("warnings".into(), Value::Array(warnings));
    Value::Object(m)
}

/// One error or warning object.
pub fn entry(sources: &Sources, d: &Diagnostic, positions: Positions) -> Value {
    if let (Positions::Falco, Some(e)) = (positions, &d.falco_expression) {
        if let Some(v) = falco_entry(sources, d, e) {
            return v;
        }
    }
    entry_exact(sources, d, positions)
}

fn entry_exact(sources: &Sources, d: &Diagnostic, positions: Positions) -> Value {
    let mut chain = d.locations.clone();
    // As in Falco, an error inside a condition ends with its `condition expression`
    // position (ours is the exact spot); other chains end at their item or key.
    if let Some(p) = &d.primary {
        let in_condition = chain
            .last()
            .is_some_and(|l| l.item_type.ends_with(" condition"));
        let already = chain
            .last()
            .is_some_and(|l| l.file == p.file && l.offset == p.range.start);
        if in_condition && !already {
            chain.push(Location::new(
                "condition expression",
                "",
                p.file,
                p.range.start,
            ));
        }
    }
    let locations: Vec<Value> = chain.iter().map(|l| location(sources, l)).collect();
    // Falco's snippet is at the last location; without a chain, at the primary span.
    let at = chain
        .last()
        .filter(|_| chain.len() > 1)
        .map(|l| (l.file, l.offset))
        .or_else(|| d.primary.as_ref().map(|p| (p.file, p.range.start)));
    let snippet = at
        .map(|(f, o)| snippet(sources.get(f).text.as_bytes(), o))
        .unwrap_or_default();
    entry_object(d, locations, snippet, positions)
}

/// An entry whose chain ends at Falco's own `condition expression` position: the
/// enclosing location plus Falco's position inside the condition text.
fn falco_entry(sources: &Sources, d: &Diagnostic, e: &FalcoExpression) -> Option<Value> {
    let base = d.locations.last()?;
    let (line, column) = sources.get(base.file).line_col(base.offset);
    let offset = base.offset + e.index;
    let mut locations: Vec<Value> = d.locations.iter().map(|l| location(sources, l)).collect();
    locations.push(json!({
        "item_name": "",
        "item_type": "condition expression",
        "position": {
            "column": column + e.column,
            "line": line + e.line,
            "name": e.name(),
            "offset": offset,
        },
    }));
    let snippet = snippet(e.shown.as_bytes(), offset);
    Some(entry_object(d, locations, snippet, Positions::Falco))
}

/// The entry object; under [`Positions::Falco`] with Falco's own wording of the message.
fn entry_object(
    d: &Diagnostic,
    locations: Vec<Value>,
    snippet: String,
    positions: Positions,
) -> Value {
    let message = match (positions, &d.falco_message) {
        (Positions::Falco, Some(m)) => m,
        _ => &d.message,
    };
    let mut v = json!({
        "code": d.code.as_str(),
        "codedesc": d.code.description(),
        "context": { "locations": locations, "snippet": snippet },
        "message": message,
    });
    if let Some(field) = deprecated_field(d) {
        v["deprecated_field"] = Value::String(field.to_string());
    }
    v
}

/// The fields Falco names in `deprecated_field` (its `deprecated_fields` table).
const DEPRECATED_FIELDS: &[&str] = &[
    "evt.dir",
    "evt.latency",
    "evt.latency.s",
    "evt.latency.ns",
    "evt.latency.human",
    "evt.wait_latency",
];

/// The deprecated field a `LOAD_DEPRECATED_ITEM` warning is about, as Falco reports it.
fn deprecated_field(d: &Diagnostic) -> Option<&'static str> {
    if d.code != super::Code::DeprecatedItem {
        return None;
    }
    DEPRECATED_FIELDS
        .iter()
        .copied()
        .find(|f| d.message.contains(&format!("'{f}'")) || d.message.contains(&format!("'{f} ")))
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

/// Falco's snippet width: at most half of it on each side of the position.
const SNIPPET_WIDTH: usize = 160;

/// The line of `text` holding a position, with a caret under it, cut as Falco cuts it
/// (at most 80 bytes on each side, the cut ends replaced by `...`).
fn snippet(text: &[u8], offset: usize) -> String {
    if text.is_empty() {
        return "<No context available>\n".to_string();
    }
    let half = SNIPPET_WIDTH / 2;
    // A position past the end (Falco's condition positions often are) is the last byte;
    // clamped first, so the walk back below is short.
    let mut pos = offset.min(text.len() - 1);
    while pos > 0 && text[pos] == b'\n' {
        pos -= 1;
    }
    let mut from = pos;
    while from > 0 && text[from] != b'\n' && pos - from < half {
        from -= 1;
    }
    let mut to = pos;
    while to + 1 < text.len() && text[to] != b'\n' && to - pos < half {
        to += 1;
    }
    if text[from] == b'\n' {
        from += 1;
    }
    if text[to] == b'\n' && to > 0 {
        to -= 1;
    }
    let mut line: Vec<u8> = text.get(from..=to).unwrap_or_default().to_vec();
    if line.last() == Some(&b'\r') && to - pos < half {
        line.pop();
    }
    if line.is_empty() {
        return "<No context available>\n".to_string();
    }
    if pos - from >= half && line.len() >= 3 {
        line[..3].copy_from_slice(b"...");
    }
    if to - pos >= half && line.len() >= 3 {
        let n = line.len();
        line[n - 3..].copy_from_slice(b"...");
    }
    let mut out = String::from_utf8_lossy(&line).into_owned();
    out.push('\n');
    if pos - from < out.len() {
        out.push_str(&" ".repeat(pos - from));
        out.push_str("^\n");
    }
    out
}
