//! Reuse of a rule's compiled condition and output from an earlier load.
//!
//! A rule is kept only when it compiled without any diagnostic and has no exceptions; it
//! is reused when a fingerprint of everything its compilation reads is unchanged:
//! the texts of its condition and output pieces, its `source` and the flags that decide
//! its diagnostics, the per-rule expansion limit, the lists, and each macro its condition
//! names (the macro's id, texts,
//! and everything its resolution binds, see `fingerprint`). The expansion-node budget of
//! the load is charged as a compilation would charge it; when it would run out the rule
//! is compiled again so that the error is the one a compilation reports.

use super::fingerprint::{Fingerprints, Fp};
use super::relocate::{absolute, map_spans, AnchorTable, Relative, ToRelative};
use super::Generations;
use crate::catalog::events::EventSet;
use crate::collect::{Collected, RuleDefn};
use crate::diagnostic::Diagnostic;
use crate::expand::lists::ListUsage;
use crate::expand::macros::{Lookup, MacroScope};
use crate::ir;
use crate::load::macros_phase::Visible;
use crate::load::rules_phase::{assemble_rule, compile_rule, CompiledParts, RuleCtx, RuleOutcome};
use falcoc_grammar::Span;
use std::cell::OnceCell;

/// What a rule's compilation produced, with positions relative to its texts.
#[derive(Debug)]
struct Kept {
    /// The macro names the rule's condition refers to, and the fingerprint of what they
    /// are bound to.
    refs: Vec<String>,
    bound: u128,
    /// Check spans are indices into `pool`.
    condition: ir::Expr,
    expanded_condition: String,
    output: ir::OutputFormat,
    output_text: String,
    event_codes: EventSet,
    lists_used: Vec<bool>,
    /// List occurrences as (list, start, end), the ends being indices into `pool`.
    occurrences: Vec<(usize, u32, u32)>,
    macros_used: Vec<String>,
    nodes: u64,
    pool: Vec<Relative>,
}

/// Rules kept from the last load, by the fingerprint of their own texts.
#[derive(Debug, Default)]
pub struct RuleCache {
    kept: Generations<u128, Kept>,
    /// Rules reused by the last load (what tests check reuse with).
    pub reused: usize,
}

impl RuleCache {
    pub fn rotate(&mut self) {
        self.kept.rotate();
    }
}

/// One load's view of the cache.
pub struct RuleReuse<'a> {
    pub cache: &'a mut RuleCache,
    pub fps: &'a Fingerprints,
    pub col: &'a Collected,
    table: OnceCell<AnchorTable>,
}

impl<'a> RuleReuse<'a> {
    pub fn new(cache: &'a mut RuleCache, fps: &'a Fingerprints, col: &'a Collected) -> Self {
        cache.reused = 0;
        RuleReuse {
            cache,
            fps,
            col,
            table: OnceCell::new(),
        }
    }

    /// Compiles `r`, or reuses what an earlier load compiled for the same inputs.
    pub fn compile(
        &mut self,
        cx: &RuleCtx,
        r: &RuleDefn,
        diags: &mut Vec<Diagnostic>,
    ) -> RuleOutcome {
        let Some(key) = self.own_key(cx, r) else {
            return compile_rule(cx, r, diags);
        };
        if let Some(outcome) = self.reused(cx, r, key) {
            self.cache.reused += 1;
            return outcome;
        }
        let outcome = compile_rule(cx, r, diags);
        if diags.is_empty() {
            if let Some(kept) = self.keep(cx, r, &outcome) {
                self.cache.kept.insert(key, kept);
            }
        }
        outcome
    }

    /// The fingerprint of the rule's own inputs; `None` for a rule never kept.
    fn own_key(&self, cx: &RuleCtx, r: &RuleDefn) -> Option<u128> {
        if !r.exceptions.is_empty() || r.source != "syscall" {
            return None;
        }
        let mut fp = Fp::new("rule");
        fp.add(&(self.fps.lists, cx.limits.expansion_nodes));
        fp.add(&(r.warn_evttypes, r.skip_if_unknown_filter));
        fp.texts(cx.sources, &r.condition.pieces);
        fp.texts(cx.sources, &r.output.pieces);
        Some(fp.finish())
    }

    /// The fingerprint of what `refs` are bound to now; `None` when one is not a resolved
    /// macro.
    fn bound(&self, cx: &RuleCtx, refs: &[String]) -> Option<u128> {
        let scope = Visible {
            macros: cx.macros,
            visibility: usize::MAX,
        };
        let mut fp = Fp::new("bound");
        for name in refs {
            let Lookup::Resolved(id, _) = scope.find(name) else {
                return None;
            };
            fp.add(&(name, id, self.fps.macros.get(id).copied().flatten()?));
        }
        Some(fp.finish())
    }

