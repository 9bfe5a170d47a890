//! The one module of the JIT with `unsafe`: it owns the Cranelift [`JITModule`] that holds
//! the machine code, hands out typed function pointers into it, and defines the
//! `extern "C"` helpers that native code calls.
//!
//! MEMORY-SAFETY INVARIANTS
//! - The code lives in a [`NativeCode`], which owns the [`JITModule`] and frees it only on
//!   drop. A [`Predicate`] or [`GroupCode`] pointer is only ever stored next to the
//!   `NativeCode` it came from (in an [`OwnedPredicate`], or in
//!   `crate::compiled::JitCompiled`, both of which drop the pointers before their code),
//!   so no pointer outlives its code.
//! - Native code embeds the addresses of the program's pooled structures and checks as
//!   immediates. They point into the `Arc<Program>` that the same `JitCompiled` holds; a
//!   lowered program is never mutated after lowering, so the addresses stay valid.
//! - Native code reads event data only through [`ReaderAbi`]: it loads a record from the
//!   reader's memo array at `slot * 24` for slots below the program's slot count (the
//!   memo array has one record per slot), or calls the reader's `load`. It never follows
//!   a record's pointers itself: strings, buffers and lists are handed to the helpers
//!   below, which turn them into borrowed values under the reader's contract
//!   ([`falcoc_predicate::reader::FieldReader`]'s safety section); [`string_check`] reads
//!   a string check's record itself, with the same bound on the memo.
//! - A predicate is called only with a `ReaderAbi` built by [`ReaderAbi::new`] over a live
//!   reader, which exposes the memo array only when it has exactly one record per slot of
//!   the program the code was compiled for (a reader of another program gets null, and
//!   every read goes through `load`, which answers `Missing` for a slot it does not know).
//! - A group function writes positions only to the `out` buffer it is given, at most one
//!   per condition of its group; the caller reserves that many and checks the count before
//!   exposing them.

use crate::consts::StringCheck;
use cranelift_jit::JITModule;
use falcoc_predicate::interp::eval_check;
use falcoc_predicate::interp::eval_node;
use falcoc_predicate::lowered::Node;
use falcoc_predicate::lowered::{Check, Program};
use falcoc_predicate::reader::{with_reader, FieldReader, ReaderAbi};
use falcoc_predicate::value::{RawValue, ValueTag};

/// A compiled condition: `predicate(abi) != 0` when it holds.
pub type PredicateFn = unsafe extern "C" fn(abi: *mut ReaderAbi) -> u8;

/// A compiled group: writes the positions of the conditions that hold to `out` (at most
/// one per condition, so at most the group's length), stopping after the first when
/// `first != 0`, and returns how many it wrote.
pub type GroupFn = unsafe extern "C" fn(abi: *mut ReaderAbi, first: u8, out: *mut usize) -> usize;

/// A function pointer into live JIT code (see the module invariants), with the slot count
/// of the program it was compiled for.
#[derive(Clone, Copy)]
pub struct Predicate {
    f: PredicateFn,
    slots: usize,
}

impl Predicate {
    /// Runs the predicate on `fields`' current event.
    pub fn call(self, fields: &mut dyn FieldReader) -> bool {
        let mut holder: &mut dyn FieldReader = fields;
        let mut abi = ReaderAbi::new(&mut holder, self.slots);
        // SAFETY: the pointer is live (module invariants); `abi` was built by
        // `ReaderAbi::new` over a live reader, with a memo array of exactly the program's
        // slot count or none.
        unsafe { (self.f)(&mut abi) != 0 }
    }
}

/// A predicate together with the module that holds its code (a condition compiled on its
/// own, on first use). Field order matters: the pointer is dropped before its code.
pub struct OwnedPredicate {
    predicate: Predicate,
    _code: NativeCode,
}

impl OwnedPredicate {
    /// The predicate defined as `func` in `code`, for a program of `slots` slots.
    pub fn new(
        code: NativeCode,
        func: cranelift_module::FuncId,
        slots: usize,
    ) -> Option<OwnedPredicate> {
        let predicate = code.predicate(func, slots)?;
        Some(OwnedPredicate {
            predicate,
            _code: code,
        })
    }

    /// Runs the predicate on `fields`' current event.
    pub fn call(&self, fields: &mut dyn FieldReader) -> bool {
        self.predicate.call(fields)
    }
}

/// A group function pointer into live JIT code, with its group's length and the slot
/// count of its program.
#[derive(Clone, Copy)]
pub struct GroupCode {
    f: GroupFn,
    len: usize,
    slots: usize,
}

