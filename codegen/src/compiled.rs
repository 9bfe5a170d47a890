//! [`JitCompiled`]: a program with its native predicates and group functions, run through
//! the `Compiled` seam.

use crate::compile::{Built, Fallback};
use crate::native::{GroupCode, NativeCode, Predicate};
use falcoc_predicate::backend::Compiled;
use falcoc_predicate::interp::eval_node;
use falcoc_predicate::lowered::{CondId, GroupId, Program};
use falcoc_predicate::reader::FieldReader;
use std::sync::Arc;

/// A program compiled to native code.
///
/// Field order matters: `predicates` and `groups` are dropped before `code` (the pointers
/// never outlive their code), and `program` (whose addresses the code embeds) after both.
pub struct JitCompiled {
    predicates: Vec<Option<Predicate>>,
    groups: Vec<Option<GroupCode>>,
    fallbacks: Vec<Fallback>,
    _code: Option<NativeCode>,
    program: Arc<Program>,
}

impl JitCompiled {
    pub fn new(program: Arc<Program>, built: Built) -> JitCompiled {
        JitCompiled {
            predicates: built.predicates,
            groups: built.groups,
            fallbacks: built.fallbacks,
            _code: built.code,
            program,
        }
    }

    /// What runs on the interpreter (or condition by condition) because Cranelift failed.
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

    fn eval_group(
        &self,
        group: GroupId,
        first: bool,
        fields: &mut dyn FieldReader,
        out: &mut Vec<usize>,
    ) {
        match self.groups.get(group.index()) {
            Some(Some(g)) => g.call(first, fields, out),
            _ => {
                if let Some(conds) = self.program.groups.get(group.index()) {
                    self.eval_many(conds, first, fields, out);
                }
            }
        }
    }
}
