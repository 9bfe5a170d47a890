//! The fd list block (FDL v1 and v2): the open fds of one thread at capture start.

use crate::scap::cursor::Cursor;
use crate::scap::error::ScapError;

const MAX_NAME: usize = 1024;

/// One open file descriptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdInfo {
    pub fd: i64,
    pub ino: u64,
    /// The raw `scap_fd_type` number.
    pub fd_type: u8,
    pub kind: FdKind,
}

/// Per-type data of an fd (`scap_fd_type`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FdKind {
    /// Named fds: file (1), directory (2), fifo (7), event (9), unsupported (10), signalfd
    /// (11), eventpoll (12), inotify (13), timerfd (14), netlink (15), bpf (17),
    /// userfaultfd (18), io_uring (19), memfd (20), pidfd (21). `fd_type` tells which.
    Named { name: String },
    /// A regular file with its open flags (`PPM_O_*`) and device (type 16).
    File {
        open_flags: u32,
        name: String,
        dev: Option<u32>,
    },
    /// Connected IPv4 socket (type 3): addresses in network order, ports in host order.
    Ipv4 {
        sip: [u8; 4],
        dip: [u8; 4],
        sport: u16,
        dport: u16,
        l4proto: u8,
    },
    /// Listening IPv4 socket (type 5).
    Ipv4Server { ip: [u8; 4], port: u16, l4proto: u8 },
    /// Connected IPv6 socket (type 4).
    Ipv6 {
        sip: [u8; 16],
        dip: [u8; 16],
        sport: u16,
        dport: u16,
        l4proto: u8,
    },
    /// Listening IPv6 socket (type 6).
    Ipv6Server {
        ip: [u8; 16],
        port: u16,
        l4proto: u8,
    },
    /// Unix socket (type 8): kernel socket addresses used as identities, and the path.
    Unix {
        source: u64,
        dest: u64,
        name: String,
    },
    /// Type 0 (no data), or a v2 type this reader does not know (libs names it
    /// `unknown-type:[N]`).
    Unknown,
}

/// The fds of one thread, as read from an FDL block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdTable {
    pub tid: u64,
    pub fds: Vec<FdInfo>,
}

/// Parses an FDL body of `version` 1 or 2.
pub(crate) fn parse_fds(c: &mut Cursor<'_>, version: u8, id: u32) -> Result<FdTable, ScapError> {
    let tid = c.u64("fd list tid")?;
    let mut fds = Vec::new();
    while c.remaining() >= 4 {
        if version >= 2 {
            let at = c.offset();
            let len = c.u32("fd entry length")? as usize;
            let body_len = len
                .checked_sub(4)
                .ok_or_else(|| c.error(format!("fd entry length {len} below 4")))?;
            let body = c.bytes(body_len, "fd entry")?;
            let mut e = Cursor::new(body, at + 4, id);
            fds.push(parse_entry(&mut e, true)?);
        } else {
            fds.push(parse_entry(c, false)?);
        }
    }
    Ok(FdTable { tid, fds })
}

fn parse_entry(c: &mut Cursor<'_>, v2: bool) -> Result<FdInfo, ScapError> {
    let fd = c.i64("fd")?;
    let ino = c.u64("ino")?;
    let fd_type = c.u8("fd type")?;
    let ip4 = |c: &mut Cursor<'_>, what: &str| -> Result<[u8; 4], ScapError> {
        let mut a = [0u8; 4];
        a.copy_from_slice(c.bytes(4, what)?);
        Ok(a)
    };
    let kind = match fd_type {
        1 | 2 | 7 | 9..=15 | 17..=21 => FdKind::Named {
            name: c.str16("fd name", MAX_NAME)?,
        },
        16 => {
            let open_flags = c.u32("open flags")?;
            let name = c.str16("fd name", MAX_NAME)?;
            // Only a v2 entry (which has a length) can say whether `dev` follows.
            let dev = if v2 && c.remaining() >= 4 {
                Some(c.u32("dev")?)
            } else {
                None
            };
            FdKind::File {
                open_flags,
                name,
                dev,
            }
        }
        3 => FdKind::Ipv4 {
            sip: ip4(c, "source address")?,
            dip: ip4(c, "destination address")?,
            sport: c.u16("source port")?,
            dport: c.u16("destination port")?,
            l4proto: c.u8("l4 protocol")?,
        },
        5 => FdKind::Ipv4Server {
            ip: ip4(c, "address")?,
            port: c.u16("port")?,
            l4proto: c.u8("l4 protocol")?,
        },
        4 => FdKind::Ipv6 {
            sip: c.addr16("source address")?,
            dip: c.addr16("destination address")?,
            sport: c.u16("source port")?,
            dport: c.u16("destination port")?,
            l4proto: c.u8("l4 protocol")?,
        },
        6 => FdKind::Ipv6Server {
            ip: c.addr16("address")?,
            port: c.u16("port")?,
            l4proto: c.u8("l4 protocol")?,
        },
        8 => FdKind::Unix {
            source: c.u64("unix source")?,
            dest: c.u64("unix destination")?,
            name: c.str16("unix path", MAX_NAME)?,
        },
        // SCAP_FD_UNKNOWN carries no type data (libscap reads nothing for it).
        0 => FdKind::Unknown,
        // v2 entries carry their length, so an unknown type can be kept and skipped;
        // v1 has no way to find the next entry.
        _ if v2 => FdKind::Unknown,
        t => return Err(c.error(format!("wrong fd type {t}"))),
    };
    Ok(FdInfo {
        fd,
        ino,
        fd_type,
        kind,
    })
}
