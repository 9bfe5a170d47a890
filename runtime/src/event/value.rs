//! Typed views of encoded parameter values (`PT_*`): integers, strings, socket addresses
//! and tuples, fd lists, `PT_DYN` values. All decoders borrow and never allocate.

use falcoc_compiler::catalog::events::ParamType;

/// `PPM_AF_*` socket families.
pub mod af {
    pub const UNIX: u8 = 1;
    pub const INET: u8 = 2;
    pub const INET6: u8 = 10;
    pub const NETLINK: u8 = 16;
    pub const PACKET: u8 = 17;
}

/// An integer value of any width: sign-extended when `signed`, zero-extended otherwise.
/// `None` for an empty value or a width other than 1, 2, 4 or 8.
pub fn decode_int(b: &[u8], signed: bool) -> Option<i64> {
    Some(match *b {
        [a] if signed => i64::from(a as i8),
        [a] => i64::from(a),
        [a, b2] if signed => i64::from(i16::from_le_bytes([a, b2])),
        [a, b2] => i64::from(u16::from_le_bytes([a, b2])),
        [a, b2, c, d] if signed => i64::from(i32::from_le_bytes([a, b2, c, d])),
        [a, b2, c, d] => i64::from(u32::from_le_bytes([a, b2, c, d])),
        [_, _, _, _, _, _, _, _] => i64::from_le_bytes(b.try_into().ok()?),
        _ => return None,
    })
}

/// A string value: the bytes before the first NUL (CHARBUF, FSPATH, FSRELPATH).
pub fn decode_cstr(b: &[u8]) -> &[u8] {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    b.get(..end).unwrap_or_default()
}

/// Items of a NUL-separated list (execve `args`, `env`, `cgroups`, CHARBUFARRAY).
pub fn decode_strlist(b: &[u8]) -> impl Iterator<Item = &[u8]> {
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    let mut parts = b.split(|c| *c == 0);
    let empty = b.is_empty();
    std::iter::from_fn(move || if empty { None } else { parts.next() })
}

/// A `PT_SOCKADDR` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockAddr<'a> {
    /// AF_INET: address in network order, port in host order.
    V4 { addr: [u8; 4], port: u16 },
    /// AF_INET6.
    V6 { addr: [u8; 16], port: u16 },
    /// AF_UNIX: the path (without its NUL).
    Unix { path: &'a [u8] },
    /// Any other family, with its raw data.
    Other { family: u8, data: &'a [u8] },
}

/// Decodes a `PT_SOCKADDR`; `None` when empty or too short for its family.
pub fn decode_sockaddr(b: &[u8]) -> Option<SockAddr<'_>> {
    let (&family, rest) = b.split_first()?;
    Some(match family {
        af::INET => SockAddr::V4 {
            addr: rest.get(..4)?.try_into().ok()?,
            port: u16::from_le_bytes(rest.get(4..6)?.try_into().ok()?),
        },
        af::INET6 => SockAddr::V6 {
            addr: rest.get(..16)?.try_into().ok()?,
            port: u16::from_le_bytes(rest.get(16..18)?.try_into().ok()?),
        },
        af::UNIX => SockAddr::Unix {
            path: decode_cstr(rest),
        },
        _ => SockAddr::Other { family, data: rest },
    })
}

/// A `PT_SOCKTUPLE` value; `s` is the client end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockTuple<'a> {
    V4 {
        sip: [u8; 4],
        sport: u16,
        dip: [u8; 4],
        dport: u16,
    },
    V6 {
        sip: [u8; 16],
        sport: u16,
        dip: [u8; 16],
        dport: u16,
    },
    /// AF_UNIX: kernel socket addresses (identities only) and the path.
    Unix {
        source: u64,
        dest: u64,
        path: &'a [u8],
    },
    Other {
        family: u8,
        data: &'a [u8],
    },
}

/// Decodes a `PT_SOCKTUPLE`; `None` when empty or too short for its family.
pub fn decode_socktuple(b: &[u8]) -> Option<SockTuple<'_>> {
    let (&family, r) = b.split_first()?;
    let u16_at =
        |i: usize| -> Option<u16> { Some(u16::from_le_bytes(r.get(i..i + 2)?.try_into().ok()?)) };
    let u64_at =
        |i: usize| -> Option<u64> { Some(u64::from_le_bytes(r.get(i..i + 8)?.try_into().ok()?)) };
    Some(match family {
        af::INET => SockTuple::V4 {
            sip: r.get(0..4)?.try_into().ok()?,
            sport: u16_at(4)?,
            dip: r.get(6..10)?.try_into().ok()?,
            dport: u16_at(10)?,
        },
        af::INET6 => SockTuple::V6 {
            sip: r.get(0..16)?.try_into().ok()?,
            sport: u16_at(16)?,
            dip: r.get(18..34)?.try_into().ok()?,
            dport: u16_at(34)?,
        },
        af::UNIX => SockTuple::Unix {
            source: u64_at(0)?,
            dest: u64_at(8)?,
            path: decode_cstr(r.get(16..)?),
        },
        _ => SockTuple::Other { family, data: r },
    })
}

/// A `PT_FDLIST` value: (fd, `PPM_POLL*` flags) pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FdList<'a> {
    entries: &'a [u8],
}

impl<'a> FdList<'a> {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len() / 10
    }

    /// Whether the list has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.len() < 10
    }

    /// The (fd, flags) pairs.
    pub fn iter(&self) -> impl Iterator<Item = (i64, u16)> + 'a {
        self.entries.chunks_exact(10).map(|c| {
            let mut fd = [0u8; 8];
            fd.copy_from_slice(c.get(..8).unwrap_or(&[0; 8]));
            let fl = [
                c.get(8).copied().unwrap_or(0),
                c.get(9).copied().unwrap_or(0),
            ];
            (i64::from_le_bytes(fd), u16::from_le_bytes(fl))
        })
    }
}

/// Decodes a `PT_FDLIST`; `None` when shorter than its count says.
pub fn decode_fdlist(b: &[u8]) -> Option<FdList<'_>> {
    let count = usize::from(u16::from_le_bytes(b.get(..2)?.try_into().ok()?));
    let entries = b.get(2..2 + count * 10)?;
    Some(FdList { entries })
}

/// Decodes a `PT_DYN` value against its alternative types: the chosen type and its bytes.
pub fn decode_dyn<'a>(b: &'a [u8], alternatives: &[ParamType]) -> Option<(ParamType, &'a [u8])> {
    let (&idx, rest) = b.split_first()?;
    Some((*alternatives.get(usize::from(idx))?, rest))
}
