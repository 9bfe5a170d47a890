//! `--engine NAME`: the evaluation back ends the binary offers (the Cranelift JIT, the default,
//! and the interpreter). Tests run every replay under each of [`NAMES`].

use falcoc_codegen::Jit;
use falcoc_runtime::predicate::backend::Backend;
use falcoc_runtime::predicate::interp::Interpreter;

/// Every back end's name, the default first.
pub const NAMES: &[&str] = &["jit", "interp"];

/// The default back end: native code compiled by Cranelift.
pub fn default_backend() -> &'static dyn Backend {
    &Jit
}

/// The back end called `name` (the default when `None`).
pub fn backend(name: Option<&str>) -> Result<&'static dyn Backend, String> {
    match name.unwrap_or(NAMES[0]) {
        "jit" => Ok(&Jit),
        "interp" => Ok(&Interpreter),
        other => Err(format!(
            "unknown engine `{other}` (expected one of: {})",
            NAMES.join(", ")
        )),
    }
}
