//! Macro resolution (Falco's `filter_macro_resolver`) without deep copies.
//!
//! Falco replaces every macro reference by a copy of the macro's resolved tree, so a chain
//! of n macros costs n² and a macro used twice per level doubles at each level. Here a
//! reference is only *bound*: to an already resolved macro (shared, O(1)) or, for a macro
//! not resolved yet, to a resolution of its body made on the spot, as Falco does. Every
//! resolution knows its expanded size, so a limit is checked before anything is built;
//! [`materialize`] builds the expanded tree of one rule when it is needed.

use falcoc_grammar::ast::{Expr, Ident};
use falcoc_grammar::Span;
use std::collections::HashSet;

/// What a macro name means in a scope.
pub enum Lookup<'a> {
    /// A macro already resolved (by id); its resolution is shared.
    Resolved(usize, u64),
    /// A visible macro not resolved yet: its parsed body is resolved in place.
    Unresolved(usize, &'a Expr),
    /// A visible macro whose own condition failed (already reported).
    Broken,
    Undefined,
}

/// The macros a condition may use.
pub trait MacroScope {
    fn find(&self, name: &str) -> Lookup<'_>;
}

/// Why resolution failed, with the offending reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroError {
    Undefined {
        name: String,
        span: Span,
    },
    Loop {
        name: String,
        span: Span,
    },
    TooDeep {
        span: Span,
    },
    /// Resolving macros not resolved yet took more than the expansion limit.
    TooLarge {
        span: Span,
        limit: u64,
    },
    /// A reference to a macro that itself failed; already reported.
    Broken {
        name: String,
    },
}

/// Nested macro expansion deeper than this is rejected.
pub const MAX_MACRO_DEPTH: usize = 512;

/// One macro reference and what it is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub name: String,
    /// The reference in the text that was resolved.
    pub span: Span,
    pub target: Target,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The shared resolution of macro `id`.
    Shared(usize),
    /// Macro `id`'s body, resolved for this reference only.
    Inline(usize, Box<Resolution>),
}

/// The bindings of every macro reference of a tree, in pre-order, and the size the tree
/// has once expanded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    pub refs: Vec<Bound>,
    /// Expanded size in nodes (saturating).
    pub nodes: u64,
}

impl Resolution {
    /// Whether expanding this reaches macro `target` (through any depth of references).
    pub fn reaches<'a>(
        &'a self,
        target: usize,
        shared: &dyn Fn(usize) -> Option<&'a Resolution>,
    ) -> bool {
        let mut seen = HashSet::new();
        reaches(self, target, shared, &mut seen)
    }
}

fn reaches<'a>(
    r: &'a Resolution,
    target: usize,
    shared: &dyn Fn(usize) -> Option<&'a Resolution>,
    seen: &mut HashSet<usize>,
) -> bool {
    r.refs.iter().any(|b| match &b.target {
        Target::Shared(id) => {
            *id == target
                || (seen.insert(*id)
                    && shared(*id).is_some_and(|s| reaches(s, target, shared, seen)))
        }
        Target::Inline(id, inner) => *id == target || reaches(inner, target, shared, seen),
    })
}

/// Binds every macro reference in `expr`; `used` collects the names bound. `budget` is the
/// most nodes resolving not-yet-resolved macros may walk.
pub fn resolve_macros(
    expr: &Expr,
    scope: &dyn MacroScope,
    budget: u64,
    used: &mut HashSet<String>,
) -> Result<Resolution, MacroError> {
    let mut r = Resolver {
        scope,
        used,
        stack: Vec::new(),
        budget,
        limit: budget,
    };
    let mut out = Resolution::default();
    r.walk(expr, &mut out)?;
    Ok(out)
}

struct Resolver<'s, 'u> {
    scope: &'s dyn MacroScope,
    used: &'u mut HashSet<String>,
    stack: Vec<String>,
    budget: u64,
    limit: u64,
}

