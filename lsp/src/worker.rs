//! The analysis worker: one thread that always works on the newest state.
//!
//! The main loop sends every new [`Snapshot`] and every request here. The worker drains its
//! queue before starting anything, so a burst of changes costs one analysis; while it
//! analyses, a newer snapshot makes it drop the work (checked between load groups and before
//! publishing), so stale diagnostics are never published. Requests are answered against the
//! analysis of the newest snapshot, in arrival order; a cancelled request gets the
//! `RequestCancelled` error. A panic while analysing or answering is caught and reported,
//! never fatal.

use crate::config::WorkspaceConfig;
use crate::documents::Documents;
use crate::handlers;
use crate::publish::Publisher;
use crate::world::World;
use crossbeam_channel::{unbounded, Receiver, Sender};
use lsp_server::{ErrorCode, Message, Request, RequestId, Response};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The state to analyse: the open documents and the workspace configuration.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub generation: u64,
    pub docs: Documents,
    pub config: Arc<WorkspaceConfig>,
}

enum Task {
    Snapshot(Box<Snapshot>),
    Request(Request),
    Cancel(RequestId),
    Stop,
}

/// Handle on the worker thread.
pub struct Worker {
    tx: Sender<Task>,
    latest: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker; it answers and publishes through `out`.
    pub fn spawn(out: Sender<Message>) -> Worker {
        let (tx, rx) = unbounded();
        let latest = Arc::new(AtomicU64::new(0));
        let shared = latest.clone();
        let thread = std::thread::Builder::new()
            .name("falcoc-lsp-worker".into())
            .spawn(move || WorkerLoop::new(rx, out, shared).run())
            .ok();
        Worker { tx, latest, thread }
    }

    pub fn snapshot(&self, snapshot: Snapshot) {
        self.latest.store(snapshot.generation, Ordering::SeqCst);
        let _ = self.tx.send(Task::Snapshot(Box::new(snapshot)));
    }

    pub fn request(&self, req: Request) {
        let _ = self.tx.send(Task::Request(req));
    }

    pub fn cancel(&self, id: RequestId) {
        let _ = self.tx.send(Task::Cancel(id));
    }

    /// Stops the thread after the work already queued.
    pub fn stop(&mut self) {
        let _ = self.tx.send(Task::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct WorkerLoop {
    rx: Receiver<Task>,
    out: Sender<Message>,
    latest: Arc<AtomicU64>,
    snapshot: Option<Snapshot>,
    world: Arc<World>,
    publisher: Publisher,
    pending: Vec<Request>,
    /// A generation whose analysis panicked: not retried until a newer one arrives.
    failed: Option<u64>,
}

impl WorkerLoop {
    fn new(rx: Receiver<Task>, out: Sender<Message>, latest: Arc<AtomicU64>) -> Self {
        WorkerLoop {
            rx,
            out: out.clone(),
            latest,
            snapshot: None,
            world: Arc::new(World::default()),
            publisher: Publisher::new(out),
            pending: Vec::new(),
            failed: None,
        }
    }

    fn run(mut self) {
        while let Ok(first) = self.rx.recv() {
            let mut stop = false;
            let tasks: Vec<Task> = std::iter::once(first).chain(self.rx.try_iter()).collect();
            for task in tasks {
                match task {
                    Task::Snapshot(s) => self.snapshot = Some(*s),
                    Task::Request(req) => self.pending.push(req),
                    Task::Cancel(id) => self.cancel(&id),
                    Task::Stop => stop = true,
                }
            }
            if stop {
                return;
            }
            if !self.analyse() {
                // A newer snapshot is queued: take it before answering anything.
                continue;
            }
            for req in std::mem::take(&mut self.pending) {
                self.answer(req);
            }
        }
    }

    /// Brings the world up to the newest snapshot; false when it was superseded meanwhile.
    fn analyse(&mut self) -> bool {
        let Some(snapshot) = self.snapshot.as_ref() else {
            return true;
        };
        if snapshot.generation == self.world.generation || self.failed == Some(snapshot.generation)
        {
            return true;
        }
        let latest = self.latest.clone();
        let superseded = move |generation: u64| latest.load(Ordering::SeqCst) > generation;
        let built = catch_unwind(AssertUnwindSafe(|| {
            World::build(snapshot, &self.world, &superseded)
        }));
        match built {
            Ok(Some(world)) => {
                let stale = superseded(world.generation);
                // Kept even when stale: its groups are reused by the next build.
                let previous = std::mem::replace(&mut self.world, Arc::new(world));
                if stale {
                    return false;
                }
                self.publisher.publish(&self.world);
                // Freed after publishing, off the edit-to-diagnostics path.
                drop(previous);
                true
            }
            Ok(None) => false,
            Err(_) => {
                self.failed = Some(snapshot.generation);
                self.publisher
                    .log_error("falcoc-lsp: internal error while analysing the rules files");
                // Keep answering from the previous analysis rather than retrying forever.
                true
            }
        }
    }

    fn answer(&self, req: Request) {
        let id = req.id.clone();
        let world = self.world.clone();
        let response = match catch_unwind(AssertUnwindSafe(|| handlers::dispatch(&world, req))) {
            Ok(response) => response,
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "internal error while answering the request".into(),
            ),
        };
        let _ = self.out.send(response.into());
    }

    fn cancel(&mut self, id: &RequestId) {
        if let Some(pos) = self.pending.iter().position(|r| &r.id == id) {
            let req = self.pending.remove(pos);
            let response = Response::new_err(
                req.id,
                ErrorCode::RequestCanceled as i32,
                "request cancelled".into(),
            );
            let _ = self.out.send(response.into());
        }
    }
}
