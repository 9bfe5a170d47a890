//! libsinsp-equivalent state (`spec/state.md`): the thread table seeded from a capture's
//! process list and kept up to date by process events, the per-process fd tables kept up
//! to date by fd events, cwd tracking, and the users and groups of the captured machine.
//!
//! [`Inspector`] is driven with every delivered event in order: [`Inspector::process`]
//! applies the event, then [`Inspector::source`] gives the [`crate::field_value::FieldSource`]
//! that extracts fields of that event. As in libsinsp, a thread's removal after `procexit`
//! and an fd's removal after `close` wait until the next event, so the exit event itself
//! still shows them.
//!
//! ```no_run
//! use falcoc_catalog::fields::resolve_field;
//! use falcoc_runtime::field_value::FieldSource;
//! use falcoc_runtime::{CaptureReader, Inspector};
//!
//! let mut reader = CaptureReader::open_path("capture.scap")?;
//! let mut inspector = Inspector::new(reader.tables());
//! let name = resolve_field("proc.name", None)?;
//! while let Some(event) = reader.next_event()? {
//!     inspector.process(&event);
//!     let value = inspector.source(&event).extract(&name);
//!     println!("{value:?}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod container;
mod cred_events;
pub mod fd;
mod fd_events;
mod net_events;
mod params;
pub mod path;
mod proc_events;
mod seed;
pub mod thread;
pub mod threads;
pub mod users;
mod vm_events;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use falcoc_catalog::events::{ec, ef, Direction, EventKind as K};

use crate::event::Event;
use crate::extract::Source;
use crate::scap::{CaptureTables, Interface, MachineInfo};
pub use container::{container_id, container_ref, ContainerRef, HOST};
pub use fd::{Fd, FdType, Role, SockAddrs};
pub use thread::Thread;
pub use threads::ThreadTable;
pub use users::{UserInfo, UserTable};

/// Events between two purges of stale placeholder threads.
pub const PURGE_EVERY: u64 = 65_536;
/// Placeholder threads not seen for this long (ns) are purged.
const PLACEHOLDER_TIMEOUT_NS: u64 = 1_800_000_000_000;

/// What the last processed event left for extraction.
#[derive(Clone, Debug, Default)]
pub struct EventContext {
    /// `fd.num`: the fd the event used or created (-1 for a failed open).
    pub fd: Option<i64>,
    /// fd information that is not in the table (a failed open names its file).
    pub fd_tmp: Option<Fd>,
    /// The event changed the name of its fd.
    pub name_changed: bool,
    /// `evt.num`: 1 for the first event processed.
    pub num: u64,
    /// Timestamp of the previous event (`evt.deltatime`).
    pub prev_ts: Option<u64>,
    /// On a switch event: the time since the previous switch on the same cpu
    /// (`thread.exectime`); 0 otherwise.
    pub exectime: u64,
}

/// Where an event stands in the whole stream, for an inspector that sees only part of it
/// ([`Inspector::set_position`]): what a single inspector would hold just before the event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamPosition {
    /// Events numbered so far (`evt.num` of the previous event).
    pub num: u64,
    /// Timestamp of the previous event of the section.
    pub last_ts: Option<u64>,
    /// Timestamp of the section's first non-meta event, when there was one.
    pub first_ts: Option<u64>,
    /// For a switch event: the last switch on its cpu.
    pub last_switch: Option<u64>,
    /// The event is an initial-state record consumed as its section opened
    /// (`crate::session::SectionOpening`): state only, not counted by Falco.
    pub initial_state: bool,
}

/// Thread, fd and user state over an event stream.
#[derive(Debug, Default)]
pub struct Inspector {
    pub(crate) threads: ThreadTable,
    /// Shared with the seed until a user event changes it.
    pub(crate) users: Arc<UserTable>,
    pub(crate) machine: Option<MachineInfo>,
    pub(crate) interfaces: Vec<Interface>,
    pub(crate) ctx: EventContext,
    first_ts: Option<u64>,
    last_ts: Option<u64>,
    /// Removal scheduled for the next event: (thread, reaper) and (process tid, fd).
    pending_thread: Option<(i64, Option<i64>)>,
    pending_fds: Vec<(i64, i64)>,
    last_seen: FxHashMap<i64, u64>,
    /// Timestamp of the last switch event per cpu.
    last_switch: FxHashMap<u16, u64>,
    since_purge: u64,
    /// What the last tables gave, for the next reseed.
    seed: Option<seed::Seed>,
}

