//! Conformance with real Falco 0.44.1: every file of `../shared/spec/examples/load-codes/`
//! is loaded and compared with Falco's own `-V` JSON beside it — the same codes, the same
//! messages (except the documented differences below), the same item locations and the
//! same schema validation (`schema_valid`, `schema_warnings`).

use falcoc_compiler::diagnostic::render_json;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use serde_json::Value;
use std::path::PathBuf;

/// Messages we deliberately word differently from Falco, with the reason.
const MESSAGE_DIFFERENCES: &[(&str, &str)] = &[
    // yaml-cpp's and saphyr's syntax errors are worded differently; the code is the same.
    ("E_YAML_PARSE.yaml", "different YAML parser"),
    // Falco's text is cut short ("unexpected token after '"); ours names the token
    // (`falcoc -V` prints Falco's).
    (
        "E_COMPILE_OUTPUT_unknown_field.yaml",
        "clearer message, same code",
    ),
    ("W_UNKNOWN_FILTER_output.yaml", "clearer message, same code"),
];

fn examples_dir() -> Option<PathBuf> {
    Some(falcoc_testkit::shared()?.join("spec/examples/load-codes"))
}

/// `code: message` per entry, sorted.
fn entries(result: &Value, with_messages: bool) -> Vec<String> {
    let r = &result["falco_load_results"][0];
    let mut out: Vec<String> = ["errors", "warnings"]
        .iter()
        .flat_map(|k| r[*k].as_array().cloned().unwrap_or_default())
        .map(|e| {
            let code = e["code"].as_str().unwrap_or("").to_string();
            if with_messages {
                format!("{code}: {}", e["message"].as_str().unwrap_or(""))
            } else {
                code
            }
        })
        .collect();
    out.sort();
    out
}

/// `item_type[item_name]@line:col` of the item-level locations (the chain minus the
/// condition-expression position, which we place exactly where Falco approximates).
fn item_locations(result: &Value) -> Vec<String> {
    let r = &result["falco_load_results"][0];
    let mut out = Vec::new();
    for k in ["errors", "warnings"] {
        for e in r[k].as_array().cloned().unwrap_or_default() {
            for l in e["context"]["locations"]
                .as_array()
                .cloned()
                .unwrap_or_default()
            {
                let t = l["item_type"].as_str().unwrap_or("");
                if matches!(
                    t,
                    "rule"
                        | "macro"
                        | "list"
                        | "exception"
                        | "rules content item"
                        | "required_engine_version"
                ) {
                    out.push(format!(
                        "{}[{}]@{}:{}",
                        t,
                        l["item_name"].as_str().unwrap_or(""),
                        l["position"]["line"],
                        l["position"]["column"]
                    ));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_load_code_example_matches_falco() {
    let Some(dir) = examples_dir() else {
        return;
    };
    let mut failures = Vec::new();
    let mut count = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let expected_path = path.with_extension("falco-V.json");
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            continue;
        };
        let expected: Value = serde_json::from_str(&expected).expect("falco json");
        let mut sources = Sources::new();
        sources.add(name.clone(), std::fs::read_to_string(path).unwrap());
        let result = load(&sources);
        let got = render_json::render(&sources, &result.diagnostics, &result.schema);
        count += 1;
        let schema = |v: &Value| {
            let r = &v["falco_load_results"][0];
            (r["schema_valid"].clone(), r["schema_warnings"].clone())
        };
        if schema(&expected) != schema(&got) {
            failures.push(format!(
                "{name} schema:\n  falco:  {:?}\n  falcoc: {:?}",
                schema(&expected),
                schema(&got)
            ));
        }
        let exact = !MESSAGE_DIFFERENCES.iter().any(|(f, _)| *f == name);
        if entries(&expected, exact) != entries(&got, exact) {
            failures.push(format!(
                "{name}:\n  falco:  {:?}\n  falcoc: {:?}",
                entries(&expected, true),
                entries(&got, true)
            ));
            continue;
        }
        if item_locations(&expected) != item_locations(&got) {
            failures.push(format!(
                "{name} locations:\n  falco:  {:?}\n  falcoc: {:?}",
                item_locations(&expected),
                item_locations(&got)
            ));
        }
    }
    assert!(
        count >= 60,
        "expected the whole corpus, found {count} cases"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
