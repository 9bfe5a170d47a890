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
    let rules = loaded.into_ruleset().0.expect("upstream rules load");
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

/// Syscalls the kernel lists but never implemented, and ones newer than the libs' `PPM_SC`
/// table: no `evt.type` name exists for them.
const UNNAMED: &[&str] = &[
    "putpmsg",
    "afs_syscall",
    "tuxcall",
    "security",
    "vserver",
    "statmount",
    "listmount",
    "lsm_get_self_attr",
    "lsm_set_self_attr",
    "lsm_list_modules",
    "mseal",
    "setxattrat",
    "getxattrat",
    "listxattrat",
    "removexattrat",
    "open_tree_attr",
    "file_getattr",
    "file_setattr",
];

#[test]
fn every_x86_64_syscall_has_a_generic_event_name() {
    use falcoc_compiler::catalog::events::{syscall_id, syscall_name};
    use falcoc_probe::syscall_names::{x86_64_count, x86_64_name};
    let mut named = 0;
    for nr in 0..x86_64_count() {
        let Some(name) = x86_64_name(nr) else {
            continue;
        };
        if UNNAMED.contains(&name) {
            continue;
        }
        let id = syscall_id(name).unwrap_or_else(|| panic!("no PPM_SC id for {name} ({nr})"));
        assert_eq!(syscall_name(id), Some(name));
        named += 1;
    }
    assert!(named > 350, "{named} syscalls named");
}
