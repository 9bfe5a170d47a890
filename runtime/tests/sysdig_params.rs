//! Differential test against sysdig: parameter values of well-known events, decoded by
//! the typed accessors, equal what sysdig prints. Parameters an exit event carries itself
//! are compared with sysdig's value on the same exit; parameters merged in from the enter
//! event are compared with sysdig's value on the last enter event of the same thread.

mod common;

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use falcoc_compiler::catalog::events::{Direction, ParamName};
use falcoc_runtime::event::{SockAddr, SockTuple};
use falcoc_runtime::Event;

/// How a value is rendered to compare with sysdig's text.
#[derive(Clone, Copy)]
enum Fmt {
    Int,
    /// A returned fd, compared with `fd.num`, which sysdig shows as -1 for failures.
    Fd,
    Hex,
    Str,
    Tuple,
    Addr,
    /// FDLIST: the fds (sysdig 0.29.3 renders the flags of each entry oddly, e.g. POLLIN
    /// (1) as `61`, so only the fd half of its `fd:flags` items is compared).
    FdList,
    /// BYTEBUF: printable ASCII kept, the rest as `.`; sysdig's text is a prefix.
    Data,
}

/// (event type, parameter, sysdig field, where sysdig has the value, rendering).
struct Check {
    ty: &'static str,
    param: &'static str,
    field: &'static str,
    /// `<`: the exit event itself; `>`: the enter event (merged parameter or enter-only).
    dir: char,
    fmt: Fmt,
}

const fn ck(
    ty: &'static str,
    param: &'static str,
    field: &'static str,
    dir: char,
    fmt: Fmt,
) -> Check {
    Check {
        ty,
        param,
        field,
        dir,
        fmt,
    }
}

const CHECKS: &[Check] = &[
    ck("open", "name", "%evt.rawarg.name", '<', Fmt::Str),
    ck("open", "fd", "%fd.num", '<', Fmt::Fd),
    ck("read", "res", "%evt.rawarg.res", '<', Fmt::Int),
    ck("read", "data", "%evt.arg.data", '<', Fmt::Data),
    ck("read", "size", "%evt.arg.size", '>', Fmt::Int),
    ck("write", "size", "%evt.arg.size", '>', Fmt::Int),
    ck("mmap", "length", "%evt.arg.length", '>', Fmt::Int),
    ck("listen", "backlog", "%evt.arg.backlog", '>', Fmt::Int),
    ck("ioctl", "request", "%evt.arg.request", '>', Fmt::Hex),
    ck("poll", "fds", "%evt.arg.fds", '<', Fmt::FdList),
    ck("poll", "timeout", "%evt.arg.timeout", '>', Fmt::Int),
    ck("connect", "tuple", "%evt.arg.tuple", '<', Fmt::Tuple),
    ck("accept", "tuple", "%evt.arg.tuple", '<', Fmt::Tuple),
    ck("sendmsg", "tuple", "%evt.arg.tuple", '>', Fmt::Tuple),
    ck("bind", "addr", "%evt.arg.addr", '<', Fmt::Addr),
    ck("execve", "exe", "%evt.rawarg.exe", '<', Fmt::Str),
    ck("execve", "cwd", "%evt.rawarg.cwd", '<', Fmt::Str),
    ck("execve", "tid", "%evt.rawarg.tid", '<', Fmt::Int),
    ck("execve", "ptid", "%evt.rawarg.ptid", '<', Fmt::Int),
    ck("clone", "res", "%evt.rawarg.res", '<', Fmt::Int),
    ck("switch", "next", "%evt.rawarg.next", '>', Fmt::Int),
    ck("procexit", "status", "%evt.rawarg.status", '>', Fmt::Int),
];

