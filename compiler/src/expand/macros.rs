//! Macro resolution (Falco's `filter_macro_resolver`) without deep copies.
//!
//! Falco replaces every macro reference by a copy of the macro's resolved tree, so a chain
//! of n macros costs n² and a macro used twice per level doubles at each level. Here a
//! reference is only *bound*: to an already resolved macro (shared, O(1)) or, for a macro
//! not resolved yet, to a resolution of its body made on the spot, as Falco does. Every
//! resolution knows its expanded size, so a limit is checked before anything is built;
//! [`materialize`] builds the expanded tree of one rule when it is needed.
//!
//! `and` and `or` are associative, so a macro reference whose expansion puts an `and`
//! directly under an `and` (a chain `m2: m1 and x`, `m3: m2 and y`, …) is flattened into
//! one node with all the operands in order: a chain of any length expands to a shallow
//! tree, and only real nesting (alternating operators, `not`) counts against
//! [`MAX_EXPANDED_NESTING`]. Grouping written in one condition text is kept as written
//! (the printed expansion stays Falco's).
//! Building and walking resolutions use explicit stacks, so a long chain cannot overflow
//! the thread's stack.

use falcoc_grammar::ast::{Expr, Ident};
use falcoc_grammar::Span;
use std::collections::HashSet;

/// What a macro name means in a scope.
pub enum Lookup<'a> {
    /// A macro already resolved (by id, with its resolution); its resolution is shared.
    Resolved(usize, &'a Resolution),
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
    /// Nesting depth of the expanded, flattened tree (and/or/not levels; a check is one).
    pub depth: usize,
    /// The operator at the root of the expanded tree.
    pub top: Top,
}

/// The operator at the root of an expanded tree (what decides whether it is flattened
/// into its parent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Top {
    #[default]
    Check,
    And,
    Or,
    Not,
}

/// The depth and root operator of an expanded tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shape {
    depth: usize,
    top: Top,
}

impl Resolution {
    /// Whether expanding this reaches macro `target` (through any depth of references).
    /// Walks with an explicit stack, each shared resolution once.
    pub fn reaches<'a>(
        &'a self,
        target: usize,
        shared: &dyn Fn(usize) -> Option<&'a Resolution>,
    ) -> bool {
        let mut seen = HashSet::new();
        let mut stack: Vec<&'a Resolution> = vec![self];
        while let Some(r) = stack.pop() {
            for b in &r.refs {
                match &b.target {
                    Target::Shared(id) if *id == target => return true,
                    Target::Inline(id, _) if *id == target => return true,
                    Target::Shared(id) => {
                        if seen.insert(*id) {
                            stack.extend(shared(*id));
                        }
                    }
                    Target::Inline(_, inner) => stack.push(inner),
                }
            }
        }
        false
    }
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
    let shape = r.walk(expr, &mut out)?;
    out.depth = shape.depth;
    out.top = shape.top;
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
    /// Binds the references of `expr` into `out`; returns the shape of its expansion.
    /// Recursion follows the text as written (bounded by the grammar's nesting limit);
    /// references to unresolved macros add at most [`MAX_MACRO_DEPTH`] levels.
    fn walk(&mut self, expr: &Expr, out: &mut Resolution) -> Result<Shape, MacroError> {
        out.nodes = out.nodes.saturating_add(1);
        let shape = match expr {
            Expr::And(children, _) | Expr::Or(children, _) => {
                let top = if matches!(expr, Expr::And(..)) {
                    Top::And
                } else {
                    Top::Or
                };
                let mut deepest = 0;
                for c in children {
                    let child = self.walk(c, out)?;
                    // A macro operand with the same operator is flattened into this node.
                    let levels = if child.top == top && matches!(c, Expr::Macro(_)) {
                        child.depth - 1
                    } else {
                        child.depth
                    };
                    deepest = deepest.max(levels);
                }
                Shape {
                    depth: deepest + 1,
                    top,
                }
            }
            Expr::Not(inner, _) => Shape {
                depth: self.walk(inner, out)?.depth + 1,
                top: Top::Not,
            },
            Expr::Check(_) => Shape {
                depth: 1,
                top: Top::Check,
            },
            Expr::Macro(id) => {
                // The reference itself is replaced, not kept.
                out.nodes -= 1;
                self.reference(id, out)?
            }
        };
        if shape.depth > MAX_EXPANDED_NESTING {
            return Err(MacroError::TooNested { span: expr.span() });
        }
        Ok(shape)
    }

    /// Binds one reference; returns the shape of its expansion.
    fn reference(&mut self, id: &Ident, out: &mut Resolution) -> Result<Shape, MacroError> {
        let (name, span) = (id.name.clone(), id.span);
        if self.stack.contains(&name) {
            return Err(MacroError::Loop { name, span });
        }
        if self.stack.len() >= MAX_MACRO_DEPTH {
            return Err(MacroError::TooDeep { span });
        }
        let (target, shape) = match self.scope.find(&name) {
            Lookup::Resolved(m, r) => {
                out.nodes = out.nodes.saturating_add(r.nodes);
                let shape = Shape {
                    depth: r.depth,
                    top: r.top,
                };
                (Target::Shared(m), shape)
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
                let shape = result?;
                inner.depth = shape.depth;
                inner.top = shape.top;
                out.nodes = out.nodes.saturating_add(inner.nodes);
                (Target::Inline(m, Box::new(inner)), shape)
            }
            Lookup::Broken => return Err(MacroError::Broken { name }),
            Lookup::Undefined => return Err(MacroError::Undefined { name, span }),
        };
        if shape.depth > MAX_EXPANDED_NESTING {
            return Err(MacroError::TooNested { span });
        }
        self.used.insert(name.clone());
        out.refs.push(Bound { name, span, target });
        Ok(shape)
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

/// Builds the expanded tree of `expr` bound by `res`, flattening a macro operand that
/// expands to an `and` (`or`) into the `and` (`or`) that uses it. Callers check `res.nodes` against their limit
/// first: this allocates at most that many nodes. Builds with explicit stacks (work to
/// do, nodes being built, the reference lists being consumed), so neither a long chain of
/// macros nor a deep tree uses the thread's stack.
pub fn materialize(expr: &Expr, res: &Resolution, bodies: &impl MacroBodies) -> Expr {
    let mut b = Builder {
        bodies,
        refs: vec![res.refs.iter()],
        open: Vec::new(),
        done: None,
    };
    let mut work = vec![Work::Visit(expr, None)];
    while let Some(w) = work.pop() {
        match w {
            Work::Visit(e, parent) => b.visit(e, parent, &mut work),
            Work::Close => b.close(),
            Work::EndReference => {
                b.refs.pop();
            }
        }
    }
    b.done.unwrap_or_else(|| expr.clone())
}

/// What is left to do, last first.
enum Work<'a> {
    /// Build this node; the operator of the node it may be flattened into (a macro
    /// reference's expansion, directly under an and/or).
    Visit(&'a Expr, Option<Top>),
    /// The innermost open node has all its operands.
    Close,
    /// The expansion of a reference is complete: back to the enclosing reference list.
    EndReference,
}

/// A node whose operands are being built.
struct Open {
    top: Top,
    span: falcoc_grammar::Span,
    operands: Vec<Expr>,
}

struct Builder<'a, B> {
    bodies: &'a B,
    /// The reference lists being consumed, innermost expansion last.
    refs: Vec<std::slice::Iter<'a, Bound>>,
    open: Vec<Open>,
    done: Option<Expr>,
}

