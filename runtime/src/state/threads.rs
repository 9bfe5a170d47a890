//! The thread table: threads by tid, the main-thread and parent relations, the
//! per-process fd table, and removal of exited threads.
//!
//! Two indexes spare whole-table scans: the threads of each thread group (by `pid`) and the
//! children of each thread (by `ptid`). INVARIANT: a thread in the table changes its `pid`
//! or `ptid` only through [`ThreadTable::set_pid`] and [`ThreadTable::set_ptid`], which keep
//! the indexes; readers still check the field, so an index entry is a candidate only.

use rustc_hash::FxHashMap;

use super::fd::Fd;
use super::thread::{FdMap, Text, Thread};

/// At most this many steps up the parent chain (guards against parent loops).
pub const MAX_ANCESTORS: usize = 256;

/// Threads by tid.
#[derive(Clone, Debug, Default)]
pub struct ThreadTable {
    map: FxHashMap<i64, Thread>,
    /// Thread ids by thread-group id.
    groups: Index,
    /// Thread ids by parent thread id.
    children: Index,
}

/// Thread ids listed under a key (a group or parent id).
#[derive(Clone, Debug, Default)]
struct Index(FxHashMap<i64, Vec<i64>>);

impl Index {
    fn add(&mut self, key: i64, tid: i64) {
        self.0.entry(key).or_default().push(tid);
    }

    fn remove(&mut self, key: i64, tid: i64) {
        if let Some(list) = self.0.get_mut(&key) {
            list.retain(|t| *t != tid);
            if list.is_empty() {
                self.0.remove(&key);
            }
        }
    }

    fn get(&self, key: i64) -> &[i64] {
        self.0.get(&key).map_or(&[], Vec::as_slice)
    }
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
        let (tid, pid, ptid) = (t.tid, t.pid, t.ptid);
        if let Some(old) = self.map.insert(tid, t) {
            self.groups.remove(old.pid, tid);
            self.children.remove(old.ptid, tid);
        }
        self.groups.add(pid, tid);
        self.children.add(ptid, tid);
    }

    /// Removes a thread.
    pub fn remove(&mut self, tid: i64) -> Option<Thread> {
        let old = self.map.remove(&tid)?;
        self.groups.remove(old.pid, tid);
        self.children.remove(old.ptid, tid);
        Some(old)
    }

    /// Moves thread `tid` to thread group `pid`.
    pub fn set_pid(&mut self, tid: i64, pid: i64) {
        let Some(t) = self.map.get_mut(&tid) else {
            return;
        };
        if t.pid != pid {
            self.groups.remove(t.pid, tid);
            t.pid = pid;
            self.groups.add(pid, tid);
        }
    }

    /// Gives thread `tid` the parent `ptid`.
    pub fn set_ptid(&mut self, tid: i64, ptid: i64) {
        let Some(t) = self.map.get_mut(&tid) else {
            return;
        };
        if t.ptid != ptid {
            self.children.remove(t.ptid, tid);
            t.ptid = ptid;
            self.children.add(ptid, tid);
        }
    }

    /// The threads of thread group `pid`.
    pub fn group(&self, pid: i64) -> impl Iterator<Item = &Thread> {
        self.groups
            .get(pid)
            .iter()
            .filter_map(|tid| self.map.get(tid))
            .filter(move |t| t.pid == pid)
    }

    /// The live (not exited) threads of thread group `pid` (`proc.nthreads`).
    pub fn live_in_group(&self, pid: i64) -> usize {
        self.group(pid).filter(|t| !t.dead).count()
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
        self.ancestry(tid).collect()
    }

    /// [`Self::lineage`] without collecting it: `tid`'s process, then its ancestors, each
    /// once (a parent loop ends the walk), at most `MAX_ANCESTORS` above the process.
    pub fn ancestry(&self, tid: i64) -> Ancestry<'_> {
        Ancestry {
            table: self,
            next: self.main_of(tid),
            seen: [0; MAX_ANCESTORS + 1],
            len: 0,
        }
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

    /// Another live thread of `pid`'s thread group, if there is one.
    pub fn group_has_other_live(&self, pid: i64, except: i64) -> Option<i64> {
        self.group(pid)
            .find(|t| t.tid != except && !t.dead)
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
            let children: Vec<i64> = self.children.get(tid).to_vec();
            for c in children {
                if c != tid && self.map.get(&c).is_some_and(|t| t.ptid == tid) {
                    self.set_ptid(c, np);
                }
            }
        }
        if is_main && sibling.is_some() {
            return;
        }
        self.remove(tid);
        // A dead main thread kept for its group goes with the group's last thread.
        if !is_main && pid > 0 {
            let main_dead = self.map.get(&pid).is_some_and(|m| m.dead);
            if main_dead && self.group_has_other_live(pid, pid).is_none() {
                self.remove(pid);
            }
        }
    }

    /// Drops placeholders not seen since `before` (ns) that no thread names as parent.
    pub fn purge_stale_placeholders(&mut self, last_seen: &FxHashMap<i64, u64>, before: u64) {
        let stale: Vec<i64> = self
            .map
            .values()
            .filter(|t| {
                t.placeholder
                    && self.children.get(t.tid).is_empty()
                    && last_seen.get(&t.tid).is_none_or(|ts| *ts < before)
            })
            .map(|t| t.tid)
            .collect();
        for tid in stale {
            self.remove(tid);
        }
    }
}

