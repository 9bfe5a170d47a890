//! Exceptions compile into the condition exactly as Falco builds them (spec §2.5), checked
//! on the canonical printed form of the expanded condition.

use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;

fn expanded(yaml: &str, rule: &str) -> String {
    let mut sources = Sources::new();
    sources.add("t.yaml", yaml);
    let result = load(&sources);
    let errors: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    result
        .rules()
        .unwrap_or_default()
        .iter()
        .find(|r| r.name == rule)
        .expect("rule")
        .expanded_condition
        .clone()
}

const HEAD: &str = "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n";

#[test]
fn falcos_own_exceptions_condition_case() {
    // falco:unit_tests/engine/test_rule_loader.cpp, "exceptions_condition".
    let yaml = format!(
        "{HEAD}  condition: evt.type = open and (proc.cmdline contains curl or proc.cmdline contains wget)\n  exceptions:\n    - name: test_exception\n      fields: [proc.cmdline]\n      comps: [contains]\n      values:\n        - [\"curl 127.0.0.1\"]\n"
    );
    assert_eq!(
        expanded(&yaml, "r"),
        "((evt.type = open and (proc.cmdline contains curl or proc.cmdline contains wget)) and not proc.cmdline contains \"curl 127.0.0.1\")"
    );
}

#[test]
fn list_fields_with_list_and_scalar_values() {
    let yaml = format!(
        "{HEAD}  condition: evt.type = open and proc.cmdline contains curl\n  exceptions:\n    - name: ok\n      fields: [proc.name, fd.name]\n      comps: [in, startswith]\n      values: [[nginx, /usr/bin], [[a, b], /etc]]\n"
    );
    assert_eq!(
        expanded(&yaml, "r"),
        "((evt.type = open and proc.cmdline contains curl) and not ((proc.name in (nginx) and fd.name startswith /usr/bin) or (proc.name in (a, b) and fd.name startswith /etc)))"
    );
}

#[test]
fn scalar_field_defaults_to_in_and_takes_list_names() {
    let yaml = format!(
        "- list: trusted\n  items: [sshd, sudo]\n{HEAD}  condition: evt.type = open\n  exceptions:\n    - name: trusted_procs\n      fields: proc.name\n      values: [trusted, \"my proc\"]\n"
    );
    assert_eq!(
        expanded(&yaml, "r"),
        "(evt.type = open and not proc.name in (sshd, sudo, \"my proc\"))"
    );
}

#[test]
fn appended_exception_values_join_the_existing_exception() {
    let yaml = format!(
        "{HEAD}  condition: evt.type = open\n  exceptions:\n    - name: e\n      fields: [proc.name]\n      values: [[cat]]\n- rule: r\n  exceptions:\n    - name: e\n      values: [[dog]]\n  override:\n    exceptions: append\n"
    );
    assert_eq!(
        expanded(&yaml, "r"),
        "(evt.type = open and not (proc.name = cat or proc.name = dog))"
    );
}

#[test]
fn empty_values_add_no_clause() {
    let yaml = format!(
        "{HEAD}  condition: evt.type = open\n  exceptions:\n    - name: e\n      fields: [proc.name]\n      values: []\n"
    );
    // A parenthesised single check is just the check in the tree (as in libsinsp).
    assert_eq!(expanded(&yaml, "r"), "evt.type = open");
}
