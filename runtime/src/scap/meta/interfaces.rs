//! The interface list block (IL v1 and v2): the machine's IPv4 and IPv6 addresses.

use crate::scap::cursor::Cursor;
use crate::scap::error::ScapError;

/// Longest interface name accepted.
const MAX_IFNAME: usize = 1023;

/// One network interface address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Interface {
    V4 {
        name: String,
        /// Address, netmask and broadcast in network byte order (as `s_addr` bytes).
        addr: [u8; 4],
        netmask: [u8; 4],
        bcast: [u8; 4],
        linkspeed: Option<u64>,
    },
    V6 {
        name: String,
        addr: [u8; 16],
        netmask: [u8; 16],
        bcast: [u8; 16],
        linkspeed: Option<u64>,
    },
}

impl Interface {
    /// The interface name, e.g. `eth0`.
    pub fn name(&self) -> &str {
        match self {
            Interface::V4 { name, .. } | Interface::V6 { name, .. } => name,
        }
    }
}

/// Parses an IL body of `version` 1 or 2 into `out`.
pub(crate) fn parse_interfaces(
    c: &mut Cursor<'_>,
    version: u8,
    out: &mut Vec<Interface>,
) -> Result<(), ScapError> {
    while c.remaining() >= 4 {
        if version >= 2 {
            // IL_V2 is the only list whose entry length does not count its own 4 bytes.
            let len = c.u32("interface entry length")? as usize;
            let body = c.bytes(len, "interface entry")?;
            let mut e = Cursor::new(body, c.offset() - len as u64, 0x219);
            if let Some(i) = parse_entry(&mut e, true)? {
                out.push(i);
            }
        } else {
            match parse_entry(c, false)? {
                Some(i) => out.push(i),
                None => return Err(c.error("unknown interface type")),
            }
        }
    }
    Ok(())
}

fn parse_entry(c: &mut Cursor<'_>, _v2: bool) -> Result<Option<Interface>, ScapError> {
    let ty = c.u16("interface type")?;
    let namelen = usize::from(c.u16("interface name length")?);
    if namelen > MAX_IFNAME {
        return Err(c.error(format!("interface name length {namelen} too long")));
    }
    let speed = |c: &mut Cursor<'_>, has: bool| -> Result<Option<u64>, ScapError> {
        if has {
            c.u64("linkspeed").map(Some)
        } else {
            Ok(None)
        }
    };
    let name = |c: &mut Cursor<'_>| -> Result<String, ScapError> {
        Ok(String::from_utf8_lossy(c.bytes(namelen, "interface name")?).into_owned())
    };
    match ty {
        1 | 3 => {
            let mut a = [[0u8; 4]; 3];
            for x in &mut a {
                x.copy_from_slice(c.bytes(4, "ipv4 address")?);
            }
            let linkspeed = speed(c, ty == 1)?;
            Ok(Some(Interface::V4 {
                name: name(c)?,
                addr: a[0],
                netmask: a[1],
                bcast: a[2],
                linkspeed,
            }))
        }
        2 | 4 => {
            let addr = c.addr16("ipv6 address")?;
            let netmask = c.addr16("ipv6 netmask")?;
            let bcast = c.addr16("ipv6 broadcast")?;
            let linkspeed = speed(c, ty == 2)?;
            Ok(Some(Interface::V6 {
                name: name(c)?,
                addr,
                netmask,
                bcast,
                linkspeed,
            }))
        }
        // An unknown type is skipped by its entry length in v2 and fatal in v1 (caller).
        _ => Ok(None),
    }
}
