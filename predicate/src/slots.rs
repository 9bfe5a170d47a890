//! Field slots: every distinct field (id + argument) that a lowered program reads gets one
//! dense [`SlotId`], so a reader can memoise values per event in a plain array indexed by
//! slot, and native code can address a field by a small integer.

use falcoc_catalog::fields::{FieldId, ResolvedField};
use std::collections::HashMap;

/// A dense index into a [`SlotTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlotId(pub u32);

impl SlotId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The fields a lowered program reads, one slot each, in first-use order.
#[derive(Clone, Debug, Default)]
pub struct SlotTable {
    fields: Vec<ResolvedField>,
    /// By field id and canonical text (`proc.aname[2]`), which together name the argument.
    by_key: HashMap<(FieldId, String), SlotId>,
}

impl SlotTable {
    /// The slot of `field`, added when new.
    pub fn intern(&mut self, field: &ResolvedField) -> SlotId {
        let key = (field.info.id, field.text.clone());
        if let Some(slot) = self.by_key.get(&key) {
            return *slot;
        }
        let slot = SlotId(self.fields.len() as u32);
        self.fields.push(field.clone());
        self.by_key.insert(key, slot);
        slot
    }

    /// The field of `slot`.
    pub fn field(&self, slot: SlotId) -> Option<&ResolvedField> {
        self.fields.get(slot.index())
    }

    /// Every slot's field, indexed by slot.
    pub fn fields(&self) -> &[ResolvedField] {
        &self.fields
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}
