//! Field values as Falco prints them: text per the field's type and print format
//! (libsinsp `rawval_to_string`), and typed JSON values (`rawval_to_json`). This is the one
//! place where values become text.
//!
//! - signed and unsigned integers: `DEC`/`ID` decimal, `HEX` upper-case hexadecimal and
//!   `OCT` octal of the value at the field's width, `10_PADDED_DEC` zero-padded to 9 digits;
//!   an integer field without a print format prints in decimal (libsinsp prints nothing);
//! - `DOUBLE` with one decimal; `BOOL` `true`/`false`; addresses in the usual notation;
//!   `IPNET` values as `<IPNET>`; byte buffers with non-printable bytes as `.`;
//! - list fields as `(a,b,c)`, cut like libsinsp's 1024-byte property buffer;
//! - JSON: integers with `DEC`/`ID` formats (and the padded time fields) are numbers, other
//!   integer formats strings,
//!   booleans booleans, everything else strings, lists arrays, a missing value `null`.

use crate::field_value::FieldValue;
use falcoc_catalog::events::{ParamFormat, ParamType};
use serde_json::Value;

/// What libsinsp keeps of a printed property (its buffer size minus the terminator).
const PROPERTY_MAX: usize = 1023;

/// How a value is printed: the (transformed) type, the print format and list-ness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueFormat {
    pub ftype: ParamType,
    pub print: ParamFormat,
    pub is_list: bool,
}

/// The text of a value.
pub fn value_text(v: &FieldValue, fmt: ValueFormat) -> String {
    match v {
        FieldValue::List(items) if fmt.is_list => {
            let parts: Vec<String> = items.iter().map(|i| scalar_text(i, fmt)).collect();
            truncate(format!("({})", parts.join(",")), PROPERTY_MAX)
        }
        // a non-list field that yields several values (ancestors without an index): the
        // nearest one
        FieldValue::List(items) => items
            .first()
            .map(|i| scalar_text(i, fmt))
            .unwrap_or_default(),
        v => scalar_text(v, fmt),
    }
}

/// The typed JSON value of a value.
pub fn value_json(v: &FieldValue, fmt: ValueFormat) -> Value {
    match v {
        FieldValue::List(items) if fmt.is_list => {
            Value::Array(items.iter().map(|i| scalar_json(i, fmt)).collect())
        }
        FieldValue::List(items) => items
            .first()
            .map(|i| scalar_json(i, fmt))
            .unwrap_or(Value::Null),
        v => scalar_json(v, fmt),
    }
}

