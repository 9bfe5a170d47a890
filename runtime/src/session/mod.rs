//! [`Session`]: the one owner of the event loop — events in, state, rules, alerts out.
//!
//! Everything that turns events into alerts (or printed lines) goes through a session:
//! `falcoc replay`, `replay --print`, the live agent, benches and tests, and later each
//! multi-core worker (one session per partition). A session owns the [`Inspector`] and an
//! [`EventHandler`] (the rules and an alert sink, [`Rules`], or any per-event hook), and it
//! keeps the invariants no caller may forget:
//!
//! - every delivered event updates state, in order, before anything reads its fields;
//! - events that do not reach rules (`Event::reaches_rules`: state-only events, libsinsp's
//!   user/group meta events) update state but are never shown to the handler, so neither
//!   rules nor `--print` see them;
//! - when a capture's new section replaces the reader's tables, the state is seeded again
//!   from them ([`Inspector::reseed`]) before that section's first event;
//! - the initial-state records libsinsp consumes as a capture section opens (its leading
//!   user, group, container and async records) update state but reach no handler either;
//! - events are counted, both all of them and as Falco counts them ([`SessionStats`]);
//! - a handler's error (an alert that cannot be written) stops the loop and is returned,
//!   never dropped.
//!
//! Events come from an [`EventSource`] (pulled by [`Session::run`]: a capture reader) or are
//! pushed one by one with [`Session::process`] (ring-buffer records of the live agent).

mod handler;
mod opening;
mod rules;
mod sink;
mod source;

pub use handler::EventHandler;
pub use rules::{AlertCounts, Matcher, Rules};
pub use sink::{AlertCollector, AlertSink, AlertWriter};
pub use source::EventSource;

use crate::event::Event;
use crate::scap::CaptureTables;
use crate::state::{Inspector, StreamPosition};
pub(crate) use opening::SectionOpening;

/// What a session has seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionStats {
    /// Events delivered to the session (each updated state).
    pub events: u64,
    /// Of those, events hidden from the handler (they do not reach rules).
    pub hidden: u64,
    /// Of the hidden ones, initial-state records consumed as a section opened.
    pub initial_state: u64,
    /// Events Falco counts (its replay's "Captured Events"): all but the initial-state
    /// records consumed as a section opens and the state-only events.
    pub captured: u64,
    /// Times the state was seeded from a section's tables.
    pub seeded: u64,
}

/// Why [`Session::run`] stopped early.
#[derive(Debug, thiserror::Error)]
pub enum RunError<S, H> {
    /// The event source failed (a damaged capture); every event before was processed.
    #[error("{0}")]
    Source(S),
    /// The handler failed (an alert could not be written).
    #[error("{0}")]
    Handler(H),
}

/// The event loop: state and a handler over one stream of events.
#[derive(Debug)]
pub struct Session<H> {
    inspector: Inspector,
    handler: H,
    stats: SessionStats,
    opening: SectionOpening,
}

impl<H: EventHandler> Session<H> {
    /// A session with empty state; a capture's tables seed it with its first event.
    pub fn new(handler: H) -> Session<H> {
        Session::with_tables(CaptureTables::default(), handler)
    }

    /// A session whose state is seeded from `tables` (the live agent's `/proc` scan).
    pub fn with_tables(tables: CaptureTables, handler: H) -> Session<H> {
        Session {
            inspector: Inspector::from_tables(tables),
            handler,
            stats: SessionStats::default(),
            opening: SectionOpening::default(),
        }
    }

    /// Processes every event of `source` until its end or the first error.
    pub fn run<S: EventSource>(
        &mut self,
        source: &mut S,
    ) -> Result<SessionStats, RunError<S::Error, H::Error>> {
        while let Some((ev, tables)) = source.next_event().map_err(RunError::Source)? {
            if let Some(tables) = tables {
                self.reseed(tables);
            }
            self.process(&ev).map_err(RunError::Handler)?;
        }
        Ok(self.stats)
    }

    /// Applies one event to state, then shows it to the handler if it reaches rules.
    pub fn process(&mut self, ev: &Event<'_>) -> Result<(), H::Error> {
        let initial_state = self.opening.consumes(ev);
        self.apply(ev, initial_state)
    }

    /// [`Self::process`] for a partition worker: `pos` is where `ev` stands in the whole
    /// stream, of which this session sees a part (`crate::parallel`).
    pub fn process_at(&mut self, ev: &Event<'_>, pos: &StreamPosition) -> Result<(), H::Error> {
        self.inspector.set_position(ev, pos);
        self.apply(ev, pos.initial_state)
    }

    /// Counts `ev`, applies it to state and shows it to the handler if it reaches rules
    /// (`initial_state`: consumed as its section opened).
    fn apply(&mut self, ev: &Event<'_>, initial_state: bool) -> Result<(), H::Error> {
        self.stats.events += 1;
        self.inspector.process(ev);
        if initial_state {
            self.stats.initial_state += 1;
        } else if !ev.is_state_only() {
            self.stats.captured += 1;
        }
        if initial_state || !ev.reaches_rules() {
            self.stats.hidden += 1;
            return Ok(());
        }
        let mut src = self.inspector.source(ev);
        self.handler.event(ev, &mut src)
    }

    /// Applies an event of another partition to state only (one that changes what this
    /// partition reads of other processes: clone, exec, exit); it is neither counted nor
    /// shown to the handler.
    pub fn observe_at(&mut self, ev: &Event<'_>, pos: &StreamPosition) {
        self.inspector.set_position(ev, pos);
        self.inspector.process(ev);
    }

    /// The state, mutable (partition workers hand parent state over at a fork).
    pub fn inspector_mut(&mut self) -> &mut Inspector {
        &mut self.inspector
    }

    /// Seeds the state again from a new section's tables, which replace the previous ones.
    pub fn reseed(&mut self, tables: impl Into<std::sync::Arc<CaptureTables>>) {
        self.stats.seeded += 1;
        self.opening.start();
        self.inspector.reseed(tables);
    }

    /// What the session has seen so far.
    pub fn stats(&self) -> SessionStats {
        self.stats
    }

    /// The state after the last processed event.
    pub fn inspector(&self) -> &Inspector {
        &self.inspector
    }

    pub fn handler(&self) -> &H {
        &self.handler
    }

    pub fn handler_mut(&mut self) -> &mut H {
        &mut self.handler
    }

    /// Ends the session, returning its handler (its sink, its collected alerts).
    pub fn into_handler(self) -> H {
        self.handler
    }
}
