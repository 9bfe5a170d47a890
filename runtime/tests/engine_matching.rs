//! The engine on rules loaded from YAML: event-code indexing in load order, disabled rules,
//! the minimum priority, `rule_matching: first` and `all`, and the async-event slot.

mod eval_support;

use eval_support::*;
use falcoc_compiler::catalog::events::{names_to_codes, PPME_ASYNCEVENT_E, PPME_PLUGINEVENT_E};
use falcoc_compiler::priority::Priority;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::predicate::backend::Backend;

const RULES: &str = r#"
- rule: etc opened
  desc: d
  condition: evt.type in (open, openat) and fd.name startswith /etc
  output: "etc %fd.name"
  priority: WARNING
- rule: cat opened
  desc: d
  condition: evt.type = openat and proc.name = cat
  output: "cat %fd.name"
  priority: NOTICE
- rule: shell spawned
  desc: d
  condition: evt.type = execve and proc.name = bash
  output: "shell"
  priority: CRITICAL
- rule: disabled open
  desc: d
  condition: evt.type = openat
  output: "never"
  priority: EMERGENCY
  enabled: false
- rule: debug open
  desc: d
  condition: evt.type = openat and proc.name = cat
  output: "debug"
  priority: DEBUG
"#;

fn code(name: &str) -> u16 {
    names_to_codes(&[name])
        .iter()
        .last()
        .expect("event has codes")
}

fn engine(backend: &dyn Backend, rule_matching: RuleMatching, min_priority: Priority) -> Engine {
    engine_with(
        backend,
        load_rules(RULES),
        EngineOptions {
            rule_matching,
            min_priority,
        },
    )
}

fn names(e: &Engine, idx: &[usize]) -> Vec<String> {
    idx.iter()
        .map(|i| e.rule(*i).expect("rule").name.clone())
        .collect()
}

fn cat_reads_shadow() -> TableSource {
    TableSource::new(&[
        ("evt.type", s("openat")),
        ("proc.name", s("cat")),
        ("fd.name", s("/etc/shadow")),
    ])
}

#[test]
fn index_in_load_order_without_disabled_or_low_priority_rules() {
    for backend in backends() {
        let e = engine(backend, RuleMatching::All, Priority::Debug);
        let openat = code("openat");
        assert_eq!(
            names(&e, e.index().rules_for(openat)),
            ["etc opened", "cat opened", "debug open"]
        );
        assert_eq!(
            names(&e, e.index().rules_for(code("execve"))),
            ["shell spawned"]
        );
        assert_eq!(names(&e, e.index().rules_for(code("open"))), ["etc opened"]);
        assert!(e.index().rules_for(code("connect")).is_empty());
        assert!(e.index().rules_for(u16::MAX).is_empty());
        // every active rule is also indexed under the async event
        assert_eq!(
            names(&e, e.index().rules_for(PPME_ASYNCEVENT_E)),
            ["etc opened", "cat opened", "shell spawned", "debug open"]
        );

        let e = engine(backend, RuleMatching::All, Priority::Notice);
        assert_eq!(
            names(&e, e.index().rules_for(openat)),
            ["etc opened", "cat opened"]
        );
        let e = engine(backend, RuleMatching::All, Priority::Critical);
        assert!(e.index().rules_for(openat).is_empty());
        assert_eq!(e.index().active().len(), 1);
    }
}

#[test]
fn first_and_all() {
    for backend in backends() {
        let openat = code("openat");
        let all = engine(backend, RuleMatching::All, Priority::Debug);
        assert_eq!(
            names(&all, &all.matches(openat, &mut cat_reads_shadow())),
            ["etc opened", "cat opened", "debug open"]
        );
        let first = engine(backend, RuleMatching::First, Priority::Debug);
        let mut src = cat_reads_shadow();
        assert_eq!(
            names(&first, &first.matches(openat, &mut src)),
            ["etc opened"]
        );
        // `first` stopped after the first rule: the second rule's `proc.name` was never read
        assert!(!src.extracted.contains(&"proc.name".to_string()));

        let mut tmp = TableSource::new(&[
            ("evt.type", s("openat")),
            ("proc.name", s("cat")),
            ("fd.name", s("/tmp/x")),
        ]);
        assert_eq!(
            names(&first, &first.matches(openat, &mut tmp)),
            ["cat opened"]
        );
        // the event's code selects the rules: the same fields under `execve` match nothing
        assert!(first
            .matches(code("execve"), &mut cat_reads_shadow())
            .is_empty());
    }
}

#[test]
fn default_options_are_falcos() {
    let o = EngineOptions::default();
    assert_eq!(o.rule_matching, RuleMatching::First);
    assert_eq!(o.min_priority, Priority::Debug);
}

#[test]
fn upstream_rules_index_and_run() {
    for backend in backends() {
        let Some(dir) = shared() else {
            return;
        };
        let text =
            std::fs::read_to_string(dir.join("corpus/rules/falco_rules.yaml")).expect("read");
        let e = engine_with(backend, load_rules(&text), EngineOptions::default());
        assert!(e.rules().len() > 20);
        let execve = code("execve");
        let slot = names(&e, e.index().rules_for(execve));
        assert!(
            slot.contains(&"Run shell untrusted".to_string()),
            "{slot:?}"
        );
        // an execve with nothing extractable matches nothing and does not panic
        assert!(e.matches(execve, &mut TableSource::default()).is_empty());
    }
}

#[test]
fn other_sources_are_indexed_under_plugin_events() {
    for backend in backends() {
        let mut rules = load_rules(RULES);
        if let Some(r) = rules.rules.get_mut(1) {
            r.source = "k8s_audit".into();
        }
        let e = engine_with(backend, rules.clone(), EngineOptions::default());
        assert_eq!(
            names(&e, e.index().rules_for(PPME_PLUGINEVENT_E)),
            ["cat opened"]
        );
        assert_eq!(
            names(&e, e.index().rules_for(code("openat"))),
            ["etc opened", "debug open"]
        );
        assert!(
            names(&e, e.index().rules_for(PPME_ASYNCEVENT_E)).contains(&"cat opened".to_string())
        );
    }
}
