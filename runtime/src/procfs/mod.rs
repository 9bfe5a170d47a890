//! The startup state of a live machine, read from `/proc` and the user database: every
//! thread with its process metadata, every process's open fds (files, directories, pipes,
//! sockets with their endpoints from `/proc/net`), users and groups, machine facts — as the
//! [`CaptureTables`] a capture would carry, so [`crate::Inspector::new`] seeds live state
//! exactly as it seeds replay state, and `falcoc capture` can write them first.
//!
//! Processes vanish while being read: whatever cannot be read is left out or empty.

mod fds;
mod net;
mod task;
mod users;

use std::path::Path;

use crate::scap::{CaptureTables, MachineInfo};

/// Scans the machine through `proc_root` (normally `/proc`) and `etc_root` (`/etc`).
pub fn scan_machine(proc_root: &Path, etc_root: &Path) -> CaptureTables {
    let sockets = net::socket_table(proc_root);
    let mut threads = Vec::new();
    for pid in numeric_entries(proc_root) {
        let pdir = proc_root.join(pid.to_string());
        let fds = fds::open_fds(&pdir, &sockets);
        let mut first = true;
        for tid in numeric_entries(&pdir.join("task")) {
            let tdir = pdir.join("task").join(tid.to_string());
            if let Some(mut t) = task::read_thread(&pdir, &tdir, pid, tid) {
                if tid == pid || first {
                    t.fds = fds.clone();
                }
                first = false;
                threads.push(t);
            }
        }
    }
    let mut tables = CaptureTables::default();
    tables.machine = Some(machine(proc_root));
    tables.users = users::read_users(&etc_root.join("passwd"));
    tables.groups = users::read_groups(&etc_root.join("group"));
    tables.add_threads(threads);
    tables
}

/// Scans this machine's `/proc` and `/etc`.
pub fn scan() -> CaptureTables {
    scan_machine(Path::new("/proc"), Path::new("/etc"))
}

/// Numeric directory names under `dir`, ascending.
fn numeric_entries(dir: &Path) -> Vec<i64> {
    let mut out: Vec<i64> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort_unstable();
    out
}

fn machine(proc_root: &Path) -> MachineInfo {
    let read = |p: &str| std::fs::read_to_string(proc_root.join(p)).unwrap_or_default();
    let mem_kb: u64 = read("meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    MachineInfo {
        num_cpus: std::thread::available_parallelism().map_or(1, |n| n.get() as u32),
        memory_size_bytes: mem_kb * 1024,
        max_pid: read("sys/kernel/pid_max").trim().parse().unwrap_or(0),
        hostname: read("sys/kernel/hostname").trim().to_string(),
        ..MachineInfo::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_process_is_found_with_its_metadata() {
        let t = scan();
        let me = std::process::id() as i64;
        let th = t.thread(me).expect("own thread in the scan");
        assert_eq!(th.pid, me);
        assert!(!th.comm.is_empty());
        assert!(th.exepath.as_deref().is_some_and(|p| p.starts_with('/')));
        assert!(!th.cwd.is_empty());
        assert!(t.users.iter().any(|u| u.uid == 0 && u.name == "root"));
        assert!(t.groups.iter().any(|g| g.gid == 0));
    }

    #[test]
    fn an_open_file_and_a_listening_socket_are_seen() {
        let dir = std::env::temp_dir().join(format!("falcoc-procfs-{}", std::process::id()));
        std::fs::write(&dir, b"x").expect("temp file");
        let file = std::fs::File::open(&dir).expect("open");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let t = scan();
        let me = t.thread(std::process::id() as i64).expect("own thread");
        let name = dir.to_string_lossy().to_string();
        assert!(me.fds.iter().any(|f| matches!(&f.kind,
            crate::scap::FdKind::File { name: n, .. } if *n == name)));
        assert!(me.fds.iter().any(|f| matches!(f.kind,
            crate::scap::FdKind::Ipv4Server { port: p, .. } if p == port)));
        drop(file);
        drop(listener);
        let _ = std::fs::remove_file(&dir);
    }
}
