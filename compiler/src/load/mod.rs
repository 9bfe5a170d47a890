//! The front end's entry point: load rules files in order and compile them.
//!
//! [`load`] never fails on bad input: it returns every diagnostic it found;
//! [`LoadResult::into_ruleset`] gives the executable rule set (by value) only when there is
//! no error at all. Editors read what they show of rules through [`RuleInfo`], which holds
//! no compiled condition or output, and load through [`load_reusing`], which keeps what a
//! load can give the next load of the same files in a [`Reuse`]. Only the editor loads
//! ([`load_reading`], [`load_reusing`], [`load_for_editor`]) fill the editor facts (symbols,
//! macro expansions, list items); [`load`] and [`load_with`] — checking and running rules —
//! leave them empty and so hold less memory at their peak.

mod condition;
mod falco_position;
mod macros_phase;
mod one_cause;
mod reuse;
mod rules_phase;
mod symbols_pass;
mod versions;
mod warnings;

pub use reuse::Reuse;
pub use versions::{BUILTIN_PLUGINS, ENGINE_VERSION};

use crate::catalog::events::EventSet;
use crate::collect::Collected;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::expand::lists::compile_lists;
use crate::ir::{Rule, RuleSet};
use crate::limits::Limits;
use crate::priority::Priority;
use crate::rules_file::{read_file_with, FileItems};
use crate::schema::SchemaStatus;
use crate::source::{FileId, SourceFile, Sources};
use crate::symbols::SymbolIndex;
use std::collections::{HashMap, HashSet};

/// Everything a load produced.
#[derive(Debug, Default)]
pub struct LoadResult {
    /// Errors and warnings, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
    /// The rules that compiled, in evaluation order (first definition order). Handed out
    /// only when there is no error.
    rules: Vec<Rule>,
    /// Every definition and reference (editor loads only).
    pub symbols: SymbolIndex,
    /// Each macro's condition after list and macro expansion, in canonical form (editor
    /// loads only).
    pub macro_expansions: HashMap<String, String>,
    /// Each list's items after one level of list expansion (editor loads only).
    pub list_items: HashMap<String, Vec<String>>,
    /// Falco's schema validation of each file, by file id.
    pub schema: Vec<Option<SchemaStatus>>,
}

/// What an editor shows of a rule that compiled, whether or not the load failed.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo<'a> {
    pub name: &'a str,
    pub desc: &'a str,
    pub priority: Priority,
    pub source: &'a str,
    pub tags: &'a [String],
    pub enabled: bool,
    pub event_codes: &'a EventSet,
}

impl LoadResult {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }

    /// The executable rule set, by value, only when nothing failed; and every diagnostic
    /// (warnings remain when the rule set is given).
    pub fn into_ruleset(self) -> (Option<RuleSet>, Vec<Diagnostic>) {
        let ruleset = (!self.has_errors()).then_some(RuleSet { rules: self.rules });
        (ruleset, self.diagnostics)
    }

    /// The compiled rules, only when nothing failed.
    pub fn rules(&self) -> Option<&[Rule]> {
        (!self.has_errors()).then_some(self.rules.as_slice())
    }

    /// What an editor shows of every rule that compiled, in evaluation order.
    pub fn rule_infos(&self) -> impl Iterator<Item = RuleInfo<'_>> {
        self.rules.iter().map(|r| RuleInfo {
            name: &r.name,
            desc: &r.desc,
            priority: r.priority,
            source: &r.source,
            tags: &r.tags,
            enabled: r.enabled,
            event_codes: &r.event_codes,
        })
    }

    /// What an editor shows of the compiled rule `name`, if it compiled.
    pub fn rule_info(&self, name: &str) -> Option<RuleInfo<'_>> {
        self.rule_infos().find(|r| r.name == name)
    }
}

