//! [`Batch`]: what the dispatcher sends a worker in one queue slot — events copied into one
//! arena (no allocation per event once the batch's buffers have grown), each one compact
//! [`Slot`] (header, stream position, where its data is), and the few control items that
//! must be applied between them in stream order, kept apart with the event index they
//! precede (so an event costs no enum of the size of the largest control).

use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use falcoc_catalog::events::EventInfo;

use crate::event::Event;
use crate::scap::CaptureTables;
use crate::state::{StreamPosition, Thread};

/// Threads as the partition that owns them has them (`None`: it has no such thread).
pub type ThreadsAt = Vec<(i64, Option<Thread>)>;

/// A control item of a worker's stream, applied before the event it is recorded at.
#[derive(Debug)]
pub enum Control {
    /// A new capture section: seed the state from these tables.
    Reseed(Arc<CaptureTables>),
    /// Purge stale placeholder threads as of this timestamp.
    Purge(u64),
    /// Send thread `tid` (and its main thread) as they are now.
    Export {
        tid: i64,
        reply: SyncSender<ThreadsAt>,
    },
    /// Wait for, and install, threads another partition exports; `lazy`: the child may be
    /// created from this partition's copy of its parent, its inherited fds taken when it
    /// needs them (no event of the parent's thread group changed what a copy lacks).
    Import {
        from: Receiver<ThreadsAt>,
        lazy: bool,
    },
}

/// One event of a batch: its header, its position in the whole stream, whether it is of
/// the worker's partition (else it is applied to state only), and where its data and
/// parameter offsets are in the batch's arenas.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    ts: u64,
    tid: i64,
    info: &'static EventInfo,
    pub pos: StreamPosition,
    dump_flags: u32,
    numbered_before: u32,
    data: u32,
    offs: u32,
    noffs: u16,
    cpu: u16,
    code: u16,
    pub own: bool,
}

/// Events, the controls between them and the event data they refer to.
#[derive(Debug, Default)]
pub struct Batch {
    slots: Vec<Slot>,
    /// Each control with the number of events of the batch before it.
    controls: Vec<(u32, Control)>,
    /// Every later event of this worker's stream stands at this position or after.
    pub through: u64,
    /// The worker reports how far it is as soon as it has applied the batch (a live
    /// reader's pause), rather than when its output queue's stride says.
    pub urgent: bool,
    data: Vec<u8>,
    offs: Vec<u32>,
}

/// One step of a batch, in stream order.
pub enum Step<'b> {
    Event(Event<'b>, &'b Slot),
    Control(Control),
}

impl Batch {
    /// Copies `ev` (at `pos`; `own`: of the worker's partition) into the batch. Its data
    /// and parameter offsets are copied as they are (the offsets stay relative to its data).
    #[inline]
    pub fn push_event(&mut self, ev: &Event<'_>, pos: StreamPosition, own: bool) {
        let end = ev.offs.last().copied().unwrap_or(0) as usize;
        let data = self.data.len() as u32;
        self.data
            .extend_from_slice(ev.data.get(..end).unwrap_or_default());
        let offs = self.offs.len() as u32;
        self.offs.extend_from_slice(ev.offs);
        self.slots.push(Slot {
            ts: ev.ts,
            tid: ev.tid,
            info: ev.info,
            pos,
            dump_flags: ev.dump_flags,
            numbered_before: ev.numbered_before,
            data,
            offs,
            noffs: ev.offs.len() as u16,
            cpu: ev.cpu,
            code: ev.code,
            own,
        });
    }

    /// Adds a control item after the events pushed so far.
    pub fn push_control(&mut self, c: Control) {
        self.controls.push((self.slots.len() as u32, c));
    }

