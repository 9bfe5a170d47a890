//! Addresses and networks (§1.4–§1.5, libsinsp `flt_compare_ipv4addr/ipv6addr/ipv4net/
//! ipv6net`): `=`/`!=` on IPADDR fields compare addresses exactly; on IPNET fields the
//! extracted address is masked with the literal's prefix and compared with the literal's
//! network. When the address families differ, `=` is false and `!=` is true.

use std::net::IpAddr;

/// Whether two addresses are equal (different families are never equal).
pub fn ip_eq(lhs: IpAddr, rhs: IpAddr) -> bool {
    lhs == rhs
}

/// Whether `addr` lies in the network `net/prefix` (the network's host bits are ignored, as
/// libsinsp masks both sides). A prefix beyond the family's width counts as the full width.
pub fn in_net(addr: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (addr, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = mask_u32(prefix);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = mask_u128(prefix);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

fn mask_u32(prefix: u8) -> u32 {
    match prefix {
        0 => 0,
        p if p >= 32 => u32::MAX,
        p => u32::MAX << (32 - u32::from(p)),
    }
}

fn mask_u128(prefix: u8) -> u128 {
    match prefix {
        0 => 0,
        p if p >= 128 => u128::MAX,
        p => u128::MAX << (128 - u32::from(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("valid address")
    }

    #[test]
    fn cidr_table() {
        let cases: &[(&str, &str, u8, bool)] = &[
            ("10.1.2.3", "10.0.0.0", 8, true),
            ("11.1.2.3", "10.0.0.0", 8, false),
            ("192.168.1.77", "192.168.1.0", 24, true),
            ("192.168.2.77", "192.168.1.0", 24, false),
            // host bits of the literal are ignored
            ("192.168.1.77", "192.168.1.1", 24, true),
            ("1.2.3.4", "0.0.0.0", 0, true),
            ("1.2.3.4", "1.2.3.4", 32, true),
            ("1.2.3.5", "1.2.3.4", 32, false),
            ("172.31.255.255", "172.16.0.0", 12, true),
            ("172.32.0.0", "172.16.0.0", 12, false),
            ("2001:db8::1", "2001:db8::", 32, true),
            ("2001:db9::1", "2001:db8::", 32, false),
            ("fe80::1", "fe80::", 10, true),
            ("::1", "::1", 128, true),
            // families never mix
            ("10.0.0.1", "::", 0, false),
            ("::ffff:10.0.0.1", "10.0.0.0", 8, false),
        ];
        for &(a, n, p, expect) in cases {
            assert_eq!(in_net(ip(a), ip(n), p), expect, "{a} in {n}/{p}");
        }
    }

    #[test]
    fn equality() {
        assert!(ip_eq(ip("127.0.0.1"), ip("127.0.0.1")));
        assert!(!ip_eq(ip("127.0.0.1"), ip("::1")));
        assert!(!ip_eq(ip("::ffff:127.0.0.1"), ip("127.0.0.1")));
    }
}