/// Loads `sources` (in order: later files override earlier ones) and compiles them, with
/// the default [`Limits`].
pub fn load(sources: &Sources) -> LoadResult {
    load_with(sources, &Limits::default())
}

/// [`load`] with explicit work limits.
pub fn load_with(sources: &Sources, limits: &Limits) -> LoadResult {
    let read = |file, source: &SourceFile, items_left: &mut usize| {
        read_file_with(file, source, limits, items_left)
    };
    load_inner(sources, limits, read, Facts::RulesOnly)
}

/// [`load`] with the editor facts filled (what an editor's first load of files gives).
pub fn load_for_editor(sources: &Sources) -> LoadResult {
    let limits = Limits::default();
    load_reading(sources, &limits, |file, source, items_left| {
        read_file_with(file, source, &limits, items_left)
    })
}

/// Whether a load fills the editor facts of its result.
enum Facts<'r> {
    RulesOnly,
    Editor(Option<&'r mut Reuse>),
}

/// [`load_with`], reading each file through `read`: it is called in file order with the
/// file, its source and what remains of the load's item limit (which it decreases by the
/// items it read), and returns what [`read_file_with`] would. An editor passes a reader
/// that reuses the reads of unchanged files, so an edit re-reads only the changed file.
pub fn load_reading(
    sources: &Sources,
    limits: &Limits,
    read: impl FnMut(FileId, &SourceFile, &mut usize) -> FileItems,
) -> LoadResult {
    load_inner(sources, limits, read, Facts::Editor(None))
}

/// [`load_reading`], reusing what earlier loads of the same group kept in `reuse` (and
/// keeping what this one used for the next): an edit recompiles only the rules whose
/// inputs changed. The result is exactly [`load_reading`]'s.
pub fn load_reusing(
    sources: &Sources,
    limits: &Limits,
    read: impl FnMut(FileId, &SourceFile, &mut usize) -> FileItems,
    reuse: &mut Reuse,
) -> LoadResult {
    let result = load_inner(sources, limits, read, Facts::Editor(Some(&mut *reuse)));
    reuse.finish_load();
    result
}

fn load_inner(
    sources: &Sources,
    limits: &Limits,
    mut read: impl FnMut(FileId, &SourceFile, &mut usize) -> FileItems,
    facts: Facts<'_>,
) -> LoadResult {
    let mut result = LoadResult::default();
    let mut col = Collected::default();
    let mut items_left = limits.items;
    for (file, source) in sources.files().iter().enumerate() {
        let items = read(file, source, &mut items_left);
        result.diagnostics.extend(items.diagnostics);
        result.schema.push(items.schema);
        col.broken_macros.extend(items.broken_macros);
        for item in items.items {
            col.add(item);
        }
    }
    result.diagnostics.append(&mut col.diagnostics);
    versions::check_versions(&col, &mut result.diagnostics);
    compile(sources, &col, limits, &mut result, facts);
    result
}

/// Nodes of macro expansions kept for display (hover) in one load.
const DISPLAY_EXPANSION_NODES: u64 = 2_000_000;

