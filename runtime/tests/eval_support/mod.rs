//! Shared helpers of the evaluation, engine and output tests: a table-backed
//! [`FieldSource`] (field text → value) and rules compiled from YAML with the real loader.

#![allow(dead_code)]

use falcoc_codegen::Jit;
use falcoc_compiler::catalog::fields::ResolvedField;
use falcoc_compiler::ir::{Expr, RuleSet};
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions};
use falcoc_runtime::eval::Program;
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::predicate::backend::Backend;
use falcoc_runtime::predicate::interp::Interpreter;
use std::collections::HashMap;
use std::path::PathBuf;

/// Every evaluation back end, the interpreter first (the reference); each evaluation,
/// engine and replay test runs its assertions under all of them.
pub fn backends() -> Vec<&'static dyn Backend> {
    vec![&Interpreter, &Jit]
}

/// `run` under every back end of [`backends`]: every result must equal the interpreter's,
/// which is returned.
pub fn same_under_every_backend<T: PartialEq + std::fmt::Debug>(
    mut run: impl FnMut(&dyn Backend) -> T,
) -> T {
    let mut all = backends().into_iter();
    let reference = all.next().expect("the interpreter");
    let want = run(reference);
    for backend in all {
        let got = run(backend);
        assert_eq!(
            got,
            want,
            "back end `{}` differs from `{}`",
            backend.name(),
            reference.name()
        );
    }
    want
}

/// An engine over `rules` run by `backend`.
pub fn engine_with(backend: &dyn Backend, rules: RuleSet, options: EngineOptions) -> Engine {
    match Engine::with_backend(rules, options, backend) {
        Ok(e) => e,
        Err(e) => panic!("{}: {e}", backend.name()),
    }
}

/// One condition prepared by `backend`.
pub fn program_with(backend: &dyn Backend, expr: &Expr) -> Program {
    match Program::with_backend(expr, backend) {
        Ok(p) => p,
        Err(e) => panic!("{}: {e}", backend.name()),
    }
}

/// The reference directory (`$FALCOC_SHARED`, else `../shared` beside the checkout), or
/// `None` after applying the oracle policy.
pub fn shared() -> Option<PathBuf> {
    falcoc_testkit::shared()
}

/// Field values by field text (`proc.name`, `proc.aname[2]`…); absent fields cannot be
/// extracted. Counts extractions so short-circuit can be observed.
#[derive(Default)]
pub struct TableSource {
    pub values: HashMap<String, FieldValue>,
    pub extracted: Vec<String>,
}

impl TableSource {
    pub fn new(pairs: &[(&str, FieldValue)]) -> TableSource {
        TableSource {
            values: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            extracted: Vec::new(),
        }
    }
}

impl FieldSource for TableSource {
    fn extract(&mut self, field: &ResolvedField) -> Option<FieldValue> {
        self.extracted.push(field.text.clone());
        self.values.get(&field.text).cloned()
    }
}

pub fn s(v: &str) -> FieldValue {
    FieldValue::Str(v.to_string())
}

pub fn u(v: u64) -> FieldValue {
    FieldValue::Uint(v)
}

pub fn i(v: i64) -> FieldValue {
    FieldValue::Int(v)
}

pub fn ip(v: &str) -> FieldValue {
    FieldValue::Ip(v.parse().expect("valid address"))
}

pub fn list(items: Vec<FieldValue>) -> FieldValue {
    FieldValue::List(items)
}

/// Loads a rules file; panics with the diagnostics when it does not compile.
pub fn load_rules(yaml: &str) -> RuleSet {
    let mut sources = Sources::new();
    sources.add("test_rules.yaml", yaml);
    match load(&sources).into_ruleset() {
        (Some(rs), _) => rs,
        (None, diagnostics) => panic!(
            "rules do not compile: {:?}",
            diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        ),
    }
}

/// Compiles `condition` through a one-rule YAML file and returns its IR.
pub fn condition(condition: &str) -> Expr {
    let quoted = serde_json::to_string(condition).expect("json string");
    let yaml = format!(
        "- rule: test\n  desc: test\n  condition: {quoted}\n  output: test\n  priority: WARNING\n"
    );
    let rs = load_rules(&yaml);
    rs.rules.into_iter().next().expect("one rule").condition
}
