//! [`Worker`]: one partition's loop. It owns a [`Session`] (the partition's state, field
//! extraction and rules) and applies its stream's items in order: its own events go
//! through [`Session::process_at`], shared events of other partitions through
//! [`Session::observe_at`], and parent state crosses partitions at forks
//! ([`Control::Export`] / [`Control::Import`]).

use falcoc_catalog::events::ParamName as P;
use std::sync::mpsc::{Receiver, SyncSender};

use falcoc_catalog::events::EventKind as K;

use super::batch::{Batch, Control, Slot, Step, ThreadsAt};
use super::jitter::Jitter;
use super::partition::{group_of, partition_of};
use crate::event::Event;
use crate::session::{EventHandler, Session};
use crate::state::Inspector;

/// A handler whose alerts the output queue puts back in stream order.
pub trait Ordered: EventHandler {
    /// The stream position of the event about to be handled (its alerts sort by it).
    fn at(&mut self, seq: u64);

    /// No alert will come from an event before position `next`. The handler sends what
    /// it buffered, and the mark, when `urgent` (a live pause, the end) or when it chooses
    /// (so that a worker does not wake the output queue after every batch).
    fn done_before(&mut self, next: u64, urgent: bool) -> Result<(), Self::Error>;
}

/// Why a worker stopped early.
#[derive(Debug)]
pub enum WorkerError<E> {
    /// Its handler failed (an alert could not be written).
    Handler(E),
    /// A partition it waited for stopped first.
    Peer,
}

/// One partition.
pub struct Worker<H> {
    me: usize,
    n: usize,
    pub session: Session<H>,
    /// Threads of other partitions whose fds were imported for one fork event.
    imported: Vec<i64>,
    /// The parent state the next event (a fork) may need, not taken yet.
    import: Option<Receiver<ThreadsAt>>,
    jitter: Option<Jitter>,
}

impl<H: Ordered> Worker<H> {
    pub fn new(me: usize, n: usize, session: Session<H>, jitter: Option<Jitter>) -> Worker<H> {
        Worker {
            me,
            n,
            session,
            imported: Vec::new(),
            import: None,
            jitter,
        }
    }

    /// Applies batches until the dispatcher hangs up or the handler fails; after each
    /// batch the handler is told how far the worker is. Emptied batches go back through
    /// `spare`.
    pub fn run(
        &mut self,
        queue: Receiver<Batch>,
        spare: SyncSender<Batch>,
    ) -> Result<(), WorkerError<H::Error>> {
        for mut batch in queue {
            batch.drain(|step| {
                if let Some(j) = &mut self.jitter {
                    j.pause();
                }
                match step {
                    Step::Event(ev, slot) => self.event(&ev, slot),
                    Step::Control(c) => self.control(c),
                }
            })?;
            self.session
                .handler_mut()
                .done_before(batch.through, batch.urgent)
                .map_err(WorkerError::Handler)?;
            // A full spare pool just drops the batch.
            let _ = spare.try_send(batch);
        }
        self.session
            .handler_mut()
            .done_before(u64::MAX, true)
            .map_err(WorkerError::Handler)
    }

    fn event(&mut self, ev: &Event<'_>, slot: &Slot) -> Result<(), WorkerError<H::Error>> {
        if let Some(from) = self.import.take() {
            // The fork's other exit event created the child already: this one reads
            // nothing of the parent, so there is nothing to wait for.
            if !self.child_exists(ev) {
                self.install(from)?;
            }
        }
        if slot.own {
            self.session.handler_mut().at(slot.pos.num);
            self.session
                .process_at(ev, &slot.pos)
                .map_err(WorkerError::Handler)?;
        } else {
            self.session.observe_at(ev, &slot.pos);
            self.forget_foreign_child(ev);
        }
        if !self.imported.is_empty() {
            for tid in std::mem::take(&mut self.imported) {
                self.forget_fds(tid);
            }
        }
        Ok(())
    }

    fn control(&mut self, c: Control) -> Result<(), WorkerError<H::Error>> {
        if let Some(from) = self.import.take() {
            self.install(from)?;
        }
        match c {
            Control::Reseed(tables) => {
                self.session.reseed(tables);
                let tids: Vec<i64> = self.inspector().threads.iter().map(|t| t.tid).collect();
                for tid in tids {
                    self.forget_fds(tid);
                }
            }
            Control::Purge(ts) => self.session.inspector_mut().purge_stale(ts),
            Control::Export { tid, reply } => {
                // Removals left for the next event (a close, an exit) happen before it,
                // and the fork event is next.
                self.session.inspector_mut().flush_pending();
                // The importer may have stopped; then nobody needs the answer.
                let _ = reply.send(export(self.inspector(), tid));
            }
            Control::Import(from) => self.import = Some(from),
        }
        Ok(())
    }

    /// Waits for the threads another partition exports and installs them.
    fn install(&mut self, from: Receiver<ThreadsAt>) -> Result<(), WorkerError<H::Error>> {
        let threads = from.recv().map_err(|_| WorkerError::Peer)?;
        let table = &mut self.session.inspector_mut().threads;
        for (tid, t) in threads {
            match t {
                Some(t) => table.insert(t),
                None => {
                    table.remove(tid);
                }
            }
            self.imported.push(tid);
        }
        Ok(())
    }

    /// Whether `ev` is a fork event whose child this partition already has as created by
    /// a fork (`proc_events`: the second exit event of a fork then changes nothing that
    /// reads the parent).
    fn child_exists(&self, ev: &Event<'_>) -> bool {
        if !is_fork(ev) {
            return false;
        }
        let child = match ev.param_index(P::Res).and_then(|i| ev.as_i64(i)) {
            Some(0) => ev.tid(),
            Some(c) if c > 0 => c,
            _ => return false,
        };
        self.inspector()
            .threads()
            .get(child)
            .is_some_and(|t| t.clone_ts != 0 && !t.dead)
    }

    fn inspector(&self) -> &Inspector {
        self.session.inspector()
    }

    /// A fork in another partition copied its parent's fds into a child this partition
    /// does not own: drop them (only the owner reads a process's fds).
    fn forget_foreign_child(&mut self, ev: &Event<'_>) {
        if !is_fork(ev) {
            return;
        }
        let res = ev.param_index(P::Res).and_then(|i| ev.as_i64(i));
        match res {
            Some(0) => self.forget_fds(ev.tid()),
            Some(child) if child > 0 => self.forget_fds(child),
            _ => {}
        }
    }

    /// Clears the fd table of `tid` when its thread group belongs to another partition.
    fn forget_fds(&mut self, tid: i64) {
        let (me, n) = (self.me, self.n);
        if let Some(t) = self.session.inspector_mut().threads.get_mut(tid) {
            if partition_of(group_of(t.tid, t.pid), n) != me && !t.fds.is_empty() {
                t.fds = Default::default();
            }
        }
    }
}

fn is_fork(ev: &Event<'_>) -> bool {
    matches!(ev.kind(), K::Clone | K::Fork | K::Vfork | K::Clone3)
}

/// Thread `tid` and its main thread, as this partition has them.
fn export(insp: &Inspector, tid: i64) -> ThreadsAt {
    let table = insp.threads();
    let mut out = vec![(tid, table.get(tid).cloned())];
    let main = table.main_tid(tid);
    if main != tid {
        out.push((main, table.get(main).cloned()));
    }
    out
}
