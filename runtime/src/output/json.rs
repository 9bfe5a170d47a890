//! The JSON alert (§3.3) with its keys in sorted order, as Falco's nlohmann writer emits
//! them: no spaces, control characters escaped, other text verbatim.

use super::{Alert, OutputOptions};
use serde_json::Value;

/// Writes `alert` as one JSON object.
pub fn alert_json(alert: &Alert, opts: &OutputOptions) -> String {
    // INVARIANT: pushed in alphabetical key order.
    let mut props: Vec<(&str, String)> = Vec::new();
    props.push(("hostname", string(&alert.hostname)));
    if opts.json_include_message_property {
        props.push(("message", string(&alert.message)));
    }
    if opts.json_include_output_property {
        props.push(("output", string(&alert.output)));
    }
    if opts.json_include_output_fields_property {
        let body: Vec<String> = alert
            .output_fields
            .iter()
            .map(|(k, v)| format!("{}:{}", string(k), value(v)))
            .collect();
        props.push(("output_fields", format!("{{{}}}", body.join(","))));
    }
    props.push(("priority", string(alert.priority.as_str())));
    props.push(("rule", string(&alert.rule)));
    props.push(("source", string(&alert.source)));
    if opts.json_include_tags_property {
        let tags: Vec<String> = alert.tags.iter().map(|t| string(t)).collect();
        props.push(("tags", format!("[{}]", tags.join(","))));
    }
    props.push(("time", string(&crate::time::iso8601_z(alert.time_ns))));
    let body: Vec<String> = props
        .into_iter()
        .map(|(k, v)| format!("{}:{v}", string(k)))
        .collect();
    format!("{{{}}}", body.join(","))
}

fn string(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// A value with object keys sorted (serde_json's map is sorted unless a crate in the
/// build turns on insertion order, so objects are written here explicitly).
fn value(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let body: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{}", string(k), value(v)))
                .collect();
            format!("{{{}}}", body.join(","))
        }
        Value::Array(items) => {
            let body: Vec<String> = items.iter().map(value).collect();
            format!("[{}]", body.join(","))
        }
        other => other.to_string(),
    }
}
