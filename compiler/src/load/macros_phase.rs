//! Compiles macros: parse each (after list substitution), then resolve references in
//! definition order, each macro seeing only macros first defined before its last
//! definition or append.

use super::condition::{condition_chain, error_at, join_pieces, parse_expanded};
use crate::collect::Collected;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::expand::lists::{CompiledList, ListUsage};
use crate::expand::macros::{resolve_macros, MacroError, MacroScope};
use crate::source::Sources;
use falcoc_grammar::ast::Expr;
use std::collections::{HashMap, HashSet};

/// Macro trees after resolution, by definition order (`None` when the macro failed).
pub struct Macros<'c> {
    pub col: &'c Collected,
    pub trees: Vec<Option<Expr>>,
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
}

/// A view of the macros visible below a visibility bound.
pub struct Visible<'a, 'c> {
    pub macros: &'a Macros<'c>,
    pub visibility: usize,
}

impl MacroScope for Visible<'_, '_> {
    fn lookup(&self, name: &str) -> Option<&Expr> {
        let &i = self.macros.ids.get(name)?;
        if self.macros.col.macros[i].index >= self.visibility {
            return None;
        }
        self.macros.trees[i].as_ref()
    }

    fn is_broken(&self, name: &str) -> bool {
        let failed_to_compile = self.macros.ids.get(name).is_some_and(|&i| {
            self.macros.col.macros[i].index < self.visibility && self.macros.trees[i].is_none()
        });
        failed_to_compile || self.macros.col.broken_macros.contains(name)
    }
}

/// Parses and resolves every macro, reporting errors into `diags`.
pub fn compile_macros<'c>(
    sources: &Sources,
    col: &'c Collected,
    lists: &[CompiledList],
    usage: &mut ListUsage,
    diags: &mut Vec<Diagnostic>,
) -> Macros<'c> {
    let mut trees = Vec::with_capacity(col.macros.len());
    for m in &col.macros {
        let chain = condition_chain("macro", &m.header, &m.condition);
        let text = join_pieces(sources, &m.condition);
        match parse_expanded(sources, &text, lists, usage, &chain) {
            Ok(expr) => trees.push(Some(expr)),
            Err(errors) => {
                diags.extend(errors);
                trees.push(None);
            }
        }
    }
    let ids = col
        .macros
        .iter()
        .enumerate()
        .map(|(i, m)| (m.header.name.as_str(), i))
        .collect();
    let mut macros = Macros {
        col,
        trees,
        used: HashSet::new(),
        ids,
    };
    for i in 0..col.macros.len() {
        // The macro stays visible to itself (unresolved) while it is resolved, and the
        // path starts empty, as in Falco: `a -> b -> a -> b` reports the loop at the first
        // name seen twice (`b`), inside `a`'s own text.
        let Some(mut tree) = macros.trees[i].clone() else {
            continue;
        };
        let def = &col.macros[i];
        let mut used = HashSet::new();
        let scope = Visible {
            macros: &macros,
            visibility: def.visibility,
        };
        let result = resolve_macros(&mut tree, &scope, None, &mut used);
        macros.used.extend(used);
        match result {
            Ok(()) => macros.trees[i] = Some(tree),
            Err(e) => {
                macros.trees[i] = None;
                let chain = vec![
                    Location::new("rules content", "", def.header.file, 0),
                    Location::new(
                        "macro",
                        &def.header.name,
                        def.header.file,
                        def.header.offset,
                    ),
                ];
                if let Some(d) = macro_error(sources, e, &chain, &macros.names()) {
                    diags.push(d);
                }
            }
        }
    }
    macros
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
    let (msg, span) = match e {
        MacroError::Undefined { name, span } => {
            (format!("Undefined macro '{name}' used in filter."), span)
        }
        MacroError::Loop { name, span } => (format!("reference loop in macro '{name}'"), span),
        MacroError::TooDeep { span } => ("macros nested too deeply (limit 512)".to_string(), span),
        MacroError::Broken { .. } => return None,
    };
    let d = error_at(sources, Code::ErrValidate, msg, span, chain);
    Some(super::condition::with_did_you_mean(sources, d, suggestion))
}