impl GroupCode {
    /// Runs the group on `fields`' current event, pushing the positions of the
    /// conditions that hold to `out`.
    pub fn call(self, first: bool, fields: &mut dyn FieldReader, out: &mut Vec<usize>) {
        out.reserve(self.len);
        let start = out.len();
        let mut holder: &mut dyn FieldReader = fields;
        let mut abi = ReaderAbi::new(&mut holder, self.slots);
        let spare = out.spare_capacity_mut();
        // SAFETY: as for `Predicate::call`; `spare` has room for `self.len` positions
        // (reserved above) and the code writes at most one per condition of the group
        // (`crate::translate::Translator::group_body`), only through `out`, as `usize`.
        let n = unsafe { (self.f)(&mut abi, u8::from(first), spare.as_mut_ptr().cast()) };
        // The code's bound, checked before the written positions are exposed.
        assert!(
            n <= self.len,
            "jit group wrote {n} of {} positions",
            self.len
        );
        // SAFETY: the first `n` spare elements were initialised by the call.
        unsafe { out.set_len(start + n) };
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

    /// The predicate defined as `func` in this module for a program of `slots` slots.
    pub fn predicate(&self, func: cranelift_module::FuncId, slots: usize) -> Option<Predicate> {
        let ptr = self.function(func)?;
        // SAFETY: `func` was defined with the predicate signature (`crate::compile`), and
        // the module is finalised; the pointer lives as long as `self`.
        let f = unsafe { std::mem::transmute::<*const u8, PredicateFn>(ptr) };
        Some(Predicate { f, slots })
    }

    /// The group function defined as `func` for a group of `len` conditions of a program
    /// of `slots` slots.
    pub fn group(
        &self,
        func: cranelift_module::FuncId,
        len: usize,
        slots: usize,
    ) -> Option<GroupCode> {
        let ptr = self.function(func)?;
        // SAFETY: `func` was defined with the group signature (`crate::compile`) for a
        // group of `len` conditions, and the module is finalised.
        let f = unsafe { std::mem::transmute::<*const u8, GroupFn>(ptr) };
        Some(GroupCode { f, len, slots })
    }

    fn function(&self, func: cranelift_module::FuncId) -> Option<*const u8> {
        let ptr = self.module.as_ref()?.get_finalized_function(func);
        (!ptr.is_null()).then_some(ptr)
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

/// A prepared string check ([`crate::consts`]): the field's record from the memo (or the
/// reader's `load`); a string or buffer is tested on its bytes, a missing value is false,
/// any other value runs the interpreter's form of the check (or of the `contains` run).
///
/// # Safety
/// `desc` points into the `crate::consts::Consts` kept with the code and `program` is the
/// program it was prepared from (kept alive with the code); `abi` is the predicate's
/// argument (built by `ReaderAbi::new` over a live reader, with a memo array of exactly the
/// program's slot count or none).
pub unsafe extern "C" fn string_check(
    desc: *const StringCheck,
    program: *const Program,
    abi: *mut ReaderAbi,
) -> u8 {
    // SAFETY: guaranteed by the caller (see above).
    let (desc, program) = unsafe { (&*desc, &*program) };
    // SAFETY: as above.
    let rec = unsafe { read_record(abi, desc.slot.0, program.slots.len()) };
    if rec.tag == ValueTag::Str as u8 || rec.tag == ValueTag::Bytes as u8 {
        // SAFETY: the tag says the payload is a slice; a record from a live reader points
        // into memory valid and unchanged during this call (the reader's contract), and
        // comes from a Rust slice, so the pointer is non-null even when empty.
        let b = unsafe { std::slice::from_raw_parts(rec.payload.slice.ptr, rec.payload.slice.len) };
        return u8::from(desc.test.test(program, b));
    }
    if rec.tag == ValueTag::Missing as u8 {
        return 0;
    }
    // SAFETY: `ctx` is the live reader the predicate was called with; no reference into it
    // is held across this call. `desc.node` is the address of the check (or of the run's
    // first node, followed by the run's other nodes) in `program`.
    unsafe {
        with_reader((*abi).ctx, |fields| {
            let r = if desc.run == 0 {
                eval_check(program, &*(desc.node as *const Check), fields)
            } else {
                let run = std::slice::from_raw_parts(desc.node as *const Node, desc.run);
                run.iter().any(|n| eval_node(program, n, fields))
            };
            u8::from(r)
        })
    }
}

/// The record of `slot`: the memo entry when loaded, else the reader's `load`.
///
/// # Safety
/// As for [`string_check`]; `slots` is the program's slot count.
unsafe fn read_record(abi: *mut ReaderAbi, slot: u32, slots: usize) -> RawValue {
    // SAFETY: `abi` is live (caller); the memo, when not null, has exactly `slots` records
    // (`ReaderAbi::new`), and `slot` is checked against it.
    unsafe {
        let abi = &*abi;
        if !abi.memo.is_null() && (slot as usize) < slots {
            let r = *abi.memo.add(slot as usize);
            if r.tag != ValueTag::NotLoaded as u8 {
                return r;
            }
        }
        let mut out = RawValue::NOT_LOADED;
        (abi.load)(abi.ctx, slot, &mut out);
        out
    }
}
