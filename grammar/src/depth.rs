//! The nesting cap on parsed trees, measured without recursion.
//!
//! Every recursive walk over a tree (drop, clone, compare, debug, printing, the
//! compiler's visitors) recurses once per level, so trees deeper than
//! [`MAX_NESTING`] levels are rejected. The printer adds at most one parenthesis per
//! level, so the printed form of an accepted tree is accepted again.

use crate::ast::{Check, Expr, Operand, Rhs, TransformerArg};
use crate::span::Span;

/// How deep a tree may be: levels of `and`/`or`/`not`/checks plus nested operands,
/// transformer arguments and transformer lists. The lexer also caps open parentheses at
/// this number.
///
/// Falco documents a recursion limit of 1000 but does not enforce it and crashes around
/// 8,195 nested parentheses (errata W2). At 1000 levels every derived walk fits in a
/// 2 MiB thread stack in debug builds (`clone`, the deepest, was measured to fit 2,400).
pub const MAX_NESTING: usize = 1000;

/// The error message for a tree or text nested deeper than [`MAX_NESTING`].
pub(crate) fn too_deep_message() -> String {
    format!("condition nesting too deep (limit {MAX_NESTING})")
}

enum Node<'a> {
    Expr(&'a Expr),
    Operand(&'a Operand),
    Arg(&'a TransformerArg),
}

/// The span of the first node found deeper than [`MAX_NESTING`], if any.
pub(crate) fn too_deep_expr(root: &Expr) -> Option<Span> {
    walk(Node::Expr(root))
}

pub(crate) fn too_deep_operand(root: &Operand) -> Option<Span> {
    walk(Node::Operand(root))
}

fn walk(root: Node<'_>) -> Option<Span> {
    let mut stack = vec![(root, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        let span = match &node {
            Node::Expr(e) => e.span(),
            Node::Operand(o) => o.span(),
            Node::Arg(TransformerArg::Operand(o)) => o.span(),
            Node::Arg(TransformerArg::Literal(v)) => v.span,
            Node::Arg(TransformerArg::List(_, s)) => *s,
        };
        if depth > MAX_NESTING {
            return Some(span);
        }
        let d = depth + 1;
        match node {
            Node::Expr(Expr::And(children, _) | Expr::Or(children, _)) => {
                stack.extend(children.iter().map(|c| (Node::Expr(c), d)));
            }
            Node::Expr(Expr::Not(child, _)) => stack.push((Node::Expr(child), d)),
            Node::Expr(Expr::Macro(_)) => {}
            Node::Expr(Expr::Check(c)) => push_check(&mut stack, c, d),
            Node::Operand(Operand::Field(_)) => {}
            Node::Operand(Operand::Transformer(t)) => {
                stack.extend(t.args.iter().map(|a| (Node::Arg(a), d)));
            }
            Node::Arg(TransformerArg::Operand(o)) => stack.push((Node::Operand(o), d)),
            Node::Arg(TransformerArg::Literal(_)) => {}
            Node::Arg(TransformerArg::List(items, _)) => {
                stack.extend(items.iter().map(|a| (Node::Arg(a), d)));
            }
        }
    }
    None
}

fn push_check<'a>(stack: &mut Vec<(Node<'a>, usize)>, c: &'a Check, d: usize) {
    stack.push((Node::Operand(&c.lhs), d));
    if let Some(Rhs::Operand(o)) = &c.rhs {
        stack.push((Node::Operand(o), d));
    }
}
