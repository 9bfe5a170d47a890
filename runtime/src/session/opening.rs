//! [`SectionOpening`]: libsinsp's opening of a capture section, where it consumes the
//! leading initial-state records (users, groups, containers, async events: what a capture
//! writer dumps before the first syscall event) for state only. They are numbered
//! (`evt.num`) but never returned to the caller, so Falco neither counts them among its
//! "Captured Events" nor shows them to rules. The run ends at the first other event,
//! including an enter event libsinsp numbers but the reader does not deliver.

use crate::event::Event;

/// Whether the section's opening run of initial-state records is still going on.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SectionOpening {
    open: bool,
}

impl SectionOpening {
    /// A section starts (its tables were read): its opening run begins.
    pub(crate) fn start(&mut self) {
        self.open = true;
    }

    /// Whether `ev`, the next event of the stream, is consumed as the section opens.
    pub(crate) fn consumes(&mut self, ev: &Event<'_>) -> bool {
        self.open = self.open && ev.numbered_before() == 0 && ev.is_initial_state();
        self.open
    }
}
