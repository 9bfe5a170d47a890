//! One thread's state ([`Thread`]) and how a process-list entry seeds it.
//!
//! A thread's strings and lists are shared (`Arc`), and so is its fd table (copy on
//! write): a fork, a reseed from unchanged tables and a partition hand-over copy pointers,
//! not text.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::container;
use super::fd::{l4, unmap_v6, v4, Fd, FdType, Role, SockAddrs};
use super::path;
use crate::scap::{FdInfo, FdKind, ThreadInfo};

/// `PPM_CL_*` clone flags and thread flags.
pub mod cl {
    pub const CLONE_FILES: u32 = 1 << 0;
    pub const CLONE_FS: u32 = 1 << 1;
    pub const CLONE_NEWPID: u32 = 1 << 6;
    pub const CLONE_PARENT: u32 = 1 << 8;
    pub const CLONE_THREAD: u32 = 1 << 13;
    pub const CLONE_INVERTED: u32 = 1 << 16;
    pub const NAME_CHANGED: u32 = 1 << 17;
    pub const ACTIVE: u32 = 1 << 19;
    pub const CLONE_NEWUSER: u32 = 1 << 20;
    pub const PIPE_SRC: u32 = 1 << 21;
    pub const PIPE_DST: u32 = 1 << 22;
    pub const CLONE_VFORK: u32 = 1 << 27;
    pub const CHILD_IN_PIDNS: u32 = 1 << 29;
    pub const IS_MAIN_THREAD: u32 = 1 << 30;
}

/// Shared text of a thread (`proc.name`, `proc.cwd`…).
pub type Text = Arc<str>;

/// A shared list of strings (arguments, environment, cgroups).
pub type TextList = Arc<[String]>;

/// A process's fd table by fd number.
pub type FdMap = FxHashMap<i64, Fd>;

/// The per-thread state of libsinsp's threadinfo that fields read.
#[derive(Clone, Debug, Default)]
pub struct Thread {
    pub tid: i64,
    /// Thread-group id; -1 for a placeholder.
    pub pid: i64,
    /// Parent thread id; -1 for a placeholder.
    pub ptid: i64,
    pub sid: i64,
    pub vpgid: i64,
    pub pgid: i64,
    pub vtid: i64,
    pub vpid: i64,
    /// `proc.name`.
    pub comm: Text,
    /// argv\[0\].
    pub exe: Text,
    pub exepath: Text,
    pub args: TextList,
    pub env: TextList,
    /// Working directory with a trailing `/` (read through the main thread).
    pub cwd: Text,
    pub root: Text,
    pub uid: u32,
    pub gid: u32,
    /// `u32::MAX` when unset.
    pub loginuid: u32,
    pub tty: u32,
    pub cgroups: TextList,
    pub container_id: Text,
    /// The container the cgroups name (`None` on the host).
    pub container: Option<Arc<container::ContainerRef>>,
    pub cap_inheritable: u64,
    pub cap_permitted: u64,
    pub cap_effective: u64,
    pub exe_writable: bool,
    pub exe_upper_layer: bool,
    pub exe_lower_layer: bool,
    pub exe_from_memfd: bool,
    pub exe_ino: u64,
    pub exe_ino_ctime: u64,
    pub exe_ino_mtime: u64,
    pub fdlimit: i64,
    pub vmsize_kb: u32,
    pub vmrss_kb: u32,
    pub vmswap_kb: u32,
    pub pfmajor: u64,
    pub pfminor: u64,
    /// 0 when the thread was not created by a clone seen in the stream.
    pub clone_ts: u64,
    pub lastexec_ts: u64,
    /// CPU time accumulated from the switch events of the thread.
    pub totexectime: u64,
    pub pidns_init_start_ts: u64,
    /// `PPM_CL_*` bits.
    pub flags: u32,
    /// Created because an event referred to an unknown tid.
    pub placeholder: bool,
    /// A procexit was seen; removed when the next event is processed.
    pub dead: bool,
    /// The fd table (used on the main thread; threads share it); copied on first write
    /// when shared (after a fork or a reseed).
    pub fds: Arc<FdMap>,
}