/// The walk of [`ThreadTable::ancestry`].
pub struct Ancestry<'a> {
    table: &'a ThreadTable,
    next: Option<&'a Thread>,
    /// The tids yielded so far (on the stack: the walk allocates nothing).
    seen: [i64; MAX_ANCESTORS + 1],
    len: usize,
}

impl<'a> Iterator for Ancestry<'a> {
    type Item = &'a Thread;

    fn next(&mut self) -> Option<&'a Thread> {
        let cur = self.next.take()?;
        if let Some(slot) = self.seen.get_mut(self.len) {
            *slot = cur.tid;
            self.len += 1;
        }
        if self.len <= MAX_ANCESTORS {
            let seen = self.seen.get(..self.len).unwrap_or_default();
            self.next = self
                .table
                .parent_of(cur.tid)
                .filter(|p| !seen.contains(&p.tid));
        }
        Some(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread(tid: i64, pid: i64, ptid: i64) -> Thread {
        Thread {
            tid,
            pid,
            ptid,
            comm: format!("t{tid}").into(),
            ..Thread::default()
        }
    }

    fn table(threads: &[(i64, i64, i64)]) -> ThreadTable {
        let mut t = ThreadTable::default();
        for &(tid, pid, ptid) in threads {
            t.insert(thread(tid, pid, ptid));
        }
        t
    }

    fn tids<'a>(it: impl Iterator<Item = &'a Thread>) -> Vec<i64> {
        let mut v: Vec<i64> = it.map(|t| t.tid).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn the_group_index_follows_inserts_moves_and_removals() {
        let mut t = table(&[(10, 10, 1), (11, 10, 1), (12, 10, 1), (20, 20, 10)]);
        assert_eq!(tids(t.group(10)), [10, 11, 12]);
        t.set_pid(12, 20);
        assert_eq!(tids(t.group(10)), [10, 11]);
        assert_eq!(tids(t.group(20)), [12, 20]);
        t.remove(11);
        assert_eq!(t.live_in_group(10), 1);
        t.insert(thread(10, 30, 1));
        assert_eq!(tids(t.group(10)), Vec::<i64>::new());
        assert_eq!(tids(t.group(30)), [10]);
    }

    #[test]
    fn an_exited_parent_hands_its_children_to_the_reaper() {
        let mut t = table(&[(1, 1, 0), (10, 10, 1), (20, 20, 10), (21, 21, 10)]);
        t.remove_exited(10, Some(1));
        assert!(t.get(10).is_none());
        assert_eq!(t.get(20).map(|c| c.ptid), Some(1));
        assert_eq!(t.get(21).map(|c| c.ptid), Some(1));
        assert_eq!(tids(t.ancestry(20)), [1, 20]);
    }

    #[test]
    fn a_parent_loop_ends_the_ancestry() {
        let t = table(&[(10, 10, 20), (20, 20, 30), (30, 30, 20)]);
        let walk: Vec<i64> = t.ancestry(10).map(|t| t.tid).collect();
        assert_eq!(walk, [10, 20, 30]);
        assert_eq!(t.lineage(10).len(), 3);
    }

    #[test]
    fn a_placeholder_that_is_a_parent_is_not_purged() {
        let mut t = table(&[(10, -1, -1), (11, -1, -1), (20, 20, 10)]);
        for tid in [10, 11] {
            if let Some(p) = t.get_mut(tid) {
                p.placeholder = true;
            }
        }
        t.purge_stale_placeholders(&FxHashMap::default(), 100);
        assert!(t.get(10).is_some());
        assert!(t.get(11).is_none());
    }
}
