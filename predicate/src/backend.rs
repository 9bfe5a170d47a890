//! The `Backend` seam: how an engine runs lowered conditions without knowing how they are
//! executed. The interpreter ([`crate::interp::Interpreter`]) is one back end; the JIT
//! (`codegen/`) is the other. Tests take a `&dyn Backend` parameter so the same assertions
//! run against every back end.

use crate::lowered::{CondId, GroupId, Program};
use crate::reader::FieldReader;
use std::fmt;
use std::sync::Arc;

/// A way of executing lowered programs.
pub trait Backend: Send + Sync {
    /// A short name for messages and test output (`interp`, `jit`).
    fn name(&self) -> &'static str;

    /// Prepares `program` for execution.
    fn compile(&self, program: Arc<Program>) -> Result<Box<dyn Compiled>, BackendError>;
}

/// A program ready to run.
pub trait Compiled: Send + Sync {
    /// The lowered program (its slot table is what readers are built over).
    fn program(&self) -> &Arc<Program>;

    /// Whether condition `cond` holds on the reader's current event (false for an unknown
    /// condition).
    fn eval(&self, cond: CondId, fields: &mut dyn FieldReader) -> bool;

    /// Evaluates `conds` in order and pushes the positions (in `conds`) of those that hold
    /// to `out`, stopping after the first when `first` is set. A back end may override this
    /// to share work between conditions; the result must be the same.
    fn eval_many(
        &self,
        conds: &[CondId],
        first: bool,
        fields: &mut dyn FieldReader,
        out: &mut Vec<usize>,
    ) {
        for (pos, c) in conds.iter().enumerate() {
            if self.eval(*c, fields) {
                out.push(pos);
                if first {
                    return;
                }
            }
        }
    }

    /// [`Compiled::eval_many`] over the conditions of the program's group `group` (none for
    /// an unknown group). A back end may compile groups into units that share work; the
    /// result must be the same.
    fn eval_group(
        &self,
        group: GroupId,
        first: bool,
        fields: &mut dyn FieldReader,
        out: &mut Vec<usize>,
    ) {
        if let Some(conds) = self.program().groups.get(group.index()) {
            self.eval_many(conds, first, fields, out);
        }
    }
}

/// A back end could not prepare a program (an internal error: please report).
#[derive(Clone, Debug, PartialEq)]
pub struct BackendError {
    pub backend: &'static str,
    pub message: String,
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error in the {} back end (please report): {}",
            self.backend, self.message
        )
    }
}

impl std::error::Error for BackendError {}