fn truncate(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

/// The bit width of an integer type (64 for anything else).
fn width_bits(t: ParamType) -> u32 {
    use ParamType::*;
    match t {
        Int8 | Uint8 | Flags8 | EnumFlags8 | L4Proto | SigType => 8,
        Int16 | Uint16 | Flags16 | EnumFlags16 | Port | SyscallId => 16,
        Int32 | Uint32 | Flags32 | EnumFlags32 | Uid | Gid | Mode | Fd32 | Pid32 => 32,
        _ => 64,
    }
}

/// The value's bits at the type's width, as printf's `%X`/`%o` see them.
fn unsigned_bits(raw: u64, t: ParamType) -> u64 {
    match width_bits(t) {
        64 => raw,
        w => raw & ((1u64 << w) - 1),
    }
}

fn int_text(signed: Option<i64>, raw: u64, fmt: ValueFormat) -> String {
    match fmt.print {
        ParamFormat::Hex => format!("{:X}", unsigned_bits(raw, fmt.ftype)),
        ParamFormat::Oct => format!("{:o}", unsigned_bits(raw, fmt.ftype)),
        ParamFormat::PaddedDec10 => match signed {
            Some(i) => format!("{i:09}"),
            None => format!("{raw:09}"),
        },
        _ => match signed {
            Some(i) => i.to_string(),
            None => raw.to_string(),
        },
    }
}

fn scalar_text(v: &FieldValue, fmt: ValueFormat) -> String {
    if fmt.ftype == ParamType::IpNet
        || fmt.ftype == ParamType::Ipv4Net
        || fmt.ftype == ParamType::Ipv6Net
    {
        return "<IPNET>".into();
    }
    match v {
        FieldValue::Int(i) => int_text(Some(*i), *i as u64, fmt),
        FieldValue::Uint(u) => int_text(None, *u, fmt),
        FieldValue::Double(d) => format!("{d:.1}"),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Str(s) => s.clone(),
        FieldValue::Bytes(b) => buffer_text(b),
        FieldValue::Ip(ip) => ip.to_string(),
        FieldValue::Net { addr, prefix } => format!("{addr}/{prefix}"),
        FieldValue::List(items) => items
            .first()
            .map(|i| scalar_text(i, fmt))
            .unwrap_or_default(),
    }
}

/// A byte buffer in libsinsp's normal buffer format: printable ASCII kept, anything else
/// shown as `.`.
fn buffer_text(b: &[u8]) -> String {
    b.iter()
        .take(PROPERTY_MAX)
        .map(|&c| {
            if (0x20..0x7f).contains(&c) {
                char::from(c)
            } else {
                '.'
            }
        })
        .collect()
}

/// Whether an integer is a JSON number: decimal formats, and the zero-padded time fields
/// (`evt.rawtime.ns`, `evt.reltime`…), which libsinsp writes as their raw number.
fn numeric_json(fmt: ValueFormat) -> bool {
    match fmt.print {
        ParamFormat::Dec | ParamFormat::Id | ParamFormat::Na => true,
        ParamFormat::PaddedDec10 => matches!(fmt.ftype, ParamType::RelTime | ParamType::AbsTime),
        _ => false,
    }
}

fn scalar_json(v: &FieldValue, fmt: ValueFormat) -> Value {
    match v {
        FieldValue::Int(i) if numeric_json(fmt) && !is_text_type(fmt.ftype) => Value::from(*i),
        FieldValue::Uint(u) if numeric_json(fmt) && !is_text_type(fmt.ftype) => Value::from(*u),
        FieldValue::Double(d) if fmt.print == ParamFormat::Dec => Value::from(*d as i64),
        FieldValue::Double(d) => serde_json::Number::from_f64(*d)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        FieldValue::Bool(b) => Value::Bool(*b),
        FieldValue::List(items) => items
            .first()
            .map(|i| scalar_json(i, fmt))
            .unwrap_or(Value::Null),
        v => Value::String(scalar_text(v, fmt)),
    }
}

/// Types printed as text even when the value is a number (a string field whose source
/// returned a number).
fn is_text_type(t: ParamType) -> bool {
    matches!(
        t,
        ParamType::CharBuf | ParamType::FsPath | ParamType::FsRelPath | ParamType::ByteBuf
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ParamFormat as F;
    use ParamType as T;

    fn f(ftype: T, print: F) -> ValueFormat {
        ValueFormat {
            ftype,
            print,
            is_list: false,
        }
    }

    #[test]
    fn text_table() {
        let ip = |s: &str| FieldValue::Ip(s.parse().expect("ip"));
        let cases: Vec<(FieldValue, ValueFormat, &str)> = vec![
            (FieldValue::Int(-1), f(T::Int64, F::Id), "-1"),
            (FieldValue::Int(42), f(T::Int64, F::Dec), "42"),
            (FieldValue::Int(-1), f(T::Int32, F::Hex), "FFFFFFFF"),
            (FieldValue::Int(-1), f(T::Int8, F::Hex), "FF"),
            (FieldValue::Int(255), f(T::Int64, F::Hex), "FF"),
            (FieldValue::Uint(0o755), f(T::Uint32, F::Oct), "755"),
            (
                FieldValue::Uint(3),
                f(T::RelTime, F::PaddedDec10),
                "000000003",
            ),
            (
                FieldValue::Int(-3),
                f(T::Int64, F::PaddedDec10),
                "-00000003",
            ),
            (FieldValue::Uint(33), f(T::Uint32, F::Id), "33"),
            (FieldValue::Uint(7), f(T::Uint32, F::Na), "7"),
            (FieldValue::Double(2.25), f(T::Double, F::Na), "2.2"),
            (FieldValue::Double(0.0), f(T::Double, F::Na), "0.0"),
            (FieldValue::Bool(true), f(T::Bool, F::Na), "true"),
            (ip("10.0.0.1"), f(T::IpAddr, F::Na), "10.0.0.1"),
            (ip("2001:db8::1"), f(T::IpAddr, F::Na), "2001:db8::1"),
            (ip("10.0.0.1"), f(T::IpNet, F::Na), "<IPNET>"),
            (
                FieldValue::Bytes(vec![b'a', 0, b'\n', 0xff]),
                f(T::ByteBuf, F::Na),
                "a...",
            ),
            (FieldValue::Str("x y".into()), f(T::CharBuf, F::Na), "x y"),
        ];
        for (v, fmt, expect) in cases {
            assert_eq!(value_text(&v, fmt), expect, "{v:?} {fmt:?}");
        }
        let l = ValueFormat {
            ftype: T::CharBuf,
            print: F::Dec,
            is_list: true,
        };
        let v = FieldValue::List(vec![
            FieldValue::Str("a".into()),
            FieldValue::Str("b".into()),
        ]);
        assert_eq!(value_text(&v, l), "(a,b)");
        assert_eq!(value_text(&FieldValue::List(vec![]), l), "()");
        let long = FieldValue::List(vec![FieldValue::Str("x".repeat(2000))]);
        assert_eq!(value_text(&long, l).len(), PROPERTY_MAX);
    }

    #[test]
    fn json_table() {
        let cases: Vec<(FieldValue, ValueFormat, &str)> = vec![
            (FieldValue::Int(-1), f(T::Int64, F::Id), "-1"),
            (FieldValue::Uint(0), f(T::Uint32, F::Id), "0"),
            (FieldValue::Uint(33), f(T::Uint32, F::Dec), "33"),
            (FieldValue::Uint(0o755), f(T::Uint32, F::Oct), "\"755\""),
            (FieldValue::Int(255), f(T::Int32, F::Hex), "\"FF\""),
            // every padded time field (evt.rawtime.ns, evt.reltime…) is written as its
            // raw number by Falco 0.44 (falco-fields oracle)
            (FieldValue::Uint(3), f(T::RelTime, F::PaddedDec10), "3"),
            (
                FieldValue::Uint(3),
                f(T::Uint64, F::PaddedDec10),
                "\"000000003\"",
            ),
            (FieldValue::Bool(false), f(T::Bool, F::Na), "false"),
            (FieldValue::Str("0".into()), f(T::CharBuf, F::Na), "\"0\""),
            (FieldValue::Str("x".into()), f(T::CharBuf, F::Dec), "\"x\""),
            (FieldValue::Double(2.5), f(T::Double, F::Dec), "2"),
            (FieldValue::Double(2.5), f(T::Double, F::Na), "2.5"),
        ];
        for (v, fmt, expect) in cases {
            assert_eq!(value_json(&v, fmt).to_string(), expect, "{v:?} {fmt:?}");
        }
        let l = ValueFormat {
            ftype: T::CharBuf,
            print: F::Dec,
            is_list: true,
        };
        let v = FieldValue::List(vec![FieldValue::Str("a".into())]);
        assert_eq!(value_json(&v, l).to_string(), "[\"a\"]");
    }
}