impl Thread {
    /// The placeholder libsinsp creates for an unknown tid.
    pub fn placeholder(tid: i64) -> Thread {
        Thread {
            tid,
            pid: -1,
            ptid: -1,
            sid: -1,
            vpgid: -1,
            pgid: -1,
            vtid: -1,
            vpid: -1,
            comm: "<NA>".into(),
            exe: "<NA>".into(),
            uid: u32::MAX,
            gid: u32::MAX,
            loginuid: u32::MAX,
            fdlimit: -1,
            container_id: container::HOST.into(),
            placeholder: true,
            ..Thread::default()
        }
    }

    /// Whether this is its process's main thread.
    pub fn is_main(&self) -> bool {
        self.tid == self.pid
    }

    /// Sets the cgroups and the container id derived from them (an exec whose cgroups are
    /// its own does not call it: see [`same_cgroup`]).
    pub fn set_cgroups(&mut self, cgroups: Vec<String>) {
        self.container = container::container_ref(&cgroups).map(Arc::new);
        self.container_id = self.container.as_ref().map_or_else(
            || Text::from(container::HOST),
            |c| Text::from(c.id.as_str()),
        );
        // libsinsp shows the cgroup v2 `io` controller under its v1 name.
        self.cgroups = cgroups
            .into_iter()
            .map(|c| match c.strip_prefix("io=") {
                Some(path) => format!("blkio={path}"),
                None => c,
            })
            .collect();
    }

    /// Takes `from`'s cgroups and container (a clone whose cgroups are its parent's: the
    /// container is not looked up again).
    pub fn share_cgroups(&mut self, from: &Thread) {
        self.cgroups = Arc::clone(&from.cgroups);
        self.container = from.container.clone();
        self.container_id = Arc::clone(&from.container_id);
    }

    /// The fd table, mutable (copied first when another thread or a seed shares it).
    pub fn fds_mut(&mut self) -> &mut FdMap {
        Arc::make_mut(&mut self.fds)
    }

    /// A thread seeded from a process-list entry; `servers` holds the ports of the
    /// listening sockets seen anywhere in the capture (to orient connected sockets).
    pub fn from_proc(t: &ThreadInfo, servers: &[u16]) -> Thread {
        let text = |s: &str| Text::from(s);
        let mut th = Thread {
            tid: t.tid,
            pid: t.pid,
            ptid: t.ptid,
            sid: t.sid.unwrap_or(-1),
            vpgid: t.vpgid.unwrap_or(-1),
            pgid: t.pgid.unwrap_or(-1),
            vtid: t.vtid.unwrap_or(t.tid),
            vpid: t.vpid.unwrap_or(t.pid),
            cwd: path::with_trailing_slash(&t.cwd).into(),
            comm: text(&t.comm),
            exe: text(&t.exe),
            // libsinsp drops the ` (deleted)` the kernel appends to a removed executable
            exepath: t.exepath.as_deref().map_or_else(
                || text(""),
                |p| text(p.strip_suffix(" (deleted)").unwrap_or(p)),
            ),
            args: t.args.as_slice().into(),
            env: t.env.as_deref().unwrap_or_default().into(),
            root: text(t.root.as_deref().unwrap_or_default()),
            uid: t.uid,
            gid: t.gid,
            loginuid: t.loginuid.unwrap_or(u32::MAX),
            tty: t.tty.unwrap_or(0),
            cap_inheritable: t.cap_inheritable.unwrap_or(0),
            cap_permitted: t.cap_permitted.unwrap_or(0),
            cap_effective: t.cap_effective.unwrap_or(0),
            exe_writable: t.exe_writable.unwrap_or(false),
            exe_upper_layer: t.exe_upper_layer.unwrap_or(false),
            exe_lower_layer: t.exe_lower_layer.unwrap_or(false),
            exe_from_memfd: t.exe_from_memfd.unwrap_or(false),
            exe_ino: t.exe_ino.unwrap_or(0),
            exe_ino_ctime: t.exe_ino_ctime.unwrap_or(0),
            exe_ino_mtime: t.exe_ino_mtime.unwrap_or(0),
            fdlimit: i64::try_from(t.fdlimit).unwrap_or(i64::MAX),
            vmsize_kb: t.vmsize_kb.unwrap_or(0),
            vmrss_kb: t.vmrss_kb.unwrap_or(0),
            vmswap_kb: t.vmswap_kb.unwrap_or(0),
            pfmajor: t.pfmajor.unwrap_or(0),
            pfminor: t.pfminor.unwrap_or(0),
            pidns_init_start_ts: t.pidns_init_start_ts.unwrap_or(0),
            flags: t.flags | cl::ACTIVE,
            ..Thread::default()
        };
        th.set_cgroups(t.cgroups.clone().unwrap_or_default());
        if !t.fds.is_empty() {
            th.fds = Arc::new(
                t.fds
                    .iter()
                    .map(|f| (f.fd, fd_from_proc(f, servers)))
                    .collect(),
            );
        }
        th
    }
}

