//! `--engine jit|interp`: which back end runs rule conditions.

use falcoc_codegen::Jit;
use falcoc_predicate::backend::Backend;
use falcoc_predicate::interp::Interpreter;

/// The back ends the CLI offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineChoice {
    /// Native code compiled by Cranelift.
    Jit,
    /// The reference interpreter.
    Interp,
}

impl EngineChoice {
    pub fn backend(self) -> &'static dyn Backend {
        match self {
            EngineChoice::Jit => &Jit,
            EngineChoice::Interp => &Interpreter,
        }
    }
}
