//! Compiles macros: parse each (after list substitution), then resolve references in
//! definition order, each macro seeing only macros first defined before its last
//! definition or append. Resolutions are shared, never copied (see `expand::macros`).

use super::condition::{condition_chain, error_at, join_pieces, parse_expanded};
use super::falco_position::Locator;
use crate::collect::Collected;
use crate::diagnostic::{Code, Diagnostic, FalcoExpression, Location};
use crate::expand::lists::{CompiledList, ListUsage};
use crate::expand::macros::{
    materialize, resolve_macros, Lookup, MacroBodies, MacroError, MacroScope, Resolution,
};
use crate::expand::mapped_text::MappedText;
use crate::limits::{raise_note, Limits};
use crate::source::{FileId, Sources};
use falcoc_grammar::ast::Expr;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

/// Macros after resolution, by definition order.
pub struct Macros<'c> {
    pub col: &'c Collected,
    /// Each macro's parsed condition (`None` when it failed to parse).
    pub parsed: Vec<Option<Expr>>,
    /// Each macro's condition as written (pieces joined) and after list substitution:
    /// the texts Falco shows and counts its positions in.
    pub written: Vec<std::sync::Arc<str>>,
    pub substituted: Vec<MappedText>,
    /// A locator per substituted text, built when first needed (`-V` positions).
    locators: Vec<OnceCell<Locator>>,
    /// Macro condition pieces as (file, start, end, macro id), sorted.
    pieces: Vec<(FileId, usize, usize, usize)>,
    /// Each macro's resolution (`None` when it failed or is not resolved yet).
    pub resolved: Vec<Option<Resolution>>,
    /// How many macros (in definition order) have been through resolution.
    done: usize,
    pub used: HashSet<String>,
    ids: HashMap<&'c str, usize>,
}

impl Macros<'_> {
    /// Every macro name, for did-you-mean suggestions.
    pub fn names(&self) -> Vec<&str> {
        self.col
            .macros
            .iter()
            .map(|m| m.header.name.as_str())
            .collect()
    }

    /// The parsed body and resolution of a resolved macro.
    pub fn shared(&self, id: usize) -> Option<(&Expr, &Resolution)> {
        Some((
            self.parsed.get(id)?.as_ref()?,
            self.resolved.get(id)?.as_ref()?,
        ))
    }

    /// Falco's position of global position `at`, counted in `own` (the item's parsed
    /// text) or else in the macro whose condition holds it, for a condition shown as
    /// `shown`.
    pub fn falco_position(
        &self,
        sources: &Sources,
        shown: &std::sync::Arc<str>,
        own: Option<&Locator>,
        at: u32,
    ) -> Option<FalcoExpression> {
        if let Some(found) = own.and_then(|l| l.find(shown, at)) {
            return Some(found);
        }
        let (file, offset) = sources.locate(at);
        let i = self
            .pieces
            .partition_point(|&(f, start, _, _)| (f, start) <= (file, offset));
        let &(f, start, end, id) = self.pieces.get(i.checked_sub(1)?)?;
        if f != file || offset < start || offset > end {
            return None;
        }
        let locator = self.locators[id].get_or_init(|| Locator::new(&self.substituted[id]));
        locator.find(shown, at)
    }

    /// `d` with Falco's condition position of its primary span (see
    /// [`Macros::falco_position`]).
    pub fn with_falco_position(
        &self,
        sources: &Sources,
        d: Diagnostic,
        shown: &std::sync::Arc<str>,
        own: Option<&Locator>,
    ) -> Diagnostic {
        let Some(p) = &d.primary else {
            return d;
        };
        let at = sources.global(p.file, p.range.start);
        let falco = self.falco_position(sources, shown, own, at);
        d.with_falco_expression(falco)
    }

    /// The expanded tree of `expr` bound by `res`.
    pub fn expand(&self, expr: &Expr, res: &Resolution) -> Expr {
        materialize(expr, res, self)
    }
}

