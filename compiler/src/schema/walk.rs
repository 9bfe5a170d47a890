//! Checks a YAML node against a [`Schema`] as valijson does in weak-types mode, collecting
//! the failures in the order valijson reports them (innermost first).
//!
//! Weak types, as the valijson Falco 0.44.1 is built with (v1.0.1) reads yaml-cpp nodes:
//! *every* node counts as a string (a sequence or `null` too); a scalar is also a boolean
//! when it is exactly `true` or `false`, and an integer when it reads whole as a signed
//! 64-bit number. Comparing a non-scalar with an enumeration (`priority: [a]`) makes that
//! valijson throw, which Falco reports as a YAML error of the whole file: [`Thrown`].
//! Recursion follows the schema, which is at most five levels deep, so the depth of the
//! YAML cannot matter.

use super::rules_schema::{JsonType, Schema};
use crate::yaml::{Node, NodeKind};

/// Validation stopped by an exception in Falco's validator: its message and the byte
/// offset of the node that caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thrown(pub &'static str, pub usize);

/// What valijson throws when it compares a non-scalar with a string.
const NOT_A_STRING: &str = "JSON value cannot be cast to a string.";

type Checked = Result<bool, Thrown>;

/// The failures of `doc` against `schema`, each `failed for <path>: <reason>`.
pub fn validate(doc: &Node, schema: &Schema) -> Result<Vec<String>, Thrown> {
    let mut out = Vec::new();
    let mut path = vec!["<root>".to_string()];
    check(doc, schema, &mut path, &mut out)?;
    Ok(out)
}

fn fail(path: &[String], reason: &str, out: &mut Vec<String>) {
    out.push(format!("failed for {}: {reason}", path.concat()));
}

fn check(node: &Node, schema: &Schema, path: &mut Vec<String>, out: &mut Vec<String>) -> Checked {
    let mut ok = true;
    if let Some(ty) = schema.ty {
        if !has_type(node, ty) {
            fail(path, "Value type not permitted by 'type' constraint.", out);
            ok = false;
        }
    }
    if !schema.any_of.is_empty() {
        ok &= check_any_of(node, schema.any_of, path, out)?;
    }
    if !schema.enumeration.is_empty() {
        let Some(value) = node.as_scalar() else {
            return Err(Thrown(NOT_A_STRING, node.range.start));
        };
        if !schema.enumeration.contains(&value) {
            fail(path, "Failed to match against any enum values.", out);
            ok = false;
        }
    }
    if let (Some(items), NodeKind::Seq(elements)) = (schema.items, &node.kind) {
        for (i, element) in elements.iter().enumerate() {
            path.push(format!("[{i}]"));
            let good = check(element, items, path, out)?;
            path.pop();
            if !good {
                fail(
                    path,
                    &format!("Failed to validate item #{i} in array."),
                    out,
                );
                ok = false;
            }
        }
    }
    let members = object_members(node);
    if let (Some(min), Some(members)) = (schema.min_properties, &members) {
        if members.len() < min {
            let reason = format!("Object should have no fewer than {min} properties.");
            fail(path, &reason, out);
            ok = false;
        }
    }
    if let (Some(properties), Some(members)) = (schema.properties, &members) {
        ok &= check_properties(members, properties, path, out)?;
    }
    if let Some(members) = &members {
        for name in schema.required {
            if !members.iter().any(|(k, _)| k == name) {
                fail(path, &format!("Missing required property '{name}'."), out);
                ok = false;
            }
        }
    }
    Ok(ok)
}

/// `anyOf`: the first child schema that validates wins; when none does, every child's
/// failures are reported, then the `anyOf` failure itself.
fn check_any_of(
    node: &Node,
    children: &[&Schema],
    path: &mut Vec<String>,
    out: &mut Vec<String>,
) -> Checked {
    let mut failures = Vec::new();
    for (i, child) in children.iter().enumerate() {
        if check(node, child, path, &mut failures)? {
            return Ok(true);
        }
        fail(
            path,
            &format!("Failed to validate against child schema #{i}."),
            &mut failures,
        );
    }
    out.append(&mut failures);
    fail(
        path,
        "Failed to validate against any schemas allowed by anyOf constraint.",
        out,
    );
    Ok(false)
}

/// `properties` with `additionalProperties: false`: each known key present is checked (in
/// the schema's key order), then the first key the schema does not know is reported.
fn check_properties(
    members: &[(String, &Node)],
    properties: &[(&str, &Schema)],
    path: &mut Vec<String>,
    out: &mut Vec<String>,
) -> Checked {
    let mut ok = true;
    let mut matched: Vec<&str> = Vec::new();
    for (name, schema) in properties {
        let Some((_, value)) = members.iter().find(|(k, _)| k == name) else {
            continue;
        };
        matched.push(name);
        path.push(format!("[{name}]"));
        let good = check(value, schema, path, out)?;
        path.pop();
        if !good {
            let reason = format!(
                "Failed to validate against schema associated with property name '{name}'."
            );
            fail(path, &reason, out);
            ok = false;
        }
    }
    if matched.len() != members.len() {
        let unwanted = members
            .iter()
            .map(|(k, _)| k.as_str())
            .find(|k| !matched.contains(k))
            .unwrap_or("");
        let reason = format!(
            "Object contains a property that could not be validated using 'properties' or \
             'additionalProperties' constraints: '{unwanted}'."
        );
        fail(path, &reason, out);
        ok = false;
    }
    Ok(ok)
}

/// The members of a node valijson may treat as an object: a map's pairs (keys as yaml-cpp
/// reads them as strings), and nothing for an empty sequence.
fn object_members(node: &Node) -> Option<Vec<(String, &Node)>> {
    match &node.kind {
        NodeKind::Map(pairs) => Some(pairs.iter().map(|(k, v)| (key_text(k), v)).collect()),
        NodeKind::Seq(items) if items.is_empty() => Some(Vec::new()),
        _ => None,
    }
}

fn key_text(key: &Node) -> String {
    match &key.kind {
        NodeKind::Scalar(s, _) => s.clone(),
        NodeKind::Null => "null".to_string(),
        _ => String::new(),
    }
}

fn has_type(node: &Node, ty: JsonType) -> bool {
    match (ty, &node.kind) {
        (JsonType::String, _) => true,
        (JsonType::Boolean, NodeKind::Scalar(s, _)) => s == "true" || s == "false",
        (JsonType::Integer, NodeKind::Scalar(s, _)) => reads_as_i64(s),
        (JsonType::Array, NodeKind::Seq(_)) => true,
        (JsonType::Object, NodeKind::Map(_)) => true,
        _ => false,
    }
}

/// Whether a C++ stream reads the whole text as one `int64_t`: leading blanks, an optional
/// sign, digits, nothing after, no overflow.
fn reads_as_i64(text: &str) -> bool {
    let t = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && t.strip_prefix('+').unwrap_or(t).parse::<i64>().is_ok()
}
