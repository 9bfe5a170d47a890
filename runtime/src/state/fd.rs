//! File descriptors as libsinsp tracks them: type (`scap_fd_type`), name, open flags,
//! socket endpoints, role and connection state, and the one-letter `fd.typechar`.

use crate::event::SockAddr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `scap_fd_type`, with libscap's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FdType {
    Unknown = 0,
    File = 1,
    Directory = 2,
    Ipv4Sock = 3,
    Ipv6Sock = 4,
    Ipv4ServSock = 5,
    Ipv6ServSock = 6,
    Fifo = 7,
    UnixSock = 8,
    Event = 9,
    Unsupported = 10,
    Signalfd = 11,
    Eventpoll = 12,
    Inotify = 13,
    Timerfd = 14,
    Netlink = 15,
    FileV2 = 16,
    Bpf = 17,
    Userfaultfd = 18,
    IoUring = 19,
    Memfd = 20,
    Pidfd = 21,
}

impl FdType {
    /// The type with libscap number `n` (unknown numbers give `Unknown`).
    pub fn from_code(n: u8) -> FdType {
        use FdType::*;
        const ALL: [FdType; 22] = [
            Unknown,
            File,
            Directory,
            Ipv4Sock,
            Ipv6Sock,
            Ipv4ServSock,
            Ipv6ServSock,
            Fifo,
            UnixSock,
            Event,
            Unsupported,
            Signalfd,
            Eventpoll,
            Inotify,
            Timerfd,
            Netlink,
            FileV2,
            Bpf,
            Userfaultfd,
            IoUring,
            Memfd,
            Pidfd,
        ];
        ALL.get(usize::from(n)).copied().unwrap_or(Unknown)
    }

    /// `fd.type`: the libsinsp type string; `None` where libsinsp has none.
    pub fn type_str(self) -> Option<&'static str> {
        use FdType::*;
        Some(match self {
            File | FileV2 => "file",
            Directory => "directory",
            Ipv4Sock | Ipv4ServSock => "ipv4",
            Ipv6Sock | Ipv6ServSock => "ipv6",
            UnixSock => "unix",
            Fifo => "pipe",
            Event => "event",
            Signalfd => "signalfd",
            Eventpoll => "eventpoll",
            Inotify => "inotify",
            Timerfd => "timerfd",
            Netlink => "netlink",
            Bpf => "bpf",
            Userfaultfd => "userfaultfd",
            IoUring => "io_uring",
            Memfd => "memfd",
            Pidfd => "pidfd",
            Unknown | Unsupported => return None,
        })
    }

    /// `fd.typechar`.
    pub fn type_char(self) -> char {
        use FdType::*;
        match self {
            File | FileV2 => 'f',
            Directory => 'd',
            Ipv4Sock | Ipv4ServSock => '4',
            Ipv6Sock | Ipv6ServSock => '6',
            UnixSock | Userfaultfd => 'u',
            Fifo => 'p',
            Event => 'e',
            Signalfd => 's',
            Eventpoll => 'l',
            Inotify => 'i',
            Timerfd => 't',
            Netlink => 'n',
            Bpf => 'b',
            IoUring => 'r',
            Memfd => 'm',
            Pidfd => 'P',
            Unsupported => 'X',
            Unknown => 'o',
        }
    }

    /// IPv4 or IPv6, connected or listening.
    pub fn is_ip_socket(self) -> bool {
        matches!(
            self,
            FdType::Ipv4Sock | FdType::Ipv6Sock | FdType::Ipv4ServSock | FdType::Ipv6ServSock
        )
    }

    /// A listening IP socket.
    pub fn is_server_socket(self) -> bool {
        matches!(self, FdType::Ipv4ServSock | FdType::Ipv6ServSock)
    }

    /// Any socket kind (IP, unix, netlink).
    pub fn is_socket(self) -> bool {
        self.is_ip_socket() || matches!(self, FdType::UnixSock | FdType::Netlink)
    }

    /// A file or directory (the types whose name is a path).
    pub fn is_file(self) -> bool {
        matches!(self, FdType::File | FdType::FileV2 | FdType::Directory)
    }
}

/// `scap_l4_proto`.
pub mod l4 {
    pub const UNKNOWN: u8 = 0;
    pub const TCP: u8 = 1;
    pub const UDP: u8 = 2;
    pub const ICMP: u8 = 3;
    pub const RAW: u8 = 4;
}

/// The `fd.l4proto` text of an l4 protocol number.
pub fn l4proto_str(p: u8) -> &'static str {
    match p {
        l4::TCP => "tcp",
        l4::UDP => "udp",
        l4::ICMP => "icmp",
        l4::RAW => "raw",
        _ => "<NA>",
    }
}

/// Which end of a connection the process owning the fd is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    None,
    Client,
    Server,
}

/// Socket addressing of an fd.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum SockAddrs {
    #[default]
    None,
    /// A connected (or partly known) IP socket: sip/sport is the client end.
    Tuple {
        sip: IpAddr,
        sport: u16,
        dip: IpAddr,
        dport: u16,
    },
    /// A listening IP socket.
    Server { ip: IpAddr, port: u16 },
    /// A unix socket: kernel socket addresses used as identities.
    Unix { source: u64, dest: u64 },
}

/// One file descriptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fd {
    pub kind: FdType,
    /// `fd.name`.
    pub name: String,
    /// `fd.nameraw`: the name as passed to the syscall; only the open family sets it
    /// (libsinsp: every other fd, and every fd of the capture's fd list, has it empty).
    pub name_raw: String,
    /// `PPM_O_*` open flags.
    pub flags: u32,
    pub dev: u32,
    pub ino: u64,
    pub l4proto: u8,
    pub addrs: SockAddrs,
    pub role: Role,
    pub connected: bool,
    /// For pidfds: the pid the fd refers to.
    pub pid: i64,
}

