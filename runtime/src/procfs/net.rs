//! Socket endpoints by inode from `/proc/net/{tcp,tcp6,udp,udp6,unix}`, so a startup fd
//! `socket:[INODE]` gets its addresses.

use std::collections::HashMap;
use std::path::Path;

use crate::scap::FdKind;

const TCP: u8 = 6;
const UDP: u8 = 17;
const LISTEN: &str = "0A";

/// (fd type, kind) of every socket inode the kernel lists.
pub(super) fn socket_table(proc_root: &Path) -> HashMap<u64, (u8, FdKind)> {
    let mut out = HashMap::new();
    for (file, proto) in [("tcp", TCP), ("udp", UDP), ("tcp6", TCP), ("udp6", UDP)] {
        let text = std::fs::read_to_string(proc_root.join("net").join(file)).unwrap_or_default();
        for line in text.lines().skip(1) {
            if let Some((ino, entry)) = inet_line(line, proto) {
                out.insert(ino, entry);
            }
        }
    }
    let text = std::fs::read_to_string(proc_root.join("net/unix")).unwrap_or_default();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (Some(addr), Some(ino)) = (f.first(), f.get(6).and_then(|i| i.parse().ok())) else {
            continue;
        };
        let source = u64::from_str_radix(addr.trim_end_matches(':'), 16).unwrap_or(0);
        let name = f.get(7).unwrap_or(&"").to_string();
        out.insert(
            ino,
            (
                8,
                FdKind::Unix {
                    source,
                    dest: 0,
                    name,
                },
            ),
        );
    }
    out
}

fn inet_line(line: &str, proto: u8) -> Option<(u64, (u8, FdKind))> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let (lip, lport) = endpoint(f.get(1)?)?;
    let (rip, rport) = endpoint(f.get(2)?)?;
    let ino: u64 = f.get(9)?.parse().ok()?;
    let listening = proto == TCP && *f.get(3)? == LISTEN;
    let entry = match (lip.len(), listening) {
        (4, true) => (
            5,
            FdKind::Ipv4Server {
                ip: lip.clone().try_into().ok()?,
                port: lport,
                l4proto: proto,
            },
        ),
        (4, false) => (
            3,
            FdKind::Ipv4 {
                sip: lip.clone().try_into().ok()?,
                dip: rip.clone().try_into().ok()?,
                sport: lport,
                dport: rport,
                l4proto: proto,
            },
        ),
        (_, true) => (
            6,
            FdKind::Ipv6Server {
                ip: lip.clone().try_into().ok()?,
                port: lport,
                l4proto: proto,
            },
        ),
        (_, false) => (
            4,
            FdKind::Ipv6 {
                sip: lip.clone().try_into().ok()?,
                dip: rip.clone().try_into().ok()?,
                sport: lport,
                dport: rport,
                l4proto: proto,
            },
        ),
    };
    Some((ino, entry))
}

/// `HEXADDR:HEXPORT` → (address bytes in network order, port). The kernel prints each
/// 32-bit word of the address in host (little-endian) order.
fn endpoint(s: &str) -> Option<(Vec<u8>, u16)> {
    let (addr, port) = s.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let mut bytes = Vec::with_capacity(16);
    for chunk in addr.as_bytes().chunks(8) {
        let word = u32::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok()?;
        bytes.extend_from_slice(&word.to_le_bytes());
    }
    Some((bytes, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_decode_to_network_order() {
        assert_eq!(endpoint("0100007F:1F90"), Some((vec![127, 0, 0, 1], 8080)));
    }
}