fn render(ev: &Event<'_>, i: usize, fmt: Fmt) -> Option<String> {
    Some(match fmt {
        Fmt::Int => ev.as_i64(i)?.to_string(),
        Fmt::Fd => ev.as_i64(i)?.max(-1).to_string(),
        Fmt::Hex => format!("{:X}", ev.as_u64(i)?),
        Fmt::Str => ev.as_str(i)?.to_owned(),
        Fmt::Data => ev
            .as_bytes(i)?
            .iter()
            .map(|b| {
                if (0x20..0x7f).contains(b) {
                    *b as char
                } else {
                    '.'
                }
            })
            .collect(),
        Fmt::Addr => match ev.as_sockaddr(i)? {
            SockAddr::V4 { addr, port } => format!("{}:{port}", Ipv4Addr::from(addr)),
            SockAddr::V6 { addr, port } => format!("{}:{port}", Ipv6Addr::from(addr)),
            SockAddr::Unix { path } => String::from_utf8_lossy(path).into_owned(),
            SockAddr::Other { .. } => return None,
        },
        Fmt::Tuple => match ev.as_socktuple(i)? {
            SockTuple::V4 {
                sip,
                sport,
                dip,
                dport,
            } => format!(
                "{}:{sport}->{}:{dport}",
                Ipv4Addr::from(sip),
                Ipv4Addr::from(dip)
            ),
            SockTuple::V6 {
                sip,
                sport,
                dip,
                dport,
            } => format!(
                "{}:{sport}->{}:{dport}",
                Ipv6Addr::from(sip),
                Ipv6Addr::from(dip)
            ),
            SockTuple::Unix { source, dest, path } => {
                format!("{source:x}->{dest:x} {}", String::from_utf8_lossy(path))
            }
            SockTuple::Other { .. } => return None,
        },
        Fmt::FdList => {
            let items: Vec<String> = ev
                .as_fdlist(i)?
                .iter()
                .map(|(fd, _)| fd.to_string())
                .collect();
            items.join(" ")
        }
    })
}

fn values_match(ours: &str, theirs: &str, fmt: Fmt) -> bool {
    match fmt {
        Fmt::Data => ours.starts_with(theirs),
        Fmt::Hex => ours.eq_ignore_ascii_case(theirs),
        Fmt::FdList => {
            let fds: Vec<&str> = theirs
                .split(' ')
                .filter_map(|i| i.split(':').next())
                .filter(|s| !s.is_empty())
                .collect();
            ours == fds.join(" ")
        }
        _ => ours == theirs,
    }
}

#[test]
fn parameter_values_match_sysdig() {
    let mut compared: HashMap<&str, usize> = HashMap::new();
    for cap in common::captures() {
        let bytes = common::plain_bytes(&cap);
        let (events, err) = common::read_all(&bytes, false);
        assert!(err.is_none(), "{}: {err:?}", cap.display());
        for c in CHECKS {
            let filter = format!("evt.type={} and evt.dir={}", c.ty, c.dir);
            let fmt = format!("*%evt.rawtime %thread.tid {}", c.field);
            let Some(lines) = common::sysdig(&cap, &fmt, &filter) else {
                return;
            };
            // (tid) -> [(ts, value)] in time order.
            let mut by_tid: HashMap<i64, Vec<(u64, String)>> = HashMap::new();
            for l in &lines {
                let mut it = l.splitn(3, ' ');
                let (Some(ts), Some(tid), v) = (it.next(), it.next(), it.next().unwrap_or(""))
                else {
                    continue;
                };
                let (Ok(ts), Ok(tid)) = (ts.parse::<u64>(), tid.parse::<i64>()) else {
                    continue;
                };
                by_tid.entry(tid).or_default().push((ts, v.to_owned()));
            }
            for ev in events.iter().map(|e| e.view()) {
                if ev.name() != c.ty {
                    continue;
                }
                let own = c.dir == '<' || ev.direction() == Direction::Enter;
                let name = ParamName::from_name(c.param).expect("a parameter name of the table");
                let Some(i) = ev.param_index(name) else {
                    continue;
                };
                let list = by_tid.get(&ev.tid()).map(Vec::as_slice).unwrap_or_default();
                let theirs = if own {
                    list.iter().find(|(ts, _)| *ts == ev.ts())
                } else {
                    list.iter().rev().find(|(ts, _)| *ts <= ev.ts())
                };
                let Some((_, theirs)) = theirs else {
                    // No enter event before this exit in the capture: the merged value
                    // must then be absent or default.
                    assert!(
                        !own,
                        "{}: sysdig lacks {} at {}",
                        cap.display(),
                        c.ty,
                        ev.ts()
                    );
                    continue;
                };
                if theirs == "<NA>" {
                    continue;
                }
                let ours = render(&ev, i, c.fmt).unwrap_or_else(|| "<NA>".to_owned());
                assert!(
                    values_match(&ours, theirs, c.fmt),
                    "{}: {} {} at {} tid {}: ours `{ours}`, sysdig `{theirs}`",
                    cap.display(),
                    c.ty,
                    c.param,
                    ev.ts(),
                    ev.tid()
                );
                *compared.entry(c.param).or_default() += 1;
            }
        }
    }
    println!("compared values per parameter: {compared:?}");
    if common::shared_dir().is_some() {
        for c in CHECKS {
            assert!(
                compared.get(c.param).copied().unwrap_or(0) > 0,
                "no value of {} {} was compared",
                c.ty,
                c.param
            );
        }
    }
}
