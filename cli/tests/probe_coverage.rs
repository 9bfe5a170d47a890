//! The probe has a dedicated event for every syscall event the three upstream rules files
//! select, so the interest set computed from them captures what they need.

mod common;

use std::collections::BTreeSet;

use falcoc_compiler::catalog::events::event_info;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;

/// Events that are not syscalls (the probe's tracepoints or userspace sources).
const NOT_SYSCALLS: &[&str] = &["procexit", "container", "asyncevent", "pluginevent"];

#[test]
fn every_syscall_the_upstream_rules_select_has_a_probe_event() {
    let Some(shared) = common::shared() else {
        println!("skipped: ../shared not found");
        return;
    };
    let mut sources = Sources::new();
    for f in [
        "falco_rules.yaml",
        "falco-incubating_rules.yaml",
        "falco-sandbox_rules.yaml",
    ] {
        let path = shared.join("corpus/rules").join(f);
        sources.add(f, std::fs::read_to_string(path).expect("rules file"));
    }
    let loaded = load(&sources);
    let rules = loaded.ruleset().expect("upstream rules load");
    let names: BTreeSet<&str> = rules
        .rules
        .iter()
        .flat_map(|r| r.event_codes.iter())
        .filter_map(|c| event_info(c).map(|i| i.name))
        .collect();
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !NOT_SYSCALLS.contains(n))
        .filter(|n| !falcoc_probe::SYSCALLS.iter().any(|s| s.name == *n))
        .collect();
    assert!(missing.is_empty(), "no probe event for: {missing:?}");
}
