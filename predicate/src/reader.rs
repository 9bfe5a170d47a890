//! [`FieldReader`]: how a back end reads field values on the current event.
//!
//! A reader is built over a program's [`crate::slots::SlotTable`] and one event at a time.
//! [`FieldReader::load`] returns the slot's value record, extracting it on first use and
//! memoising it for the rest of the event. Native code calls the same thing through
//! [`ReaderAbi`], and may read a memo record inline without a call when the reader exposes
//! its memo array (cheap fields such as `evt.type`, timestamps and `thread.tid` are filled in
//! before evaluation starts, so they are always such hits).

use crate::slots::SlotId;
use crate::value::RawValue;
use std::ffi::c_void;

/// Reads memoised field values of the current event.
///
/// # Safety
/// Implementors guarantee, for as long as they are not moved to another event (and not
/// dropped): every record returned by `load`, and every record of the memo array, points only
/// into memory that stays valid and unchanged (the event, the state, static tables or the
/// reader's own per-event storage, which is written at most once per slot and event). Back
/// ends rely on this to turn records into borrowed [`crate::value::Value`]s.
pub unsafe trait FieldReader {
    /// The value of `slot` on the current event: a present record, or
    /// [`RawValue::MISSING`] when the field cannot be extracted (also for an unknown slot).
    fn load(&mut self, slot: SlotId) -> RawValue;

    /// The memo array (one record per slot; tag `NotLoaded` until loaded) for inline reads
    /// by native code, or empty when the reader has none. Native code reads it inline only
    /// when its length is exactly the program's slot count (checked before every call).
    fn memo(&self) -> &[RawValue] {
        &[]
    }
}

/// A reader as native code sees it: `load(ctx, slot, out)` writes the record of `slot` to
/// `out`; `memo` is [`FieldReader::memo`]'s array when it has exactly `slots` records (the
/// compiled program's slot count), else null (every read then calls `load`).
#[repr(C)]
pub struct ReaderAbi {
    pub ctx: *mut c_void,
    pub load: unsafe extern "C" fn(ctx: *mut c_void, slot: u32, out: *mut RawValue),
    pub memo: *const RawValue,
}

impl ReaderAbi {
    /// The ABI view of `reader` for a program of `slots` slots, valid while the borrow
    /// lasts. `holder` keeps the fat pointer the context points to. A memo array of any
    /// other length than `slots` (a reader built for another program) is not exposed, so
    /// native code's inline reads at `slot * 24` for `slot < slots` stay inside it.
    pub fn new<'r>(holder: &'r mut &'r mut dyn FieldReader, slots: usize) -> ReaderAbi {
        let memo = holder.memo();
        let memo = if memo.len() == slots && slots > 0 {
            memo.as_ptr()
        } else {
            std::ptr::null()
        };
        ReaderAbi {
            ctx: (holder as *mut &mut dyn FieldReader).cast(),
            load: load_trampoline,
            memo,
        }
    }
}

/// Runs `f` on the reader behind `ctx` (the `ctx` of a [`ReaderAbi`]): how native helpers
/// called with a `ReaderAbi` reach the reader again.
///
/// # Safety
/// `ctx` must be the `ctx` of a [`ReaderAbi::new`] whose borrow is still live, and no other
/// reference to that reader may be in use during the call.
pub unsafe fn with_reader<R>(ctx: *mut c_void, f: impl FnOnce(&mut dyn FieldReader) -> R) -> R {
    // SAFETY: guaranteed by the caller (see above).
    let reader = unsafe { &mut *ctx.cast::<&mut dyn FieldReader>() };
    f(&mut **reader)
}

/// # Safety
/// `ctx` must come from [`ReaderAbi::new`] whose borrow is still live; `out` must be valid
/// for a write.
unsafe extern "C" fn load_trampoline(ctx: *mut c_void, slot: u32, out: *mut RawValue) {
    // SAFETY: guaranteed by the caller (see above).
    let reader = unsafe { &mut *ctx.cast::<&mut dyn FieldReader>() };
    let v = reader.load(SlotId(slot));
    // SAFETY: guaranteed by the caller.
    unsafe { out.write(v) };
}
