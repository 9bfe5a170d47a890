//! falcoc's JIT back end: every condition of a lowered program
//! (`falcoc_predicate::lowered`) compiled by Cranelift into a native predicate that reads
//! fields through the value ABI (`falcoc_predicate::reader::ReaderAbi`).
//!
//! - [`translate`]: lowered IR → Cranelift IR (short-circuit branches, inline integer and
//!   boolean compares, inline memo reads, helper calls for the other operators);
//! - [`bytes`]: string checks on a record's `(ptr, len)` with inline length prefilters;
//! - [`consts`]: the structures they use (finders, Aho–Corasick automata, set length masks);
//! - [`share`]: sub-conditions shared by the conditions of a group (hash-consed nodes);
//! - [`compile`]: the JIT module of a program's groups (one fused function per group: an
//!   engine's rules for one event code), a condition's own module, fallbacks;
//! - [`plan`]: which groups are fused and which run through smaller groups' functions;
//! - [`parallel`]: the groups' machine code compiled on worker threads;
//! - [`native`]: the one `unsafe` module (code ownership, function pointers, helpers);
//! - [`compiled`]: the `Compiled` implementation (conditions compiled on first use).
//!
//! Arrows: depends on `falcoc-predicate` and the catalogue only (never on the LSP or the
//! runtime); the binary wires it into the engine.

mod bytes;
pub mod compile;
pub mod compiled;
mod consts;
mod native;
mod parallel;
mod plan;
mod share;
mod translate;

pub use compiled::JitCompiled;

use falcoc_predicate::backend::{Backend, BackendError, Compiled};
use falcoc_predicate::lowered::{CondId, Program};
use std::sync::Arc;

/// The Cranelift JIT back end.
#[derive(Clone, Copy, Debug, Default)]
pub struct Jit;

impl Jit {
    /// Compiles `program` and keeps the concrete type (for its fallbacks).
    pub fn compile_jit(&self, program: Arc<Program>) -> Result<JitCompiled, BackendError> {
        let built = compile::build(&program).map_err(|message| BackendError {
            backend: "jit",
            message,
        })?;
        Ok(JitCompiled::new(program, built))
    }
}

impl Backend for Jit {
    fn name(&self) -> &'static str {
        "jit"
    }

    fn compile(&self, program: Arc<Program>) -> Result<Box<dyn Compiled>, BackendError> {
        let compiled = self.compile_jit(program)?;
        compiled.fallbacks().iter().for_each(report);
        Ok(Box::new(compiled))
    }
}

/// Reports what Cranelift could not compile, as an internal error.
fn report(f: &compile::Fallback) {
    let how = match f.what {
        compile::Unit::Condition(_) => "runs on the interpreter",
        compile::Unit::Group(_) | compile::Unit::Residual(_) => "runs rule by rule",
    };
    eprintln!(
        "internal error in the jit back end (please report): {} {how}: {}",
        f.name, f.message
    );
}

/// The Cranelift IR of `program`'s condition `cond`.
pub fn emit_clif(program: &Program, cond: CondId) -> Result<String, BackendError> {
    compile::clif(program, cond).map_err(|message| BackendError {
        backend: "jit",
        message,
    })
}
