//! The reference interpreter: evaluates a rule condition (typed IR) on one event through a
//! [`FieldSource`].
//!
//! [`Program::compile`] prepares a condition once (value sets, path tries, regexes);
//! [`Program::eval`] runs it. [`evaluate`] does both, for one-off use. The operator
//! semantics live in [`ops`], as pure functions the JIT's helpers can share.
//!
//! What the evaluation side expects of a [`FieldSource`]:
//! - `None` exactly when libsinsp's extraction fails (the check is then false);
//! - signed types as `Int`, unsigned ones (ports, flags, times, uids…) as `Uint`, strings
//!   as `Str`, `BYTEBUF` as `Bytes`, addresses and the address of IPNET fields as `Ip`;
//! - `IS_LIST` fields (`fd.types`) as a `List`, possibly empty;
//! - `fd.ip`/`fd.net`/`fd.port`/`fd.proto` as `List([client, server])` (one element on a
//!   listening socket);
//! - ancestor fields without an index (`proc.aname`, `proc.apid`, `proc.aexe`,
//!   `proc.aexepath`, `proc.acmdline`, `proc.aenv`) as the `List` of the ancestors' values,
//!   parent first (the process itself excluded);
//! - `evt.rawtime` as `Uint` nanoseconds: the output side prints every time field from it.

mod base64;
mod check;
mod operand;
pub mod ops;
mod program;
pub mod transform;

pub use check::{CompiledCheck, ENDPOINT_FIELDS};
pub use operand::eval_operand;
pub use program::Program;

use crate::field_value::FieldSource;
use falcoc_catalog::ir::Expr;

/// Evaluates `expr` on the current event of `src`: left to right with short-circuit; a
/// check whose field cannot be extracted is false. Compiles the condition each call; use
/// [`Program`] to evaluate the same condition many times.
pub fn evaluate(expr: &Expr, src: &mut dyn FieldSource) -> bool {
    Program::compile(expr).eval(src)
}
