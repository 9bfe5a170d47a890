//! Rendering a compiled output format (`%field` tokens and text) on one event: the text,
//! with `<NA>` for values that cannot be extracted (Falco always prints with `*`) and widths
//! applied, and the typed `output_fields` for JSON.
//!
//! Time fields (`evt.time`, `evt.outputtime`, `evt.time.s`, `evt.time.iso8601`, `evt.datetime`,
//! `evt.datetime.s`) are formatted here from the event timestamp (`evt.rawtime`) in the
//! configured time zone, and are the integer timestamp in JSON. `%len(...)` always prints
//! `<NA>` as in Falco 0.44. A transformed token is not a JSON key itself; the fields inside
//! it are. An ancestor field without an index (`%proc.aname`) prints as libsinsp extracts it
//! for display: zero levels up, i.e. the process itself (`proc.aname[0]`).

use super::format_value::{value_json, value_text, ValueFormat};
use crate::eval::eval_operand;
use crate::field_value::FieldSource;
use crate::time::{self, TimeZone};
use falcoc_catalog::events::ParamFormat;
use falcoc_catalog::fields::{fl, resolve_field, FieldArg};
use falcoc_catalog::ir::{Operand, OutputFormat, OutputSegment, TransformArg};
use falcoc_grammar::ast::TransformerKind;
use serde_json::Value;
use std::collections::BTreeMap;

/// What Falco prints for a value that cannot be extracted.
pub const NA: &str = "<NA>";

/// The result of rendering: text and JSON values by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub text: String,
    pub fields: BTreeMap<String, Value>,
}

/// Renders formats in one time zone.
#[derive(Clone, Copy, Debug)]
pub struct Renderer {
    pub time_zone: TimeZone,
}

impl Renderer {
    /// Appends `fmt` rendered on the current event to `out`; `ts` is the event timestamp.
    pub fn render(
        &self,
        fmt: &OutputFormat,
        src: &mut dyn FieldSource,
        ts: Option<u64>,
        out: &mut Rendered,
    ) {
        for seg in &fmt.segments {
            match seg {
                OutputSegment::Text(t) => out.text.push_str(t),
                OutputSegment::Field {
                    operand,
                    width,
                    key,
                    in_fields,
                } => {
                    let (text, json) = self.token(operand, src, ts);
                    push_width(&mut out.text, text.as_deref().unwrap_or(NA), *width);
                    if *in_fields {
                        out.fields.insert(key.clone(), json);
                    } else {
                        self.inner_fields(operand, src, ts, &mut out.fields);
                    }
                }
            }
        }
    }

    /// The text (`None` when missing) and JSON value of one token.
    pub fn token(
        &self,
        op: &Operand,
        src: &mut dyn FieldSource,
        ts: Option<u64>,
    ) -> (Option<String>, Value) {
        match op {
            Operand::Field(f) if f.info.flags.has(fl::TIMESTAMP_TEXT) => match ts {
                Some(ts) => (Some(self.time_text(f.info.name, ts)), Value::from(ts)),
                None => (None, Value::Null),
            },
            Operand::Transform(t) if t.kind == TransformerKind::Len => (None, Value::Null),
            Operand::Field(f) if f.arg == FieldArg::None && f.info.flags.has(fl::ANCESTORS) => {
                match resolve_field(f.info.name, Some("0")) {
                    Ok(own) => self.token(&Operand::Field(own), src, ts),
                    Err(_) => (None, Value::Null),
                }
            }
            _ => {
                let fmt = value_format(op);
                match eval_operand(op, src) {
                    Some(v) => (Some(value_text(&v, fmt)), value_json(&v, fmt)),
                    None => (None, Value::Null),
                }
            }
        }
    }

    fn time_text(&self, name: &str, ts: u64) -> String {
        let tz = self.time_zone;
        match name {
            "evt.time.s" => time::time_of_day_s(ts, tz),
            "evt.time.iso8601" => time::iso8601_field(ts),
            "evt.datetime" => time::datetime(ts, tz),
            "evt.datetime.s" => time::datetime_s(ts, tz),
            _ => time::time_of_day(ts, tz),
        }
    }

    /// Adds the JSON values of the fields inside a transformer.
    fn inner_fields(
        &self,
        op: &Operand,
        src: &mut dyn FieldSource,
        ts: Option<u64>,
        fields: &mut BTreeMap<String, Value>,
    ) {
        match op {
            Operand::Field(f) => {
                let (_, json) = self.token(op, src, ts);
                fields.insert(f.text.clone(), json);
            }
            Operand::Transform(t) => {
                for a in &t.args {
                    self.inner_arg(a, src, ts, fields);
                }
            }
        }
    }

    fn inner_arg(
        &self,
        a: &TransformArg,
        src: &mut dyn FieldSource,
        ts: Option<u64>,
        fields: &mut BTreeMap<String, Value>,
    ) {
        match a {
            TransformArg::Operand(o) => self.inner_fields(o, src, ts, fields),
            TransformArg::List(items) => {
                for i in items {
                    self.inner_arg(i, src, ts, fields);
                }
            }
            TransformArg::Literal(_) => {}
        }
    }
}

/// How an operand's values print: its (transformed) type and list-ness, with the print
/// format of the field it starts from.
pub fn value_format(op: &Operand) -> ValueFormat {
    ValueFormat {
        ftype: op.ftype(),
        print: innermost_print(op),
        is_list: op.is_list(),
    }
}

fn innermost_print(op: &Operand) -> ParamFormat {
    match op {
        Operand::Field(f) => f.info.print,
        Operand::Transform(t) => match t.args.as_slice() {
            [TransformArg::Operand(inner)] => innermost_print(inner),
            _ => ParamFormat::Na,
        },
    }
}

/// Appends `text` padded with spaces or cut to `width` bytes (libsinsp resizes the
/// string); a cut never splits a character.
fn push_width(out: &mut String, text: &str, width: Option<usize>) {
    let Some(w) = width.filter(|w| *w > 0) else {
        out.push_str(text);
        return;
    };
    if text.len() >= w {
        let mut cut = w;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(text.get(..cut).unwrap_or(""));
        for _ in cut..w {
            out.push(' ');
        }
    } else {
        out.push_str(text);
        for _ in text.len()..w {
            out.push(' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::push_width;

    #[test]
    fn widths() {
        let cases: &[(&str, Option<usize>, &str)] = &[
            ("bash", Some(6), "bash  "),
            ("bash", Some(2), "ba"),
            ("bash", Some(4), "bash"),
            ("bash", None, "bash"),
            ("<NA>", Some(6), "<NA>  "),
            ("é", Some(1), " "),
        ];
        for &(t, w, expect) in cases {
            let mut s = String::new();
            push_width(&mut s, t, w);
            assert_eq!(s, expect);
        }
    }
}
