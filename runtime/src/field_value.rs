//! Extracted field values and the interface between field extraction and evaluation.
//!
//! The interpreter (and later the JIT) asks a [`FieldSource`] for the value of a resolved
//! field on the current event; `None` means the field cannot be extracted here (no fd, no
//! thread, missing parameter…), which makes every comparison on it false (§1.3).

use falcoc_catalog::fields::ResolvedField;
use std::net::IpAddr;

/// One extracted value, in the representation the comparison operators work on.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// Signed integer types (`INT*`, `ERRNO`, `FD`, `PID`).
    Int(i64),
    /// Unsigned integer types (`UINT*`, `PORT`, flags, times, `MODE`…).
    Uint(u64),
    Double(f64),
    Bool(bool),
    /// `CHARBUF`, `FSPATH`, `FSRELPATH`. Bytes that are not UTF-8 are kept lossily.
    Str(String),
    /// `BYTEBUF`.
    Bytes(Vec<u8>),
    /// `IPADDR`, `IPV4ADDR`, `IPV6ADDR` (and the address of `IPNET` fields).
    Ip(IpAddr),
    /// List fields (`IS_LIST`), and the endpoint pair of `fd.ip`/`fd.net`/`fd.port`/
    /// `fd.proto` (client then server; one element on a listening socket).
    List(Vec<FieldValue>),
}

/// Where field values come from: an event plus the state it is seen in.
pub trait FieldSource {
    /// The value of `field` on the current event, or `None` when it cannot be extracted.
    fn extract(&mut self, field: &ResolvedField) -> Option<FieldValue>;
}
