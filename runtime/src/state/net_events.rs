//! Socket events (`spec/state.md` §4): socket, bind, connect and accept create and name
//! socket fds; send/recv events mark them connected and give unconnected sockets their
//! peer.

use super::fd::{l4, sockaddr_text, unmap_v6, v4, Fd, FdType, Role, SockAddrs};
use super::fd_events::{insert, returned_fd};
use super::params::{res, uint};
use super::Inspector;
use falcoc_catalog::events::ParamName as P;
use std::net::{IpAddr, Ipv4Addr};

use crate::event::value::is_valid_sockaddr;
use crate::event::{Event, SockAddr, SockTuple};
use crate::scap::Interface;
use falcoc_catalog::events::EventKind as K;

const EINPROGRESS: i64 = -115;

/// Applies a socket event; other events are ignored.
pub fn apply(insp: &mut Inspector, ev: &Event<'_>) {
    match ev.kind() {
        K::Socket => socket(insp, ev),
        K::Bind => bind(insp, ev),
        K::Connect => connect(insp, ev),
        K::Accept | K::Accept4 => accept(insp, ev),
        K::Sendto | K::Sendmsg | K::Recvfrom | K::Recvmsg => datagram(insp, ev),
        K::Read | K::Write | K::Readv | K::Writev | K::Pread | K::Pwrite | K::Send | K::Recv => {
            mark_connected(insp, ev)
        }
        _ => {}
    }
}

fn socket(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(fd) = returned_fd(ev).filter(|f| *f >= 0) else {
        return;
    };
    let domain = uint(ev, P::Domain).unwrap_or(0);
    let ty = uint(ev, P::Type).unwrap_or(0) & 0xf;
    let proto = uint(ev, P::Proto).unwrap_or(0);
    let kind = match domain {
        1 => FdType::UnixSock,
        2 => FdType::Ipv4Sock,
        10 => FdType::Ipv6Sock,
        16 => FdType::Netlink,
        _ => FdType::Unknown,
    };
    let mut f = Fd::new(kind, "");
    if kind.is_ip_socket() {
        f.l4proto = match (proto, ty) {
            (6, _) | (0, 1) => l4::TCP,
            (17, _) | (0, 2) => l4::UDP,
            (1, _) | (58, _) => l4::ICMP,
            (_, 3) => l4::RAW,
            _ => l4::UNKNOWN,
        };
    }
    f.flags = uint(ev, P::Flags)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0);
    insp.ctx.fd = Some(fd);
    insert(insp, ev.tid(), fd, f);
}

/// A bind exit, as libsinsp parses it: with a valid address, an IP socket bound to a
/// port becomes a listening (server) socket, and the socket is named by the address as
/// printed, whatever its family or port (`2001:db8::4:0` for an IPv6 socket bound to
/// port 0, which stays a plain socket without a role).
fn bind(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let (Some(fd), Some(i)) = (insp.ctx.fd, ev.param_index(P::Addr)) else {
        return;
    };
    let Some(addr) = ev
        .param(i)
        .filter(|b| is_valid_sockaddr(b))
        .and_then(|_| ev.as_sockaddr(i))
    else {
        return;
    };
    let Some(f) = insp.threads.fds_mut(ev.tid()).and_then(|t| t.get_mut(&fd)) else {
        return;
    };
    let server = match addr {
        SockAddr::V4 { addr, port } => Some((v4(addr), port)),
        SockAddr::V6 { addr, port } => Some((unmap_v6(addr), port)),
        _ => None,
    };
    if let Some((ip, port)) = server.filter(|(_, port)| *port > 0) {
        f.kind = if ip.is_ipv4() {
            FdType::Ipv4ServSock
        } else {
            FdType::Ipv6ServSock
        };
        f.addrs = SockAddrs::Server { ip, port };
        f.role = Role::Server;
    }
    let name = sockaddr_text(addr);
    insp.ctx.name_changed |= f.name != name;
    f.name = name;
}

/// The endpoints of a socket tuple as (kind, addrs, unix path).
fn tuple_addrs(t: SockTuple<'_>) -> Option<(FdType, SockAddrs, Option<String>)> {
    Some(match t {
        SockTuple::V4 {
            sip,
            sport,
            dip,
            dport,
        } => (
            FdType::Ipv4Sock,
            SockAddrs::Tuple {
                sip: v4(sip),
                sport,
                dip: v4(dip),
                dport,
            },
            None,
        ),
        SockTuple::V6 {
            sip,
            sport,
            dip,
            dport,
        } => {
            let (s, d) = (unmap_v6(sip), unmap_v6(dip));
            let kind = if s.is_ipv4() && d.is_ipv4() {
                FdType::Ipv4Sock
            } else {
                FdType::Ipv6Sock
            };
            (
                kind,
                SockAddrs::Tuple {
                    sip: s,
                    sport,
                    dip: d,
                    dport,
                },
                None,
            )
        }
        SockTuple::Unix { source, dest, path } => (
            FdType::UnixSock,
            SockAddrs::Unix { source, dest },
            Some(String::from_utf8_lossy(path).into_owned()),
        ),
        SockTuple::Other { .. } => return None,
    })
}

