//! [`Batch`]: what the dispatcher sends a worker in one queue slot — events copied into one
//! arena (no allocation per event once the batch's buffers have grown), with the control
//! items that must be applied between them in stream order.

use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use falcoc_catalog::events::EventInfo;

use crate::event::Event;
use crate::scap::CaptureTables;
use crate::state::{StreamPosition, Thread};

/// Threads as the partition that owns them has them (`None`: it has no such thread).
pub type ThreadsAt = Vec<(i64, Option<Thread>)>;

/// One item of a worker's stream.
#[derive(Debug)]
pub enum Item {
    /// An event (`own`: of this partition; else applied to state only).
    Event {
        at: usize,
        pos: StreamPosition,
        own: bool,
    },
    /// A new capture section: seed the state from these tables.
    Reseed(Arc<CaptureTables>),
    /// Purge stale placeholder threads as of this timestamp.
    Purge(u64),
    /// Send thread `tid` (and its main thread) as they are now.
    Export {
        tid: i64,
        reply: SyncSender<ThreadsAt>,
    },
    /// Wait for, and install, threads another partition exports.
    Import(Receiver<ThreadsAt>),
}

/// An event's header and where its parameters are in the batch.
#[derive(Clone, Copy, Debug)]
struct Header {
    ts: u64,
    tid: i64,
    cpu: u16,
    code: u16,
    dump_flags: u32,
    numbered_before: u32,
    info: &'static EventInfo,
    /// Where the event's data starts in the batch's.
    data: u32,
    offs: (u32, u32),
}

/// Items and the event data they refer to.
#[derive(Debug, Default)]
pub struct Batch {
    pub items: Vec<Item>,
    /// Every later event of this worker's stream stands at this position or after.
    pub through: u64,
    /// The worker reports how far it is as soon as it has applied the batch (a live
    /// reader's pause), rather than when its output queue's stride says.
    pub urgent: bool,
    headers: Vec<Header>,
    data: Vec<u8>,
    offs: Vec<u32>,
}

impl Batch {
    /// Copies `ev` into the batch; returns its index for [`Item::Event`]. Its data and
    /// parameter offsets are copied as they are (the offsets stay relative to its data).
    pub fn push_event(&mut self, ev: &Event<'_>) -> usize {
        let end = ev.offs.last().copied().unwrap_or(0) as usize;
        let data = self.data.len() as u32;
        self.data
            .extend_from_slice(ev.data.get(..end).unwrap_or_default());
        let first = self.offs.len() as u32;
        self.offs.extend_from_slice(ev.offs);
        self.headers.push(Header {
            ts: ev.ts,
            tid: ev.tid,
            cpu: ev.cpu,
            code: ev.code,
            dump_flags: ev.dump_flags,
            numbered_before: ev.numbered_before,
            info: ev.info,
            data,
            offs: (first, self.offs.len() as u32),
        });
        self.headers.len() - 1
    }

    /// The event pushed as `at`.
    pub fn event(&self, at: usize) -> Option<Event<'_>> {
        let h = self.headers.get(at)?;
        Some(Event {
            ts: h.ts,
            tid: h.tid,
            cpu: h.cpu,
            code: h.code,
            dump_flags: h.dump_flags,
            numbered_before: h.numbered_before,
            info: h.info,
            data: self.data.get(h.data as usize..)?,
            offs: self.offs.get(h.offs.0 as usize..h.offs.1 as usize)?,
        })
    }

    /// Events held.
    pub fn events(&self) -> usize {
        self.headers.len()
    }

    /// Bytes of event data held.
    pub fn bytes(&self) -> usize {
        self.data.len()
    }

    /// Empties the batch, keeping its buffers.
    pub fn clear(&mut self) {
        self.items.clear();
        self.urgent = false;
        self.headers.clear();
        self.data.clear();
        self.offs.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
