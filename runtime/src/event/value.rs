//! Typed views of encoded parameter values (`PT_*`): integers, strings, socket addresses
//! and tuples, fd lists, `PT_DYN` values. All decoders borrow and never allocate.

use falcoc_catalog::events::ParamType;

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

/// libsinsp's `is_sockaddr_valid`: a non-empty `PT_SOCKADDR` long enough for its family
/// (a unix path must end in its NUL); other families are valid at any length.
pub fn is_valid_sockaddr(b: &[u8]) -> bool {
    match b.first() {
        None => false,
        Some(&af::INET) => b.len() >= 7,
        Some(&af::INET6) => b.len() >= 19,
        Some(&af::UNIX) => b.len() >= 2 && b.last() == Some(&0),
        Some(_) => true,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_extend_by_sign() {
        assert_eq!(decode_int(&[0xff], true), Some(-1));
        assert_eq!(decode_int(&[0xff], false), Some(255));
        assert_eq!(decode_int(&[0x9c, 0xff, 0xff, 0xff], true), Some(-100));
        assert_eq!(decode_int(&(-100i64).to_le_bytes(), false), Some(-100));
        assert_eq!(decode_int(&[1, 2, 3], true), None);
        assert_eq!(decode_int(&[], false), None);
    }

    #[test]
    fn strings_and_lists() {
        assert_eq!(decode_cstr(b"/etc\0"), b"/etc");
        assert_eq!(decode_cstr(b""), b"");
        let items: Vec<&[u8]> = decode_strlist(b"a\0\0b\0").collect();
        assert_eq!(items, vec![&b"a"[..], b"", b"b"]);
        assert_eq!(decode_strlist(b"").count(), 0);
        assert_eq!(decode_strlist(b"\0").count(), 0);
    }

    #[test]
    fn socket_values() {
        assert_eq!(
            decode_sockaddr(b"\x01/run/x\0"),
            Some(SockAddr::Unix { path: b"/run/x" })
        );
        assert_eq!(decode_sockaddr(&[af::INET, 1, 2, 3]), None);
        let mut t = vec![af::INET6];
        t.extend([0u8; 15]);
        t.push(1);
        t.extend(80u16.to_le_bytes());
        t.extend([0u8; 16]);
        t.extend(443u16.to_le_bytes());
        let Some(SockTuple::V6 {
            sip, sport, dport, ..
        }) = decode_socktuple(&t)
        else {
            panic!("v6 tuple");
        };
        assert_eq!((sip[15], sport, dport), (1, 80, 443));
        assert_eq!(decode_socktuple(&t[..30]), None);
        let mut u = vec![af::UNIX];
        u.extend(1u64.to_le_bytes());
        u.extend(2u64.to_le_bytes());
        u.extend(b"/s\0");
        assert_eq!(
            decode_socktuple(&u),
            Some(SockTuple::Unix {
                source: 1,
                dest: 2,
                path: b"/s"
            })
        );
        assert_eq!(
            decode_sockaddr(&[af::NETLINK, 9]),
            Some(SockAddr::Other {
                family: af::NETLINK,
                data: &[9]
            })
        );
    }

    #[test]
    fn fdlists_and_dyn() {
        let mut b = 2u16.to_le_bytes().to_vec();
        b.extend(3i64.to_le_bytes());
        b.extend(1u16.to_le_bytes());
        assert_eq!(decode_fdlist(&b), None, "count says 2, holds 1");
        b.extend((-1i64).to_le_bytes());
        b.extend(4u16.to_le_bytes());
        let l = decode_fdlist(&b).expect("two entries");
        assert_eq!((l.len(), l.is_empty()), (2, false));
        assert_eq!(l.iter().collect::<Vec<_>>(), vec![(3, 1), (-1, 4)]);
        let alts = [ParamType::Uint64, ParamType::SigType];
        assert_eq!(
            decode_dyn(&[1, 9], &alts),
            Some((ParamType::SigType, &[9u8][..]))
        );
        assert_eq!(decode_dyn(&[2, 9], &alts), None);
    }
}