fn connect(insp: &mut Inspector, ev: &Event<'_>) {
    let r = res(ev).unwrap_or(-1);
    if r < 0 && r != EINPROGRESS {
        return;
    }
    let Some(fd) = insp.ctx.fd else { return };
    let tuple = ev.param_index(P::Tuple).and_then(|i| ev.as_socktuple(i));
    let addr = ev.param_index(P::Addr).and_then(|i| ev.as_sockaddr(i));
    let parsed = tuple.and_then(tuple_addrs).or_else(|| match addr? {
        SockAddr::V4 { addr, port } => Some((
            FdType::Ipv4Sock,
            SockAddrs::Tuple {
                sip: v4([0; 4]),
                sport: 0,
                dip: v4(addr),
                dport: port,
            },
            None,
        )),
        SockAddr::V6 { addr, port } => {
            let d = unmap_v6(addr);
            let kind = if d.is_ipv4() {
                FdType::Ipv4Sock
            } else {
                FdType::Ipv6Sock
            };
            let zero = if d.is_ipv4() {
                v4([0; 4])
            } else {
                unmap_v6([0; 16])
            };
            Some((
                kind,
                SockAddrs::Tuple {
                    sip: zero,
                    sport: 0,
                    dip: d,
                    dport: port,
                },
                None,
            ))
        }
        _ => None,
    });
    let Some((kind, addrs, upath)) = parsed else {
        return;
    };
    let addrs = fill_unspecified(&insp.interfaces, addrs);
    let Some(f) = insp.threads.fds_mut(ev.tid()).and_then(|t| t.get_mut(&fd)) else {
        return;
    };
    if f.kind.is_ip_socket() || f.kind == FdType::UnixSock || f.kind == FdType::Unknown {
        f.kind = kind;
    }
    f.addrs = addrs;
    f.rebuild_socket_name(upath.as_deref());
    if f.role == Role::None {
        f.role = Role::Client;
    }
    f.connected = true;
    insp.ctx.name_changed = true;
}

fn accept(insp: &mut Inspector, ev: &Event<'_>) {
    let Some(fd) = returned_fd(ev).filter(|f| *f >= 0) else {
        return;
    };
    let Some((kind, addrs, upath)) = ev
        .param_index(P::Tuple)
        .and_then(|i| ev.as_socktuple(i))
        .and_then(tuple_addrs)
    else {
        return;
    };
    let mut f = Fd::new(kind, "");
    f.addrs = addrs;
    f.rebuild_socket_name(upath.as_deref());
    if kind.is_ip_socket() {
        f.l4proto = l4::TCP;
    }
    f.role = Role::Server;
    f.connected = true;
    insp.ctx.fd = Some(fd);
    insp.ctx.name_changed = true;
    insert(insp, ev.tid(), fd, f);
}

/// sendto/sendmsg/recvfrom/recvmsg: marks the socket connected and, for non-TCP or
/// unnamed sockets, takes the peer from the event's tuple.
fn datagram(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let Some(fd) = insp.ctx.fd else { return };
    let parsed = ev
        .param_index(P::Tuple)
        .and_then(|i| ev.as_socktuple(i))
        .and_then(tuple_addrs)
        .map(|(k, a, u)| (k, fill_unspecified(&insp.interfaces, a), u));
    let inbound = matches!(ev.kind(), K::Recv | K::Recvfrom | K::Recvmsg | K::Recvmmsg);
    if !inbound {
        infer_datagram_socket(insp, ev, fd, parsed.as_ref().map(|p| p.0));
    }
    let Some(f) = insp.threads.fds_mut(ev.tid()).and_then(|t| t.get_mut(&fd)) else {
        return;
    };
    if !f.kind.is_socket() {
        return;
    }
    f.connected = true;
    let Some((kind, addrs, upath)) = parsed else {
        return;
    };
    let update = f.kind.is_ip_socket() && (f.l4proto != l4::TCP || f.name.is_empty());
    if !update || kind == FdType::UnixSock || f.kind.is_server_socket() {
        return;
    }
    if f.role == Role::None {
        f.role = if inbound { Role::Server } else { Role::Client };
    }
    // The event's tuple runs from the sender to the receiver; the stored tuple runs from
    // the client to the server.
    let swap = inbound == (f.role == Role::Client);
    f.kind = kind;
    f.addrs = match (addrs, swap) {
        (
            SockAddrs::Tuple {
                sip,
                sport,
                dip,
                dport,
            },
            true,
        ) => SockAddrs::Tuple {
            sip: dip,
            sport: dport,
            dip: sip,
            dport: sport,
        },
        (a, _) => a,
    };
    let old = std::mem::take(&mut f.name);
    f.rebuild_socket_name(upath.as_deref());
    if f.name != old {
        insp.ctx.name_changed = true;
    }
}

