//! `in` / `intersects` value sets (§1.4): membership by value, hashed per kind as libsinsp
//! hashes the parsed raw bytes. Networks (IPNET literals) cannot be hashed: they are tested
//! one by one with the masked compare.

use super::hash::FastBuild;
use super::ip::in_net;
use falcoc_catalog::value::TypedValue;
use std::collections::HashSet;
use std::net::IpAddr;

/// One scalar value as a set member or a set probe.
#[derive(Clone, Copy, Debug)]
pub enum Probe<'a> {
    Int(i64),
    Uint(u64),
    Double(f64),
    Bool(bool),
    /// Strings and buffers alike: compared as bytes.
    Bytes(&'a [u8]),
    Ip(IpAddr),
}

/// A set of literal values.
#[derive(Clone, Debug, Default)]
pub struct ValueSet {
    /// Integers of either signedness, widened so that the two kinds compare by value.
    ints: HashSet<i128, FastBuild>,
    doubles: HashSet<u64, FastBuild>,
    bools: [bool; 2],
    bytes: HashSet<Vec<u8>, FastBuild>,
    ips: HashSet<IpAddr, FastBuild>,
    nets: Vec<(IpAddr, u8)>,
    len: usize,
}

impl ValueSet {
    pub fn new<'a>(values: impl IntoIterator<Item = &'a TypedValue>) -> ValueSet {
        let mut set = ValueSet::default();
        for v in values {
            set.insert(v);
        }
        set
    }

    pub fn insert(&mut self, v: &TypedValue) {
        self.len += 1;
        match v {
            TypedValue::Int(i) => {
                self.ints.insert(i128::from(*i));
            }
            TypedValue::Uint(u) => {
                self.ints.insert(i128::from(*u));
            }
            TypedValue::Double(d) => {
                self.doubles.insert(d.to_bits());
            }
            TypedValue::Bool(b) => {
                if let Some(slot) = self.bools.get_mut(usize::from(*b)) {
                    *slot = true;
                }
            }
            TypedValue::Str(s) => {
                self.bytes.insert(s.as_bytes().to_vec());
            }
            TypedValue::Bytes(b) => {
                self.bytes.insert(b.clone());
            }
            TypedValue::Ip(ip) => {
                self.ips.insert(*ip);
            }
            TypedValue::Net { addr, prefix } => self.nets.push((*addr, *prefix)),
            // A list is never a literal; its elements are members (a `val()` right side).
            TypedValue::List(items) => {
                self.len -= 1;
                for i in items {
                    self.insert(i);
                }
            }
        }
    }

    /// How many literals were inserted (duplicates included).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The lengths of the string and buffer members (what a back end's prefilter needs: a
    /// bytes probe of any other length is not in the set).
    pub fn bytes_lengths(&self) -> impl Iterator<Item = usize> + '_ {
        self.bytes.iter().map(Vec::len)
    }

    pub fn contains(&self, p: Probe<'_>) -> bool {
        match p {
            Probe::Int(i) => self.ints.contains(&i128::from(i)),
            Probe::Uint(u) => self.ints.contains(&i128::from(u)),
            Probe::Double(d) => self.doubles.contains(&d.to_bits()),
            Probe::Bool(b) => self.bools.get(usize::from(b)).copied().unwrap_or(false),
            Probe::Bytes(b) => self.bytes.contains(b),
            Probe::Ip(ip) => {
                self.ips.contains(&ip) || self.nets.iter().any(|(n, p)| in_net(ip, *n, *p))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership() {
        let set = ValueSet::new(&[
            TypedValue::Str("bash".into()),
            TypedValue::Str("sh".into()),
            TypedValue::Int(-1),
            TypedValue::Uint(22),
            TypedValue::Ip("10.0.0.1".parse().expect("ip")),
            TypedValue::Net {
                addr: "192.168.0.0".parse().expect("ip"),
                prefix: 16,
            },
            TypedValue::Bool(true),
        ]);
        assert_eq!(set.len(), 7);
        assert!(set.contains(Probe::Bytes(b"bash")));
        assert!(!set.contains(Probe::Bytes(b"bas")));
        assert!(set.contains(Probe::Int(-1)));
        assert!(set.contains(Probe::Uint(22)));
        assert!(set.contains(Probe::Int(22)));
        assert!(!set.contains(Probe::Uint(u64::MAX)));
        assert!(set.contains(Probe::Ip("10.0.0.1".parse().expect("ip"))));
        assert!(!set.contains(Probe::Ip("10.0.0.2".parse().expect("ip"))));
        assert!(set.contains(Probe::Ip("192.168.7.7".parse().expect("ip"))));
        assert!(set.contains(Probe::Bool(true)));
        assert!(!set.contains(Probe::Bool(false)));
        assert!(ValueSet::default().is_empty());
    }
}
