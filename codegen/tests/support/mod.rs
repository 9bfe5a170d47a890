//! Shared helpers of the JIT tests: conditions compiled by the real loader, and a
//! table-backed field source.

#![allow(dead_code)]

use falcoc_compiler::catalog::fields::ResolvedField;
use falcoc_compiler::ir::{Expr, RuleSet};
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use std::collections::HashMap;

/// Loads a rules file; `None` when it does not compile.
pub fn try_rules(yaml: &str) -> Option<RuleSet> {
    let mut sources = Sources::new();
    sources.add("test_rules.yaml", yaml);
    load(&sources).into_ruleset().0
}

/// The IR of `condition` compiled through a one-rule file, or `None` when it does not
/// compile.
pub fn try_condition(condition: &str) -> Option<Expr> {
    let quoted = serde_json::to_string(condition).ok()?;
    let yaml = format!(
        "- rule: test\n  desc: test\n  condition: {quoted}\n  output: test\n  priority: WARNING\n"
    );
    try_rules(&yaml)?
        .rules
        .into_iter()
        .next()
        .map(|r| r.condition)
}

/// Field values by field text; absent fields cannot be extracted.
#[derive(Default, Clone, Debug)]
pub struct TableSource {
    pub values: HashMap<String, FieldValue>,
}

impl FieldSource for TableSource {
    fn extract(&mut self, field: &ResolvedField) -> Option<FieldValue> {
        self.values.get(&field.text).cloned()
    }
}
