//! A compiled condition: the IR tree with every check prepared once ([`CompiledCheck`]),
//! evaluated left to right with short-circuit (§1.3).

use super::check::CompiledCheck;
use crate::field_value::FieldSource;
use falcoc_catalog::ir::Expr;

#[derive(Clone, Debug)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Check(Box<CompiledCheck>),
}

/// A condition ready to evaluate on events.
#[derive(Clone, Debug)]
pub struct Program {
    root: Node,
    checks: usize,
}

impl Program {
    pub fn compile(expr: &Expr) -> Program {
        let mut checks = 0;
        let root = compile_node(expr, &mut checks);
        Program { root, checks }
    }

    /// Whether the condition holds on the current event of `src`.
    pub fn eval(&self, src: &mut dyn FieldSource) -> bool {
        eval_node(&self.root, src)
    }

    /// How many checks the condition has.
    pub fn check_count(&self) -> usize {
        self.checks
    }
}

fn compile_node(e: &Expr, checks: &mut usize) -> Node {
    match e {
        Expr::And(children) => {
            Node::And(children.iter().map(|c| compile_node(c, checks)).collect())
        }
        Expr::Or(children) => Node::Or(children.iter().map(|c| compile_node(c, checks)).collect()),
        Expr::Not(inner) => Node::Not(Box::new(compile_node(inner, checks))),
        Expr::Check(c) => {
            *checks += 1;
            Node::Check(Box::new(CompiledCheck::compile(c)))
        }
    }
}

fn eval_node(n: &Node, src: &mut dyn FieldSource) -> bool {
    match n {
        Node::And(children) => children.iter().all(|c| eval_node(c, src)),
        Node::Or(children) => children.iter().any(|c| eval_node(c, src)),
        Node::Not(inner) => !eval_node(inner, src),
        Node::Check(c) => c.eval(src),
    }
}
