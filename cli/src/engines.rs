//! `--engine NAME`: the evaluation back ends the binary offers (the interpreter today; the
//! JIT registers here too). Tests run every replay under each of [`NAMES`].

use falcoc_runtime::predicate::backend::Backend;
use falcoc_runtime::predicate::interp::Interpreter;

/// Every back end's name, the default first.
pub const NAMES: &[&str] = &["interp"];

/// The default back end.
pub fn default_backend() -> &'static dyn Backend {
    &Interpreter
}

/// The back end called `name` (the default when `None`).
pub fn backend(name: Option<&str>) -> Result<&'static dyn Backend, String> {
    match name.unwrap_or(NAMES[0]) {
        "interp" => Ok(&Interpreter),
        other => Err(format!(
            "unknown engine `{other}` (expected one of: {})",
            NAMES.join(", ")
        )),
    }
}
