//! The runtime side of the value ABI: memoised, borrowed field reads for rule evaluation.
//!
//! A [`Frame`] is the reusable per-worker storage for one lowered program: one memo record
//! and one [`SlotScratch`] per slot. For each event a reader is built over the frame:
//! [`EventFields`] over the real extractors (values borrowed from the event and the state,
//! computed strings in the slot's scratch), or [`OwnedFields`] over any [`FieldSource`]
//! (tests, tables). Both implement [`FieldReader`].
//!
//! INVARIANTS (what makes the records sound, see `falcoc_predicate::reader`):
//! - building a reader resets the memo (only the slots the previous event touched) and
//!   overwrites the cheap fields' slots with the new event's values;
//! - a slot is extracted at most once per event, so its scratch is written at most once and
//!   the record pointing into it stays valid for the event;
//! - a reader borrows the event and the state shared for its whole life, so neither changes
//!   while records point into them.

mod event;
mod extractors;
mod fd_strings;
mod owned;

pub use event::EventFields;
pub use extractors::{extractor, ExtractFn};
pub use owned::OwnedFields;

use crate::field_value::FieldValue;
use falcoc_predicate::lowered::Program;
use falcoc_predicate::slots::SlotId;
use falcoc_predicate::value::{RawValue, Value};
use std::sync::Arc;

/// Per-slot storage for values that are computed rather than borrowed.
#[derive(Debug, Default)]
pub struct SlotScratch {
    /// A computed string (`proc.cmdline`, `fd.uid`…), reused across events.
    pub text: Vec<u8>,
    /// An owned value (from a [`FieldSource`], or an extractor not yet borrowing).
    owned: Option<FieldValue>,
    /// The element records of a list value.
    pub items: Vec<RawValue>,
}

impl SlotScratch {
    /// Keeps `v` and returns it as a borrowed value.
    pub fn hold(&mut self, v: FieldValue) -> Option<Value<'_>> {
        self.items.clear();
        if let FieldValue::List(items) = &v {
            self.items.extend(
                items
                    .iter()
                    .map(|i| RawValue::from_value(falcoc_predicate::ops::view(i))),
            );
        }
        let owned = self.owned.insert(v);
        match owned {
            FieldValue::List(_) => {
                Some(Value::List(falcoc_predicate::value::List::new(&self.items)))
            }
            v => falcoc_predicate::ops::view(v),
        }
    }

    /// `text` filled by `fill` (cleared first), as a string value.
    pub fn text_with(&mut self, fill: impl FnOnce(&mut Vec<u8>)) -> Value<'_> {
        self.text.clear();
        fill(&mut self.text);
        Value::Str(&self.text)
    }

    /// A list of `items`.
    pub fn list<'a>(&'a mut self, items: impl IntoIterator<Item = Value<'a>>) -> Value<'a> {
        self.items.clear();
        self.items
            .extend(items.into_iter().map(|v| RawValue::from_value(Some(v))));
        Value::List(falcoc_predicate::value::List::new(&self.items))
    }
}

/// Memo records and scratch for one lowered program, reused from event to event.
#[derive(Debug)]
pub struct Frame {
    program: Arc<Program>,
    records: Vec<RawValue>,
    scratch: Vec<SlotScratch>,
    /// Slots loaded since the last reset.
    touched: Vec<u32>,
    /// Slots of cheap fields, filled before evaluation by [`EventFields`] (overwritten for
    /// every event, so never in `touched`).
    inline: Vec<(SlotId, falcoc_catalog::fields::FieldId)>,
}

impl Frame {
    pub fn new(program: Arc<Program>) -> Frame {
        let n = program.slots.len();
        Frame {
            records: vec![RawValue::NOT_LOADED; n],
            scratch: (0..n).map(|_| SlotScratch::default()).collect(),
            touched: Vec::with_capacity(n),
            inline: event::inline_slots(&program),
            program,
        }
    }

    /// The program whose slots the frame holds.
    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    /// Forgets the previous event's values.
    fn reset(&mut self) {
        for slot in self.touched.drain(..) {
            if let Some(r) = self.records.get_mut(slot as usize) {
                *r = RawValue::NOT_LOADED;
            }
        }
    }

    /// The memo record of `slot`, if loaded on this event.
    fn cached(&self, slot: SlotId) -> Option<RawValue> {
        let r = *self.records.get(slot.index())?;
        (r.tag != RawValue::NOT_LOADED.tag).then_some(r)
    }

    /// Loads `slot` with `extract` (called at most once per slot and event).
    fn load_with(
        &mut self,
        slot: SlotId,
        extract: impl FnOnce(&falcoc_catalog::fields::ResolvedField, &mut SlotScratch) -> RawValue,
    ) -> RawValue {
        if let Some(r) = self.cached(slot) {
            return r;
        }
        let program = &self.program;
        let (Some(field), Some(scratch)) = (
            program.slots.field(slot),
            self.scratch.get_mut(slot.index()),
        ) else {
            return RawValue::MISSING;
        };
        let raw = extract(field, scratch);
        if let Some(r) = self.records.get_mut(slot.index()) {
            *r = raw;
            self.touched.push(slot.0);
        }
        raw
    }
}