/// `PPM_O_*` bits used by the state and the extractors.
pub mod o {
    pub const RDONLY: u32 = 1 << 0;
    pub const WRONLY: u32 = 1 << 1;
    pub const RDWR: u32 = RDONLY | WRONLY;
    pub const CREAT: u32 = 1 << 2;
    pub const APPEND: u32 = 1 << 3;
    pub const DSYNC: u32 = 1 << 4;
    pub const EXCL: u32 = 1 << 5;
    pub const NONBLOCK: u32 = 1 << 6;
    pub const SYNC: u32 = 1 << 7;
    pub const TRUNC: u32 = 1 << 8;
    pub const DIRECT: u32 = 1 << 9;
    pub const DIRECTORY: u32 = 1 << 10;
    pub const LARGEFILE: u32 = 1 << 11;
    pub const CLOEXEC: u32 = 1 << 12;
    pub const TMPFILE: u32 = 1 << 13;
    pub const F_CREATED: u32 = 1 << 14;
    pub const FD_UPPER_LAYER: u32 = 1 << 15;
    pub const FD_LOWER_LAYER: u32 = 1 << 16;
}

impl Fd {
    /// A new fd of `kind` named `name`.
    pub fn new(kind: FdType, name: impl Into<String>) -> Fd {
        let name = name.into();
        Fd {
            kind,
            name_raw: String::new(),
            name,
            flags: 0,
            dev: 0,
            ino: 0,
            l4proto: l4::UNKNOWN,
            addrs: SockAddrs::None,
            role: Role::None,
            connected: false,
            pid: 0,
        }
    }

    /// Whether close-on-exec is set.
    pub fn is_cloexec(&self) -> bool {
        self.flags & o::CLOEXEC != 0
    }

    /// Rebuilds the name of a socket from its addresses (`sip:sport->dip:dport`,
    /// `ip:port`, or `src->dst path` for unix sockets, keeping the path).
    pub fn rebuild_socket_name(&mut self, unix_path: Option<&str>) {
        match &self.addrs {
            SockAddrs::Tuple {
                sip,
                sport,
                dip,
                dport,
            } => {
                self.name = tuple_name(*sip, *sport, *dip, *dport);
            }
            SockAddrs::Server { ip, port } => self.name = endpoint(*ip, *port),
            SockAddrs::Unix { source, dest } => {
                let path = unix_path.unwrap_or("");
                self.name = format!("{source:x}->{dest:x} {path}");
            }
            SockAddrs::None => {}
        }
    }
}

/// `ip:port` as libsinsp prints endpoints (IPv6 without brackets).
pub fn endpoint(ip: IpAddr, port: u16) -> String {
    format!("{ip}:{port}")
}

/// A `PT_SOCKADDR` as libsinsp prints it (`PF_SIMPLE`, no name resolution): `ip:port`,
/// a unix path, or `family N`. What a bound socket is named.
pub fn sockaddr_text(a: SockAddr<'_>) -> String {
    match a {
        SockAddr::V4 { addr, port } => endpoint(v4(addr), port),
        SockAddr::V6 { addr, port } => endpoint(IpAddr::V6(Ipv6Addr::from(addr)), port),
        SockAddr::Unix { path } => String::from_utf8_lossy(path).into_owned(),
        SockAddr::Other { family, .. } => format!("family {family}"),
    }
}

/// `sip:sport->dip:dport`.
pub fn tuple_name(sip: IpAddr, sport: u16, dip: IpAddr, dport: u16) -> String {
    format!("{}->{}", endpoint(sip, sport), endpoint(dip, dport))
}

/// An IPv6 address, turned into IPv4 when it is IPv4-mapped (`::ffff:a.b.c.d`).
pub fn unmap_v6(a: [u8; 16]) -> IpAddr {
    let v6 = Ipv6Addr::from(a);
    match v6.to_ipv4_mapped() {
        Some(v4) => IpAddr::V4(v4),
        None => IpAddr::V6(v6),
    }
}

/// An IPv4 address from network-order bytes.
pub fn v4(a: [u8; 4]) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_chars_and_names() {
        assert_eq!(FdType::from_code(16).type_char(), 'f');
        assert_eq!(FdType::from_code(5).type_str(), Some("ipv4"));
        assert_eq!(FdType::from_code(99), FdType::Unknown);
        assert_eq!(FdType::Pidfd.type_char(), 'P');
    }

    #[test]
    fn socket_names() {
        let mut f = Fd::new(FdType::Ipv4Sock, "");
        f.addrs = SockAddrs::Tuple {
            sip: v4([127, 0, 0, 1]),
            sport: 47192,
            dip: v4([127, 0, 0, 1]),
            dport: 80,
        };
        f.rebuild_socket_name(None);
        assert_eq!(f.name, "127.0.0.1:47192->127.0.0.1:80");
        let mut mapped = [0u8; 16];
        mapped[10] = 0xff;
        mapped[11] = 0xff;
        mapped[12..].copy_from_slice(&[10, 0, 0, 1]);
        assert_eq!(unmap_v6(mapped), v4([10, 0, 0, 1]));
        let mut u = Fd::new(FdType::UnixSock, "");
        u.addrs = SockAddrs::Unix {
            source: 0,
            dest: 0xffff94dc817b9400,
        };
        u.rebuild_socket_name(Some("/var/run/nscd/socket"));
        assert_eq!(u.name, "0->ffff94dc817b9400 /var/run/nscd/socket");
    }
}
