//! IP address and network literals, as libsinsp parses them: a value containing `.` is
//! IPv4, anything else IPv6; networks are `addr/len` with the `/` mandatory.

use super::number;
use crate::types::FieldType;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn is_v4(text: &str, ftype: FieldType) -> bool {
    match ftype {
        FieldType::Ipv4Addr | FieldType::Ipv4Net => true,
        FieldType::Ipv6Addr | FieldType::Ipv6Net => false,
        _ => text.contains('.'),
    }
}

fn addr(text: &str, v4: bool) -> Option<IpAddr> {
    if v4 {
        text.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    } else {
        text.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    }
}

/// An address; a CIDR value is rejected.
pub(super) fn ip(text: &str, ftype: FieldType) -> Result<IpAddr, String> {
    let v4 = is_v4(text, ftype);
    addr(text, v4).ok_or_else(|| {
        let family = if v4 { "IPv4" } else { "IPv6" };
        format!("unrecognized {family} address {text}")
    })
}

/// A network `addr/len`.
pub(super) fn net(text: &str, ftype: FieldType) -> Result<(IpAddr, u8), String> {
    let Some((a, mask)) = text.split_once('/') else {
        return Err(format!("unrecognized IP network {text}"));
    };
    let v4 = is_v4(text, ftype);
    let a = addr(a, v4).ok_or_else(|| format!("unrecognized IP address {text}"))?;
    let len = number::unsigned(mask, FieldType::Uint8)?;
    let max = if v4 { 32 } else { 128 };
    match u8::try_from(len) {
        Ok(prefix) if u64::from(prefix) <= max => Ok((a, prefix)),
        _ => Err(format!("invalid netmask {mask}")),
    }
}
