//! [`JitCompiled`]: a program with its native predicates, run through the `Compiled` seam.

use crate::compile::{Built, Fallback};
use crate::native::{NativeCode, Predicate};
use falcoc_predicate::backend::Compiled;
use falcoc_predicate::interp::eval_node;
use falcoc_predicate::lowered::{CondId, Program};
use falcoc_predicate::reader::FieldReader;
use std::sync::Arc;

/// A program compiled to native code.
///
/// Field order matters: `predicates` is dropped before `code` (the pointers never outlive
/// their code), and `program` (whose addresses the code embeds) after both.
pub struct JitCompiled {
    predicates: Vec<Option<Predicate>>,
    fallbacks: Vec<Fallback>,
    _code: Option<NativeCode>,
    program: Arc<Program>,
}

impl JitCompiled {
    pub fn new(program: Arc<Program>, built: Built) -> JitCompiled {
        JitCompiled {
            predicates: built.predicates,
            fallbacks: built.fallbacks,
            _code: built.code,
            program,
        }
    }

    /// The conditions that run on the interpreter because Cranelift failed on them.
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }
}

impl Compiled for JitCompiled {
    fn program(&self) -> &Arc<Program> {
        &self.program
    }

    fn eval(&self, cond: CondId, fields: &mut dyn FieldReader) -> bool {
        match self.predicates.get(cond.0 as usize) {
            Some(Some(p)) => p.call(fields),
            Some(None) => match self.program.condition(cond) {
                Some(root) => eval_node(&self.program, root, fields),
                None => false,
            },
            None => false,
        }
    }
}
