//! [`Worker`]: one partition's loop. It owns a [`Session`] (the partition's state, field
//! extraction and rules) and applies its stream's items in order: its own events go
//! through [`Session::process_at`], shared events of other partitions through
//! [`Session::observe_at`], and parent state crosses partitions at forks
//! ([`Control::Export`] / [`Control::Import`]): at once, or for a child that may run
//! before its inherited fds arrive, when it needs them ([`super::inherit`]).

use std::sync::mpsc::{Receiver, SyncSender};

use rustc_hash::FxHashMap;

use super::batch::{Batch, Control, Slot, Step, ThreadsAt};
use super::fork_event::{fork_child, fork_parent, shares_fd_table};
use super::inherit::{InheritanceCounts, Inherited, Need};
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

    /// Whether handling an event may read a process's whole fd table (not only the fds
    /// the event names); `true` when unknown. A forked child in another partition than
    /// its parent then waits for its inherited fds at once.
    fn reads_fd_tables(&self) -> bool {
        true
    }

    /// Whether handling an event of `code` may evaluate rules (and so read the fds it
    /// names); `true` when unknown.
    fn may_match(&self, _code: u16) -> bool {
        true
    }
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
    /// The parent state the next event (a fork) may need, not taken yet, and whether the
    /// child may run before its inherited fds arrive.
    import: Option<(Receiver<ThreadsAt>, bool)>,
    /// Children of this partition whose inherited fds have not been needed yet.
    inherited: FxHashMap<i64, Inherited>,
    /// Whether a child may run before its inherited fds arrive at all (nothing loaded
    /// reads a whole fd table).
    lazy: bool,
    pub counts: InheritanceCounts,
    jitter: Option<Jitter>,
}

