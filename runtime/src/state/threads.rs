//! The thread table: threads by tid, the main-thread and parent relations, the
//! per-process fd table, and removal of exited threads.

use rustc_hash::{FxHashMap, FxHashSet};

use super::fd::Fd;
use super::thread::{FdMap, Text, Thread};

/// At most this many steps up the parent chain (guards against parent loops).
pub const MAX_ANCESTORS: usize = 256;

/// Threads by tid.
#[derive(Clone, Debug, Default)]
pub struct ThreadTable {
    map: FxHashMap<i64, Thread>,
}

impl ThreadTable {
    /// Number of threads held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The thread `tid`.
    pub fn get(&self, tid: i64) -> Option<&Thread> {
        self.map.get(&tid)
    }

    /// The thread `tid`, mutable.
    pub fn get_mut(&mut self, tid: i64) -> Option<&mut Thread> {
        self.map.get_mut(&tid)
    }

    /// Inserts or replaces a thread.
    pub fn insert(&mut self, t: Thread) {
        self.map.insert(t.tid, t);
    }

    /// Removes a thread.
    pub fn remove(&mut self, tid: i64) -> Option<Thread> {
        self.map.remove(&tid)
    }

    /// Every thread.
    pub fn iter(&self) -> impl Iterator<Item = &Thread> {
        self.map.values()
    }

    /// The tid of the main thread of `tid`'s process when it is known, else `tid`.
    pub fn main_tid(&self, tid: i64) -> i64 {
        match self.map.get(&tid) {
            Some(t) if t.pid != t.tid && t.pid > 0 && self.map.contains_key(&t.pid) => t.pid,
            _ => tid,
        }
    }

    /// The main thread of `tid`'s process (the thread itself when its main is unknown).
    pub fn main_of(&self, tid: i64) -> Option<&Thread> {
        self.map.get(&self.main_tid(tid))
    }

    /// The working directory of `tid`'s process (empty when the process is unknown).
    pub fn cwd_of(&self, tid: i64) -> Text {
        self.main_of(tid).map(|m| m.cwd.clone()).unwrap_or_default()
    }

    /// The parent process of `tid`: the main thread of the thread named by the ptid of
    /// `tid`'s main thread.
    pub fn parent_of(&self, tid: i64) -> Option<&Thread> {
        let main = self.main_of(tid)?;
        if main.ptid < 0 || main.ptid == main.tid {
            return None;
        }
        let p = self.map.get(&main.ptid)?;
        self.main_of(p.tid)
    }

    /// `tid`'s process followed by its ancestors (main threads), nearest first.
    pub fn lineage(&self, tid: i64) -> Vec<&Thread> {
        let mut out = Vec::new();
        let Some(mut cur) = self.main_of(tid) else {
            return out;
        };
        out.push(cur);
        while out.len() <= MAX_ANCESTORS {
            match self.parent_of(cur.tid) {
                Some(p) if !out.iter().any(|t| t.tid == p.tid) => {
                    out.push(p);
                    cur = p;
                }
                _ => break,
            }
        }
        out
    }

    /// The fd table of `tid`'s process.
    pub fn fds(&self, tid: i64) -> Option<&FdMap> {
        self.map.get(&self.main_tid(tid)).map(|t| &*t.fds)
    }

    /// The fd table of `tid`'s process, mutable (copied first when it is shared).
    pub fn fds_mut(&mut self, tid: i64) -> Option<&mut FdMap> {
        let m = self.main_tid(tid);
        self.map.get_mut(&m).map(Thread::fds_mut)
    }

    /// fd `fd` of `tid`'s process.
    pub fn fd(&self, tid: i64, fd: i64) -> Option<&Fd> {
        self.fds(tid)?.get(&fd)
    }

    /// Whether another live thread belongs to `pid`'s thread group.
    pub fn group_has_other_live(&self, pid: i64, except: i64) -> Option<i64> {
        self.map
            .values()
            .find(|t| t.pid == pid && t.tid != except && !t.dead)
            .map(|t| t.tid)
    }

    /// Removes an exited thread: its children are re-parented to `reaper` (when given and
    /// known) or to another live thread of its group; a main thread whose group still has
    /// live threads stays (marked dead) until the last of them goes.
    pub fn remove_exited(&mut self, tid: i64, reaper: Option<i64>) {
        let Some(t) = self.map.get(&tid) else { return };
        let pid = t.pid;
        let is_main = t.is_main();
        let sibling = self.group_has_other_live(pid, tid);
        let new_parent = reaper
            .filter(|r| *r > 0 && *r != tid && self.map.get(r).is_some_and(|t| !t.dead))
            .or(sibling);
        if let Some(np) = new_parent {
            for c in self.map.values_mut() {
                if c.ptid == tid && c.tid != tid {
                    c.ptid = np;
                }
            }
        }
        if is_main && sibling.is_some() {
            return;
        }
        self.map.remove(&tid);
        // A dead main thread kept for its group goes with the group's last thread.
        if !is_main && pid > 0 {
            let main_dead = self.map.get(&pid).is_some_and(|m| m.dead);
            if main_dead && self.group_has_other_live(pid, pid).is_none() {
                self.map.remove(&pid);
            }
        }
    }

    /// Drops placeholders not seen since `before` (ns) that no thread names as parent.
    pub fn purge_stale_placeholders(&mut self, last_seen: &FxHashMap<i64, u64>, before: u64) {
        let parents: FxHashSet<i64> = self.map.values().map(|t| t.ptid).collect();
        self.map.retain(|tid, t| {
            !(t.placeholder
                && !parents.contains(tid)
                && last_seen.get(tid).is_none_or(|ts| *ts < before))
        });
    }
}
