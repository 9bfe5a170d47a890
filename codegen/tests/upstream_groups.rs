//! The fused group functions on the real rules: all three upstream files loaded, every
//! event of every shared capture, `rule_matching` `all` and `first`: the JIT engine must
//! match exactly the rules the interpreter engine matches, event by event.

use falcoc_codegen::Jit;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::predicate::interp::Interpreter;
use falcoc_runtime::{CaptureReader, Inspector};

#[test]
fn jit_engine_matches_the_interpreter_on_upstream_rules_and_shared_captures() {
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
    let captures = falcoc_testkit::captures();
    assert!(!captures.is_empty(), "no shared captures");
    let mut matched = 0usize;
    for rule_matching in [RuleMatching::All, RuleMatching::First] {
        let options = EngineOptions {
            rule_matching,
            ..EngineOptions::default()
        };
        let interp = Engine::with_backend(ruleset.clone(), options, &Interpreter).expect("interp");
        let jit = Engine::with_backend(ruleset.clone(), options, &Jit).expect("jit");
        let (mut fi, mut fj) = (interp.frame(), jit.frame());
        let (mut want, mut got) = (Vec::new(), Vec::new());
        for path in &captures {
            let mut n = 0u64;
            let bytes = std::fs::read(path).expect("capture reads");
            let mut reader = CaptureReader::open(bytes.as_slice()).expect("capture opens");
            let mut inspector = Inspector::new(reader.tables());
            while let Ok(Some(ev)) = reader.next_event() {
                n += 1;
                inspector.process(&ev);
                interp.matches_event(&mut fi, inspector.source(&ev), &mut want);
                jit.matches_event(&mut fj, inspector.source(&ev), &mut got);
                assert_eq!(
                    want,
                    got,
                    "{} event #{n} ({rule_matching:?})",
                    path.display()
                );
                matched += want.len();
            }
        }
    }
    assert!(
        matched > 0,
        "no rule matched any event: the comparison proves little"
    );
}