fn compile(
    sources: &Sources,
    col: &Collected,
    limits: &Limits,
    result: &mut LoadResult,
    facts: Facts<'_>,
) {
    let (editor, reuse) = match facts {
        Facts::RulesOnly => (false, None),
        Facts::Editor(reuse) => (true, reuse),
    };
    let (lists, list_used_by_lists) = compile_lists(sources, col);
    let mut usage = crate::expand::lists::ListUsage::new(lists.len());
    // With a `Reuse`: its memos, its kept rules and its printed expansions.
    let (memo, rule_cache, printed) = match reuse {
        Some(r) => {
            let lists_fp = reuse::lists_fingerprint(sources, col, &lists);
            r.memo.lists.set(lists_fp);
            (Some(&r.memo), Some(&mut r.rules), Some(&mut r.expansions))
        }
        None => (None, None, None),
    };
    let macros = macros_phase::compile_macros(
        sources,
        col,
        &lists,
        &mut usage,
        limits,
        &mut result.diagnostics,
        memo,
    );
    let fps = memo.map(|m| reuse::Fingerprints::new(sources, col, m.lists.get(), &macros));
    let cx = rules_phase::RuleCtx {
        sources,
        lists: &lists,
        macros: &macros,
        limits,
        total_left: std::cell::Cell::new(Some(limits.total_expansion_nodes)),
        memo,
    };
    let rule_reuse = rule_cache
        .zip(fps.as_ref())
        .map(|(cache, fps)| reuse::rules::RuleReuse::new(cache, fps, col));
    let mut macros_used: HashSet<String> = macros.used.clone();
    compile_rules(&cx, col, rule_reuse, &mut usage, &mut macros_used, result);
    // Falco stops compiling at the first error, so it only reports unused items on success.
    if !result.has_errors() {
        warn_unused(
            col,
            &usage.used,
            &list_used_by_lists,
            &macros_used,
            &mut result.diagnostics,
        );
    }
    if editor {
        result.symbols = symbols_pass::index(sources, col, &lists, &usage, &macros, memo);
        let printed = printed.zip(fps.as_ref());
        result.macro_expansions =
            macros_phase::expansions(&macros, DISPLAY_EXPANSION_NODES, printed);
        for l in &lists {
            let items = l.item_texts().map(str::to_string).collect();
            result.list_items.insert(l.name.clone(), items);
        }
    }
}

/// Compiles every rule (reusing kept ones with `reuse`), one diagnostic per cause, and
/// adds the lists and macros they used to `usage` and `macros_used`.
fn compile_rules(
    cx: &rules_phase::RuleCtx,
    col: &Collected,
    mut reuse: Option<reuse::rules::RuleReuse>,
    usage: &mut crate::expand::lists::ListUsage,
    macros_used: &mut HashSet<String>,
    result: &mut LoadResult,
) {
    let mut one_cause = one_cause::OneCause::new(cx.macros);
    for r in &col.rules {
        let mut found = Vec::new();
        let outcome = match reuse.as_mut() {
            Some(kept) => kept.compile(cx, r, &mut found),
            None => rules_phase::compile_rule(cx, r, &mut found),
        };
        one_cause.add(
            cx.sources,
            &r.header.name,
            outcome.resolution.as_ref(),
            found,
            &mut result.diagnostics,
        );
        for (u, v) in usage.used.iter_mut().zip(&outcome.lists.used) {
            *u |= *v;
        }
        usage.occurrences.extend(outcome.lists.occurrences);
        macros_used.extend(outcome.macros_used);
        result.rules.extend(outcome.rule);
    }
    one_cause.finish(&mut result.diagnostics);
}

fn warn_unused(
    col: &Collected,
    lists_used: &[bool],
    by_lists: &[bool],
    macros_used: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    for m in &col.macros {
        if !macros_used.contains(&m.header.name) {
            diags.push(item_warning(
                Code::UnusedMacro,
                "macro",
                &m.header,
                "Macro not referred to by any other rule/macro",
            ));
        }
    }
    for (i, l) in col.lists.iter().enumerate() {
        if !lists_used.get(i).copied().unwrap_or(false)
            && !by_lists.get(i).copied().unwrap_or(false)
        {
            diags.push(item_warning(
                Code::UnusedList,
                "list",
                &l.header,
                "List not referred to by any other rule/macro",
            ));
        }
    }
}

fn item_warning(
    code: Code,
    kind: &str,
    h: &crate::rules_file::items::ItemHeader,
    msg: &str,
) -> Diagnostic {
    Diagnostic::new(code, msg)
        .with_primary(h.file, h.name_range.clone(), "")
        .with_locations(vec![
            Location::new("rules content", "", h.file, 0),
            Location::new(kind, &h.name, h.file, h.offset),
        ])
}
