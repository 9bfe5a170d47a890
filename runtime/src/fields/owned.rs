//! [`OwnedFields`]: the memoised reader over any [`FieldSource`] (owned values, each kept
//! in its slot's scratch for the event).

use super::Frame;
use crate::field_value::FieldSource;
use falcoc_predicate::reader::FieldReader;
use falcoc_predicate::slots::SlotId;
use falcoc_predicate::value::RawValue;

/// A reader over `src` for one event.
pub struct OwnedFields<'f, 's> {
    frame: &'f mut Frame,
    src: &'s mut dyn FieldSource,
}

impl<'f, 's> OwnedFields<'f, 's> {
    /// A reader for the current event of `src` (the frame's memo is reset).
    pub fn new(frame: &'f mut Frame, src: &'s mut dyn FieldSource) -> OwnedFields<'f, 's> {
        frame.reset();
        OwnedFields { frame, src }
    }
}

// SAFETY: every record points into a slot's scratch, written once per event (the frame
// loads a slot at most once between resets) and not touched again until the next reader
// resets the frame, which needs the `&mut Frame` this reader holds.
unsafe impl FieldReader for OwnedFields<'_, '_> {
    fn load(&mut self, slot: SlotId) -> RawValue {
        let src = &mut *self.src;
        self.frame.load_with(slot, |field, scratch| {
            let v = src.extract(field);
            RawValue::from_value(v.and_then(|v| scratch.hold(v)))
        })
    }

    fn memo(&self) -> &[RawValue] {
        &self.frame.records
    }
}
