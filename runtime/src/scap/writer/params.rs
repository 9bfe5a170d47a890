//! Event parameter values and their encoding by the event table's `PT_*` type
//! (`spec/scap-format.md` §10): integers take the width of their type, strings gain their
//! NUL, string lists are NUL-separated, socket addresses and tuples get their family byte.

use falcoc_catalog::events::ParamType;

use crate::event::value::af;
use crate::event::{SockAddr, SockTuple};

/// One event parameter value. The writer checks it against the parameter's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param<'a> {
    /// Any fixed-size integer type (`PT_INT*`, `PT_UINT*`, errno, fd, pid, flags, uid, gid,
    /// mode, times, ports, ...): written in the type's width, if the value fits it.
    Int(i64),
    /// `PT_CHARBUF`, `PT_FSPATH`, `PT_FSRELPATH`: written with a terminating NUL.
    Str(&'a str),
    /// `PT_BYTEBUF`: raw bytes (I/O data).
    Bytes(&'a [u8]),
    /// `PT_BYTEBUF` / `PT_CHARBUFARRAY` string lists (args, env, cgroups): each item
    /// NUL-terminated.
    List(&'a [&'a str]),
    /// `PT_SOCKADDR`.
    SockAddr(SockAddr<'a>),
    /// `PT_SOCKTUPLE`.
    SockTuple(SockTuple<'a>),
    /// Any type, bytes as given (`PT_DYN`, `PT_FDLIST`, addresses).
    Raw(&'a [u8]),
    /// An empty (length 0) value: "not available". Refused for fixed-size types, which
    /// sysdig 0.29.3 would decode from the following bytes.
    Empty,
}

impl<'a> Param<'a> {
    /// A `PT_FD` value.
    pub fn fd(fd: i64) -> Param<'a> {
        Param::Int(fd)
    }
    /// A `PT_ERRNO` result: the value, or `-errno`.
    pub fn res(res: i64) -> Param<'a> {
        Param::Int(res)
    }
    /// A `PT_PID` value.
    pub fn pid(pid: i64) -> Param<'a> {
        Param::Int(pid)
    }
    /// A `PT_UID` / `PT_GID` value.
    pub fn id(id: u32) -> Param<'a> {
        Param::Int(i64::from(id))
    }
    /// A `PT_FLAGS*` / `PT_MODE` value (`PPM_*` bits, not Linux values).
    pub fn flags(bits: u32) -> Param<'a> {
        Param::Int(i64::from(bits))
    }
    /// An unsigned 64-bit value (`PT_UINT64`, times): stored bit for bit.
    pub fn u64(v: u64) -> Param<'a> {
        Param::Int(v as i64)
    }
    /// A string or path.
    pub fn str(s: &'a str) -> Param<'a> {
        Param::Str(s)
    }
}

/// The byte width of a fixed-size integer type, and whether it is signed.
fn int_width(t: ParamType) -> Option<(usize, bool)> {
    use ParamType::*;
    Some(match t {
        Int8 => (1, true),
        Uint8 | Flags8 | EnumFlags8 | SigType | L4Proto | SockFamily => (1, false),
        Int16 => (2, true),
        Uint16 | Flags16 | EnumFlags16 | SyscallId | Port => (2, false),
        Int32 | Fd32 | Pid32 => (4, true),
        Uint32 | Flags32 | EnumFlags32 | Uid | Gid | Mode | SigSet | Bool => (4, false),
        Int64 | Errno | Fd | Pid | Uint64 | RelTime | AbsTime => (8, true),
        _ => return Option::None,
    })
}

/// Encodes `v` as a value of type `t` into `out`; `Err` holds the reason it cannot be.
pub(crate) fn encode(t: ParamType, v: &Param<'_>, out: &mut Vec<u8>) -> Result<(), &'static str> {
    use ParamType as T;
    match (v, t) {
        (Param::Int(n), _) => {
            let (w, signed) = int_width(t).ok_or("not an integer type")?;
            let fits = w == 8 || {
                let bits = 8 * w as u32;
                let lo = if signed { -(1i64 << (bits - 1)) } else { 0 };
                let hi = if signed {
                    (1i64 << (bits - 1)) - 1
                } else {
                    (1i64 << bits) - 1
                };
                // An unsigned field also accepts the signed spelling of its bits (-1).
                (lo..=hi).contains(n) || (!signed && (-(1i64 << (bits - 1))..0).contains(n))
            };
            if !fits {
                return Err("the integer does not fit its width");
            }
            out.extend_from_slice(n.to_le_bytes().get(..w).unwrap_or_default());
        }
        (Param::Str(s), T::CharBuf | T::FsPath | T::FsRelPath) => {
            if s.contains('\0') {
                return Err("a string cannot hold a NUL");
            }
            out.extend_from_slice(s.as_bytes());
            out.push(0);
        }
        (Param::Bytes(b), T::ByteBuf) => out.extend_from_slice(b),
        (Param::List(items), T::ByteBuf | T::CharBufArray) => {
            for s in *items {
                if s.contains('\0') {
                    return Err("a list item cannot hold a NUL");
                }
                out.extend_from_slice(s.as_bytes());
                out.push(0);
            }
        }
        (Param::SockAddr(a), T::SockAddr) => sockaddr(a, out),
        (Param::SockTuple(a), T::SockTuple) => socktuple(a, out),
        (Param::Raw(b), _) => out.extend_from_slice(b),
        (Param::Empty, _) if int_width(t).is_some() => {
            return Err("a fixed-size value cannot be empty");
        }
        (Param::Empty, _) => {}
        _ => return Err("the value given is of another kind"),
    }
    Ok(())
}

fn sockaddr(a: &SockAddr<'_>, out: &mut Vec<u8>) {
    match a {
        SockAddr::V4 { addr, port } => {
            out.push(af::INET);
            out.extend_from_slice(addr);
            out.extend_from_slice(&port.to_le_bytes());
        }
        SockAddr::V6 { addr, port } => {
            out.push(af::INET6);
            out.extend_from_slice(addr);
            out.extend_from_slice(&port.to_le_bytes());
        }
        SockAddr::Unix { path } => {
            out.push(af::UNIX);
            out.extend_from_slice(path);
            out.push(0);
        }
        SockAddr::Other { family, data } => {
            out.push(*family);
            out.extend_from_slice(data);
        }
    }
}

fn socktuple(a: &SockTuple<'_>, out: &mut Vec<u8>) {
    match a {
        SockTuple::V4 {
            sip,
            sport,
            dip,
            dport,
        } => {
            out.push(af::INET);
            out.extend_from_slice(sip);
            out.extend_from_slice(&sport.to_le_bytes());
            out.extend_from_slice(dip);
            out.extend_from_slice(&dport.to_le_bytes());
        }
        SockTuple::V6 {
            sip,
            sport,
            dip,
            dport,
        } => {
            out.push(af::INET6);
            out.extend_from_slice(sip);
            out.extend_from_slice(&sport.to_le_bytes());
            out.extend_from_slice(dip);
            out.extend_from_slice(&dport.to_le_bytes());
        }
        SockTuple::Unix { source, dest, path } => {
            out.push(af::UNIX);
            out.extend_from_slice(&source.to_le_bytes());
            out.extend_from_slice(&dest.to_le_bytes());
            out.extend_from_slice(path);
            out.push(0);
        }
        SockTuple::Other { family, data } => {
            out.push(*family);
            out.extend_from_slice(data);
        }
    }
}