impl MacroBodies for Macros<'_> {
    fn shared(&self, id: usize) -> Option<(&Expr, &Resolution)> {
        Macros::shared(self, id)
    }

    fn body(&self, id: usize) -> Option<&Expr> {
        self.parsed.get(id).and_then(Option::as_ref)
    }
}

/// A view of the macros visible below a visibility bound.
pub struct Visible<'a, 'c> {
    pub macros: &'a Macros<'c>,
    pub visibility: usize,
}

impl MacroScope for Visible<'_, '_> {
    fn find(&self, name: &str) -> Lookup<'_> {
        let m = self.macros;
        let visible = m
            .ids
            .get(name)
            .copied()
            .filter(|&i| m.col.macros[i].index < self.visibility);
        match visible {
            Some(i) if i < m.done => match &m.resolved[i] {
                Some(r) => Lookup::Resolved(i, r),
                None => Lookup::Broken,
            },
            Some(i) => match &m.parsed[i] {
                Some(body) => Lookup::Unresolved(i, body),
                None => Lookup::Broken,
            },
            None if m.col.broken_macros.contains(name) => Lookup::Broken,
            None => Lookup::Undefined,
        }
    }
}

/// Parses and resolves every macro, reporting errors into `diags`.
pub fn compile_macros<'c>(
    sources: &Sources,
    col: &'c Collected,
    lists: &[CompiledList],
    usage: &mut ListUsage,
    limits: &Limits,
    diags: &mut Vec<Diagnostic>,
    memo: Option<&super::reuse::Memo>,
) -> Macros<'c> {
    let mut parsed = Vec::with_capacity(col.macros.len());
    let mut written = Vec::with_capacity(col.macros.len());
    let mut substituted = Vec::with_capacity(col.macros.len());
    for m in &col.macros {
        let chain = || condition_chain(sources, "macro", &m.header, &m.condition);
        let text = join_pieces(sources, &m.condition);
        match parse_expanded(sources, &text, lists, usage, &chain, memo) {
            Ok((expr, expanded)) => {
                parsed.push(Some(expr));
                substituted.push(expanded);
            }
            Err(errors) => {
                diags.extend(errors);
                parsed.push(None);
                substituted.push(MappedText::new());
            }
        }
        written.push(text.text.into());
    }
    let ids = col
        .macros
        .iter()
        .enumerate()
        .map(|(i, m)| (m.header.name.as_str(), i))
        .collect();
    let mut macros = Macros {
        col,
        resolved: vec![None; parsed.len()],
        locators: (0..parsed.len()).map(|_| OnceCell::new()).collect(),
        pieces: condition_pieces(col),
        parsed,
        written,
        substituted,
        done: 0,
        used: HashSet::new(),
        ids,
    };
    for i in 0..col.macros.len() {
        // The macro stays visible to itself (unresolved) while it is resolved, and the
        // path starts empty, as in Falco: `a -> b -> a -> b` reports the loop at the first
        // name seen twice (`b`), inside `a`'s own text.
        let def = &col.macros[i];
        let result = macros.parsed[i].as_ref().map(|tree| {
            let scope = Visible {
                macros: &macros,
                visibility: def.visibility,
            };
            let mut used = HashSet::new();
            let r = resolve_macros(tree, &scope, limits.expansion_nodes, &mut used);
            (r, used)
        });
        macros.done = i + 1;
        let Some((result, used)) = result else {
            continue;
        };
        macros.used.extend(used);
        let chain = || {
            vec![
                Location::new("rules content", "", def.header.file, 0),
                Location::new(
                    "macro",
                    &def.header.name,
                    def.header.file,
                    def.header.offset,
                ),
            ]
        };
        match result {
            Ok(r) if r.nodes > limits.expansion_nodes => {
                let span = macros.parsed[i]
                    .as_ref()
                    .map_or(falcoc_grammar::Span::new(0, 0), Expr::span);
                let e = MacroError::TooLarge {
                    span,
                    limit: limits.expansion_nodes,
                };
                diags.extend(macro_error(sources, e, &chain(), &macros.names()));
            }
            Ok(r) => macros.resolved[i] = Some(r),
            Err(e) => {
                let d = macro_error(sources, e, &chain(), &macros.names());
                let shown = &macros.written[i];
                diags.extend(d.map(|d| macros.with_falco_position(sources, d, shown, None)));
            }
        }
    }
    macros
}

