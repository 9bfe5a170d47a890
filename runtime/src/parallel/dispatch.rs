//! [`Dispatcher`]: the reader side. It numbers events for the whole stream
//! ([`StreamClock`]), routes each to its partition ([`Router`]), copies it into that
//! partition's current [`Batch`] and sends full batches over the partition's bounded queue:
//! a full queue blocks the dispatcher (backpressure), nothing is buffered without bound.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use super::batch::{Batch, Control};
use super::clock::StreamClock;
use super::router::{Handoff, Router, Target};
use crate::event::Event;
use crate::scap::CaptureTables;
use crate::session::{EventSource, RunError};
use crate::state::StreamPosition;

/// A batch is sent when it holds this much event data, whatever its count.
const MAX_BATCH_BYTES: usize = 256 * 1024;

/// A partition worker stopped (its handler failed); the run's error is that worker's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a partition worker stopped")]
pub struct Stopped;

/// Routes events to the partition workers.
pub struct Dispatcher {
    router: Router,
    clock: StreamClock,
    queues: Vec<SyncSender<Batch>>,
    batches: Vec<Batch>,
    spare: Receiver<Batch>,
    batch_events: usize,
    events: u64,
    /// Events since the dispatcher last looked for workers that were not told how far the
    /// stream is for a while.
    since_tick: usize,
    /// The stream position each worker's last batch was sent at.
    sent_at: Vec<u64>,
}

impl Dispatcher {
    pub(super) fn new(
        queues: Vec<SyncSender<Batch>>,
        spare: Receiver<Batch>,
        batch_events: usize,
    ) -> Dispatcher {
        let n = queues.len();
        Dispatcher {
            router: Router::new(n),
            clock: StreamClock::default(),
            batches: (0..n).map(|_| Batch::default()).collect(),
            queues,
            spare,
            batch_events: batch_events.max(1),
            events: 0,
            since_tick: 0,
            sent_at: vec![0; n],
        }
    }

    /// Events pushed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Every event of `source` until its end, the source's first error or a stopped worker.
    pub fn feed<S: EventSource>(
        &mut self,
        source: &mut S,
    ) -> Result<(), RunError<S::Error, Stopped>> {
        while let Some((ev, tables)) = source.next_event().map_err(RunError::Source)? {
            self.push(&ev, tables).map_err(RunError::Handler)?;
        }
        Ok(())
    }

    /// One event, with the tables of the section it starts (as an [`EventSource`] gives).
    pub fn push(
        &mut self,
        ev: &Event<'_>,
        tables: Option<Arc<CaptureTables>>,
    ) -> Result<(), Stopped> {
        if let Some(tables) = tables {
            self.reseed(tables);
        }
        self.events += 1;
        let (pos, purge) = self.clock.advance(ev);
        let route = self.router.route(ev);
        if let Some(h) = route.handoff {
            self.handoff(h)?;
        }
        match route.target {
            Target::One(w) => self.push_event(w, ev, pos, true)?,
            Target::All { owner } => {
                for w in 0..self.queues.len() {
                    self.push_event(w, ev, pos, w == owner)?;
                }
            }
        }
        if purge {
            for b in &mut self.batches {
                b.push_control(Control::Purge(ev.ts()));
            }
        }
        self.since_tick += 1;
        if self.since_tick >= self.tick_every() {
            self.since_tick = 0;
            self.tell_idle()?;
        }
        Ok(())
    }

    /// Events between two looks for idle workers (a worker's own batches tell it how far
    /// the stream is as long as its partition has events).
    fn tick_every(&self) -> usize {
        self.batch_events * self.queues.len()
    }

    /// Workers sent nothing for [`Self::tick_every`] events get their (partial or empty)
    /// batch, so they learn how far the stream is and the ordered output moves on.
    fn tell_idle(&mut self) -> Result<(), Stopped> {
        let now = self.clock.next();
        for w in 0..self.queues.len() {
            if now - self.sent_at[w] >= self.tick_every() as u64 {
                self.send_always(w, false)?;
            }
        }
        Ok(())
    }

    /// Sends what every batch holds (the end of the stream, or a pause in live input).
    pub fn flush(&mut self) -> Result<(), Stopped> {
        for w in 0..self.queues.len() {
            self.send(w)?;
        }
        Ok(())
    }

    /// Sends every batch, even empty, so every worker learns how far the stream is and
    /// the output queue writes what is before it (a live reader's pause: its alerts go out
    /// without waiting for more events).
    pub fn tick(&mut self) -> Result<(), Stopped> {
        self.since_tick = 0;
        for w in 0..self.queues.len() {
            self.send_always(w, true)?;
        }
        Ok(())
    }

    /// The stream position the next event will have (where a line raised outside the
    /// workers, e.g. a drop alert, goes in the ordered output).
    pub fn position(&self) -> u64 {
        self.clock.next()
    }

    fn reseed(&mut self, tables: Arc<CaptureTables>) {
        self.router.reseed(&tables);
        self.clock.reseed();
        for b in &mut self.batches {
            b.push_control(Control::Reseed(Arc::clone(&tables)));
        }
    }

    /// The parent's partition exports the parent as it is just before the fork event; the
    /// child's partition waits for it before the same event. The exporting batch goes at
    /// once, so the wait always ends (see `docs/ARCHITECTURE.md`, "State and many cores").
    fn handoff(&mut self, h: Handoff) -> Result<(), Stopped> {
        let (reply, from) = sync_channel(1);
        self.batches[h.from].push_control(Control::Export {
            tid: h.parent,
            reply,
        });
        self.send(h.from)?;
        self.batches[h.to].push_control(Control::Import { from, lazy: h.lazy });
        Ok(())
    }

    fn push_event(
        &mut self,
        w: usize,
        ev: &Event<'_>,
        pos: StreamPosition,
        own: bool,
    ) -> Result<(), Stopped> {
        let b = &mut self.batches[w];
        b.push_event(ev, pos, own);
        if b.events() >= self.batch_events || b.bytes() >= MAX_BATCH_BYTES {
            self.send(w)?;
        }
        Ok(())
    }

    /// Sends partition `w`'s batch when it holds anything, waiting while its queue is full.
    fn send(&mut self, w: usize) -> Result<(), Stopped> {
        if self.batches[w].is_empty() {
            return Ok(());
        }
        self.send_always(w, false)
    }

    /// Sends partition `w`'s batch, even empty (it then only says how far the stream is);
    /// `urgent`: the worker reports how far it is at once, whatever it holds.
    fn send_always(&mut self, w: usize, urgent: bool) -> Result<(), Stopped> {
        let now = self.clock.next();
        self.sent_at[w] = now;
        self.batches[w].through = now;
        self.batches[w].urgent = urgent;
        let fresh = self.spare.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.batches[w], fresh);
        self.queues[w].send(full).map_err(|_| Stopped)
    }
}
