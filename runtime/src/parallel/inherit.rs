//! Inherited fds that have not arrived yet. A child forked into another partition than its
//! parent is created at once from the partition's own copy of the parent (the process
//! tree, names, cwd, env: what every partition keeps), with an fd table that holds only
//! what the child itself opens. The parent's partition sends the parent's fds as they
//! were at the fork; the child's partition takes them only when one of the child's events
//! needs an fd it did not make ([`Inherited::note`]), and then merges them under the
//! child's own ([`Inherited::merge`]). Until then the child's events run without waiting
//! for the parent's partition to reach the fork.
//!
//! What an event of the child may do without the inherited table: open, duplicate or
//! close its own fds, open a file by a path relative to its cwd, close an inherited fd no
//! rule looks at on that event, exec and exit (and see the fork that made it). Anything
//! else (an inherited fd read, written, duplicated or changed, a fork, any other event
//! kind) needs the table first.

use std::sync::mpsc::Receiver;

use falcoc_catalog::events::{Direction, EventKind as K, ParamName as P, ParamType};

use super::batch::ThreadsAt;
use super::fork_event::{int_param, is_fork_kind};
use crate::event::Event;
use crate::state::thread::FdMap;
use crate::state::Inspector;

/// How the forks into a partition took their parents' state, summed over workers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InheritanceCounts {
    /// The child's partition waited for the parent's at the fork.
    pub at_fork: u64,
    /// The child was created at once, its inherited fds to follow.
    pub deferred: u64,
    /// Deferred children that needed their inherited fds later (and waited, if they had
    /// not arrived).
    pub merged: u64,
}

impl InheritanceCounts {
    pub fn add(&mut self, other: InheritanceCounts) {
        self.at_fork += other.at_fork;
        self.deferred += other.deferred;
        self.merged += other.merged;
    }
}

/// A forked child's inherited fds, on their way from the parent's partition.
#[derive(Debug)]
pub struct Inherited {
    from: Receiver<ThreadsAt>,
    /// fds the child opened, duplicated onto or closed since the fork: an inherited entry
    /// of the same number is gone.
    replaced: Vec<i64>,
    /// The child executed a program since the fork: its close-on-exec fds are gone.
    executed: bool,
}

/// What an event of the child needs of its inherited fds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Nothing: the event goes on without them (what it replaced is noted).
    Nothing,
    /// The inherited table must be merged first.
    Table,
    /// The child exits: its fds will not be read again.
    Gone,
}

impl Inherited {
    pub fn new(from: Receiver<ThreadsAt>) -> Inherited {
        Inherited {
            from,
            replaced: Vec::new(),
            executed: false,
        }
    }

    /// What the child's event `ev` needs; `may_match`: whether rules are evaluated on its
    /// code (they may read the fds it names), asked only for a close of an inherited fd.
    /// Notes the fds the event replaces.
    pub fn note(&mut self, ev: &Event<'_>, may_match: impl FnOnce() -> bool) -> Need {
        let kind = ev.kind();
        if kind == K::Procexit {
            return Need::Gone;
        }
        let exit = ev.direction() == Direction::Exit;
        let res = result(ev);
        if is_fork_kind(kind) {
            // The child's own exit of the fork that made it reads nothing of its fds; a
            // fork of its own copies them.
            return if exit && res.is_some_and(|r| r > 0) {
                Need::Table
            } else {
                Need::Nothing
            };
        }
        if !followed(kind) {
            return Need::Table;
        }
        let made = res.filter(|r| exit && *r >= 0 && makes_fd(kind));
        let names_inherited = (0..ev.nparams())
            .filter(|&i| ev.param_type(i) == Some(ParamType::Fd))
            .filter_map(|i| ev.as_i64(i))
            .any(|fd| fd >= 0 && Some(fd) != made && !self.replaced.contains(&fd));
        if names_inherited && (kind != K::Close || may_match()) {
            return Need::Table;
        }
        if exit && res.is_some_and(|r| r >= 0) {
            self.note_success(ev, kind, made);
        }
        Need::Nothing
    }

    /// Notes what a successful exit replaced: the fd a close closed, the fd an open or a
    /// dup made (`made`), or that an exec ran.
    fn note_success(&mut self, ev: &Event<'_>, kind: K, made: Option<i64>) {
        match kind {
            K::Close => {
                if let Some(fd) = int_param(ev, P::Fd) {
                    self.replace(fd);
                }
            }
            K::Execve | K::Execveat => self.executed = true,
            _ => made.into_iter().for_each(|fd| self.replace(fd)),
        }
    }

    fn replace(&mut self, fd: i64) {
        if fd >= 0 && !self.replaced.contains(&fd) {
            self.replaced.push(fd);
        }
    }

    /// Waits for the inherited fds and puts them under the fds of `child` (its own win).
    /// `Err` when the parent's partition stopped first.
    pub fn merge(self, insp: &mut Inspector, child: i64) -> Result<(), ()> {
        let threads = self.from.recv().map_err(|_| ())?;
        // The export holds the parent thread, then its main thread: the fd table's owner.
        let Some(parent) = threads.into_iter().rev().find_map(|(_, t)| t) else {
            return Ok(());
        };
        let Some(fds) = insp.threads.fds_mut(child) else {
            return Ok(());
        };
        let mut merged: FdMap = (*parent.fds).clone();
        if self.executed {
            merged.retain(|_, f| !f.is_cloexec());
        }
        for fd in &self.replaced {
            merged.remove(fd);
        }
        for (fd, f) in fds.drain() {
            merged.insert(fd, f);
        }
        *fds = merged;
        Ok(())
    }
}

/// The event kinds whose effect on the fd table this module follows.
fn followed(kind: K) -> bool {
    makes_fd(kind) || matches!(kind, K::Close | K::Execve | K::Execveat)
}

/// The kinds whose result is a new fd of the process.
fn makes_fd(kind: K) -> bool {
    matches!(
        kind,
        K::Open | K::Openat | K::Openat2 | K::Creat | K::Dup | K::Dup2 | K::Dup3
    )
}

/// An exit's result: `res`, or the `fd` an open returns as its first parameter.
fn result(ev: &Event<'_>) -> Option<i64> {
    let i = ev
        .param_index(P::Res)
        .or_else(|| ev.param_index(P::Fd).filter(|i| *i == 0))?;
    ev.as_i64(i)
}
