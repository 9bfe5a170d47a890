//! [`EventFields`]: the memoised reader over the real extractors for one event.

use super::extractors::{extractor, inline_value, is_inline};
use super::Frame;
use crate::extract::Source;
use falcoc_catalog::fields::FieldId;
use falcoc_predicate::reader::FieldReader;
use falcoc_predicate::slots::SlotId;
use falcoc_predicate::value::RawValue;

/// The fields of one event (and the state it was processed into) for rule evaluation.
pub struct EventFields<'f, 'e> {
    frame: &'f mut Frame,
    src: Source<'e, 'e>,
}

impl<'f, 'e> EventFields<'f, 'e> {
    /// A reader for `src`'s event: the memo is reset and the cheap fields the program reads
    /// (`evt.type`, timestamps, `thread.tid`…) are filled in at once, so native code reads
    /// them inline without a call.
    pub fn new(frame: &'f mut Frame, src: Source<'e, 'e>) -> EventFields<'f, 'e> {
        frame.reset();
        for &(slot, id) in &frame.inline {
            let raw = RawValue::from_value(inline_value(&src, id));
            if let Some(r) = frame.records.get_mut(slot.index()) {
                *r = raw;
            }
        }
        EventFields { frame, src }
    }

    /// The source the fields come from.
    pub fn source(&self) -> &Source<'e, 'e> {
        &self.src
    }
}

// SAFETY: records point into the event and the state (borrowed shared for `'e`, the
// reader's whole life), into static tables, or into a slot's scratch, written once per
// event and not touched until the next reader resets the frame through the `&mut Frame`
// this reader holds.
unsafe impl FieldReader for EventFields<'_, '_> {
    fn load(&mut self, slot: SlotId) -> RawValue {
        let src = &self.src;
        self.frame.load_with(slot, |field, scratch| {
            let f = extractor(field.info.id);
            RawValue::from_value(f(src, field, scratch))
        })
    }

    fn memo(&self) -> &[RawValue] {
        &self.frame.records
    }
}

/// The slots of fields that are always filled before evaluation, with their fields.
pub(super) fn inline_slots(program: &falcoc_predicate::lowered::Program) -> Vec<(SlotId, FieldId)> {
    program
        .slots
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| is_inline(f.info.id))
        .map(|(i, f)| (SlotId(i as u32), f.info.id))
        .collect()
}