/// A successful send to an fd the state does not know, by a known thread, with an IP
/// tuple: libsinsp assumes the socket was a UDP one created before the capture and adds it
/// (the tuple then names it).
fn infer_datagram_socket(insp: &mut Inspector, ev: &Event<'_>, fd: i64, kind: Option<FdType>) {
    let Some(kind @ (FdType::Ipv4Sock | FdType::Ipv6Sock)) = kind else {
        return;
    };
    if fd < 0 || insp.threads.get(ev.tid()).is_none() || insp.threads.fd(ev.tid(), fd).is_some() {
        return;
    }
    let mut f = Fd::new(kind, "");
    f.l4proto = l4::UDP;
    insert(insp, ev.tid(), fd, f);
}

/// An IPv4 tuple with one end 0.0.0.0 gets that end from the capture's interfaces: the
/// interface on the other end's network, else the first non-loopback one (libsinsp's
/// `update_fd`).
fn fill_unspecified(ifaces: &[Interface], addrs: SockAddrs) -> SockAddrs {
    let SockAddrs::Tuple {
        sip,
        sport,
        dip,
        dport,
    } = addrs
    else {
        return addrs;
    };
    let (IpAddr::V4(s), IpAddr::V4(d)) = (sip, dip) else {
        return addrs;
    };
    let infer = |other: Ipv4Addr| -> Option<IpAddr> {
        let v4s = ifaces.iter().filter_map(|i| match i {
            Interface::V4 { addr, netmask, .. } => {
                Some((u32::from_be_bytes(*addr), u32::from_be_bytes(*netmask)))
            }
            Interface::V6 { .. } => None,
        });
        let o = u32::from(other);
        let same_net = v4s.clone().find(|(a, m)| a & m == o & m).map(|(a, _)| a);
        let first = v4s
            .map(|(a, _)| a)
            .find(|a| Ipv4Addr::from(*a) != Ipv4Addr::LOCALHOST);
        same_net.or(first).map(|a| IpAddr::V4(Ipv4Addr::from(a)))
    };
    match (s.is_unspecified(), d.is_unspecified()) {
        (true, false) => match infer(d) {
            Some(ip) => SockAddrs::Tuple {
                sip: ip,
                sport,
                dip,
                dport,
            },
            None => addrs,
        },
        (false, true) => match infer(s) {
            Some(ip) => SockAddrs::Tuple {
                sip,
                sport,
                dip: ip,
                dport,
            },
            None => addrs,
        },
        _ => addrs,
    }
}

fn mark_connected(insp: &mut Inspector, ev: &Event<'_>) {
    if res(ev).is_none_or(|r| r < 0) {
        return;
    }
    let Some(fd) = insp.ctx.fd else { return };
    if let Some(f) = insp.threads.fds_mut(ev.tid()).and_then(|t| t.get_mut(&fd)) {
        if f.kind.is_socket() {
            f.connected = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(addr: [u8; 4], mask: [u8; 4]) -> Interface {
        Interface::V4 {
            name: "eth".into(),
            addr,
            netmask: mask,
            bcast: [0; 4],
            linkspeed: None,
        }
    }

    #[test]
    fn unspecified_ends_come_from_interfaces() {
        let ifaces = [
            iface([127, 0, 0, 1], [255, 0, 0, 0]),
            iface([10, 0, 0, 5], [255, 255, 255, 0]),
            iface([192, 168, 1, 7], [255, 255, 255, 0]),
        ];
        let t = |s: [u8; 4], d: [u8; 4]| SockAddrs::Tuple {
            sip: v4(s),
            sport: 1,
            dip: v4(d),
            dport: 2,
        };
        // Same network as the other end.
        assert_eq!(
            fill_unspecified(&ifaces, t([0; 4], [192, 168, 1, 1])),
            t([192, 168, 1, 7], [192, 168, 1, 1])
        );
        // Otherwise the first non-loopback interface.
        assert_eq!(
            fill_unspecified(&ifaces, t([8, 8, 8, 8], [0; 4])),
            t([8, 8, 8, 8], [10, 0, 0, 5])
        );
        // Both ends known, or no interfaces: unchanged.
        assert_eq!(
            fill_unspecified(&ifaces, t([1, 1, 1, 1], [2, 2, 2, 2])),
            t([1, 1, 1, 1], [2, 2, 2, 2])
        );
        assert_eq!(
            fill_unspecified(&[], t([0; 4], [2, 2, 2, 2])),
            t([0; 4], [2, 2, 2, 2])
        );
    }
}