impl Resolver<'_, '_> {
    fn walk(&mut self, expr: &Expr, out: &mut Resolution) -> Result<(), MacroError> {
        match expr {
            Expr::And(children, _) | Expr::Or(children, _) => {
                out.nodes = out.nodes.saturating_add(1);
                children.iter().try_for_each(|c| self.walk(c, out))
            }
            Expr::Not(inner, _) => {
                out.nodes = out.nodes.saturating_add(1);
                self.walk(inner, out)
            }
            Expr::Check(_) => {
                out.nodes = out.nodes.saturating_add(1);
                Ok(())
            }
            Expr::Macro(id) => self.reference(id, out),
        }
    }

    fn reference(&mut self, id: &Ident, out: &mut Resolution) -> Result<(), MacroError> {
        let (name, span) = (id.name.clone(), id.span);
        if self.stack.contains(&name) {
            return Err(MacroError::Loop { name, span });
        }
        if self.stack.len() >= MAX_MACRO_DEPTH {
            return Err(MacroError::TooDeep { span });
        }
        let target = match self.scope.find(&name) {
            Lookup::Resolved(m, nodes) => {
                out.nodes = out.nodes.saturating_add(nodes);
                Target::Shared(m)
            }
            Lookup::Unresolved(m, body) => {
                let cost = body_size(body);
                if cost > self.budget {
                    return Err(MacroError::TooLarge {
                        span,
                        limit: self.limit,
                    });
                }
                self.budget -= cost;
                let mut inner = Resolution::default();
                self.stack.push(name.clone());
                let result = self.walk(body, &mut inner);
                self.stack.pop();
                result?;
                out.nodes = out.nodes.saturating_add(inner.nodes);
                Target::Inline(m, Box::new(inner))
            }
            Lookup::Broken => return Err(MacroError::Broken { name }),
            Lookup::Undefined => return Err(MacroError::Undefined { name, span }),
        };
        self.used.insert(name.clone());
        out.refs.push(Bound { name, span, target });
        Ok(())
    }
}

/// Nodes of a tree as written (macro references count one).
pub fn body_size(expr: &Expr) -> u64 {
    match expr {
        Expr::And(children, _) | Expr::Or(children, _) => {
            1 + children.iter().map(body_size).sum::<u64>()
        }
        Expr::Not(inner, _) => 1 + body_size(inner),
        Expr::Check(_) | Expr::Macro(_) => 1,
    }
}

/// The parsed body and shared resolution of a resolved macro.
pub type SharedMacro<'a> = dyn Fn(usize) -> Option<(&'a Expr, &'a Resolution)> + 'a;

/// The parsed body of any macro (for inline resolutions).
pub type MacroBody<'a> = dyn Fn(usize) -> Option<&'a Expr> + 'a;

/// Builds the expanded tree of `expr` bound by `res`. Callers check `res.nodes` against
/// their limit first: this allocates exactly that many nodes.
pub fn materialize(
    expr: &Expr,
    res: &Resolution,
    shared: &SharedMacro<'_>,
    body: &MacroBody<'_>,
) -> Expr {
    let mut refs = res.refs.iter();
    build(expr, &mut refs, shared, body)
}

fn build<'r>(
    expr: &Expr,
    refs: &mut std::slice::Iter<'r, Bound>,
    shared: &SharedMacro<'_>,
    body: &MacroBody<'_>,
) -> Expr {
    match expr {
        Expr::And(children, s) => Expr::And(
            children
                .iter()
                .map(|c| build(c, refs, shared, body))
                .collect(),
            *s,
        ),
        Expr::Or(children, s) => Expr::Or(
            children
                .iter()
                .map(|c| build(c, refs, shared, body))
                .collect(),
            *s,
        ),
        Expr::Not(inner, s) => Expr::Not(Box::new(build(inner, refs, shared, body)), *s),
        Expr::Check(_) => expr.clone(),
        Expr::Macro(_) => {
            let expanded = refs.next().and_then(|b| match &b.target {
                Target::Shared(m) => shared(*m).map(|(e, r)| materialize(e, r, shared, body)),
                Target::Inline(m, r) => body(*m).map(|e| materialize(e, r, shared, body)),
            });
            // A resolution always binds every reference; keeping the reference is only a
            // safe fallback.
            expanded.unwrap_or_else(|| expr.clone())
        }
    }
}
