//! Falco's own condition errors (`shared/spec/examples/load-codes/E_COMPILE_CONDITION_*`):
//! syntax errors get Falco's message at Falco's offset; compile-level errors (bad value,
//! unknown field or event type) parse fine here.

mod common;

use falcoc_grammar::parse_condition;
use serde_json::Value;

/// The first `condition:` value of a small rules file, folded lines joined by blanks.
fn first_condition(yaml: &str) -> String {
    let mut lines = yaml
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("condition:"));
    let first = lines.next().unwrap_or_default();
    let indent = first.len() - first.trim_start().len();
    let mut text = first.trim_start()["condition:".len()..]
        .trim()
        .trim_start_matches('>')
        .to_owned();
    for l in lines.take_while(|l| l.len() - l.trim_start().len() > indent) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(l.trim());
    }
    text.trim().to_owned()
}

#[test]
fn compile_condition_errors_match_falco() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("spec/examples/load-codes");
    let mut checked = 0;
    for case in [
        "bad_value",
        "in_macro",
        "multiline",
        "syntax",
        "unknown_evttype",
        "unknown_field",
    ] {
        let base = dir.join(format!("E_COMPILE_CONDITION_{case}"));
        let yaml = std::fs::read_to_string(base.with_extension("yaml")).unwrap();
        let json = std::fs::read_to_string(base.with_extension("falco-V.json")).unwrap();
        let result: Value = serde_json::from_str(&json).unwrap();
        let error = &result["falco_load_results"][0]["errors"][0];
        let locations = error["context"]["locations"].as_array().unwrap();
        let cond_start = locations[locations.len() - 2]["position"]["offset"]
            .as_u64()
            .unwrap();
        let inner = locations[locations.len() - 1]["position"]["offset"]
            .as_u64()
            .unwrap();
        let condition = first_condition(&yaml);
        let parsed = parse_condition(&condition);
        let message = error["message"].as_str().unwrap();
        if matches!(case, "bad_value" | "unknown_evttype" | "unknown_field") {
            assert!(parsed.expr.is_some(), "{case}: {:?}", parsed.error);
        } else {
            let err = parsed
                .error
                .unwrap_or_else(|| panic!("{case} should not parse"));
            assert_eq!(err.message, message, "{case}");
            assert_eq!(u64::from(err.span.start), inner - cond_start, "{case}");
        }
        checked += 1;
    }
    assert_eq!(checked, 6);
}
