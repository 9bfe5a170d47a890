//! Interpreter throughput on the upstream `falco_rules.yaml` IR: every rule indexed under
//! `execve` and `openat` is evaluated (`rule_matching: all`) on three events shaped like
//! the ones of `synthetic-tiny.scap` (a shell under nginx, `cat /etc/shadow`, a benign
//! `ls`). Prints events/s, rule evaluations/s and field extractions/s (each check extracts
//! its left side once, so extractions/s approximates checks/s).
//!
//! Run with `cargo bench -p falcoc-runtime --bench interpreter` (reads ../shared or
//! `$FALCOC_SHARED`); `FALCOC_BENCH_RULES=all` loads the incubating and sandbox files too.

use falcoc_compiler::catalog::events::names_to_codes;
use falcoc_compiler::catalog::fields::ResolvedField;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use std::collections::HashMap;
use std::time::Instant;

/// Values by field text, counting extractions.
struct Event {
    values: HashMap<String, FieldValue>,
    extractions: u64,
}

impl FieldSource for Event {
    fn extract(&mut self, field: &ResolvedField) -> Option<FieldValue> {
        self.extractions += 1;
        self.values.get(&field.text).cloned()
    }
}

fn event(pairs: &[(&str, FieldValue)]) -> Event {
    Event {
        values: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        extractions: 0,
    }
}

fn s(v: &str) -> FieldValue {
    FieldValue::Str(v.into())
}

fn events() -> Vec<(u16, Event)> {
    let code = |n: &str| names_to_codes(&[n]).iter().last().unwrap_or(0);
    let common = |name: &str, parent: &str, cmd: &str| {
        vec![
            ("proc.name", s(name)),
            ("proc.pname", s(parent)),
            ("proc.cmdline", s(cmd)),
            ("proc.exepath", s(&format!("/bin/{name}"))),
            ("proc.pexe", s(parent)),
            (
                "proc.aname",
                FieldValue::List(vec![s(parent), s("systemd")]),
            ),
            ("proc.aname[2]", s("systemd")),
            ("user.name", s("www-data")),
            ("user.uid", FieldValue::Uint(33)),
            ("user.loginuid", FieldValue::Int(-1)),
            ("proc.tty", FieldValue::Uint(0)),
            ("evt.dir", s("<")),
            ("container.id", s("host")),
        ]
    };
    let mut shell = common("bash", "nginx", "bash -c cat /etc/shadow");
    shell.push(("evt.type", s("execve")));
    shell.push(("evt.arg.flags", s("0")));
    let mut cat = common("cat", "bash", "cat /etc/shadow");
    cat.extend([
        ("evt.type", s("openat")),
        ("fd.name", s("/etc/shadow")),
        ("fd.directory", s("/etc")),
        ("fd.typechar", s("f")),
        ("evt.is_open_read", FieldValue::Bool(true)),
        ("evt.rawres", FieldValue::Int(3)),
    ]);
    let mut ls = common("ls", "bash", "ls /tmp");
    ls.extend([
        ("evt.type", s("openat")),
        ("fd.name", s("/tmp/x")),
        ("fd.directory", s("/tmp")),
        ("fd.typechar", s("f")),
        ("evt.is_open_read", FieldValue::Bool(true)),
        ("evt.rawres", FieldValue::Int(3)),
    ]);
    vec![
        (code("execve"), event(&shell)),
        (code("openat"), event(&cat)),
        (code("openat"), event(&ls)),
    ]
}

fn main() {
    let Some(dir) = falcoc_testkit::shared() else {
        return;
    };
    let files: Vec<&str> = match std::env::var("FALCOC_BENCH_RULES").as_deref() {
        Ok("all") => vec![
            "falco_rules.yaml",
            "falco-incubating_rules.yaml",
            "falco-sandbox_rules.yaml",
        ],
        _ => vec!["falco_rules.yaml"],
    };
    let mut sources = Sources::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(dir.join("corpus/rules").join(f)) else {
            falcoc_testkit::skip(&format!("{f} not readable"));
            return;
        };
        sources.add(*f, text);
    }
    let Some(ruleset) = load(&sources).ruleset() else {
        falcoc_testkit::skip(&format!("{files:?} do not compile"));
        return;
    };
    let engine = Engine::new(
        ruleset,
        EngineOptions {
            rule_matching: RuleMatching::All,
            ..EngineOptions::default()
        },
    );
    let mut evs = events();
    let rules_per_round: usize = evs
        .iter()
        .map(|(c, _)| engine.index().rules_for(*c).len())
        .sum();
    let checks: usize = evs
        .iter()
        .flat_map(|(c, _)| engine.index().rules_for(*c).iter())
        .filter_map(|i| engine.program().conditions.get(*i))
        .map(|n| n.check_count())
        .sum();
    let rounds = 200_000u64;
    let mut matched = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        for (code, ev) in evs.iter_mut() {
            matched += engine.matches(*code, ev).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let extractions: u64 = evs.iter().map(|(_, e)| e.extractions).sum();
    let events = rounds * evs.len() as u64;
    println!("upstream {files:?}: {} rules, {rules_per_round} rule evaluations and {checks} checks (static) per 3-event round", engine.rules().len());
    println!("matches per round: {}", matched as u64 / rounds);
    println!("events/s:            {:.0}", events as f64 / secs);
    println!(
        "rule evaluations/s:  {:.0}",
        (rounds as usize * rules_per_round) as f64 / secs
    );
    println!(
        "field extractions/s: {:.0} (~checks/s; {:.1} per event)",
        extractions as f64 / secs,
        extractions as f64 / events as f64
    );
}
