//! The reference interpreter: walks a lowered condition tree left to right with
//! short-circuit, reading fields through a [`FieldReader`]. It is the [`Backend`] every
//! other back end is proven equal to.

mod check;
mod operand;

pub use check::{eval_check, order};
pub use operand::{operand_value, OperandValue};

use crate::backend::{Backend, BackendError, Compiled};
use crate::lowered::{CondId, Node, Program};
use crate::reader::FieldReader;
use std::sync::Arc;

/// The interpreter back end.
#[derive(Clone, Copy, Debug, Default)]
pub struct Interpreter;

impl Backend for Interpreter {
    fn name(&self) -> &'static str {
        "interp"
    }

    fn compile(&self, program: Arc<Program>) -> Result<Box<dyn Compiled>, BackendError> {
        Ok(Box::new(Interpreted { program }))
    }
}

/// A program run by the interpreter: the lowered program itself.
pub struct Interpreted {
    program: Arc<Program>,
}

impl Compiled for Interpreted {
    fn program(&self) -> &Arc<Program> {
        &self.program
    }

    fn eval(&self, cond: CondId, fields: &mut dyn FieldReader) -> bool {
        match self.program.condition(cond) {
            Some(root) => eval_node(&self.program, root, fields),
            None => false,
        }
    }
}

/// Evaluates one node of `program`.
pub fn eval_node(program: &Program, n: &Node, fields: &mut dyn FieldReader) -> bool {
    match n {
        Node::And(children) => children.iter().all(|c| eval_node(program, c, fields)),
        Node::Or(children) => children.iter().any(|c| eval_node(program, c, fields)),
        Node::Not(inner) => !eval_node(program, inner, fields),
        Node::Check(c) => check::eval_check(program, c, fields),
    }
}
