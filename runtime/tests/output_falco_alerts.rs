//! Alert formatting proven on real Falco output: the two alerts Falco 0.44.1 printed for
//! `synthetic-tiny.scap` with the upstream `falco_rules.yaml` are rebuilt byte for byte,
//! JSON and text, from the field values recorded in Falco's own JSON (`output_fields`).

mod eval_support;

use eval_support::*;
use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_compiler::catalog::types::TypeFamily;
use falcoc_compiler::ir::RuleSet;
use falcoc_compiler::output_format::compile_format;
use falcoc_runtime::field_value::FieldValue;
use falcoc_runtime::output::{AlertFormatter, ExtraField, OutputOptions, TimeZone};
use serde_json::Value;

/// A field key as written in `output_fields`, resolved (`proc.aname[2]` included).
fn resolve_key(key: &str) -> falcoc_compiler::catalog::fields::ResolvedField {
    let (name, arg) = match key.split_once('[') {
        Some((n, rest)) => (n, rest.strip_suffix(']')),
        None => (key, None),
    };
    resolve_field(name, arg).unwrap_or_else(|e| panic!("{key}: {e}"))
}

/// The field values Falco recorded, as a field source (`null` values are not extractable;
/// `evt.time` is the event timestamp, i.e. `evt.rawtime`).
fn source_from(fields: &serde_json::Map<String, Value>) -> TableSource {
    let mut src = TableSource::default();
    for (key, v) in fields {
        if key == "evt.time" {
            let ns = v.as_u64().expect("evt.time is an integer");
            src.values
                .insert("evt.rawtime".into(), FieldValue::Uint(ns));
            continue;
        }
        let field = resolve_key(key);
        let value = match v {
            Value::Null => continue,
            Value::String(s) => FieldValue::Str(s.clone()),
            Value::Bool(b) => FieldValue::Bool(*b),
            Value::Number(n) => {
                assert_eq!(field.ftype.family(), TypeFamily::Numeric, "{key}");
                match n.as_u64() {
                    Some(u) if !field.ftype.type_name().starts_with("INT") => FieldValue::Uint(u),
                    _ => FieldValue::Int(n.as_i64().expect("integer")),
                }
            }
            other => panic!("unexpected value {other} for {key}"),
        };
        src.values.insert(field.text.clone(), value);
    }
    src
}

fn upstream_rules(dir: &std::path::Path) -> RuleSet {
    let text = std::fs::read_to_string(dir.join("corpus/rules/falco_rules.yaml")).expect("read");
    load_rules(&text)
}

#[test]
fn synthetic_tiny_alerts_byte_for_byte() {
    let Some(dir) = shared() else {
        return;
    };
    let ex = dir.join("spec/examples");
    let jsonl =
        std::fs::read_to_string(ex.join("synthetic-tiny.falco-alerts.jsonl")).expect("read");
    let txt = std::fs::read_to_string(ex.join("synthetic-tiny.falco-alerts.txt")).expect("read");
    let rules = upstream_rules(&dir);
    let formatter = AlertFormatter::new(OutputOptions {
        hostname: "vm".into(),
        time_zone: TimeZone::Utc,
        ..OutputOptions::default()
    });
    let lines: Vec<&str> = jsonl.lines().collect();
    let texts: Vec<&str> = txt.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(texts.len(), 2);
    for (line, text) in lines.iter().zip(&texts) {
        let falco: Value = serde_json::from_str(line).expect("json");
        let name = falco["rule"].as_str().expect("rule");
        let rule = rules
            .rules
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("rule {name}"));
        let fields = falco["output_fields"].as_object().expect("object");
        let mut src = source_from(fields);
        let alert = formatter.alert(rule, &mut src);
        assert_eq!(formatter.json(&alert), *line);
        assert_eq!(formatter.text(&alert), *text);
    }
}

#[test]
fn json_options_and_extra_fields() {
    let Some(dir) = shared() else {
        return;
    };
    let rules = upstream_rules(&dir);
    let rule = rules
        .rules
        .iter()
        .find(|r| r.name == "Read sensitive file untrusted")
        .expect("rule");
    let formatter = AlertFormatter::new(OutputOptions {
        hostname: "h\"1".into(),
        time_zone: TimeZone::Fixed(3600),
        time_format_iso_8601: true,
        json_include_output_property: false,
        json_include_tags_property: false,
        json_include_message_property: true,
        json_include_output_fields_property: true,
        extra_fields: vec![
            ExtraField::field("proc.pid", compile_format("%proc.pid").expect("field"))
                .expect("field"),
            ExtraField::format(
                "where",
                compile_format("%proc.name on %fd.name").expect("format"),
            ),
        ],
    });
    let mut src = TableSource::new(&[
        ("evt.rawtime", FieldValue::Uint(1_700_000_000_000_008_000)),
        ("proc.name", s("cat")),
        ("fd.name", s("/etc/shadow")),
        ("proc.pid", i(77)),
    ]);
    let alert = formatter.alert(rule, &mut src);
    let json = formatter.json(&alert);
    let v: Value = serde_json::from_str(&json).expect("valid json");
    let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "hostname",
            "message",
            "output_fields",
            "priority",
            "rule",
            "source",
            "time"
        ]
    );
    assert!(json.starts_with("{\"hostname\":\"h\\\"1\",\"message\":\"Sensitive file opened"));
    assert_eq!(v["output_fields"]["proc.pid"], 77);
    assert_eq!(v["output_fields"]["where"], "cat on /etc/shadow");
    assert_eq!(
        v["output_fields"]["evt.time.iso8601"],
        1_700_000_000_000_008_000u64
    );
    assert_eq!(v["output_fields"]["user.name"], Value::Null);
    assert!(alert
        .output
        .starts_with("2023-11-14T22:13:20.000008000+0000: Warning Sensitive file opened"));
    assert!(alert.message.contains("file=/etc/shadow gparent=<NA>"));
}

