//! [`Seed`]: the state a capture section's tables give, kept to make the next reseed cheap.
//!
//! A stream of many sections (a capture looped or appended to itself, a recorder that
//! restarts its file) reseeds state at each section. The seed keeps the threads and users
//! the last tables gave, untouched by events, beside those tables: tables that are the same
//! ones (`Arc::ptr_eq`, [`crate::CaptureReader`] shares repeated sections) keep the seed as
//! it is (the inspector copies its state from it); other tables reuse every kept thread whose process-list entry is equal
//! (and whose sockets the same server ports orient). Copies are cheap: a thread's strings
//! and fd table are shared and copied on write.

use std::sync::Arc;

use super::thread::{server_ports, Thread};
use super::threads::ThreadTable;
use super::users::UserTable;
use crate::scap::CaptureTables;

/// The state seeded from one section's tables, as it was before any event.
#[derive(Debug, Default)]
pub(crate) struct Seed {
    tables: Arc<CaptureTables>,
    servers: Vec<u16>,
    pub threads: ThreadTable,
    pub users: Arc<UserTable>,
}

impl Seed {
    /// The seed of `tables`, reusing what `prev` (the previous seed) already built.
    pub fn build(tables: Arc<CaptureTables>, prev: Option<Seed>) -> Seed {
        let prev = match prev {
            Some(p) if Arc::ptr_eq(&p.tables, &tables) => return p,
            other => other,
        };
        let all_fds = tables
            .threads
            .iter()
            .flat_map(|t| t.fds.iter())
            .chain(tables.unattached_fds.iter().flat_map(|t| t.fds.iter()));
        let servers = server_ports(all_fds);
        let users = match &prev {
            Some(p) if p.tables.users == tables.users && p.tables.groups == tables.groups => {
                Arc::clone(&p.users)
            }
            _ => Arc::new(UserTable::from_lists(&tables.users, &tables.groups)),
        };
        // Kept threads are valid for equal entries only if sockets orient the same way.
        let reusable = prev.as_ref().filter(|p| p.servers == servers);
        let mut threads = ThreadTable::default();
        for t in &tables.threads {
            let kept = reusable.and_then(|p| {
                (p.tables.thread(t.tid)? == t)
                    .then(|| p.threads.get(t.tid).cloned())
                    .flatten()
            });
            threads.insert(kept.unwrap_or_else(|| Thread::from_proc(t, &servers)));
        }
        Seed {
            tables,
            servers,
            threads,
            users,
        }
    }

    /// The tables the seed was built from.
    pub fn tables(&self) -> &Arc<CaptureTables> {
        &self.tables
    }
}
