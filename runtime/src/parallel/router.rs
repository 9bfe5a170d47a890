//! [`Router`]: where each event goes. Every event of a thread group goes to the group's
//! partition; the events that change what other partitions read about a process (its
//! creation, exec, exit, session and working directory) go to every partition, the owner
//! evaluating rules on them and the others applying them to state only. A fork whose
//! child lands in another partition than its parent is a [`Handoff`]: the child's
//! partition takes the parent's state from the parent's partition at that point.

use falcoc_catalog::events::ParamName as P;
use falcoc_catalog::events::{Direction, EventKind as K};
use rustc_hash::{FxHashMap, FxHashSet};

use super::fork_event::{self, fork_child, fork_parent, int_param, is_fork_kind};
use super::partition::{group_of, partition_of};
use crate::event::Event;
use crate::scap::CaptureTables;

/// Who receives an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Only this partition.
    One(usize),
    /// Every partition; `owner` evaluates rules on it, the others apply it to state.
    All { owner: usize },
}

/// Parent state that must travel before a fork event: partition `from` holds the parent
/// thread `parent` (and its main thread), partition `to` creates the child from it.
/// `lazy`: no event of the parent's thread group (or of its ancestors' since their forks)
/// changed what other partitions' copies lack besides fds, so `to` may create the child
/// from its own copy and take the fds later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handoff {
    pub parent: i64,
    pub from: usize,
    pub to: usize,
    pub lazy: bool,
}

/// An event's route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub target: Target,
    pub handoff: Option<Handoff>,
}

/// The thread → thread group map the routing needs, kept from the process list and
/// clone/exec/exit events.
#[derive(Debug)]
pub struct Router {
    n: usize,
    groups: FxHashMap<i64, i64>,
    /// Threads and thread groups that changed state a fork copies and only their own
    /// partition keeps ([`changes_unshared_inheritance`]), and the processes they forked.
    changed: FxHashSet<i64>,
    /// The last thread an event was routed for and its partition: a thread's events
    /// mostly come in runs. Forgotten whenever `groups` changes.
    last: Option<(i64, usize)>,
}

impl Router {
    pub fn new(n: usize) -> Router {
        Router {
            n: n.max(1),
            groups: FxHashMap::default(),
            changed: FxHashSet::default(),
            last: None,
        }
    }

    /// A new section: the groups come from its process list only.
    pub fn reseed(&mut self, tables: &CaptureTables) {
        self.groups.clear();
        self.changed.clear();
        self.last = None;
        for t in &tables.threads {
            self.groups.insert(t.tid, group_of(t.tid, t.pid));
        }
    }

    /// The thread group of `tid` (itself when unknown).
    pub fn group(&self, tid: i64) -> i64 {
        self.groups.get(&tid).copied().unwrap_or(tid)
    }

    /// The partition of `tid`'s thread group.
    pub fn partition(&self, tid: i64) -> usize {
        partition_of(self.group(tid), self.n)
    }

    /// [`Self::partition`], remembered for the next event of the same thread.
    fn owner(&mut self, tid: i64) -> usize {
        match self.last {
            Some((t, p)) if t == tid => p,
            _ => {
                let p = self.partition(tid);
                self.last = Some((tid, p));
                p
            }
        }
    }

    /// Routes `ev`, first learning the thread groups it creates.
    #[inline]
    pub fn route(&mut self, ev: &Event<'_>) -> Route {
        let tid = ev.tid();
        let mut handoff = None;
        if tid < 0 {
            // Meta events (users, groups) are state for everyone.
            return Route {
                target: Target::All { owner: 0 },
                handoff,
            };
        }
        let kind = ev.kind();
        let applies = ev.direction() == Direction::Exit || kind == K::Procexit;
        if !(applies && shared_kind(kind)) {
            if applies && self.n > 1 && changes_unshared_inheritance(kind) {
                self.changed.insert(tid);
                self.changed.insert(self.group(tid));
            }
            return Route {
                target: Target::One(self.owner(tid)),
                handoff,
            };
        }
        // The thread groups may change.
        self.last = None;
        if is_fork_kind(kind) {
            handoff = self.learn_clone(ev);
        } else if matches!(kind, K::Execve | K::Execveat) {
            if let Some(pid) = int_param(ev, P::Pid).filter(|p| *p > 0) {
                if int_param(ev, P::Res).is_some_and(|r| r >= 0) {
                    self.groups.insert(tid, pid);
                }
            }
        }
        let owner = self.partition(tid);
        if kind == K::Procexit {
            self.groups.remove(&tid);
            self.changed.remove(&tid);
        }
        let target = if self.n > 1 {
            Target::All { owner }
        } else {
            Target::One(owner)
        };
        Route { target, handoff }
    }

    /// A clone exit: the child's group, and the handoff when the child's partition is not
    /// the parent's.
    fn learn_clone(&mut self, ev: &Event<'_>) -> Option<Handoff> {
        let child = fork_child(ev)?;
        let is_thread = fork_event::is_thread(ev);
        // The child's own exit carries its thread group; the parent's names only the child.
        let group = if int_param(ev, P::Res) == Some(0) {
            group_of(child, int_param(ev, P::Pid).unwrap_or(child))
        } else if is_thread {
            self.group(ev.tid())
        } else {
            child
        };
        let parent = fork_parent(ev).unwrap_or(-1);
        self.groups.insert(child, group);
        if is_thread || parent <= 0 {
            return None;
        }
        let changed = self.changed.contains(&parent) || self.changed.contains(&self.group(parent));
        if changed {
            self.changed.insert(child);
        }
        let (from, to) = (self.partition(parent), partition_of(group, self.n));
        (from != to).then_some(Handoff {
            parent,
            from,
            to,
            lazy: !changed,
        })
    }
}

/// Events whose state change other partitions read: process creation, exec and exit
/// (the process tree, names, exe paths, args, env for ancestor fields), the session
/// (`proc.sname`), the working directory (an exec path relative to it), users and groups.
fn shared_kind(kind: K) -> bool {
    is_fork_kind(kind)
        || matches!(
            kind,
            K::Execve
                | K::Execveat
                | K::Procexit
                | K::Setsid
                | K::Chdir
                | K::Getcwd
                | K::Useradded
                | K::Userdeleted
                | K::Groupadded
                | K::Groupdeleted
        )
}

/// Events (not sent to every partition) that change what a fork copies from its parent
/// besides fds (`proc_events::build_child`): the working directory by fd, the root
/// directory, the capabilities.
fn changes_unshared_inheritance(kind: K) -> bool {
    matches!(
        kind,
        K::Fchdir | K::Chroot | K::Capset | K::Unshare | K::Setns
    )
}
