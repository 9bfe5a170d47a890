//! [`StreamClock`]: the stream-wide context a single inspector would hold before each event
//! (`evt.num`, the previous and first timestamps, each cpu's last switch, the purge
//! period), computed by the dispatcher so that every partition sees the same values as a
//! single worker.

use std::collections::HashMap;

use falcoc_catalog::events::{ec, EventKind as K};

use crate::event::Event;
use crate::session::SectionOpening;
use crate::state::{StreamPosition, PURGE_EVERY};

/// The stream-wide counters, kept in the order the events arrive.
#[derive(Debug, Default)]
pub struct StreamClock {
    num: u64,
    last_ts: Option<u64>,
    first_ts: Option<u64>,
    last_switch: HashMap<u16, u64>,
    since_purge: u64,
    opening: SectionOpening,
}

impl StreamClock {
    /// A new section starts (the state is seeded again): only numbering goes on, and the
    /// section's opening run of initial-state records begins.
    pub fn reseed(&mut self) {
        *self = StreamClock {
            num: self.num,
            ..StreamClock::default()
        };
        self.opening.start();
    }

    /// The position the next event will have.
    pub fn next(&self) -> u64 {
        self.num
    }

    /// Where `ev` stands, and whether the placeholder purge is due after it.
    #[inline]
    pub fn advance(&mut self, ev: &Event<'_>) -> (StreamPosition, bool) {
        let mut pos = StreamPosition {
            num: self.num,
            last_ts: self.last_ts,
            first_ts: self.first_ts,
            last_switch: None,
            initial_state: self.opening.consumes(ev),
        };
        self.num += 1 + u64::from(ev.numbered_before());
        if !ev.info().category.has(ec::METAEVENT) {
            self.first_ts.get_or_insert(ev.ts());
        }
        self.last_ts = Some(ev.ts());
        if ev.kind() == K::Switch {
            pos.last_switch = self.last_switch.insert(ev.cpu(), ev.ts());
        }
        self.since_purge += 1;
        let purge = self.since_purge >= PURGE_EVERY;
        if purge {
            self.since_purge = 0;
        }
        (pos, purge)
    }
}