impl<H: Ordered> Worker<H> {
    /// Partition `me` of `n`; `lazy`: a forked child may run before its inherited fds
    /// arrive (when its handler does not read whole fd tables).
    pub fn new(
        me: usize,
        n: usize,
        session: Session<H>,
        lazy: bool,
        jitter: Option<Jitter>,
    ) -> Worker<H> {
        let lazy = lazy && !session.handler().reads_fd_tables();
        Worker {
            me,
            n,
            session,
            imported: Vec::new(),
            import: None,
            inherited: FxHashMap::default(),
            lazy,
            counts: InheritanceCounts::default(),
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
            // Draining empties the batch, its flags too.
            let (through, urgent) = (batch.through, batch.urgent);
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
                .done_before(through, urgent)
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
        // Whether the fork's other exit event created the child already (false for any
        // other event).
        let exists = self.child_exists(ev);
        let new_child = fork_child(ev).filter(|_| !exists);
        if let Some(child) = new_child {
            // A child of an earlier life of this tid.
            self.inherited.remove(&child);
            // The new child copies its parent's fds: the parent's own inherited ones too.
            if let Some(parent) = fork_parent(ev) {
                let main = self.inspector().threads().main_tid(parent);
                if let Some(pending) = self.inherited.remove(&main) {
                    self.merge(pending, main)?;
                }
            }
        }
        let mut deferred = None;
        if let Some((from, lazy)) = self.import.take() {
            // When the child exists already this event reads nothing of the parent, so
            // there is nothing to wait for.
            if !exists {
                if lazy && self.lazy && self.may_defer(ev) {
                    deferred = Some(from);
                } else {
                    self.install(from)?;
                }
            }
        }
        if slot.own && !self.inherited.is_empty() {
            self.inherit_for(ev)?;
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
        if let (Some(from), Some(child)) = (deferred, new_child) {
            self.defer(child, ev, from);
        }
        if !self.imported.is_empty() {
            for tid in std::mem::take(&mut self.imported) {
                self.forget_fds(tid);
            }
        }
        Ok(())
    }

    fn control(&mut self, c: Control) -> Result<(), WorkerError<H::Error>> {
        if let Some((from, _)) = self.import.take() {
            self.install(from)?;
        }
        match c {
            Control::Reseed(tables) => {
                self.inherited.clear();
                self.session.reseed(tables);
                let tids: Vec<i64> = self.inspector().threads.iter().map(|t| t.tid).collect();
                for tid in tids {
                    self.forget_fds(tid);
                }
            }
            Control::Purge(ts) => {
                self.session.inspector_mut().purge_stale(ts);
                let threads = self.session.inspector().threads();
                self.inherited.retain(|tid, _| threads.get(*tid).is_some());
            }
            Control::Export { tid, reply } => {
                // The exported fds include what the exporter inherited.
                let main = self.inspector().threads().main_tid(tid);
                for t in [tid, main] {
                    if let Some(pending) = self.inherited.remove(&t) {
                        self.merge(pending, t)?;
                    }
                }
                // Removals left for the next event (a close, an exit) happen before it,
                // and the fork event is next.
                self.session.inspector_mut().flush_pending();
                // The importer may have stopped; then nobody needs the answer.
                let _ = reply.send(export(self.inspector(), tid));
            }
            Control::Import { from, lazy } => self.import = Some((from, lazy)),
        }
        Ok(())
    }

    /// Waits for the threads another partition exports and installs them.
    fn install(&mut self, from: Receiver<ThreadsAt>) -> Result<(), WorkerError<H::Error>> {
        self.counts.at_fork += 1;
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

    /// Whether fork event `ev` can create its child from this partition's copy of the
    /// parent, the inherited fds following later: a new process (not a thread, not
    /// sharing its parent's fd table) of a parent this partition knows.
    fn may_defer(&self, ev: &Event<'_>) -> bool {
        if shares_fd_table(ev) {
            return false;
        }
        let Some(parent) = fork_parent(ev) else {
            return false;
        };
        let threads = self.inspector().threads();
        [parent, threads.main_tid(parent)]
            .iter()
            .all(|t| threads.get(*t).is_some_and(|t| !t.placeholder))
    }

    /// `child` was just created by `ev` from this partition's copy of its parent: its
    /// inherited fds follow through `from`.
    fn defer(&mut self, child: i64, ev: &Event<'_>, from: Receiver<ThreadsAt>) {
        let created = self
            .inspector()
            .threads()
            .get(child)
            .is_some_and(|t| t.clone_ts == ev.ts() && !t.dead);
        // Not created by this event (a container's child, a vfork's parent side): the
        // fork's other exit event brings its own export.
        if !created {
            return;
        }
        // What the child holds from now on is what it makes itself (a copy of a foreign
        // parent has no fds; this keeps it so whatever the copy held).
        if let Some(t) = self.session.inspector_mut().threads.get_mut(child) {
            t.fds = Default::default();
        }
        self.counts.deferred += 1;
        self.inherited.insert(child, Inherited::new(from));
    }

    /// An event of a child whose inherited fds have not arrived: merges them first when
    /// the event needs them.
    fn inherit_for(&mut self, ev: &Event<'_>) -> Result<(), WorkerError<H::Error>> {
        let tid = ev.tid();
        let Some(pending) = self.inherited.get_mut(&tid) else {
            return Ok(());
        };
        let handler = self.session.handler();
        match pending.note(ev, || handler.may_match(ev.code())) {
            Need::Nothing => Ok(()),
            Need::Gone => {
                self.inherited.remove(&tid);
                Ok(())
            }
            Need::Table => {
                let pending = self.inherited.remove(&tid).expect("looked up above");
                self.merge(pending, tid)
            }
        }
    }

    /// Waits for `child`'s inherited fds and merges them under its own.
    fn merge(&mut self, pending: Inherited, child: i64) -> Result<(), WorkerError<H::Error>> {
        self.counts.merged += 1;
        let insp = self.session.inspector_mut();
        insp.flush_pending();
        pending.merge(insp, child).map_err(|()| WorkerError::Peer)
    }

    /// Whether `ev` is a fork event whose child this partition already has as created by
    /// a fork (`proc_events`: the second exit event of a fork then changes nothing that
    /// reads the parent).
    fn child_exists(&self, ev: &Event<'_>) -> bool {
        let Some(child) = fork_child(ev) else {
            return false;
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
        if let Some(child) = fork_child(ev) {
            self.forget_fds(child);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Source;
    use std::sync::mpsc::sync_channel;

    /// A handler that records the marks it is given.
    #[derive(Default)]
    struct Marks(Vec<(u64, bool)>);

    impl EventHandler for Marks {
        type Error = ();

        fn event(&mut self, _: &Event<'_>, _: &mut Source<'_, '_>) -> Result<(), ()> {
            Ok(())
        }
    }

    impl Ordered for Marks {
        fn at(&mut self, _: u64) {}

        fn done_before(&mut self, next: u64, urgent: bool) -> Result<(), ()> {
            self.0.push((next, urgent));
            Ok(())
        }
    }

    #[test]
    fn an_urgent_batch_reaches_the_handler_as_urgent() {
        let (tx, rx) = sync_channel(4);
        let (spare, _spare_rx) = sync_channel(4);
        for (through, urgent) in [(7, true), (9, false), (12, true)] {
            let mut b = Batch::default();
            b.through = through;
            b.urgent = urgent;
            tx.send(b).expect("queued");
        }
        drop(tx);
        let mut w = Worker::new(0, 2, Session::new(Marks::default()), true, None);
        w.run(rx, spare).expect("runs");
        let marks = &w.session.handler().0;
        assert_eq!(
            marks,
            &[(7, true), (9, false), (12, true), (u64::MAX, true)]
        );
    }
}
