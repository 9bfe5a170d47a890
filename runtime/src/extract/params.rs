//! Event parameters as text, the way libsinsp's `get_param_as_str` renders them: a value
//! string plus an optional "resolved" string (the fd's name, the errno name, the flag
//! names, the process name of a pid, the absolute path). `evt.arg.X` shows the resolved
//! string when there is one; `evt.args` shows `name=value(resolved)`.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use falcoc_catalog::events::{ParamExtra, ParamFormat, ParamType};

use super::flags;
use super::names::{errno_name, signal_name};
use crate::event::value::decode_int;
use crate::event::{Event, SockTuple};
use crate::state::fd::{l4, sockaddr_text, tuple_name, unmap_v6, v4};
use crate::state::{path, Inspector};

/// `PPM_AT_FDCWD`.
const AT_FDCWD: i64 = -100;

/// The value and resolved strings of parameter `i`; `None` past the last parameter.
pub fn param_strings(insp: &Inspector, ev: &Event<'_>, i: usize) -> Option<(String, String)> {
    let info = ev.param_info(i)?;
    let raw = ev.param(i)?;
    if raw.is_empty() {
        return Some(("NULL".to_string(), String::new()));
    }
    let (ty, bytes, extra) = match info.extra {
        ParamExtra::Dyn(alts) => match crate::event::value::decode_dyn(raw, alts) {
            Some((t, b)) => (t, b, ParamExtra::None),
            None => return Some(("NULL".to_string(), String::new())),
        },
        e => (info.ptype, raw, e),
    };
    Some(render(insp, ev, ty, info.format, extra, bytes))
}

/// `evt.arg`'s text of parameter `i` — the resolved string when there is one, else the
/// value, as [`param_strings`] gives them — appended to `out`; `None` when the event has
/// no parameter `i`. Flags with a value table are rendered straight into `out`.
pub fn arg_text(insp: &Inspector, ev: &Event<'_>, i: usize, out: &mut String) -> Option<()> {
    let info = ev.param_info(i)?;
    let raw = ev.param(i)?;
    if let (Some(exact), ParamExtra::Values(t), false) =
        (flags_exactness(info.ptype), info.extra, raw.is_empty())
    {
        let v = decode_int(raw, false).unwrap_or(0) as u32;
        let start = out.len();
        flags::render_into(t, v, exact, out);
        if out.len() == start {
            push_flags_value(info.ptype, v, out);
        }
        return Some(());
    }
    let (v, r) = param_strings(insp, ev, i)?;
    out.push_str(if r.is_empty() { &v } else { &r });
    Some(())
}

/// For a flags parameter type, whether its table is an enumeration (one exact entry).
fn flags_exactness(ty: ParamType) -> Option<bool> {
    match ty {
        ParamType::Flags8 | ParamType::Flags16 | ParamType::Flags32 | ParamType::Mode => {
            Some(false)
        }
        ParamType::EnumFlags8 | ParamType::EnumFlags16 | ParamType::EnumFlags32 => Some(true),
        _ => None,
    }
}

/// A flags parameter's number as [`param_strings`] prints it (modes in octal).
fn push_flags_value(ty: ParamType, v: u32, out: &mut String) {
    let _ = if ty == ParamType::Mode {
        write!(out, "0{v:o}")
    } else {
        write!(out, "{v}")
    };
}

fn int_fmt(v: i64, unsigned: u64, fmt: ParamFormat) -> String {
    match fmt {
        ParamFormat::Oct if unsigned == 0 => "0".to_string(),
        ParamFormat::Oct => format!("0{unsigned:o}"),
        ParamFormat::Hex => format!("{unsigned:X}"),
        ParamFormat::PaddedDec10 => format!("{v:09}"),
        _ => v.to_string(),
    }
}