impl<'a, B: MacroBodies> Builder<'a, B> {
    fn visit(&mut self, e: &'a Expr, parent: Option<Top>, work: &mut Vec<Work<'a>>) {
        match e {
            Expr::And(children, span) | Expr::Or(children, span) => {
                let top = if matches!(e, Expr::And(..)) {
                    Top::And
                } else {
                    Top::Or
                };
                if parent != Some(top) {
                    self.open.push(Open {
                        top,
                        span: *span,
                        operands: Vec::with_capacity(children.len()),
                    });
                    work.push(Work::Close);
                }
                // Only a macro operand may be flattened into this node.
                let parent_of = |c: &Expr| matches!(c, Expr::Macro(_)).then_some(top);
                work.extend(children.iter().rev().map(|c| Work::Visit(c, parent_of(c))));
            }
            Expr::Not(inner, span) => {
                self.open.push(Open {
                    top: Top::Not,
                    span: *span,
                    operands: Vec::with_capacity(1),
                });
                work.push(Work::Close);
                work.push(Work::Visit(inner, None));
            }
            Expr::Check(_) => self.emit(e.clone()),
            Expr::Macro(_) => match self.next_expansion() {
                Some((body, res)) => {
                    self.refs.push(res.refs.iter());
                    work.push(Work::EndReference);
                    work.push(Work::Visit(body, parent));
                }
                None => self.emit(e.clone()),
            },
        }
    }

    /// The body and resolution the next reference of the current list is bound to.
    fn next_expansion(&mut self) -> Option<(&'a Expr, &'a Resolution)> {
        let bound = self.refs.last_mut()?.next()?;
        match &bound.target {
            Target::Shared(m) => self.bodies.shared(*m),
            Target::Inline(m, r) => Some((self.bodies.body(*m)?, &**r)),
        }
    }

    fn close(&mut self) {
        let Some(node) = self.open.pop() else {
            return;
        };
        let mut operands = node.operands;
        let built = match node.top {
            Top::And => Expr::And(operands, node.span),
            Top::Or => Expr::Or(operands, node.span),
            _ => match operands.pop() {
                Some(inner) => Expr::Not(Box::new(inner), node.span),
                None => return,
            },
        };
        self.emit(built);
    }

    fn emit(&mut self, e: Expr) {
        match self.open.last_mut() {
            Some(parent) => parent.operands.push(e),
            None => self.done = Some(e),
        }
    }
}
