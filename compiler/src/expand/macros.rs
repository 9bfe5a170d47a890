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
    /// A macro already resolved (by id, with its expanded size and depth); its
    /// resolution is shared.
    Resolved(usize, u64, usize),
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
    /// The expanded tree would be nested deeper than the grammar's nesting limit.
    TooNested {
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

/// How deeply an expanded condition may nest. Lower than the grammar's limit for one
/// condition text: an expanded tree goes through more recursive walks (type checking, IR
/// building and printing, event-type indexing), and at 500 levels all of them fit in a
/// 2 MiB thread stack (the LSP worker's) even in debug builds. Real rules nest < 30.
pub const MAX_EXPANDED_NESTING: usize = 500;

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
    /// Nesting depth of the expanded tree (and/or/not levels; a check is one).
    pub depth: usize,
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
    out.depth = r.walk(expr, &mut out)?;
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
    /// Binds the references of `expr` into `out`; returns the expanded depth of `expr`.
    fn walk(&mut self, expr: &Expr, out: &mut Resolution) -> Result<usize, MacroError> {
        out.nodes = out.nodes.saturating_add(1);
        let depth = match expr {
            Expr::And(children, _) | Expr::Or(children, _) => {
                let mut deepest = 0;
                for c in children {
                    deepest = deepest.max(self.walk(c, out)?);
                }
                deepest + 1
            }
            Expr::Not(inner, _) => self.walk(inner, out)? + 1,
            Expr::Check(_) => 1,
            Expr::Macro(id) => {
                // The reference itself is replaced, not kept.
                out.nodes -= 1;
                self.reference(id, out)?
            }
        };
        if depth > MAX_EXPANDED_NESTING {
            return Err(MacroError::TooNested { span: expr.span() });
        }
        Ok(depth)
    }

    /// Binds one reference; returns the depth of its expansion.
    fn reference(&mut self, id: &Ident, out: &mut Resolution) -> Result<usize, MacroError> {
        let (name, span) = (id.name.clone(), id.span);
        if self.stack.contains(&name) {
            return Err(MacroError::Loop { name, span });
        }
        if self.stack.len() >= MAX_MACRO_DEPTH {
            return Err(MacroError::TooDeep { span });
        }
        let (target, depth) = match self.scope.find(&name) {
            Lookup::Resolved(m, nodes, depth) => {
                out.nodes = out.nodes.saturating_add(nodes);
                (Target::Shared(m), depth)
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
                inner.depth = result?;
                out.nodes = out.nodes.saturating_add(inner.nodes);
                let depth = inner.depth;
                (Target::Inline(m, Box::new(inner)), depth)
            }
            Lookup::Broken => return Err(MacroError::Broken { name }),
            Lookup::Undefined => return Err(MacroError::Undefined { name, span }),
        };
        if depth > MAX_EXPANDED_NESTING {
            return Err(MacroError::TooNested { span });
        }
        self.used.insert(name.clone());
        out.refs.push(Bound { name, span, target });
        Ok(depth)
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

/// Where [`materialize`] finds macro bodies and shared resolutions.
pub trait MacroBodies {
    /// The parsed body and shared resolution of a resolved macro.
    fn shared(&self, id: usize) -> Option<(&Expr, &Resolution)>;
    /// The parsed body of any macro (for inline resolutions).
    fn body(&self, id: usize) -> Option<&Expr>;
}

/// Builds the expanded tree of `expr` bound by `res`. Callers check `res.nodes` against
/// their limit first: this allocates exactly that many nodes. One stack frame per level
/// of the result (a macro reference costs none), so a tree within the nesting limit
/// builds on a small thread stack.
pub fn materialize(expr: &Expr, res: &Resolution, bodies: &impl MacroBodies) -> Expr {
    let mut refs = res.refs.iter();
    build(expr, &mut refs, bodies)
}

fn build(expr: &Expr, refs: &mut std::slice::Iter<'_, Bound>, bodies: &impl MacroBodies) -> Expr {
    match expr {
        Expr::And(children, s) => Expr::And(build_all(children, refs, bodies), *s),
        Expr::Or(children, s) => Expr::Or(build_all(children, refs, bodies), *s),
        Expr::Not(inner, s) => {
            let inner = match &**inner {
                Expr::Macro(_) => expand_ref(inner, refs, bodies),
                other => build(other, refs, bodies),
            };
            Expr::Not(Box::new(inner), *s)
        }
        Expr::Check(_) => expr.clone(),
        Expr::Macro(_) => expand_ref(expr, refs, bodies),
    }
}

fn build_all(
    children: &[Expr],
    refs: &mut std::slice::Iter<'_, Bound>,
    bodies: &impl MacroBodies,
) -> Vec<Expr> {
    let mut out = Vec::with_capacity(children.len());
    for c in children {
        out.push(match c {
            Expr::Macro(_) => expand_ref(c, refs, bodies),
            _ => build(c, refs, bodies),
        });
    }
    out
}

/// The expansion of the next bound reference (`reference` itself if unbound, which a
/// resolution never leaves).
fn expand_ref(
    reference: &Expr,
    refs: &mut std::slice::Iter<'_, Bound>,
    bodies: &impl MacroBodies,
) -> Expr {
    let Some(b) = refs.next() else {
        return reference.clone();
    };
    let (body, res) = match &b.target {
        Target::Shared(m) => match bodies.shared(*m) {
            Some(found) => found,
            None => return reference.clone(),
        },
        Target::Inline(m, r) => match bodies.body(*m) {
            Some(body) => (body, &**r),
            None => return reference.clone(),
        },
    };
    let mut inner = res.refs.iter();
    build(body, &mut inner, bodies)
}