fn render(
    insp: &Inspector,
    ev: &Event<'_>,
    ty: ParamType,
    fmt: ParamFormat,
    extra: ParamExtra,
    b: &[u8],
) -> (String, String) {
    let signed = decode_int(b, true);
    let unsigned = decode_int(b, false).map(|v| v as u64);
    let none = String::new;
    match ty {
        ParamType::Int8 | ParamType::Int16 | ParamType::Int32 | ParamType::Int64 => {
            let v = signed.unwrap_or(0);
            (int_fmt(v, v as u64 & width_mask(b.len()), fmt), none())
        }
        ParamType::Uint8
        | ParamType::Uint16
        | ParamType::Uint32
        | ParamType::Uint64
        | ParamType::Port => {
            let u = unsigned.unwrap_or(0);
            // libsinsp prints unsigned values through signed conversions.
            let v = match b.len() {
                8 => u as i64,
                4 => i64::from(u as u32 as i32),
                _ => u as i64,
            };
            (int_fmt(v, u, fmt), none())
        }
        ParamType::Fd | ParamType::Fd32 => {
            let fd = signed.unwrap_or(0);
            (fd.to_string(), fd_resolved(insp, ev, fd))
        }
        ParamType::Pid | ParamType::Pid32 => {
            let pid = signed.unwrap_or(0);
            let comm = insp
                .threads()
                .get(pid)
                .map(|t| t.comm.to_string())
                .unwrap_or_default();
            (pid.to_string(), comm)
        }
        ParamType::Errno => {
            let v = signed.unwrap_or(0);
            let r = if v < 0 {
                errno_name(v).unwrap_or("").to_string()
            } else {
                none()
            };
            let s = if v >= 0 && fmt == ParamFormat::Hex {
                format!("{v:X}")
            } else {
                v.to_string()
            };
            (s, r)
        }
        ParamType::CharBuf => (cstr(b), none()),
        ParamType::FsPath | ParamType::FsRelPath => {
            let p = cstr(b);
            let base = base_dir(insp, ev, ty, extra);
            let r = if p == "<NA>" {
                none()
            } else {
                base.map(|d| path::join(&d, &p)).unwrap_or_default()
            };
            (p, r)
        }
        ParamType::ByteBuf => (printable(b), none()),
        ParamType::CharBufArray | ParamType::CharBufPairArray => (printable(b), none()),
        ParamType::SockAddr => (sockaddr(b), none()),
        ParamType::SockTuple => (socktuple(b), none()),
        ParamType::FdList => (fdlist(insp, ev, b), none()),
        ParamType::SyscallId => {
            let id = unsigned.unwrap_or(0);
            let name = u16::try_from(id)
                .ok()
                .and_then(falcoc_catalog::events::syscall_name)
                .unwrap_or("")
                .to_string();
            (id.to_string(), name)
        }
        ParamType::SigType => {
            let n = unsigned.unwrap_or(0);
            (n.to_string(), signal_name(n).unwrap_or("").to_string())
        }
        ParamType::RelTime => {
            let n = unsigned.unwrap_or(0);
            if n == u64::MAX {
                ("none".to_string(), none())
            } else {
                (n.to_string(), format!("{}s", n as f64 / 1e9))
            }
        }
        ParamType::AbsTime => {
            let n = unsigned.unwrap_or(0);
            (
                n.to_string(),
                crate::time::datetime(n, crate::time::TimeZone::Local),
            )
        }
        ParamType::Flags8
        | ParamType::Flags16
        | ParamType::Flags32
        | ParamType::EnumFlags8
        | ParamType::EnumFlags16
        | ParamType::EnumFlags32
        | ParamType::Mode => {
            let v = unsigned.unwrap_or(0) as u32;
            let r = match (extra, flags_exactness(ty)) {
                (ParamExtra::Values(t), Some(exact)) => flags::render(t, v, exact),
                _ => none(),
            };
            let mut s = String::new();
            push_flags_value(ty, v, &mut s);
            (s, r)
        }
        ParamType::Uid | ParamType::Gid => {
            let v = unsigned.unwrap_or(0) as u32;
            let s = if v == u32::MAX {
                "-1".to_string()
            } else {
                v.to_string()
            };
            (s, none())
        }
        ParamType::Bool => (
            if unsigned.unwrap_or(0) != 0 {
                "true"
            } else {
                "false"
            }
            .to_string(),
            none(),
        ),
        ParamType::Double => {
            let v = <[u8; 8]>::try_from(b)
                .map(f64::from_le_bytes)
                .unwrap_or(0.0);
            (format!("{v}"), none())
        }
        ParamType::Ipv4Addr => match <[u8; 4]>::try_from(b) {
            Ok(a) => (Ipv4Addr::from(a).to_string(), none()),
            Err(_) => (none(), none()),
        },
        ParamType::Ipv6Addr => match <[u8; 16]>::try_from(b) {
            Ok(a) => (Ipv6Addr::from(a).to_string(), none()),
            Err(_) => (none(), none()),
        },
        ParamType::SigSet => (unsigned.unwrap_or(0).to_string(), none()),
        _ => ("(n.a.)".to_string(), none()),
    }
}