/// Every macro condition piece as (file, start, end, macro id), sorted.
pub(super) fn condition_pieces(col: &Collected) -> Vec<(FileId, usize, usize, usize)> {
    let mut pieces: Vec<_> = col
        .macros
        .iter()
        .enumerate()
        .flat_map(|(id, m)| {
            m.condition
                .pieces
                .iter()
                .map(move |p| (p.file, p.range.start, p.range.end, id))
        })
        .collect();
    pieces.sort_unstable();
    pieces
}

/// Each resolved macro's expansion in canonical form, smallest first, until `budget`
/// nodes have been printed (the rest is left out rather than printed quadratically).
/// With `kept` (printed expansions by macro fingerprint, and this load's fingerprints),
/// an expansion printed by an earlier load is not printed again.
pub fn expansions(
    macros: &Macros,
    budget: u64,
    mut kept: Option<(
        &mut super::reuse::Generations<u128, String>,
        &super::reuse::Fingerprints,
    )>,
) -> HashMap<String, String> {
    let mut order: Vec<(u64, usize)> = macros
        .resolved
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| (r.nodes, i)))
        .collect();
    order.sort_unstable();
    let mut left = budget;
    let mut out = HashMap::new();
    for (nodes, i) in order {
        if nodes > left {
            break;
        }
        left -= nodes;
        let Some((expr, r)) = macros.shared(i) else {
            continue;
        };
        let name = macros.col.macros[i].header.name.clone();
        let fp = kept.as_ref().and_then(|(_, fps)| fps.macros[i]);
        let printed = match (&mut kept, fp) {
            (Some((memo, _)), Some(fp)) => match memo.get(&fp) {
                Some(text) => text.clone(),
                None => {
                    let text = macros.expand(expr, r).to_string();
                    memo.insert(fp, text.clone());
                    text
                }
            },
            _ => macros.expand(expr, r).to_string(),
        };
        out.insert(name, printed);
    }
    out
}

/// The diagnostic for a resolution failure (`None` for one already reported), with a
/// did-you-mean fix among `known` macro names for an undefined one.
pub fn macro_error(
    sources: &Sources,
    e: MacroError,
    chain: &[Location],
    known: &[&str],
) -> Option<Diagnostic> {
    let suggestion = match &e {
        MacroError::Undefined { name, span } => {
            crate::suggest::suggestions(name, known.iter().copied())
                .first()
                .map(|s| (s.to_string(), *span))
        }
        _ => None,
    };
    let mut note = None;
    let (msg, span) = match e {
        MacroError::Undefined { name, span } => {
            (format!("Undefined macro '{name}' used in filter."), span)
        }
        MacroError::Loop { name, span } => (format!("reference loop in macro '{name}'"), span),
        MacroError::TooDeep { span } => ("macros nested too deeply (limit 512)".to_string(), span),
        MacroError::TooNested { span } => (
            format!(
                "condition nesting too deep after macro expansion (limit {})",
                crate::expand::macros::MAX_EXPANDED_NESTING
            ),
            span,
        ),
        MacroError::TooLarge { span, limit } => {
            note = Some(raise_note("expansion_nodes"));
            (
                format!("condition is larger than {limit} nodes after macro expansion"),
                span,
            )
        }
        MacroError::Broken { .. } => return None,
    };
    let mut d = error_at(sources, Code::ErrValidate, msg, span, chain);
    if let Some(n) = note {
        d = d.with_note(n);
    }
    Some(super::condition::with_did_you_mean(sources, d, suggestion))
}
