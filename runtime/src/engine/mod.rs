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
//! - Conditions are lowered once (`falcoc_predicate::lowered`) and run by a
//!   [`Backend`] (the interpreter by default); fields are read through the memoised value
//!   ABI ([`crate::fields`]).

mod index;

pub use index::EventIndex;

use crate::extract::Source;
use crate::field_value::FieldSource;
use crate::fields::{EventFields, Frame, OwnedFields};
use falcoc_catalog::events::PPM_EVENT_MAX;
use falcoc_catalog::ir::{Expr, Rule, RuleSet};
use falcoc_catalog::priority::Priority;
use falcoc_predicate::backend::{Backend, BackendError, Compiled};
use falcoc_predicate::interp::Interpreter;
use falcoc_predicate::lowered::{lower, CondId, GroupId, LowerError, Program};
use falcoc_predicate::reader::FieldReader;
use std::sync::Arc;

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
pub struct Engine {
    rules: Vec<Rule>,
    program: Arc<Program>,
    compiled: Box<dyn Compiled>,
    /// For each event code, the program group of its rules' conditions (rule `i` is
    /// `CondId(i)`; equal lists share one group).
    groups: Vec<GroupId>,
    index: EventIndex,
    options: EngineOptions,
    /// Whether an enabled rule reads a field of a whole fd table
    /// ([`crate::extract::reads_whole_fd_table`]).
    reads_fd_tables: bool,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("rules", &self.rules.len())
            .field("slots", &self.program.slots.len())
            .field("options", &self.options)
            .finish()
    }
}

impl Engine {
    /// Lowers every rule's condition, runs them with the interpreter and indexes the
    /// active rules.
    ///
    /// # Panics
    /// On typed IR the compiler never produces (see [`Engine::with_backend`]).
    pub fn new(ruleset: RuleSet, options: EngineOptions) -> Engine {
        match Engine::with_backend(ruleset, options, &Interpreter) {
            Ok(e) => e,
            Err(e) => panic!("{e}"),
        }
    }

    /// Lowers every rule's condition and prepares it with `backend`. Fails only on an
    /// internal error: a check shape the compiler never produces, or a back end failure.
    pub fn with_backend(
        ruleset: RuleSet,
        options: EngineOptions,
        backend: &dyn Backend,
    ) -> Result<Engine, EngineError> {
        // The rules load that made `ruleset` has just freed its working memory.
        crate::memory::release_free_memory();
        let mut rules = ruleset.rules;
        let mut program = lower(rules.iter().map(|r| &r.condition))?;
        program.names = rules.iter().map(|r| r.name.clone()).collect();
        let index = EventIndex::build(&rules, options.min_priority);
        let reads_fd_tables = rules
            .iter()
            .filter(|r| r.enabled)
            .any(|r| r.reads_field(&crate::extract::reads_whole_fd_table));
        drop_conditions(&mut rules);
        let groups = (0..PPM_EVENT_MAX)
            .map(|code| {
                let conds = index.rules_for(code).iter().map(|&i| CondId(i as u32));
                program.add_group(conds.collect())
            })
            .collect();
        let program = Arc::new(program);
        let compiled = backend.compile(Arc::clone(&program))?;
        Ok(Engine {
            rules,
            program,
            compiled,
            groups,
            index,
            options,
            reads_fd_tables,
        })
    }

    /// Whether an enabled rule reads a field whose value depends on a process's whole fd
    /// table (`proc.fdopencount`, `fd.types`…), not only on the fds its event names.
    pub fn reads_fd_tables(&self) -> bool {
        self.reads_fd_tables
    }

    /// Whether any rule is evaluated on events of `code`.
    pub fn may_match(&self, code: u16) -> bool {
        !self.index.rules_for(code).is_empty()
    }

    pub fn options(&self) -> EngineOptions {
        self.options
    }

