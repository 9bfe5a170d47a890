//! `fd.*` and `fdlist.*` fields: the event's fd (the one it used or created) and, for
//! poll-like events, the listed fds.

use std::net::IpAddr;

use falcoc_compiler::catalog::fields::{ids, FieldArg, ResolvedField};

use super::{s, Source};
use crate::field_value::FieldValue;
use crate::state::fd::{l4proto_str, o, Fd, FdType, Role, SockAddrs};
use crate::state::path;

/// An endpoint: address and port.
type End = Option<(IpAddr, u16)>;

/// Client and server endpoints of a socket fd (either may be absent).
struct Ends {
    client: End,
    server: End,
}

fn ends(f: &Fd) -> Ends {
    match &f.addrs {
        SockAddrs::Tuple {
            sip,
            sport,
            dip,
            dport,
        } if f.role != Role::None => Ends {
            client: Some((*sip, *sport)),
            server: Some((*dip, *dport)),
        },
        SockAddrs::Server { ip, port } => Ends {
            client: None,
            server: Some((*ip, *port)),
        },
        _ => Ends {
            client: None,
            server: None,
        },
    }
}

/// (local, remote) endpoints by role.
fn local_remote(f: &Fd) -> (End, End) {
    let e = ends(f);
    match f.role {
        Role::Server => (e.server, e.client),
        _ => (e.client, e.server),
    }
}

fn ip(v: End) -> Option<FieldValue> {
    v.map(|(a, _)| FieldValue::Ip(a))
}

fn port(v: End) -> Option<FieldValue> {
    v.map(|(_, p)| FieldValue::Uint(u64::from(p)))
}

fn port_str(v: End) -> Option<FieldValue> {
    v.map(|(_, p)| FieldValue::Str(p.to_string()))
}

/// Client then server, skipping what is absent; `None` when both are.
fn pair(f: &Fd, one: fn(End) -> Option<FieldValue>) -> Option<FieldValue> {
    let e = ends(f);
    let items: Vec<FieldValue> = [one(e.client), one(e.server)]
        .into_iter()
        .flatten()
        .collect();
    if items.is_empty() {
        None
    } else {
        Some(FieldValue::List(items))
    }
}

/// The kernel's `new_encode_dev` split: (major, minor).
fn dev_parts(dev: u32) -> (u32, u32) {
    ((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00))
}

pub fn extract(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let id = f.info.id;
    if matches!(
        id,
        ids::FDLIST_NUMS
            | ids::FDLIST_NAMES
            | ids::FDLIST_CIPS
            | ids::FDLIST_SIPS
            | ids::FDLIST_CPORTS
            | ids::FDLIST_SPORTS
    ) {
        return fdlist(src, f);
    }
    if id == ids::FD_TYPES {
        return fd_types(src, f);
    }
    let num = src.insp.context().fd?;
    if id == ids::FD_NUM {
        return Some(FieldValue::Int(num));
    }
    let fd = src.insp.event_fd(src.ev.tid())?;
    // A failed open has only the name its parameters give.
    let named_only = matches!(
        id,
        ids::FD_NAME
            | ids::FD_NAMERAW
            | ids::FD_DIRECTORY
            | ids::FD_FILENAME
            | ids::FD_TYPECHAR
            | ids::FD_CONTAINERNAME
            | ids::FD_CONTAINERDIRECTORY
    );
    if src.insp.context().fd_tmp.is_some() && !named_only {
        return None;
    }
    let cid = src
        .thread()
        .map(|t| t.container_id.clone())
        .unwrap_or_default();
    let b = FieldValue::Bool;
    Some(match id {
        ids::FD_TYPE => FieldValue::Str(fd.kind.type_str()?.to_string()),
        ids::FD_TYPECHAR => FieldValue::Str(fd.kind.type_char().to_string()),
        ids::FD_NAME => FieldValue::Str(fd.name.clone()),
        ids::FD_NAMERAW => FieldValue::Str(fd.name_raw.clone()),
        ids::FD_DIRECTORY => FieldValue::Str(directory(fd)?),
        ids::FD_FILENAME => {
            if !matches!(fd.kind, FdType::File | FdType::FileV2) {
                return None;
            }
            FieldValue::Str(path::split(&fd.name).1.to_string())
        }
        ids::FD_CONTAINERNAME => FieldValue::Str(format!("{cid}:{}", fd.name)),
        ids::FD_CONTAINERDIRECTORY => FieldValue::Str(format!("{cid}:{}", directory(fd)?)),
        ids::FD_IP | ids::FD_NET => return pair(fd, ip),
        ids::FD_PORT => return pair(fd, port),
        ids::FD_PROTO => return pair(fd, port),
        ids::FD_CIP | ids::FD_CNET => return ip(ends(fd).client),
        ids::FD_SIP | ids::FD_SNET => return ip(ends(fd).server),
        ids::FD_LIP | ids::FD_LNET => return ip(local_remote(fd).0),
        ids::FD_RIP | ids::FD_RNET => return ip(local_remote(fd).1),
        ids::FD_CPORT => return port(ends(fd).client),
        ids::FD_SPORT => return port(ends(fd).server),
        ids::FD_LPORT => return port(local_remote(fd).0),
        ids::FD_RPORT => return port(local_remote(fd).1),
        ids::FD_CPROTO => return port_str(ends(fd).client),
        ids::FD_SPROTO => return port_str(ends(fd).server),
        ids::FD_LPROTO => return port_str(local_remote(fd).0),
        ids::FD_RPROTO => return port_str(local_remote(fd).1),
        ids::FD_L4PROTO => {
            if !fd.kind.is_ip_socket() {
                return None;
            }
            let p = l4proto_str(fd.l4proto);
            if p == "<NA>" {
                return None;
            }
            FieldValue::Str(p.to_string())
        }
        ids::FD_SOCKFAMILY => match fd.kind {
            k if k.is_ip_socket() => FieldValue::Str("ip".into()),
            FdType::UnixSock => FieldValue::Str("unix".into()),
            _ => return None,
        },
        ids::FD_IS_SERVER => b(fd.role == Role::Server),
        ids::FD_UID => FieldValue::Str(format!("{}{}", src.ev.tid(), num)),
        ids::FD_CONNECTED => b(fd.connected),
        ids::FD_NAME_CHANGED => b(src.insp.context().name_changed),
        ids::FD_DEV => FieldValue::Int(i64::from(fd.dev as i32)),
        ids::FD_DEV_MAJOR => FieldValue::Int(i64::from(dev_parts(fd.dev).0)),
        ids::FD_DEV_MINOR => FieldValue::Int(i64::from(dev_parts(fd.dev).1)),
        ids::FD_INO => FieldValue::Int(i64::try_from(fd.ino).ok()?),
        ids::FD_IS_UPPER_LAYER => b(fd.flags & o::FD_UPPER_LAYER != 0),
        ids::FD_IS_LOWER_LAYER => b(fd.flags & o::FD_LOWER_LAYER != 0),
        _ => return None,
    })
}

