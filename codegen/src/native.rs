//! The one module of the JIT with `unsafe`: it owns the Cranelift [`JITModule`] that holds
//! the machine code, hands out typed function pointers into it, and defines the
//! `extern "C"` helpers that native code calls.
//!
//! MEMORY-SAFETY INVARIANTS
//! - The code lives in a [`NativeCode`], which owns the [`JITModule`] and frees it only on
//!   drop. A [`Predicate`] pointer is only ever stored next to the `NativeCode` it came from
//!   (in `crate::compiled::JitCompiled`, which drops the pointers' owner last), so no
//!   pointer outlives its code.
//! - Native code embeds the addresses of the program's pooled structures and checks as
//!   immediates. They point into the `Arc<Program>` that the same `JitCompiled` holds; a
//!   lowered program is never mutated after lowering, so the addresses stay valid.
//! - Native code reads event data only through [`ReaderAbi`]: it loads a record from the
//!   reader's memo array at `slot * 24` for slots below the program's slot count (the
//!   memo array has one record per slot), or calls the reader's `load`. It never follows
//!   a record's pointers itself: strings, buffers and lists are handed to the helpers
//!   below, which turn them into borrowed values under the reader's contract
//!   ([`falcoc_predicate::reader::FieldReader`]'s safety section).
//! - A predicate is called only with a `ReaderAbi` built by [`ReaderAbi::new`] over a live
//!   reader whose memo array (when not null) has one record per slot of the program.

use cranelift_jit::JITModule;
use falcoc_predicate::interp::eval_check;
use falcoc_predicate::lowered::{Check, Program};
use falcoc_predicate::reader::{with_reader, FieldReader, ReaderAbi};

/// A compiled condition: `predicate(abi) != 0` when it holds.
pub type PredicateFn = unsafe extern "C" fn(abi: *mut ReaderAbi) -> u8;

/// A function pointer into live JIT code (see the module invariants).
#[derive(Clone, Copy)]
pub struct Predicate(PredicateFn);

impl Predicate {
    /// Runs the predicate on `fields`' current event.
    pub fn call(self, fields: &mut dyn FieldReader) -> bool {
        let mut holder: &mut dyn FieldReader = fields;
        let mut abi = ReaderAbi::new(&mut holder);
        // SAFETY: the pointer is live (module invariants) and `abi` was built over a live
        // reader of this program by `ReaderAbi::new`.
        unsafe { (self.0)(&mut abi) != 0 }
    }
}

/// Machine code owned by a finalised JIT module.
pub struct NativeCode {
    module: Option<JITModule>,
}

// SAFETY: after finalisation the module is never mutated; the code it maps is read-only and
// executable, and the helpers it calls are thread-safe (they only read the immutable program
// and the reader passed to them).
unsafe impl Send for NativeCode {}
// SAFETY: as above: shared access never mutates the module.
unsafe impl Sync for NativeCode {}

impl NativeCode {
    /// Takes ownership of a finalised module.
    pub fn new(module: JITModule) -> NativeCode {
        NativeCode {
            module: Some(module),
        }
    }

    /// The predicate defined as `func` in this module.
    pub fn predicate(&self, func: cranelift_module::FuncId) -> Option<Predicate> {
        let module = self.module.as_ref()?;
        let ptr = module.get_finalized_function(func);
        if ptr.is_null() {
            return None;
        }
        // SAFETY: `func` was defined with the predicate signature (`crate::translate`),
        // and the module is finalised; the pointer lives as long as `self`.
        Some(Predicate(unsafe {
            std::mem::transmute::<*const u8, PredicateFn>(ptr)
        }))
    }
}

impl Drop for NativeCode {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            // SAFETY: every `Predicate` from this module is dropped before it (module
            // invariants), so no pointer to the code survives.
            unsafe { module.free_memory() };
        }
    }
}

/// The helper native code calls for a check it does not evaluate inline: the interpreter's
/// check (which calls the operator functions of `falcoc_predicate::ops`).
///
/// # Safety
/// `program` and `check` are addresses embedded by the translator into the `Arc<Program>`
/// kept alive with the code; `abi` is the predicate's argument.
pub unsafe extern "C" fn check_helper(
    program: *const Program,
    check: *const Check,
    abi: *mut ReaderAbi,
) -> u8 {
    // SAFETY: guaranteed by the caller (see above).
    let (program, check, ctx) = unsafe { (&*program, &*check, (*abi).ctx) };
    // SAFETY: `ctx` is the live reader the predicate was called with; native code holds no
    // reference into it across this call.
    unsafe { with_reader(ctx, |fields| u8::from(eval_check(program, check, fields))) }
}