    /// Every rule of the rule set, active or not, in load order, without its condition:
    /// an engine keeps conditions only lowered ([`Engine::program`]), so each rule's
    /// `condition` is the empty conjunction and its `expanded_condition` empty (the
    /// [`RuleSet`] it was built from has them).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with index `idx` (as returned by [`Engine::matches`]).
    pub fn rule(&self, idx: usize) -> Option<&Rule> {
        self.rules.get(idx)
    }

    /// The lowered program of every rule (condition `i` is rule `i`'s).
    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    /// The event-code index.
    pub fn index(&self) -> &EventIndex {
        &self.index
    }

    /// A frame for this engine's fields: keep one per worker and pass it to
    /// [`Engine::matches_event`].
    pub fn frame(&self) -> Frame {
        Frame::new(Arc::clone(&self.program))
    }

    /// The rules that match the current event of `src`, whose code is `code`, in load
    /// order: at most one with [`RuleMatching::First`]. Fields are memoised for this call
    /// (a convenience for tables and tests; replay uses [`Engine::matches_event`]).
    pub fn matches(&self, code: u16, src: &mut dyn FieldSource) -> Vec<usize> {
        let mut frame = self.frame();
        let mut fields = OwnedFields::new(&mut frame, src);
        let mut out = Vec::new();
        self.matches_fields(code, &mut fields, &mut out);
        out
    }

    /// [`Engine::matches`] on `src`'s event through the borrowing extractors, with
    /// `frame` (from [`Engine::frame`]) reused across events. The matching rules are
    /// written to `out` (cleared first).
    pub fn matches_event(&self, frame: &mut Frame, src: Source<'_, '_>, out: &mut Vec<usize>) {
        let code = src.ev.code();
        if self.rules_for_code(code).is_empty() {
            // No rule to run: the reader (memo reset, cheap fields) is not even built.
            out.clear();
            return;
        }
        let mut fields = EventFields::new(frame, src);
        self.matches_fields(code, &mut fields, out);
    }

    /// [`Engine::matches_event`] with a frame kept per thread for this engine (for callers
    /// that cannot hold one, such as a shared `&Engine`).
    pub fn matches_source(&self, src: Source<'_, '_>, out: &mut Vec<usize>) {
        thread_local! {
            static FRAME: std::cell::RefCell<Option<Frame>> = const { std::cell::RefCell::new(None) };
        }
        FRAME.with(|cell| {
            let mut slot = cell.borrow_mut();
            let frame = match slot.take() {
                Some(f) if Arc::ptr_eq(f.program(), &self.program) => slot.insert(f),
                _ => slot.insert(self.frame()),
            };
            self.matches_event(frame, src, out);
        });
    }

    /// The conditions of the group run for `code` (empty for an unknown code).
    fn rules_for_code(&self, code: u16) -> &[CondId] {
        self.groups
            .get(usize::from(code))
            .and_then(|g| self.program.groups.get(g.index()))
            .map_or(&[], Vec::as_slice)
    }

    /// The rules of `code` that match what `fields` reads, into `out` (cleared first).
    pub fn matches_fields(&self, code: u16, fields: &mut dyn FieldReader, out: &mut Vec<usize>) {
        out.clear();
        let Some(&group) = self.groups.get(usize::from(code)) else {
            return;
        };
        let Some(conds) = self.program.groups.get(group.index()) else {
            return;
        };
        let first = self.options.rule_matching == RuleMatching::First;
        self.compiled.eval_group(group, first, fields, out);
        for pos in out.iter_mut() {
            *pos = conds.get(*pos).map_or(usize::MAX, |c| c.0 as usize);
        }
    }
}

/// Drops the typed condition trees and printed expansions of `rules` once they are
/// lowered: about a third of the memory an engine holds, never read at run time.
fn drop_conditions(rules: &mut [Rule]) {
    for rule in rules {
        rule.condition = Expr::And(Vec::new());
        rule.expanded_condition = String::new();
    }
}

/// An internal error building an engine (please report).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Lower(#[from] LowerError),
    #[error(transparent)]
    Backend(#[from] BackendError),
}