fn directory(fd: &Fd) -> Option<String> {
    match fd.kind {
        FdType::Directory => Some(fd.name.clone()),
        FdType::File | FdType::FileV2 => Some(path::split(&fd.name).0.to_string()),
        _ => None,
    }
}

/// `fd.types`: the types of the fds of the event's fd list (poll-like events), else of
/// the event's fd; `[N]` selects one.
fn fd_types(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let ev = src.ev;
    let tid = ev.tid();
    let mut types: Vec<FieldValue> = Vec::new();
    if let Some(list) = ev.param_index("fds").and_then(|i| ev.as_fdlist(i)) {
        for (num, _) in list.iter() {
            if let Some(t) = src
                .insp
                .threads()
                .fd(tid, num)
                .and_then(|f| f.kind.type_str())
            {
                let t = FieldValue::Str(t.to_string());
                if !types.contains(&t) {
                    types.push(t);
                }
            }
        }
    } else if let Some(t) = src.insp.event_fd(tid).and_then(|f| f.kind.type_str()) {
        types.push(FieldValue::Str(t.to_string()));
    }
    match f.arg {
        FieldArg::Index(n) => {
            let one = types.into_iter().nth(usize::try_from(n).ok()?)?;
            Some(FieldValue::List(vec![one]))
        }
        _ if types.is_empty() => None,
        _ => Some(FieldValue::List(types)),
    }
}

/// `fdlist.*`: comma-separated values over the fds of the event's fd-list parameter.
fn fdlist(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let ev = src.ev;
    let i = ev.param_index("fds")?;
    let list = ev.as_fdlist(i)?;
    let mut items = Vec::new();
    for (num, _) in list.iter() {
        let fd = src.insp.threads().fd(ev.tid(), num);
        let item = match f.info.id {
            ids::FDLIST_NUMS => Some(num.to_string()),
            ids::FDLIST_NAMES => fd.map(|f| f.name.clone()),
            ids::FDLIST_CIPS => fd.and_then(|f| ends(f).client).map(|(a, _)| a.to_string()),
            ids::FDLIST_SIPS => fd.and_then(|f| ends(f).server).map(|(a, _)| a.to_string()),
            ids::FDLIST_CPORTS => fd.and_then(|f| ends(f).client).map(|(_, p)| p.to_string()),
            _ => fd.and_then(|f| ends(f).server).map(|(_, p)| p.to_string()),
        };
        if let Some(item) = item.filter(|i| !i.is_empty()) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return None;
    }
    s(items.join(","))
}
