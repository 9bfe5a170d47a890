//! Unit tests of the schema walk on small documents.

use super::{rules_schema, SchemaStatus};
use crate::limits::Limits;
use crate::source::SourceFile;
use crate::yaml::parse_documents;

fn status(text: &str) -> Option<SchemaStatus> {
    let file = SourceFile::new("t.yaml".to_string(), text.to_string());
    SchemaStatus::of_documents(&parse_documents(&file, &Limits::default()).unwrap()).unwrap()
}

#[test]
fn object_properties_are_sorted_as_valijson_iterates_them() {
    for o in rules_schema::objects() {
        let names: Vec<&str> = o.properties.unwrap().iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }
}

#[test]
fn a_valid_file_is_ok_and_an_empty_one_has_no_status() {
    let s = status("- rule: r\n  desc: d\n  condition: evt.type=open\n  output: x\n  priority: INFO\n  enabled: true\n  capture_duration: 5\n").unwrap();
    assert!(s.valid());
    assert!(s.warnings().is_empty());
    assert_eq!(status("# only a comment\n"), None);
}

#[test]
fn every_failure_is_reported_innermost_first() {
    // Every node passes as a string (a list name that is a list, a map among the items),
    // as in the validator Falco is built with.
    let s = status("- list: [l]\n  items: [a, 1, {x: y}]\n  foo: 1\n  append: yes\n").unwrap();
    assert!(!s.valid());
    assert_eq!(
        s.warnings(),
        [
            "failed for <root>[0][append]: Value type not permitted by 'type' constraint.",
            "failed for <root>[0]: Failed to validate against schema associated with property name 'append'.",
            "failed for <root>[0]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: 'foo'.",
            "failed for <root>: Failed to validate item #0 in array.",
        ]
    );
}

#[test]
fn required_keys_and_empty_overrides_are_reported() {
    let s =
        status("- required_plugin_versions:\n  - name: p\n- macro: m\n  override: {}\n").unwrap();
    assert_eq!(
        s.warnings(),
        [
            "failed for <root>[0][required_plugin_versions][0]: Missing required property 'version'.",
            "failed for <root>[0][required_plugin_versions]: Failed to validate item #0 in array.",
            "failed for <root>[0]: Failed to validate against schema associated with property name 'required_plugin_versions'.",
            "failed for <root>: Failed to validate item #0 in array.",
            "failed for <root>[1][override]: Object should have no fewer than 1 properties.",
            "failed for <root>[1]: Failed to validate against schema associated with property name 'override'.",
            "failed for <root>: Failed to validate item #1 in array.",
        ]
    );
}

#[test]
fn only_the_first_document_decides_validity() {
    let later_bad = status("- list: l\n  items: []\n---\n- foo: 1\n").unwrap();
    assert!(later_bad.valid());
    assert!(later_bad.warnings().is_empty());
    let first_bad = status("- foo: 1\n---\n- list: l\n  items: []\n").unwrap();
    assert!(!first_bad.valid());
    assert_eq!(first_bad.warnings().last().map(String::as_str), Some("ok"));
}

#[test]
fn weak_integers_read_as_a_cpp_stream_does() {
    for (v, ok) in [
        ("5", true),
        ("-5", true),
        ("+5", true),
        ("5s", false),
        ("0x5", false),
        ("99999999999999999999", false),
        ("true", false),
    ] {
        let s = status(&format!("- rule: r\n  capture_duration: {v}\n")).unwrap();
        assert_eq!(s.valid(), ok, "{v}");
    }
}

#[test]
fn a_non_scalar_where_an_enumeration_is_expected_stops_validation() {
    let file = SourceFile::new(
        "t.yaml".to_string(),
        "- rule: r\n  priority: [a]\n".to_string(),
    );
    let docs = parse_documents(&file, &Limits::default()).unwrap();
    assert_eq!(
        SchemaStatus::of_documents(&docs),
        Err(super::Thrown("JSON value cannot be cast to a string.", 22))
    );
}
