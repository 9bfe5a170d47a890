//! Every rule and macro condition of the upstream rules files parses. Conditions are
//! pulled out of the YAML with a crude line scan (a `condition:` key and the more
//! indented lines after it); list names stay unexpanded, which the grammar accepts as
//! bare values just as the expanded text.

mod common;

use falcoc_grammar::parse_condition;

/// The `condition:` values of a rules file, joined across continuation lines.
fn conditions(yaml: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        let Some(rest) = line.trim_start().strip_prefix("condition:") else {
            i += 1;
            continue;
        };
        let start = i + 1;
        let mut text = rest.trim().trim_start_matches(['>', '|', '-']).to_owned();
        i += 1;
        while i < lines.len() {
            let next = lines[i];
            let next_indent = next.len() - next.trim_start().len();
            if !next.trim().is_empty() && next_indent <= indent {
                break;
            }
            text.push('\n');
            text.push_str(next.trim());
            i += 1;
        }
        let text = text.trim().to_owned();
        // `override: {condition: append}` entries are not conditions.
        if !matches!(text.as_str(), "append" | "replace") {
            out.push((start, text));
        }
    }
    out
}

#[test]
fn upstream_conditions_parse() {
    let Some(shared) = common::shared() else {
        return;
    };
    let mut total = 0;
    let mut failures = Vec::new();
    for name in [
        "falco_rules.yaml",
        "falco-incubating_rules.yaml",
        "falco-sandbox_rules.yaml",
    ] {
        let yaml = std::fs::read_to_string(shared.join("corpus/rules").join(name)).unwrap();
        for (line, cond) in conditions(&yaml) {
            total += 1;
            // Appended fragments (`and not …`) are parsed after a stand-in macro.
            let text = if cond.starts_with("and ") || cond.starts_with("or ") {
                format!("base {cond}")
            } else {
                cond
            };
            let parsed = parse_condition(&text);
            match (&parsed.expr, &parsed.error) {
                (Some(e), None) => {
                    let again = parse_condition(&e.to_string());
                    if again.expr.is_none() {
                        failures.push(format!("{name}:{line}: reprint fails: {:?}", again.error));
                    }
                }
                _ => failures.push(format!("{name}:{line}: {:?}\n{text}", parsed.error)),
            }
        }
    }
    println!(
        "{} of {total} upstream conditions parse",
        total - failures.len()
    );
    assert!(total > 400, "only {total} conditions found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
