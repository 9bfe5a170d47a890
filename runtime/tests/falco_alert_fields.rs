//! The `output_fields` real Falco 0.44.1 printed for its alerts on `synthetic-tiny.scap`
//! (`spec/examples/synthetic-tiny.falco-alerts.jsonl`) equal what falcoc extracts on the
//! same events: modern semantics, not sysdig 2022's.

mod common;

use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::{CaptureReader, Inspector};

/// A JSON scalar of `output_fields`.
#[derive(Debug, PartialEq)]
enum Json {
    Str(String),
    Num(i64),
    Null,
}

/// The `"output_fields": { ... }` object of one alert line, as (key, value) pairs. The
/// object is flat: string, integer or null values.
fn output_fields(line: &str) -> Vec<(String, Json)> {
    let Some(start) = line
        .find("\"output_fields\":{")
        .or_else(|| line.find("\"output_fields\": {"))
    else {
        return Vec::new();
    };
    let body = &line[start..];
    let open = body.find('{').unwrap_or(0);
    let mut chars = body[open + 1..].chars().peekable();
    let mut out = Vec::new();
    let read_str = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(e) = chars.next() {
                        s.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                }
                c => s.push(c),
            }
        }
        s
    };
    loop {
        match chars.next() {
            Some('"') => {
                let key = read_str(&mut chars);
                while chars.peek().is_some_and(|c| *c == ':' || c.is_whitespace()) {
                    chars.next();
                }
                let value = match chars.peek() {
                    Some('"') => {
                        chars.next();
                        Json::Str(read_str(&mut chars))
                    }
                    Some('n') => {
                        for _ in 0..4 {
                            chars.next();
                        }
                        Json::Null
                    }
                    _ => {
                        let mut n = String::new();
                        while chars
                            .peek()
                            .is_some_and(|c| *c == '-' || c.is_ascii_digit())
                        {
                            n.extend(chars.next());
                        }
                        Json::Num(n.parse().unwrap_or(i64::MIN))
                    }
                };
                out.push((key, value));
            }
            Some('}') | None => return out,
            Some(_) => {}
        }
    }
}

fn as_json(v: Option<FieldValue>) -> Json {
    match v {
        None => Json::Null,
        Some(FieldValue::Str(s)) => Json::Str(s),
        Some(FieldValue::Int(i)) => Json::Num(i),
        Some(FieldValue::Uint(u)) => Json::Num(i64::try_from(u).unwrap_or(i64::MAX)),
        Some(other) => Json::Str(format!("{other:?}")),
    }
}

#[test]
fn extraction_matches_falco_alert_output_fields() {
    let Some(dir) = common::shared_dir() else {
        return;
    };
    let alerts =
        std::fs::read_to_string(dir.join("spec/examples/synthetic-tiny.falco-alerts.jsonl"))
            .expect("alerts readable");
    let expected: Vec<Vec<(String, Json)>> = alerts.lines().map(output_fields).collect();
    assert_eq!(expected.len(), 2, "two alerts in the example");
    let mut r = CaptureReader::open_path(dir.join("corpus/captures/synthetic-tiny.scap"))
        .expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut checked = 0;
    while let Ok(Some(ev)) = r.next_event() {
        insp.process(&ev);
        for fields in &expected {
            let ts = fields.iter().find(|(k, _)| k == "evt.time");
            if ts.map(|(_, v)| v) != Some(&Json::Num(ev.ts() as i64)) {
                continue;
            }
            let mut src = insp.source(&ev);
            for (key, want) in fields.iter().filter(|(k, _)| k != "evt.time") {
                let (base, arg) = match key.split_once('[') {
                    Some((b, a)) => (b, Some(a.trim_end_matches(']'))),
                    None => (key.as_str(), None),
                };
                let f = resolve_field(base, arg).expect("field resolves");
                assert_eq!(&as_json(src.extract(&f)), want, "{key} at {}", ev.ts());
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked, 32,
        "every output field of both alerts was compared"
    );
}