impl Inspector {
    /// State seeded from a capture's tables (process list, fd lists, users, machine).
    pub fn new(tables: &CaptureTables) -> Inspector {
        Inspector::from_tables(tables.clone())
    }

    /// [`Inspector::new`] taking the tables.
    pub fn from_tables(tables: impl Into<Arc<CaptureTables>>) -> Inspector {
        Inspector::seeded(seed::Seed::build(tables.into(), None))
    }

    /// The state of a seed, before any event.
    fn seeded(seed: seed::Seed) -> Inspector {
        let tables = seed.tables();
        Inspector {
            threads: seed.threads.clone(),
            users: Arc::clone(&seed.users),
            machine: tables.machine.clone(),
            interfaces: tables.interfaces.clone(),
            seed: Some(seed),
            ..Inspector::default()
        }
    }

    /// Starts again from the tables of a new capture section, which replace the previous
    /// ones: threads, fds, users and machine come from `tables` only. Event numbering
    /// (`evt.num`) goes on, so numbers stay unique over the whole stream. What the previous
    /// tables gave is reused where the new ones are the same ([`seed`]), so a stream of
    /// repeated sections reseeds without parsing or building threads again.
    pub fn reseed(&mut self, tables: impl Into<Arc<CaptureTables>>) {
        let num = self.ctx.num;
        let seed = seed::Seed::build(tables.into(), self.seed.take());
        *self = Inspector::seeded(seed);
        self.ctx.num = num;
    }

    /// The thread table.
    pub fn threads(&self) -> &ThreadTable {
        &self.threads
    }

    /// The users and groups.
    pub fn users(&self) -> &UserTable {
        &self.users
    }

    /// The machine the capture was taken on, when the capture says.
    pub fn machine(&self) -> Option<&MachineInfo> {
        self.machine.as_ref()
    }

    /// The capture's network interfaces.
    pub fn interfaces(&self) -> &[Interface] {
        &self.interfaces
    }

    /// The context the last processed event left.
    pub fn context(&self) -> &EventContext {
        &self.ctx
    }

    /// Timestamp of the first processed event that is not a meta event (`evt.reltime`
    /// counts from it, and from 0 before it, as libsinsp).
    pub fn first_ts(&self) -> Option<u64> {
        self.first_ts
    }

    /// Applies one event to the state. Call it for every delivered event, in order,
    /// before extracting fields of that event.
    pub fn process(&mut self, ev: &Event<'_>) {
        self.flush_pending();
        self.ctx.prev_ts = self.last_ts;
        self.ctx.num += 1 + u64::from(ev.numbered_before());
        self.ctx.fd = None;
        self.ctx.fd_tmp = None;
        self.ctx.name_changed = false;
        self.ctx.exectime = 0;
        if !ev.info().category.has(ec::METAEVENT) {
            self.first_ts.get_or_insert(ev.ts());
        }
        self.last_ts = Some(ev.ts());
        let tid = ev.tid();
        if tid >= 0 {
            self.last_seen.insert(tid, ev.ts());
            if self.threads.get(tid).is_none() && creates_placeholder(ev) {
                self.threads.insert(Thread::placeholder(tid));
            }
        }
        if ev.info().flags.has(ef::USES_FD) {
            // An fd-using event whose fd is unknown shows fd.num -1.
            self.ctx.fd = Some(params::used_fd(ev).unwrap_or(-1));
        }
        let kind = ev.kind();
        if kind == K::Switch {
            self.switch(ev);
        }
        let enter_only = matches!(
            kind,
            K::Procexit
                | K::Switch
                | K::Useradded
                | K::Userdeleted
                | K::Groupadded
                | K::Groupdeleted
        );
        if ev.direction() == Direction::Exit || enter_only {
            proc_events::apply(self, ev);
            cred_events::apply(self, ev);
            fd_events::apply(self, ev);
            net_events::apply(self, ev);
            vm_events::apply(self, ev);
        }
        self.since_purge += 1;
        if self.since_purge >= PURGE_EVERY {
            self.since_purge = 0;
            self.purge_stale(ev.ts());
        }
    }

