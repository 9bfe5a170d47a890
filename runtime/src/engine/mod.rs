//! The rule engine: rules indexed by event code as Falco's `evttype_index_ruleset` does
//! (§5), and matching of one event against the rules of its code.
//!
//! - Each slot of the index lists the rules for one event code in load order (the order of
//!   first definition); disabled rules and rules less severe than the minimum priority are
//!   left out.
//! - Syscall rules are indexed under their condition's event codes, other sources under
//!   `PPME_PLUGINEVENT_E`, and every rule also under `PPME_ASYNCEVENT_E`, like Falco.
//! - With [`RuleMatching::First`] (Falco's default) matching stops at the first rule that
//!   matches; with [`RuleMatching::All`] every matching rule is returned.

mod index;

pub use index::EventIndex;

use crate::eval::Program;
use crate::field_value::FieldSource;
use falcoc_catalog::ir::{Rule, RuleSet};
use falcoc_catalog::priority::Priority;

/// Falco's `rule_matching` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RuleMatching {
    /// Stop at the first matching rule (one alert per event).
    #[default]
    First,
    /// Every matching rule.
    All,
}

/// How the engine selects and runs rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineOptions {
    pub rule_matching: RuleMatching,
    /// Rules less severe than this are not loaded (Falco's `priority` setting).
    pub min_priority: Priority,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            rule_matching: RuleMatching::First,
            min_priority: Priority::Debug,
        }
    }
}

/// Compiled rules, their event-code index and the matching loop.
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Rule>,
    programs: Vec<Program>,
    index: EventIndex,
    options: EngineOptions,
}

impl Engine {
    /// Compiles every rule's condition and indexes the active ones.
    pub fn new(ruleset: RuleSet, options: EngineOptions) -> Engine {
        let rules = ruleset.rules;
        let programs = rules
            .iter()
            .map(|r| Program::compile(&r.condition))
            .collect();
        let index = EventIndex::build(&rules, options.min_priority);
        Engine {
            rules,
            programs,
            index,
            options,
        }
    }

    pub fn options(&self) -> EngineOptions {
        self.options
    }

    /// Every rule of the rule set, active or not, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with index `idx` (as returned by [`Engine::matches`]).
    pub fn rule(&self, idx: usize) -> Option<&Rule> {
        self.rules.get(idx)
    }

    /// The compiled condition of rule `idx`.
    pub fn program(&self, idx: usize) -> Option<&Program> {
        self.programs.get(idx)
    }

    /// The event-code index.
    pub fn index(&self) -> &EventIndex {
        &self.index
    }

    /// The rules that match the current event of `src`, whose code is `code`, in load
    /// order: at most one with [`RuleMatching::First`].
    pub fn matches(&self, code: u16, src: &mut dyn FieldSource) -> Vec<usize> {
        let mut out = Vec::new();
        for &idx in self.index.rules_for(code) {
            let Some(program) = self.programs.get(idx) else {
                continue;
            };
            if program.eval(src) {
                out.push(idx);
                if self.options.rule_matching == RuleMatching::First {
                    break;
                }
            }
        }
        out
    }
}
