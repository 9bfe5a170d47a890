//! IP address and network literals (`inet_pton` rules: an address with a `.` is IPv4,
//! anything else IPv6; networks are `addr/len` with the `/` mandatory).

use crate::catalog::types::FieldType;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn addr(text: &str) -> Option<IpAddr> {
    if text.contains('.') && !text.contains(':') {
        text.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    } else {
        text.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    }
}

fn family_ok(a: &IpAddr, ftype: FieldType) -> bool {
    match ftype {
        FieldType::Ipv4Addr | FieldType::Ipv4Net => a.is_ipv4(),
        FieldType::Ipv6Addr | FieldType::Ipv6Net => a.is_ipv6(),
        _ => true,
    }
}

/// An address; a CIDR value is rejected.
pub(super) fn ip(text: &str, ftype: FieldType) -> Result<IpAddr, String> {
    addr(text)
        .filter(|a| family_ok(a, ftype))
        .ok_or_else(|| format!("unrecognized IP address {text}"))
}

/// A network `addr/len`.
pub(super) fn net(text: &str, ftype: FieldType) -> Result<(IpAddr, u8), String> {
    let err = || format!("unrecognized IP network {text}");
    let (a, len) = text.split_once('/').ok_or_else(err)?;
    let a = addr(a).filter(|a| family_ok(a, ftype)).ok_or_else(err)?;
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    let prefix: u8 = len.parse().map_err(|_| err())?;
    let max = if a.is_ipv4() { 32 } else { 128 };
    if prefix > max {
        return Err(err());
    }
    Ok((a, prefix))
}