/// The engine picks the rule Falco alerted on from the recorded values, and the alert it
/// gives is Falco's. Added to the recorded values: what the capture's events are but Falco
/// does not print (exit events, success, the opened fd being a regular file read as fd 3),
/// and the ancestor list `proc.aname` made of the recorded `proc.pname`, `proc.aname[2]`, ….
#[test]
fn engine_then_output_reproduce_falco() {
    let Some(dir) = shared() else {
        return;
    };
    let ex = dir.join("spec/examples");
    let jsonl =
        std::fs::read_to_string(ex.join("synthetic-tiny.falco-alerts.jsonl")).expect("read");
    let rules = upstream_rules(&dir);
    for backend in backends() {
        let engine = engine_with(
            backend,
            rules.clone(),
            falcoc_runtime::engine::EngineOptions::default(),
        );
        alerts_match_falco(&engine, &jsonl);
    }
}

fn alerts_match_falco(engine: &falcoc_runtime::engine::Engine, jsonl: &str) {
    let formatter = AlertFormatter::new(OutputOptions {
        hostname: "vm".into(),
        time_zone: TimeZone::Utc,
        ..OutputOptions::default()
    });
    for line in jsonl.lines() {
        let falco: Value = serde_json::from_str(line).expect("json");
        let mut src = source_from(falco["output_fields"].as_object().expect("object"));
        src.values.insert("evt.dir".into(), s("<"));
        src.values.insert("evt.rawres".into(), i(0));
        if src.values.contains_key("fd.name") {
            src.values
                .insert("evt.is_open_read".into(), FieldValue::Bool(true));
            src.values.insert("fd.typechar".into(), s("f"));
            src.values.insert("fd.num".into(), i(3));
        }
        let fields = &falco["output_fields"];
        let ancestors: Vec<FieldValue> = std::iter::once(fields["proc.pname"].as_str())
            .chain((2..8).map(|n| fields[format!("proc.aname[{n}]")].as_str()))
            .map_while(|a| a.map(s))
            .collect();
        src.values.insert("proc.aname".into(), list(ancestors));
        let evt_type = falco["output_fields"]["evt.type"]
            .as_str()
            .expect("evt.type");
        let code = falcoc_compiler::catalog::events::names_to_codes(&[evt_type])
            .iter()
            .last()
            .expect("code");
        let matched = engine.matches(code, &mut src);
        let names: Vec<&str> = matched
            .iter()
            .filter_map(|i| engine.rule(*i))
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, [falco["rule"].as_str().expect("rule")]);
        let rule = engine.rule(matched[0]).expect("rule");
        assert_eq!(formatter.json(&formatter.alert(rule, &mut src)), line);
    }
}

#[test]
fn unindexed_ancestor_fields_show_the_process_itself() {
    let mut rules = load_rules(
        "- rule: r\n  desc: d\n  condition: evt.type = execve\n  output: \"a=%proc.aname p=%proc.aname[1] n=%5proc.name|\"\n  priority: INFO\n",
    );
    let rule = rules.rules.remove(0);
    let formatter = AlertFormatter::new(OutputOptions {
        time_zone: TimeZone::Utc,
        ..OutputOptions::default()
    });
    let mut src = TableSource::new(&[
        ("evt.rawtime", FieldValue::Uint(1_000_000_001)),
        ("proc.aname", list(vec![s("nginx"), s("systemd")])),
        ("proc.aname[0]", s("bash")),
        ("proc.aname[1]", s("nginx")),
        ("proc.name", s("bash")),
    ]);
    let alert = formatter.alert(&rule, &mut src);
    assert_eq!(
        alert.output,
        "00:00:01.000000001: Informational a=bash p=nginx n=bash |"
    );
    assert_eq!(alert.output_fields["proc.aname"], "bash");
}

#[test]
fn extra_fields_that_read_a_whole_fd_table_are_known() {
    let reads = |extra: Vec<ExtraField>| {
        AlertFormatter::new(OutputOptions {
            extra_fields: extra,
            ..OutputOptions::default()
        })
        .reads_fd_tables()
    };
    let field = |name: &str| {
        ExtraField::field(name, compile_format(&format!("%{name}")).expect("field")).expect("field")
    };
    let format = |f: &str| ExtraField::format("k", compile_format(f).expect("format"));
    assert!(!reads(vec![]));
    assert!(!reads(vec![
        field("proc.pid"),
        format("%proc.name on %fd.name")
    ]));
    assert!(reads(vec![field("proc.fdopencount")]));
    assert!(reads(vec![
        field("proc.pid"),
        format("%proc.name uses %proc.fdusage")
    ]));
    assert!(reads(vec![format("%fd.types[3]")]));
}
