//! The three upstream rules files replayed over every shared capture raise the same alerts
//! libsinsp gives for each rule's expanded condition: for every rule and capture, the events
//! falcoc alerts on (with `rule_matching=all`) equal the events `sysdig` (libsinsp 2022)
//! matches with that rule's fully expanded condition. Rules whose condition sysdig cannot
//! compile (fields or event names added after 2022) are listed, not silently skipped.

mod common;

use common::{captures, oracle_ready};
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type EventKey = (u64, i64);

const RULE_FILES: [&str; 3] = [
    "falco_rules.yaml",
    "falco-incubating_rules.yaml",
    "falco-sandbox_rules.yaml",
];

/// Event types whose fd context differs between libsinsp 2022 and modern Falco on old
/// captures (../shared/README.md); matches on them are not compared.
const KNOWN_DIFFERENT_TYPES: &[&str] = &[
    "mprotect", "mmap", "mmap2", "munmap", "sendmsg", "sendto", "connect", "socket",
];

/// Events falcoc alerts on, by rule name.
fn falcoc_alerts(cap: &Path, rules: &[PathBuf]) -> BTreeMap<String, BTreeSet<EventKey>> {
    let mut args: Vec<std::ffi::OsString> = vec![cap.into()];
    for r in rules {
        args.push("-r".into());
        args.push(r.into());
    }
    for a in ["-o", "rule_matching=all", "--extra-field", "thread.tid"] {
        args.push(a.into());
    }
    let mut by_rule: BTreeMap<String, BTreeSet<EventKey>> = BTreeMap::new();
    for v in common::replay_alerts(&args) {
        let rule = v["rule"].as_str().unwrap_or("").to_string();
        let ts = v["output_fields"]["evt.time"].as_u64().unwrap_or(0);
        let tid = v["output_fields"]["thread.tid"].as_i64().unwrap_or(-1);
        by_rule.entry(rule).or_default().insert((ts, tid));
    }
    by_rule
}

fn sysdig_run(cap: &Path, filter: &str, format: &str) -> Option<String> {
    let out = falcoc_testkit::sysdig::command(cap)
        .args(["-p", format, filter])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).to_string())
}

fn keys(text: &str) -> BTreeMap<EventKey, String> {
    text.lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let k = (it.next()?.parse().ok()?, it.next()?.parse().ok()?);
            Some((k, it.next().unwrap_or("").to_string()))
        })
        .collect()
}

#[test]
fn upstream_rules_alert_like_libsinsp_on_every_capture() {
    let Some(shared) = oracle_ready() else { return };
    let rule_paths: Vec<PathBuf> = RULE_FILES
        .iter()
        .map(|f| shared.join("corpus/rules").join(f))
        .collect();
    let mut sources = Sources::new();
    for p in &rule_paths {
        sources.add(p.display().to_string(), std::fs::read_to_string(p).unwrap());
    }
    let loaded = load(&sources);
    assert!(!loaded.has_errors());
    let caps = captures(&shared);
    let mut sysdig_cannot = BTreeSet::new();
    let mut compared = 0;
    let mut alerts = 0;
    let mut failures = Vec::new();
    for cap in &caps {
        let ours = falcoc_alerts(cap, &rule_paths);
        for rule in loaded.rules.iter().filter(|r| r.enabled) {
            let filter = format!("({}) and evt.dir = <", rule.expanded_condition);
            let Some(out) = sysdig_run(cap, &filter, "%evt.rawtime %thread.tid %evt.type") else {
                sysdig_cannot.insert(rule.name.clone());
                continue;
            };
            compared += 1;
            let theirs = keys(&out);
            let empty = BTreeSet::new();
            let mine = ours.get(&rule.name).unwrap_or(&empty);
            alerts += mine.len();
            let theirs_keys: BTreeSet<EventKey> = theirs
                .iter()
                .filter(|(_, ty)| !KNOWN_DIFFERENT_TYPES.contains(&ty.as_str()))
                .map(|(k, _)| *k)
                .collect();
            if &theirs_keys != mine {
                failures.push(format!(
                    "{} / {}: libsinsp {:?}, falcoc {:?}",
                    cap.file_name().unwrap().to_string_lossy(),
                    rule.name,
                    theirs_keys,
                    mine
                ));
            }
        }
    }
    println!(
        "compared {compared} (rule, capture) pairs, {alerts} alerts; rules sysdig 2022 cannot compile (fields or event names newer than 2022): {sysdig_cannot:?}"
    );
    assert!(compared > 0);
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
