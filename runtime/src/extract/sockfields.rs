//! Socket fields of `fd.*`: client/server, local/remote endpoints, protocols and the
//! either-end fields, with libsinsp's rules: client and server ends exist only for
//! connected sockets with a role, listening sockets have only a server end, and "local"
//! is the end whose address belongs to one of the capture's interfaces.

use std::net::IpAddr;

use falcoc_catalog::fields::{ids, FieldId};

use crate::field_value::FieldValue;
use crate::scap::Interface;
use crate::state::fd::{l4, l4proto_str, Fd, FdType, Role, SockAddrs};

/// An endpoint: address and port.
pub type End = (IpAddr, u16);

/// The tuple of a connected IP socket: (client, server).
fn tuple(f: &Fd) -> Option<(End, End)> {
    match (&f.addrs, f.kind) {
        (
            SockAddrs::Tuple {
                sip,
                sport,
                dip,
                dport,
            },
            FdType::Ipv4Sock | FdType::Ipv6Sock,
        ) => Some(((*sip, *sport), (*dip, *dport))),
        _ => None,
    }
}

/// The bound address of a listening IP socket.
fn server_addr(f: &Fd) -> Option<End> {
    match (&f.addrs, f.kind) {
        (SockAddrs::Server { ip, port }, FdType::Ipv4ServSock | FdType::Ipv6ServSock) => {
            Some((*ip, *port))
        }
        _ => None,
    }
}

/// (client, server) of a connected socket with a role.
fn with_role(f: &Fd) -> Option<(End, End)> {
    if f.role == Role::None {
        return None;
    }
    tuple(f)
}

/// The client end (`fd.cip`, `fd.cport`).
pub fn client(f: &Fd) -> Option<End> {
    with_role(f).map(|(c, _)| c)
}

/// The server end (`fd.sip`, `fd.sport`): the tuple's server, or a listening address.
pub fn server(f: &Fd) -> Option<End> {
    with_role(f).map(|(_, s)| s).or_else(|| server_addr(f))
}

/// Whether `ip` is an address of one of the capture's interfaces.
/// libsinsp's `is_ipv{4,6}addr_in_local_machine`: an IPv4 address is local when it is an
/// interface's address, an IPv6 address when its first 64 bits are an interface's
/// (`ipv6addr::in_subnet`), so `::` is local wherever `::1` is an interface.
fn is_local(ifaces: &[Interface], ip: IpAddr) -> bool {
    ifaces.iter().any(|i| match (i, ip) {
        (Interface::V4 { addr, .. }, IpAddr::V4(a)) => a.octets() == *addr,
        (Interface::V6 { addr, .. }, IpAddr::V6(a)) => a.octets()[..8] == addr[..8],
        _ => false,
    })
}

/// The destination of a plain IP socket: its tuple's server end, or the unspecified
/// address of its family while it has none (a socket not yet connected).
fn destination(f: &Fd) -> Option<IpAddr> {
    match (tuple(f), f.kind) {
        (Some((_, s)), _) => Some(s.0),
        (None, FdType::Ipv4Sock) => Some(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)),
        (None, FdType::Ipv6Sock) => Some(IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)),
        (None, _) => None,
    }
}

/// `fd.l4proto` as `sinsp_fdinfo::get_l4proto`: a plain IP socket without a role has none
/// (unless raw); a listening socket has the protocol it was created with.
fn l4proto(f: &Fd) -> &'static str {
    match f.kind {
        FdType::Ipv4Sock | FdType::Ipv6Sock if f.l4proto == l4::RAW => l4proto_str(l4::RAW),
        FdType::Ipv4Sock | FdType::Ipv6Sock if f.role == Role::None => "<NA>",
        k if k.is_ip_socket() => l4proto_str(f.l4proto),
        _ => "<NA>",
    }
}

/// (local, remote) ends: the client is local when its address is one of ours.
fn local_remote(ifaces: &[Interface], f: &Fd) -> Option<(End, End)> {
    let (c, s) = with_role(f)?;
    Some(if is_local(ifaces, c.0) {
        (c, s)
    } else {
        (s, c)
    })
}

fn ip(e: End) -> FieldValue {
    FieldValue::Ip(e.0)
}

fn port(e: End) -> FieldValue {
    FieldValue::Uint(u64::from(e.1))
}

/// Ports as libsinsp prints them without service-name resolution.
fn port_text(e: End) -> FieldValue {
    FieldValue::Str(e.1.to_string())
}

/// The socket fields; `None` for other field ids and when the fd has no such value.
pub fn extract(id: FieldId, f: &Fd, ifaces: &[Interface]) -> Option<FieldValue> {
    Some(match id {
        ids::FD_IP | ids::FD_NET => either(f, ip)?,
        ids::FD_PORT | ids::FD_PROTO => either(f, port)?,
        ids::FD_CIP | ids::FD_CNET => ip(client(f)?),
        ids::FD_SIP | ids::FD_SNET => ip(server(f)?),
        ids::FD_CPORT => port(client(f)?),
        ids::FD_SPORT => port(server(f)?),
        ids::FD_LIP | ids::FD_LNET => ip(local_remote(ifaces, f)?.0),
        ids::FD_RIP | ids::FD_RNET => ip(local_remote(ifaces, f)?.1),
        ids::FD_LPORT => port(local_remote(ifaces, f)?.0),
        ids::FD_RPORT => port(local_remote(ifaces, f)?.1),
        ids::FD_LPROTO => port_text(local_remote(ifaces, f)?.0),
        ids::FD_RPROTO => port_text(local_remote(ifaces, f)?.1),
        // libsinsp prints connected ends only; other sockets with a role give "".
        ids::FD_CPROTO if f.role == Role::None => return None,
        ids::FD_CPROTO => client(f).map_or_else(|| FieldValue::Str(String::new()), port_text),
        ids::FD_SPROTO => match (with_role(f), server_addr(f)) {
            (Some((_, s)), _) => port_text(s),
            (None, Some(_)) => FieldValue::Str(String::new()),
            (None, None) => return None,
        },
        ids::FD_L4PROTO => FieldValue::Str(l4proto(f).to_string()),
        ids::FD_SOCKFAMILY => match f.kind {
            k if k.is_ip_socket() => FieldValue::Str("ip".into()),
            FdType::UnixSock => FieldValue::Str("unix".into()),
            _ => return None,
        },
        // A listening socket is a server; a plain IP socket is when its destination is
        // local (libsinsp's `fd.is_server`), so an unconnected IPv6 socket is too.
        ids::FD_IS_SERVER => FieldValue::Bool(
            f.kind.is_server_socket() || destination(f).is_some_and(|d| is_local(ifaces, d)),
        ),
        _ => return None,
    })
}

/// Both ends of a connected socket (client first), or a listening socket's address.
fn either(f: &Fd, one: fn(End) -> FieldValue) -> Option<FieldValue> {
    if let Some((c, s)) = tuple(f) {
        return Some(FieldValue::List(vec![one(c), one(s)]));
    }
    server_addr(f).map(|e| FieldValue::List(vec![one(e)]))
}
