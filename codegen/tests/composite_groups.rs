//! Composite groups (`plan.rs`): the group of every rule (the asynchronous-event code's)
//! runs through the smaller groups' functions and a residual one. Every group of the
//! upstream program, composite or fused, is evaluated on every event of every shared
//! capture, whatever the event's code, `rule_matching` `all` and `first`: the JIT must give
//! exactly the interpreter's hits.

use falcoc_codegen::Jit;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions};
use falcoc_runtime::fields::EventFields;
use falcoc_runtime::predicate::backend::{Backend, Compiled};
use falcoc_runtime::predicate::interp::Interpreter;
use falcoc_runtime::predicate::lowered::GroupId;
use falcoc_runtime::{CaptureReader, Inspector};
use std::sync::Arc;

#[test]
fn every_group_on_every_event_matches_the_interpreter() {
    let Some(files) = falcoc_testkit::upstream_rules() else {
        return;
    };
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name, text);
    }
    let ruleset = load(&sources)
        .into_ruleset()
        .0
        .expect("upstream rules load");
    let engine = Engine::with_backend(ruleset, EngineOptions::default(), &Interpreter)
        .expect("engine builds");
    let program = Arc::clone(engine.program());
    let largest = program.groups.iter().map(Vec::len).max().unwrap_or(0);
    assert!(largest >= 8, "no group large enough to be composite");
    let jit = Jit.compile_jit(Arc::clone(&program)).expect("jit compiles");
    assert!(jit.composite_groups() >= 1, "no composite group to test");
    let interp = Interpreter.compile(Arc::clone(&program)).expect("interp");
    let (mut fj, mut fi) = (engine.frame(), engine.frame());
    let (mut got, mut want) = (Vec::new(), Vec::new());
    let mut hits = 0usize;
    for path in falcoc_testkit::captures() {
        let bytes = std::fs::read(&path).expect("capture reads");
        let mut reader = CaptureReader::open(bytes.as_slice()).expect("capture opens");
        let mut inspector = Inspector::new(reader.tables());
        let mut n = 0u64;
        while let Ok(Some(ev)) = reader.next_event() {
            n += 1;
            inspector.process(&ev);
            for g in 0..program.groups.len() {
                for first in [false, true] {
                    let group = GroupId(g as u32);
                    got.clear();
                    want.clear();
                    let mut a = EventFields::new(&mut fj, inspector.source(&ev));
                    jit.eval_group(group, first, &mut a, &mut got);
                    let mut b = EventFields::new(&mut fi, inspector.source(&ev));
                    interp.eval_group(group, first, &mut b, &mut want);
                    assert_eq!(
                        got,
                        want,
                        "{} event #{n} group {g} first {first}",
                        path.display()
                    );
                    hits += want.len();
                }
            }
        }
    }
    assert!(
        hits > 0,
        "no group matched any event: the comparison proves little"
    );
}