    fn reused(&mut self, cx: &RuleCtx, r: &RuleDefn, key: u128) -> Option<RuleOutcome> {
        let refs = self.cache.kept.get(&key)?.refs.clone();
        let bound = self.bound(cx, &refs)?;
        let kept = self.cache.kept.get(&key)?;
        if kept.bound != bound {
            return None;
        }
        let left = cx.total_left.get()?;
        if kept.nodes > left {
            return None;
        }
        let at = absolute(&kept.pool, cx.sources, self.col, r)?;
        let global = |s: Span| {
            Some(Span {
                start: *at.get(s.start as usize)?,
                end: *at.get(s.end as usize)?,
            })
        };
        let mut condition = kept.condition.clone();
        if !map_spans(&mut condition, &mut |s| global(s)) {
            return None;
        }
        let occurrences = kept
            .occurrences
            .iter()
            .map(|&(l, s, e)| Some((l, global(Span { start: s, end: e })?)))
            .collect::<Option<Vec<_>>>()?;
        cx.total_left.set(Some(left - kept.nodes));
        let compiled = CompiledParts {
            condition,
            expanded_condition: kept.expanded_condition.clone(),
            output: kept.output.clone(),
            output_text: kept.output_text.clone(),
            event_codes: kept.event_codes,
        };
        let rule = assemble_rule(r, compiled);
        Some(RuleOutcome {
            rule: Some(rule),
            lists: ListUsage {
                used: kept.lists_used.clone(),
                occurrences,
            },
            macros_used: kept.macros_used.clone(),
            resolution: None,
        })
    }

    /// What to keep of a rule that compiled without a diagnostic; `None` when a position
    /// of it lies outside every text it could have come from.
    fn keep(&self, cx: &RuleCtx, r: &RuleDefn, outcome: &RuleOutcome) -> Option<Kept> {
        let rule = outcome.rule.as_ref()?;
        let res = outcome.resolution.as_ref()?;
        let refs: Vec<String> = res.refs.iter().map(|b| b.name.clone()).collect();
        let bound = self.bound(cx, &refs)?;
        let table = self.table.get_or_init(|| AnchorTable::new(self.col));
        let mut rel = ToRelative::new(cx.sources, r, table);
        let mut condition = rule.condition.clone();
        if !map_spans(&mut condition, &mut |s| rel.span(s)) {
            return None;
        }
        let occurrences = outcome
            .lists
            .occurrences
            .iter()
            .map(|&(l, s)| Some((l, rel.position(s.start)?, rel.position(s.end)?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Kept {
            refs,
            bound,
            condition,
            expanded_condition: rule.expanded_condition.clone(),
            output: rule.output.clone(),
            output_text: rule.output_text.clone(),
            event_codes: rule.event_codes,
            lists_used: outcome.lists.used.clone(),
            occurrences,
            macros_used: outcome.macros_used.clone(),
            nodes: res.nodes,
            pool: rel.pool,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::load::{load_for_editor, load_reusing, Reuse};
    use crate::rules_file::read_file_with;
    use crate::source::Sources;

    const MACROS: &str = "- list: shells\n  items: [bash, sh]\n- macro: spawned\n  condition: evt.type = execve\n- macro: shell\n  condition: spawned and proc.name in (shells)\n";
    const RULES: &str = "- rule: a\n  desc: d\n  condition: shell and fd.num >= 0\n  output: o %proc.name\n  priority: INFO\n- rule: b\n  desc: d\n  condition: >\n    spawned\n    and proc.pname in (shells, zsh)\n  output: o\n  priority: INFO\n";

    fn loaded(files: &[&str], reuse: &mut Reuse) -> (usize, bool) {
        let mut sources = Sources::new();
        for (i, text) in files.iter().enumerate() {
            sources.add(format!("f{i}.yaml"), *text);
        }
        let limits = Limits::default();
        let read = |file, source: &_, left: &mut usize| read_file_with(file, source, &limits, left);
        let result = load_reusing(&sources, &limits, read, reuse);
        let full = load_for_editor(&sources);
        let same = result.diagnostics == full.diagnostics
            && result.rules() == full.rules()
            && result.symbols == full.symbols;
        (reuse.rules.reused, same)
    }

    #[test]
    fn shifted_rules_are_reused_and_changed_ones_are_not() {
        let mut reuse = Reuse::default();
        assert_eq!(loaded(&[MACROS, RULES], &mut reuse), (0, true));
        // Lines added above both rules, in their file and in the file before: offsets shift.
        let shifted = format!("# one\n# two\n{RULES}");
        let macros = format!("# above\n{MACROS}");
        assert_eq!(loaded(&[&macros, &shifted], &mut reuse), (2, true));
        // A rule's own condition changes: only the other is reused.
        let edited = shifted.replace("fd.num >= 0", "fd.num >= 10");
        assert_eq!(loaded(&[&macros, &edited], &mut reuse), (1, true));
        // A macro both rules use (`b` directly, `a` through `shell`) changes.
        let spawned = macros.replace("evt.type = execve", "evt.type in (execve, execveat)");
        assert_eq!(loaded(&[&spawned, &edited], &mut reuse), (0, true));
        // A list changes: nothing is reused.
        let list = spawned.replace("[bash, sh]", "[bash, sh, ash]");
        assert_eq!(loaded(&[&list, &edited], &mut reuse), (0, true));
        assert_eq!(loaded(&[&list, &edited], &mut reuse), (2, true));
    }
}
