//! Rule evaluation in the runtime: the lowered predicate IR and its back ends live in
//! `falcoc-predicate`; this module re-exports the operator semantics and keeps the
//! one-condition conveniences ([`Program`], [`evaluate`]) over a [`FieldSource`].
//!
//! What the evaluation side expects of field values (owned or borrowed):
//! - missing exactly when libsinsp's extraction fails (the check is then false);
//! - signed types as `Int`, unsigned ones (ports, flags, times, uids…) as `Uint`, strings
//!   as `Str`, `BYTEBUF` as `Bytes`, addresses and the address of IPNET fields as `Ip`;
//! - `IS_LIST` fields (`fd.types`) as a `List`, possibly empty;
//! - `ENDPOINT_PAIR` fields (`fd.ip`, `fd.net`, `fd.port`, `fd.proto`) as `List([client,
//!   server])` (one element on a listening socket);
//! - `ANCESTORS` fields without an index (`proc.aname`, `proc.apid`, `proc.aexe`,
//!   `proc.aexepath`, `proc.acmdline`) as the `List` of the ancestors' values, parent
//!   first (the process itself excluded);
//! - `evt.rawtime` as `Uint` nanoseconds: the output side prints every time field from it.

mod operand;

pub use falcoc_predicate::{ops, transform};
pub use operand::eval_operand;

use crate::extract::Source;
use crate::field_value::FieldSource;
use crate::fields::{EventFields, Frame, OwnedFields};
use falcoc_catalog::ir::Expr;
use falcoc_predicate::backend::{Backend, Compiled};
use falcoc_predicate::interp::Interpreter;
use falcoc_predicate::lowered::{lower_expr, CondId, LowerError};
use std::sync::Arc;

/// One condition, lowered and prepared by a back end, evaluated on [`FieldSource`]s.
pub struct Program {
    compiled: Box<dyn Compiled>,
    checks: usize,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("checks", &self.checks)
            .finish()
    }
}

impl Program {
    /// Lowers `expr` for the interpreter.
    ///
    /// # Panics
    /// On typed IR the compiler never produces (see [`Program::with_backend`]).
    pub fn compile(expr: &Expr) -> Program {
        match Program::with_backend(expr, &Interpreter) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    /// Lowers `expr` and prepares it with `backend`; an error is internal (a check shape
    /// the compiler never produces, or a back end failure).
    pub fn with_backend(
        expr: &Expr,
        backend: &dyn Backend,
    ) -> Result<Program, Box<dyn std::error::Error + Send + Sync>> {
        let lowered = lower_expr(expr).map_err(|e: LowerError| Box::new(e))?;
        let checks = lowered.conditions.first().map_or(0, |c| c.check_count());
        let compiled = backend.compile(Arc::new(lowered))?;
        Ok(Program { compiled, checks })
    }

    /// Whether the condition holds on the current event of `src` (fields memoised for the
    /// call).
    pub fn eval(&self, src: &mut dyn FieldSource) -> bool {
        let mut frame = Frame::new(Arc::clone(self.compiled.program()));
        let mut fields = OwnedFields::new(&mut frame, src);
        self.compiled.eval(CondId(0), &mut fields)
    }

    /// A frame for this condition's fields, to reuse across events with
    /// [`Program::eval_event`].
    pub fn frame(&self) -> Frame {
        Frame::new(Arc::clone(self.compiled.program()))
    }

    /// Whether the condition holds on `src`'s event, read through the borrowing
    /// extractors with `frame` (from [`Program::frame`]).
    pub fn eval_event(&self, frame: &mut Frame, src: Source<'_, '_>) -> bool {
        let mut fields = EventFields::new(frame, src);
        self.compiled.eval(CondId(0), &mut fields)
    }

    /// How many checks the condition has.
    pub fn check_count(&self) -> usize {
        self.checks
    }
}

/// Evaluates `expr` on the current event of `src`: left to right with short-circuit; a
/// check whose field cannot be extracted is false. Lowers the condition each call; use
/// [`Program`] to evaluate the same condition many times.
pub fn evaluate(expr: &Expr, src: &mut dyn FieldSource) -> bool {
    Program::compile(expr).eval(src)
}