/// The ports of listening sockets in a capture's fd lists.
pub fn server_ports<'a>(fds: impl Iterator<Item = &'a FdInfo>) -> Vec<u16> {
    let mut out: Vec<u16> = fds
        .filter_map(|f| match f.kind {
            FdKind::Ipv4Server { port, .. } | FdKind::Ipv6Server { port, .. } => Some(port),
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An fd-list entry as an [`Fd`] (libsinsp's `add_fd_from_scap` plus the orientation
/// of connected sockets by the known server ports).
fn fd_from_proc(f: &FdInfo, servers: &[u16]) -> Fd {
    let kind = FdType::from_code(f.fd_type);
    let mut fd = match &f.kind {
        FdKind::Named { name } => Fd::new(kind, name.clone()),
        FdKind::File {
            open_flags,
            name,
            dev,
        } => {
            let mut fd = Fd::new(kind, name.clone());
            fd.flags = *open_flags;
            fd.dev = dev.unwrap_or(0);
            fd
        }
        FdKind::Ipv4 {
            sip,
            dip,
            sport,
            dport,
            l4proto,
        } => connected(kind, v4(*sip), *sport, v4(*dip), *dport, *l4proto, servers),
        FdKind::Ipv6 {
            sip,
            dip,
            sport,
            dport,
            l4proto,
        } => {
            let (s, d) = (unmap_v6(*sip), unmap_v6(*dip));
            let kind = if s.is_ipv4() && d.is_ipv4() {
                FdType::Ipv4Sock
            } else {
                kind
            };
            connected(kind, s, *sport, d, *dport, *l4proto, servers)
        }
        FdKind::Ipv4Server { ip, port, l4proto } => server(kind, v4(*ip), *port, *l4proto),
        FdKind::Ipv6Server { ip, port, l4proto } => {
            let ip = unmap_v6(*ip);
            let kind = if ip.is_ipv4() {
                FdType::Ipv4ServSock
            } else {
                kind
            };
            server(kind, ip, *port, *l4proto)
        }
        FdKind::Unix { source, dest, name } => {
            let mut fd = Fd::new(FdType::UnixSock, name.clone());
            fd.addrs = SockAddrs::Unix {
                source: *source,
                dest: *dest,
            };
            fd.role = if name.is_empty() {
                Role::Client
            } else {
                Role::Server
            };
            fd
        }
        FdKind::Unknown => Fd::new(kind, ""),
    };
    fd.ino = f.ino;
    fd
}

fn server(kind: FdType, ip: std::net::IpAddr, port: u16, l4proto: u8) -> Fd {
    let mut fd = Fd::new(kind, "");
    fd.addrs = SockAddrs::Server { ip, port };
    fd.l4proto = l4proto;
    fd.role = Role::Server;
    fd.rebuild_socket_name(None);
    fd
}

fn connected(
    kind: FdType,
    sip: std::net::IpAddr,
    sport: u16,
    dip: std::net::IpAddr,
    dport: u16,
    l4proto: u8,
    servers: &[u16],
) -> Fd {
    let mut fd = Fd::new(kind, "");
    fd.l4proto = l4proto;
    fd.connected = l4proto == l4::TCP;
    // The /proc tables list the local end first: a local port that is a server port
    // means this end is the server, so the tuple is swapped to put the client first.
    if servers.binary_search(&sport).is_ok() {
        fd.addrs = SockAddrs::Tuple {
            sip: dip,
            sport: dport,
            dip: sip,
            dport: sport,
        };
        fd.role = Role::Server;
    } else {
        fd.addrs = SockAddrs::Tuple {
            sip,
            sport,
            dip,
            dport,
        };
        fd.role = Role::Client;
    }
    fd.rebuild_socket_name(None);
    fd
}

/// Whether the cgroup entry `given` (as an event has it) is kept as `stored`.
pub(crate) fn same_cgroup(given: &[u8], stored: &str) -> bool {
    match given.strip_prefix(b"io=") {
        Some(path) => stored.as_bytes().strip_prefix(b"blkio=") == Some(path),
        None => given == stored.as_bytes(),
    }
}