    /// The event of `slot`.
    fn event(&self, slot: &Slot) -> Event<'_> {
        let offs = slot.offs as usize;
        Event {
            ts: slot.ts,
            tid: slot.tid,
            cpu: slot.cpu,
            code: slot.code,
            dump_flags: slot.dump_flags,
            numbered_before: slot.numbered_before,
            info: slot.info,
            data: self.data.get(slot.data as usize..).unwrap_or_default(),
            offs: self
                .offs
                .get(offs..offs + usize::from(slot.noffs))
                .unwrap_or_default(),
        }
    }

    /// Applies every event and control in stream order through `apply`, then empties the
    /// batch (keeping its buffers); stops at `apply`'s first error.
    pub fn drain<E>(&mut self, mut apply: impl FnMut(Step<'_>) -> Result<(), E>) -> Result<(), E> {
        let mut controls = std::mem::take(&mut self.controls);
        let mut pending = controls.drain(..).peekable();
        let mut result = Ok(());
        'events: for (i, slot) in self.slots.iter().enumerate() {
            while let Some((_, c)) = pending.next_if(|(at, _)| *at as usize <= i) {
                result = apply(Step::Control(c));
                if result.is_err() {
                    break 'events;
                }
            }
            result = apply(Step::Event(self.event(slot), slot));
            if result.is_err() {
                break;
            }
        }
        if result.is_ok() {
            for (_, c) in pending.by_ref() {
                result = apply(Step::Control(c));
                if result.is_err() {
                    break;
                }
            }
        }
        drop(pending);
        self.controls = controls;
        self.clear();
        result
    }

    /// Events held.
    pub fn events(&self) -> usize {
        self.slots.len()
    }

    /// Bytes of event data held.
    pub fn bytes(&self) -> usize {
        self.data.len()
    }

    /// Empties the batch, keeping its buffers.
    pub fn clear(&mut self) {
        self.slots.clear();
        self.controls.clear();
        self.urgent = false;
        self.data.clear();
        self.offs.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty() && self.controls.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::record::RecordDecoder;

    /// A `close` exit record of thread `tid` (res 0, fd `fd`).
    fn close(tid: u64, fd: i64) -> Vec<u8> {
        let mut r = Vec::new();
        r.extend_from_slice(&7u64.to_le_bytes());
        r.extend_from_slice(&tid.to_le_bytes());
        r.extend_from_slice(&0u32.to_le_bytes());
        r.extend_from_slice(&5u16.to_le_bytes());
        r.extend_from_slice(&2u32.to_le_bytes());
        r.extend_from_slice(&8u16.to_le_bytes());
        r.extend_from_slice(&8u16.to_le_bytes());
        r.extend_from_slice(&0i64.to_le_bytes());
        r.extend_from_slice(&fd.to_le_bytes());
        let len = r.len() as u32;
        r[16..20].copy_from_slice(&len.to_le_bytes());
        r
    }

    fn at(num: u64) -> StreamPosition {
        StreamPosition {
            num,
            ..StreamPosition::default()
        }
    }

    #[test]
    fn events_and_controls_come_back_in_stream_order() {
        let mut b = Batch::default();
        let mut d = RecordDecoder::new();
        let (first, second) = (close(11, 3), close(22, 4));
        b.push_event(&d.decode(&first, 0).expect("valid"), at(1), true);
        b.push_control(Control::Purge(5));
        b.push_event(&d.decode(&second, 1).expect("valid"), at(2), false);
        b.push_control(Control::Purge(9));
        assert_eq!(b.events(), 2);
        let mut seen = Vec::new();
        b.drain(|step| {
            seen.push(match step {
                Step::Event(ev, slot) => format!(
                    "{} fd {:?} at {} own {}",
                    ev.tid(),
                    ev.as_i64(1),
                    slot.pos.num,
                    slot.own
                ),
                Step::Control(Control::Purge(ts)) => format!("purge {ts}"),
                Step::Control(_) => "other".to_string(),
            });
            Ok::<(), ()>(())
        })
        .expect("no error");
        assert_eq!(
            seen,
            [
                "11 fd Some(3) at 1 own true",
                "purge 5",
                "22 fd Some(4) at 2 own false",
                "purge 9"
            ]
        );
        assert!(b.is_empty() && b.bytes() == 0);
    }

    #[test]
    fn an_error_stops_the_drain_and_empties_the_batch() {
        let mut b = Batch::default();
        let mut d = RecordDecoder::new();
        let rec = close(11, 3);
        for n in 0..3 {
            b.push_event(&d.decode(&rec, 0).expect("valid"), at(n), true);
        }
        let mut applied = 0;
        let r = b.drain(|_| {
            applied += 1;
            if applied == 2 {
                Err("stop")
            } else {
                Ok(())
            }
        });
        assert_eq!((r, applied), (Err("stop"), 2));
        assert!(b.is_empty());
    }
}
