//! Falco alerts (§3): the text line `"<evt.time>: <Priority> <message>"` and the JSON alert
//! with sorted keys (`hostname`, `output`, `output_fields`, `priority`, `rule`, `source`,
//! `tags`, `time`), built from a matched rule and the event's field values.
//!
//! Values are formatted in one place, [`format_value`]; times in [`crate::time`]; formats are
//! rendered by [`render`]; the JSON document is written by [`json`].

pub mod format_value;
pub mod json;
pub mod render;

pub use crate::time::TimeZone;
pub use render::{Rendered, Renderer, NA};

use crate::field_value::{FieldSource, FieldValue};
use falcoc_catalog::fields::{resolve_field, ResolvedField};
use falcoc_catalog::ir::{Operand, OutputFormat, OutputSegment, Rule};
use falcoc_catalog::priority::Priority;
use serde_json::Value;
use std::collections::BTreeMap;

/// A key added to every alert's `output_fields` (Falco's `append_output.extra_fields`).
#[derive(Clone, Debug, PartialEq)]
pub enum ExtraField {
    /// `{key: format}`: the rendered format, as a string.
    Format { key: String, format: OutputFormat },
    /// A bare field name: its raw typed value under its own name.
    Field { key: String, operand: Operand },
}

impl ExtraField {
    /// `key: format` (e.g. `node: "%k8s.pod.name on host"`), the format already compiled by
    /// the front end.
    pub fn format(key: &str, format: OutputFormat) -> ExtraField {
        ExtraField::Format {
            key: key.to_string(),
            format,
        }
    }

    /// A bare field name (e.g. `proc.cwd`), given as the compiled one-field format `%name`.
    pub fn field(name: &str, compiled: OutputFormat) -> Result<ExtraField, String> {
        match compiled.segments.as_slice() {
            [OutputSegment::Field { operand, key, .. }] => Ok(ExtraField::Field {
                key: key.clone(),
                operand: operand.clone(),
            }),
            _ => Err(format!("invalid extra field `{name}`")),
        }
    }
}

/// Falco's output settings that shape alerts.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputOptions {
    pub hostname: String,
    /// Where `evt.time` and `evt.datetime` are shown; the machine's local time by default.
    pub time_zone: TimeZone,
    /// `time_format_iso_8601`: prefix with `%evt.time.iso8601` instead of `%evt.time`.
    pub time_format_iso_8601: bool,
    pub json_include_output_property: bool,
    pub json_include_tags_property: bool,
    pub json_include_message_property: bool,
    pub json_include_output_fields_property: bool,
    pub extra_fields: Vec<ExtraField>,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            hostname: String::new(),
            time_zone: TimeZone::Local,
            time_format_iso_8601: false,
            json_include_output_property: true,
            json_include_tags_property: true,
            json_include_message_property: false,
            json_include_output_fields_property: true,
            extra_fields: Vec::new(),
        }
    }
}

/// One alert, ready to print as text or JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub hostname: String,
    pub rule: String,
    pub priority: Priority,
    pub source: String,
    /// Sorted, without duplicates.
    pub tags: Vec<String>,
    /// Event timestamp, ns since the epoch (0 when unknown).
    pub time_ns: u64,
    /// The rule output rendered, without prefix.
    pub message: String,
    /// Prefix, a space and the message: Falco's text line.
    pub output: String,
    pub output_fields: BTreeMap<String, Value>,
}

/// Builds alerts for matched rules.
#[derive(Clone, Debug)]
pub struct AlertFormatter {
    options: OutputOptions,
    rawtime: Option<ResolvedField>,
    prefix_time: Option<Operand>,
}

impl AlertFormatter {
    /// Whether an extra output field reads a field of a process's whole fd table
    /// ([`crate::extract::reads_whole_fd_table`]).
    pub fn reads_fd_tables(&self) -> bool {
        let test = &crate::extract::reads_whole_fd_table;
        self.options.extra_fields.iter().any(|e| match e {
            ExtraField::Format { format, .. } => format.reads_field(test),
            ExtraField::Field { operand, .. } => operand.reads_field(test),
        })
    }

    pub fn new(options: OutputOptions) -> AlertFormatter {
        let prefix_name = if options.time_format_iso_8601 {
            "evt.time.iso8601"
        } else {
            "evt.time"
        };
        AlertFormatter {
            rawtime: resolve_field("evt.rawtime", None).ok(),
            prefix_time: resolve_field(prefix_name, None).ok().map(Operand::Field),
            options,
        }
    }

    pub fn options(&self) -> &OutputOptions {
        &self.options
    }

    /// The event timestamp (`evt.rawtime`) of the current event of `src`.
    pub fn event_time(&self, src: &mut dyn FieldSource) -> Option<u64> {
        match src.extract(self.rawtime.as_ref()?)? {
            FieldValue::Uint(ns) => Some(ns),
            FieldValue::Int(ns) => u64::try_from(ns).ok(),
            _ => None,
        }
    }

    /// The alert `rule` raises on the current event of `src`.
    pub fn alert(&self, rule: &Rule, src: &mut dyn FieldSource) -> Alert {
        let ts = self.event_time(src);
        let renderer = Renderer {
            time_zone: self.options.time_zone,
        };
        let mut rendered = Rendered::default();
        let mut prefix = String::new();
        if let Some(op) = &self.prefix_time {
            let (text, json) = renderer.token(op, src, ts);
            prefix.push_str(text.as_deref().unwrap_or(NA));
            if let Operand::Field(f) = op {
                rendered.fields.insert(f.text.clone(), json);
            }
        }
        prefix.push_str(": ");
        prefix.push_str(rule.priority.as_str());
        renderer.render(&rule.output, src, ts, &mut rendered);
        for extra in &self.options.extra_fields {
            match extra {
                ExtraField::Format { key, format } => {
                    let mut r = Rendered::default();
                    renderer.render(format, src, ts, &mut r);
                    rendered.fields.insert(key.clone(), Value::String(r.text));
                }
                ExtraField::Field { key, operand } => {
                    let (_, json) = renderer.token(operand, src, ts);
                    rendered.fields.insert(key.clone(), json);
                }
            }
        }
        let mut tags = rule.tags.clone();
        tags.sort();
        tags.dedup();
        Alert {
            hostname: self.options.hostname.clone(),
            rule: rule.name.clone(),
            priority: rule.priority,
            source: rule.source.clone(),
            tags,
            time_ns: ts.unwrap_or(0),
            output: format!("{prefix} {}", rendered.text),
            message: rendered.text,
            output_fields: rendered.fields,
        }
    }

    /// The alert as Falco's text line (verbatim, errata W9).
    pub fn text(&self, alert: &Alert) -> String {
        alert.output.clone()
    }

    /// The alert as Falco's JSON line.
    pub fn json(&self, alert: &Alert) -> String {
        json::alert_json(alert, &self.options)
    }
}
