//! The tables a capture carries before its events, as plain structs for the state layer.

use std::collections::HashMap;

use super::meta::fds::FdTable;
use super::meta::interfaces::Interface;
use super::meta::machine::MachineInfo;
use super::meta::section::SectionHeader;
use super::meta::threads::ThreadInfo;
use super::meta::users::{Group, User};

/// Everything read from a capture's metadata blocks.
#[derive(Clone, Debug, Default)]
pub struct CaptureTables {
    /// The (last) section header.
    pub section: Option<SectionHeader>,
    pub machine: Option<MachineInfo>,
    pub interfaces: Vec<Interface>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    /// The process list, one entry per thread, with each thread's fds attached.
    pub threads: Vec<ThreadInfo>,
    /// Fd lists whose thread is not in the process list.
    pub unattached_fds: Vec<FdTable>,
    /// Metadata blocks of unknown type that were skipped: (offset, block id).
    pub skipped_blocks: Vec<(u64, u32)>,
    index: HashMap<i64, usize>,
}

impl CaptureTables {
    /// The process-list entry of thread `tid`.
    pub fn thread(&self, tid: i64) -> Option<&ThreadInfo> {
        self.threads.get(*self.index.get(&tid)?)
    }

    /// The user with `uid`.
    pub fn user(&self, uid: u32) -> Option<&User> {
        self.users.iter().find(|u| u.uid == uid)
    }

    /// The group with `gid`.
    pub fn group(&self, gid: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.gid == gid)
    }

    /// Adds process-list entries (a later entry for the same tid replaces the earlier one).
    pub(crate) fn add_threads(&mut self, threads: Vec<ThreadInfo>) {
        for t in threads {
            match self.index.get(&t.tid) {
                Some(&i) => {
                    if let Some(slot) = self.threads.get_mut(i) {
                        *slot = t;
                    }
                }
                None => {
                    self.index.insert(t.tid, self.threads.len());
                    self.threads.push(t);
                }
            }
        }
    }

    /// Attaches an fd list to its thread.
    pub(crate) fn add_fds(&mut self, table: FdTable) {
        let tid = table.tid as i64;
        match self.index.get(&tid).and_then(|i| self.threads.get_mut(*i)) {
            Some(t) => t.fds.extend(table.fds),
            None => self.unattached_fds.push(table),
        }
    }
}
