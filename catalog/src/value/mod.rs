//! Converting a condition literal to the left-hand field's type at compile time (§1.5,
//! libsinsp `sinsp_filter_value_parser::string_to_rawval`). There is no runtime coercion:
//! the interpreter and the JIT compare extracted values with these [`TypedValue`]s.
//!
//! [`TypedValue`] is also the one owned value type of the runtime (`FieldValue` there is
//! this type): literals never hold a [`TypedValue::List`] and extracted values never a
//! [`TypedValue::Net`]. The hot path uses the borrowed value of `falcoc-predicate` instead.

mod net;
mod number;
mod services;

use crate::types::FieldType;
use falcoc_grammar::ast::CmpOp;
use std::net::IpAddr;

pub use services::service_port;

/// A literal converted to a field type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypedValue {
    /// Signed integer types (`INT*`, `ERRNO`, `FD`, `PID`), already truncated to the
    /// field's width and sign-extended.
    Int(i64),
    /// Unsigned integer types (`UINT*`, `PORT`, flags, times, `MODE`, `SYSCALLID`…),
    /// truncated to the field's width.
    Uint(u64),
    Double(f64),
    Bool(bool),
    /// `CHARBUF`, `FSPATH`, `FSRELPATH` (and `SOCKADDR`, which libsinsp stores as text).
    Str(String),
    /// `BYTEBUF` (hex-decoded for `bcontains`/`bstartswith`).
    Bytes(Vec<u8>),
    /// `IPADDR`, `IPV4ADDR`, `IPV6ADDR`.
    Ip(IpAddr),
    /// `IPNET`, `IPV4NET`, `IPV6NET`: the address as written and the prefix length.
    Net {
        addr: IpAddr,
        prefix: u8,
    },
    /// An extracted list: `IS_LIST` fields, list transformers, the endpoint pair of
    /// `fd.ip`/`fd.net`/`fd.port`/`fd.proto` (client then server), ancestors without an
    /// index. Never a literal.
    List(Vec<TypedValue>),
}

/// Converts `text` to a value of type `ftype`. Errors are Falco's messages, e.g.
/// `abc is not a valid number`.
pub fn parse_value(ftype: FieldType, text: &str) -> Result<TypedValue, String> {
    use FieldType::*;
    match ftype {
        Int8 | Int16 | Int32 | Int64 | Errno | Fd | Pid | Fd32 | Pid32 => {
            number::signed(text, ftype).map(TypedValue::Int)
        }
        Uint8 | Uint16 | Uint32 | Uint64 | SyscallId | SigType | RelTime | AbsTime | L4Proto
        | Flags8 | Flags16 | Flags32 | EnumFlags8 | EnumFlags16 | EnumFlags32 | Uid | Gid
        | Mode | SigSet => number::unsigned(text, ftype).map(TypedValue::Uint),
        Port => port(text),
        Double => number::signed(text, Int64).map(|v| TypedValue::Double(v as f64)),
        Bool => match text {
            "true" => Ok(TypedValue::Bool(true)),
            "false" => Ok(TypedValue::Bool(false)),
            _ => Err(format!("filter error: unrecognized boolean value {text}")),
        },
        CharBuf | FsPath | FsRelPath | SockAddr | SockFamily => {
            if text.contains('\0') {
                Err("filter values cannot contain NUL bytes".into())
            } else {
                Ok(TypedValue::Str(text.to_string()))
            }
        }
        ByteBuf => Ok(TypedValue::Bytes(text.as_bytes().to_vec())),
        IpAddr | Ipv4Addr | Ipv6Addr => net::ip(text, ftype).map(TypedValue::Ip),
        IpNet | Ipv4Net | Ipv6Net => {
            net::net(text, ftype).map(|(addr, prefix)| TypedValue::Net { addr, prefix })
        }
        other => Err(format!("wrong parameter type {}", other.code())),
    }
}

/// [`parse_value`] as used by a check with operator `op`: for `bcontains` and
/// `bstartswith` the value is a hex string decoded to bytes.
pub fn parse_value_for(ftype: FieldType, op: CmpOp, text: &str) -> Result<TypedValue, String> {
    if matches!(op, CmpOp::BContains | CmpOp::BStartsWith) {
        return hex_decode(text).map(TypedValue::Bytes).ok_or_else(|| {
            "filter error: bcontains and bstartswith operator support hex strings only".into()
        });
    }
    parse_value(ftype, text)
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

/// A port: empty is 0, digits are a number, anything else a service name.
fn port(text: &str) -> Result<TypedValue, String> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        if text.is_empty() {
            return Ok(TypedValue::Uint(0));
        }
        return number::unsigned(text, FieldType::Port).map(TypedValue::Uint);
    }
    service_port(text)
        .map(|p| TypedValue::Uint(u64::from(p)))
        .ok_or_else(|| format!("unrecognized protocol {text}"))
}
