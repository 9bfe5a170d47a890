//! The event-code index: for each event code, the indices of the rules to run, in load
//! order (Falco `indexable_ruleset.h`).

use falcoc_catalog::events::{PPME_ASYNCEVENT_E, PPME_PLUGINEVENT_E, PPM_EVENT_MAX};
use falcoc_catalog::ir::Rule;
use falcoc_catalog::priority::Priority;

/// Rules by event code.
#[derive(Clone, Debug, Default)]
pub struct EventIndex {
    slots: Vec<Vec<usize>>,
    active: Vec<usize>,
}

impl EventIndex {
    /// Indexes the enabled rules at least as severe as `min_priority`.
    pub fn build(rules: &[Rule], min_priority: Priority) -> EventIndex {
        let mut slots = vec![Vec::new(); usize::from(PPM_EVENT_MAX)];
        let mut active = Vec::new();
        for (idx, rule) in rules.iter().enumerate() {
            if !rule.enabled || rule.priority > min_priority {
                continue;
            }
            active.push(idx);
            let mut push = |code: u16| {
                if let Some(slot) = slots.get_mut(usize::from(code)) {
                    if slot.last() != Some(&idx) {
                        slot.push(idx);
                    }
                }
            };
            if rule.source == "syscall" {
                for code in rule.event_codes.iter() {
                    push(code);
                }
            } else {
                push(PPME_PLUGINEVENT_E);
            }
            push(PPME_ASYNCEVENT_E);
        }
        EventIndex { slots, active }
    }

    /// The rules to evaluate on an event of code `code` (none for an unknown code).
    pub fn rules_for(&self, code: u16) -> &[usize] {
        self.slots
            .get(usize::from(code))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The indexed (enabled and severe enough) rules, in load order.
    pub fn active(&self) -> &[usize] {
        &self.active
    }
}
