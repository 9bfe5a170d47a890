//! The multi-core runtime: events partitioned by thread group over N workers, with the
//! same alerts as one worker (`docs/ARCHITECTURE.md`, "State and many cores").
//!
//! A [`Dispatcher`] (the caller's thread: a capture reader, later the ring buffers) routes
//! each event by its thread group to one of N [`worker::Worker`]s over bounded queues.
//! Each worker owns a [`Session`] — its partition's state, field extraction and rules —
//! and is the only writer of its thread groups. The events that change what other
//! partitions read about a process (clone, exec, exit, setsid, chdir) go to every worker
//! (the owner evaluates rules; the others apply them to their copy of the process tree),
//! and at a fork whose child lands in another partition the child's worker takes the
//! parent's state from the parent's worker at exactly that point in the stream. Alerts go
//! through one output queue ([`output`]).
//!
//! One worker is not this module's business: callers run a plain [`Session`] then.

mod batch;
mod clock;
mod dispatch;
mod fork_event;
mod inherit;
mod jitter;
pub mod output;
pub mod partition;
mod router;
mod worker;

pub use dispatch::{Dispatcher, Stopped};
pub use inherit::InheritanceCounts;
pub use partition::partition_of;

use std::sync::mpsc::sync_channel;

use crate::session::Session;
use jitter::Jitter;
pub use worker::Ordered;
use worker::{Worker, WorkerError};

/// The default worker count is the machine's cores, at most this many.
pub const MAX_DEFAULT_WORKERS: usize = 16;

/// The default number of workers: the available cores, capped at [`MAX_DEFAULT_WORKERS`].
pub fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_DEFAULT_WORKERS)
}

/// How a partitioned run is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParallelOptions {
    /// Partitions (worker threads).
    pub workers: usize,
    /// Batches each worker's queue holds before the dispatcher waits.
    pub queue_batches: usize,
    /// Events per batch.
    pub batch_events: usize,
    /// Random pauses in the workers (stress tests only), seeded by this.
    pub jitter_seed: Option<u64>,
    /// A child forked into another partition than its parent runs before its inherited
    /// fds arrive, until it needs them (when nothing loaded reads whole fd tables and its
    /// parent's group changed nothing else a partition's copy lacks); `false`: it waits
    /// for its parent's partition at the fork.
    pub lazy_inheritance: bool,
}

impl ParallelOptions {
    /// `workers` partitions with the default queues: up to 8,192 events in flight per
    /// worker, in batches large enough that a worker is woken about once per 2,048.
    pub fn new(workers: usize) -> ParallelOptions {
        ParallelOptions {
            workers: workers.max(1),
            queue_batches: 4,
            batch_events: 2048,
            jitter_seed: None,
            lazy_inheritance: true,
        }
    }
}

/// What a partitioned run gives back: `drive`'s result and every worker's session (for
/// counts and collected alerts), also when a handler failed.
pub struct Partitioned<R, H: Ordered> {
    pub driven: R,
    pub sessions: Vec<Session<H>>,
    /// The first handler error (an alert that could not be written): the run stopped at it.
    pub failure: Option<H::Error>,
    /// How cross-partition forks took their parents' state.
    pub inheritance: InheritanceCounts,
}

impl<R, H: Ordered> Partitioned<R, H> {
    /// `drive`'s result and the sessions, or the handler error.
    pub fn into_result(self) -> Result<(R, Vec<Session<H>>), H::Error> {
        match self.failure {
            Some(e) => Err(e),
            None => Ok((self.driven, self.sessions)),
        }
    }
}

/// Runs `drive` (which pushes or feeds events into the [`Dispatcher`]) against
/// `opts.workers` partition workers, each a [`Session`] over the handler `make(i)`; waits
/// for the workers to drain. A handler error stops the run; it is returned with the
/// sessions as they stopped.
pub fn run_partitioned<H, F, D, R>(opts: &ParallelOptions, make: F, drive: D) -> Partitioned<R, H>
where
    H: Ordered + Send,
    H::Error: Send,
    F: Fn(usize) -> H + Sync,
    D: FnOnce(&mut Dispatcher) -> R,
{
    let n = opts.workers.max(1);
    std::thread::scope(|scope| {
        let (spare_tx, spare_rx) = sync_channel(n * (opts.queue_batches + 2));
        let mut queues = Vec::with_capacity(n);
        let mut handles = Vec::with_capacity(n);
        for me in 0..n {
            let (tx, rx) = sync_channel(opts.queue_batches.max(1));
            queues.push(tx);
            let spare = spare_tx.clone();
            let make = &make;
            let jitter = opts.jitter_seed.map(|s| Jitter::new(s ^ (me as u64 + 1)));
            let handle = std::thread::Builder::new()
                .name(format!("falcoc-worker-{me}"))
                .spawn_scoped(scope, move || {
                    let session = Session::new(make(me));
                    let mut w = Worker::new(me, n, session, opts.lazy_inheritance, jitter);
                    let result = w.run(rx, spare);
                    (w.session, w.counts, result)
                })
                .expect("a worker thread starts");
            handles.push(handle);
        }
        drop(spare_tx);
        let mut dispatcher = Dispatcher::new(queues, spare_rx, opts.batch_events);
        let out = drive(&mut dispatcher);
        // A stopped worker is reported below with its own error.
        let _ = dispatcher.flush();
        drop(dispatcher);
        let mut sessions = Vec::with_capacity(n);
        let mut failure = None;
        let mut inheritance = InheritanceCounts::default();
        for h in handles {
            let (session, counts, result) = match h.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            if let Err(WorkerError::Handler(e)) = result {
                failure.get_or_insert(e);
            }
            inheritance.add(counts);
            sessions.push(session);
        }
        Partitioned {
            driven: out,
            sessions,
            failure,
            inheritance,
        }
    })
}