fn width_mask(len: usize) -> u64 {
    match len {
        1 => 0xff,
        2 => 0xffff,
        4 => 0xffff_ffff,
        _ => u64::MAX,
    }
}

/// The bytes before the first NUL, lossily as UTF-8.
pub fn cstr(b: &[u8]) -> String {
    String::from_utf8_lossy(crate::event::value::decode_cstr(b)).into_owned()
}

/// A buffer with printable ASCII kept and every other byte shown as `.`.
pub fn printable(b: &[u8]) -> String {
    b.iter()
        .map(|c| {
            if (0x20..0x7f).contains(c) {
                *c as char
            } else {
                '.'
            }
        })
        .collect()
}

/// The resolved form of an fd value: `AT_FDCWD`, the errno name of a failure, or
/// `<typechar[l4]>name` when the fd is known.
fn fd_resolved(insp: &Inspector, ev: &Event<'_>, fd: i64) -> String {
    if fd == AT_FDCWD {
        return "AT_FDCWD".to_string();
    }
    if fd < 0 {
        return errno_name(fd).unwrap_or("").to_string();
    }
    let Some(f) = insp.threads().fd(ev.tid(), fd) else {
        return String::new();
    };
    let mut s = String::from("<");
    s.push(f.kind.type_char());
    if f.kind.is_ip_socket() {
        match f.l4proto {
            l4::TCP => s.push('t'),
            l4::UDP => s.push('u'),
            l4::ICMP => s.push('i'),
            l4::RAW => s.push('r'),
            _ => {}
        }
    }
    s.push('>');
    s.push_str(&f.name);
    s
}

/// The directory a path parameter is relative to: cwd, or the dirfd's name for
/// `PT_FSRELPATH` with a real dirfd.
fn base_dir(insp: &Inspector, ev: &Event<'_>, ty: ParamType, extra: ParamExtra) -> Option<String> {
    let cwd = insp
        .threads()
        .main_of(ev.tid())
        .map(|t| t.cwd.to_string())?;
    if ty != ParamType::FsRelPath {
        return Some(cwd);
    }
    let ParamExtra::DirFd(d) = extra else {
        return Some(cwd);
    };
    match ev.as_i64(usize::from(d)) {
        Some(AT_FDCWD) | None => Some(cwd),
        Some(fd) => insp
            .threads()
            .fd(ev.tid(), fd)
            .map(|f| format!("{}/", f.name)),
    }
}

fn sockaddr(b: &[u8]) -> String {
    crate::event::value::decode_sockaddr(b).map_or_else(String::new, sockaddr_text)
}

fn socktuple(b: &[u8]) -> String {
    match crate::event::value::decode_socktuple(b) {
        Some(SockTuple::V4 {
            sip,
            sport,
            dip,
            dport,
        }) => tuple_name(v4(sip), sport, v4(dip), dport),
        Some(SockTuple::V6 {
            sip,
            sport,
            dip,
            dport,
        }) => {
            let (s, d) = (unmap_v6(sip), unmap_v6(dip));
            if s.is_ipv4() && d.is_ipv4() {
                tuple_name(s, sport, d, dport)
            } else {
                let s6 = Ipv6Addr::from(sip);
                let d6 = Ipv6Addr::from(dip);
                format!("{s6}:{sport}->{d6}:{dport}")
            }
        }
        Some(SockTuple::Unix { source, dest, path }) => {
            format!("{source:x}->{dest:x} {}", String::from_utf8_lossy(path))
        }
        Some(SockTuple::Other { family, .. }) => format!("family {family}"),
        None => String::new(),
    }
}

fn fdlist(insp: &Inspector, ev: &Event<'_>, b: &[u8]) -> String {
    let Some(list) = crate::event::value::decode_fdlist(b) else {
        return String::new();
    };
    let mut out = String::new();
    for (k, (fd, fl)) in list.iter().enumerate() {
        let tch = insp
            .threads()
            .fd(ev.tid(), fd)
            .map_or('?', |f| f.kind.type_char());
        if k > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{fd}:{tch}{:x}", fl as i16 as i32 as u32);
    }
    out
}
