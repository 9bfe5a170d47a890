//! What a load hands out: the rule set by value and only without errors; editors get the
//! facts they show of compiled rules (no IR) whatever the errors.

use falcoc_compiler::load::load;
use falcoc_compiler::priority::Priority;
use falcoc_compiler::source::Sources;

const GOOD: &str = "- rule: good\n  desc: d\n  condition: evt.type = open and proc.name = x\n  output: o %proc.name\n  priority: ERROR\n  tags: [t]\n";
const BAD: &str = "- rule: bad\n  desc: d\n  condition: fd.num > abc and proc.name exists and evt.type in (open,)\n  output: o\n  priority: INFO\n";

fn sources(texts: &[&str]) -> Sources {
    let mut s = Sources::new();
    for (i, t) in texts.iter().enumerate() {
        s.add(format!("f{i}.yaml"), *t);
    }
    s
}

#[test]
fn the_rule_set_comes_by_value_without_errors() {
    let (ruleset, diagnostics) = load(&sources(&[GOOD])).into_ruleset();
    let ruleset = ruleset.expect("no errors");
    assert_eq!(ruleset.rules.len(), 1);
    assert_eq!(ruleset.rules[0].name, "good");
    assert!(diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn no_ir_when_errors_exist_but_editor_facts_remain() {
    let result = load(&sources(&[GOOD, BAD]));
    assert!(result.has_errors());
    assert!(result.rules().is_none());
    let info = result.rule_info("good").expect("the good rule compiled");
    assert_eq!(
        (info.priority, info.source, info.tags),
        (Priority::Error, "syscall", &["t".to_string()][..])
    );
    assert!(info.event_codes.len() >= 2, "open's enter and exit codes");
    assert!(result.rule_info("bad").is_none());
    let (ruleset, diagnostics) = result.into_ruleset();
    assert!(ruleset.is_none());
    // Both syntax errors of the broken condition are reported.
    let syntax: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "LOAD_ERR_COMPILE_CONDITION")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(syntax.len(), 2, "{syntax:?}");
}