    /// Drops placeholder threads not seen for a long time before `now` (ns). [`Self::process`]
    /// does it every [`PURGE_EVERY`] events; a partition worker is told when by its reader.
    pub fn purge_stale(&mut self, now: u64) {
        let before = now.saturating_sub(PLACEHOLDER_TIMEOUT_NS);
        self.threads
            .purge_stale_placeholders(&self.last_seen, before);
        let threads = &self.threads;
        self.last_seen.retain(|tid, _| threads.get(*tid).is_some());
    }

    /// Before [`Self::process`] of `ev` in a worker that sees part of a stream: the
    /// stream-wide context as a single inspector over the whole stream would have it
    /// (`evt.num`, `evt.deltatime`, `evt.reltime`, the cpu's last switch). The periodic
    /// purge is then left to the caller ([`Self::purge_stale`]).
    pub fn set_position(&mut self, ev: &Event<'_>, pos: &StreamPosition) {
        self.ctx.num = pos.num;
        self.last_ts = pos.last_ts;
        self.first_ts = pos.first_ts;
        self.since_purge = 0;
        if ev.kind() == K::Switch {
            match pos.last_switch {
                Some(ts) => self.last_switch.insert(ev.cpu(), ts),
                None => self.last_switch.remove(&ev.cpu()),
            };
        }
    }

    /// The field source for `ev`, which must be the event last given to [`Self::process`].
    pub fn source<'s, 'e>(&'s self, ev: &'s Event<'e>) -> Source<'s, 'e> {
        Source::new(self, ev)
    }

    /// The fd information of the last processed event.
    pub fn event_fd(&self, tid: i64) -> Option<&Fd> {
        if let Some(f) = &self.ctx.fd_tmp {
            return Some(f);
        }
        self.threads.fd(tid, self.ctx.fd?)
    }

    /// A scheduler switch: the outgoing thread ran since the cpu's previous switch.
    fn switch(&mut self, ev: &Event<'_>) {
        let last = self.last_switch.insert(ev.cpu(), ev.ts());
        let ran = last.map_or(0, |l| ev.ts().saturating_sub(l));
        self.ctx.exectime = ran;
        if let Some(t) = self.threads.get_mut(ev.tid()) {
            t.totexectime = t.totexectime.saturating_add(ran);
        }
    }

    pub(crate) fn flush_pending(&mut self) {
        if let Some((tid, reaper)) = self.pending_thread.take() {
            if self.threads.get(tid).is_some_and(|t| t.dead) {
                self.threads.remove_exited(tid, reaper);
            }
        }
        if self.pending_fds.is_empty() {
            return;
        }
        // Taken and put back emptied, so the list keeps its allocation from event to event.
        let mut pending = std::mem::take(&mut self.pending_fds);
        for (tid, fd) in pending.drain(..) {
            if let Some(fds) = self.threads.fds_mut(tid) {
                fds.remove(&fd);
            }
        }
        self.pending_fds = pending;
    }

    /// Schedules the removal of fd `fd` of `tid`'s process after this event.
    pub(crate) fn remove_fd_later(&mut self, tid: i64, fd: i64) {
        self.pending_fds.push((tid, fd));
    }

    /// Schedules the removal of an exited thread after this event.
    pub(crate) fn remove_thread_later(&mut self, tid: i64, reaper: Option<i64>) {
        self.pending_thread = Some((tid, reaper));
    }
}

/// Whether an event about an unknown tid creates a placeholder thread: clone/fork exits,
/// schedswitch and procexit do not, nor meta events and events libsinsp does not reset its
/// per-event state for (`EF_SKIPPARSERESET`: procinfo, drops…).
fn creates_placeholder(ev: &Event<'_>) -> bool {
    let info = ev.info();
    if info.category.has(ec::METAEVENT) || info.flags.has(ef::SKIPPARSERESET) {
        return false;
    }
    !matches!(
        ev.kind(),
        K::Clone | K::Fork | K::Vfork | K::Clone3 | K::Switch | K::Procexit
    )
}
