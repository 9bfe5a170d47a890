//! The value ABI: how an extracted field value crosses from extraction to evaluation.
//!
//! - [`Value`] is the borrowed value the interpreter works on: numbers inline, strings and
//!   buffers as `&[u8]` into the event, the state, a static table or the reader's per-event
//!   storage, lists as a slice of records. Strings are bytes, not necessarily UTF-8, as in
//!   libsinsp.
//! - [`RawValue`] is the same value as a C-compatible record (`#[repr(C)]`, 24 bytes: a tag
//!   byte and a 16-byte payload) so native code can read it: a number in `word`, an IPv6
//!   address in `ip6`, a string, buffer or list as `(ptr, len)`.
//!
//! INVARIANT: a [`RawValue`] handed out by a [`crate::reader::FieldReader`] points only
//! into memory that stays valid and unchanged until the reader moves to another event; that
//! is what makes [`RawValue::get`] sound for the duration of one evaluation.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kind of a [`RawValue`].
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueTag {
    /// Not read yet on this event (memo records only).
    NotLoaded = 0,
    /// The field cannot be extracted on this event: every check on it is false.
    Missing = 1,
    Int = 2,
    Uint = 3,
    Double = 4,
    Bool = 5,
    Str = 6,
    Bytes = 7,
    Ip4 = 8,
    Ip6 = 9,
    List = 10,
}

/// A `(ptr, len)` pair: bytes, or for lists `len` [`RawValue`]s.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RawSlice {
    pub ptr: *const u8,
    pub len: usize,
}

/// The payload of a [`RawValue`], chosen by its tag.
#[repr(C)]
#[derive(Clone, Copy)]
pub union RawPayload {
    /// `Int` (two's complement), `Uint`, `Double` (bits), `Bool` (0/1), `Ip4` (the address
    /// as a big-endian `u32`, i.e. `u32::from(Ipv4Addr)`).
    pub word: u64,
    /// `Ip6`: the 16 address bytes.
    pub ip6: [u8; 16],
    /// `Str`, `Bytes`, `List`.
    pub slice: RawSlice,
}

/// A value record as native code sees it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct RawValue {
    /// A [`ValueTag`] as a byte.
    pub tag: u8,
    pub payload: RawPayload,
}

impl std::fmt::Debug for RawValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SAFETY: Debug is only used on records that follow the module invariant.
        match unsafe { self.get() } {
            Some(v) => write!(f, "RawValue({v:?})"),
            None => write!(f, "RawValue(tag {})", self.tag),
        }
    }
}

/// A borrowed value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Int(i64),
    Uint(u64),
    Double(f64),
    Bool(bool),
    /// `CHARBUF`, `FSPATH`, `FSRELPATH` (and text renderings of other types).
    Str(&'a [u8]),
    /// `BYTEBUF`.
    Bytes(&'a [u8]),
    Ip(IpAddr),
    List(List<'a>),
}

/// A list value: a slice of records.
#[derive(Clone, Copy)]
pub struct List<'a> {
    items: &'a [RawValue],
}

impl<'a> List<'a> {
    /// A list over `items`, which must follow the module invariant for `'a`.
    pub fn new(items: &'a [RawValue]) -> List<'a> {
        List { items }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The elements (a missing or nested element is skipped).
    pub fn iter(&self) -> impl Iterator<Item = Value<'a>> + 'a {
        // SAFETY: list elements come from a reader and follow the module invariant for 'a.
        self.items.iter().filter_map(|r| unsafe { r.get() })
    }
}

impl PartialEq for List<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for List<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl RawValue {
    pub const NOT_LOADED: RawValue = RawValue::word(ValueTag::NotLoaded, 0);
    pub const MISSING: RawValue = RawValue::word(ValueTag::Missing, 0);

    const fn word(tag: ValueTag, word: u64) -> RawValue {
        RawValue {
            tag: tag as u8,
            payload: RawPayload { word },
        }
    }

    fn slice(tag: ValueTag, ptr: *const u8, len: usize) -> RawValue {
        RawValue {
            tag: tag as u8,
            payload: RawPayload {
                slice: RawSlice { ptr, len },
            },
        }
    }

    /// The record of a value (or of a missing one). The record borrows what `v` borrows; it
    /// carries no lifetime, so the caller keeps the module invariant.
    pub fn from_value(v: Option<Value<'_>>) -> RawValue {
        let Some(v) = v else {
            return RawValue::MISSING;
        };
        match v {
            Value::Int(i) => RawValue::word(ValueTag::Int, i as u64),
            Value::Uint(u) => RawValue::word(ValueTag::Uint, u),
            Value::Double(d) => RawValue::word(ValueTag::Double, d.to_bits()),
            Value::Bool(b) => RawValue::word(ValueTag::Bool, u64::from(b)),
            Value::Str(s) => RawValue::slice(ValueTag::Str, s.as_ptr(), s.len()),
            Value::Bytes(b) => RawValue::slice(ValueTag::Bytes, b.as_ptr(), b.len()),
            Value::Ip(IpAddr::V4(a)) => RawValue::word(ValueTag::Ip4, u64::from(u32::from(a))),
            Value::Ip(IpAddr::V6(a)) => RawValue {
                tag: ValueTag::Ip6 as u8,
                payload: RawPayload { ip6: a.octets() },
            },
            Value::List(l) => RawValue::list(l.items),
        }
    }

    /// A list record over `items`.
    pub fn list(items: &[RawValue]) -> RawValue {
        RawValue::slice(ValueTag::List, items.as_ptr().cast(), items.len())
    }

    /// The tag, or `None` for a byte that is no [`ValueTag`].
    pub fn tag(&self) -> Option<ValueTag> {
        use ValueTag::*;
        Some(match self.tag {
            0 => NotLoaded,
            1 => Missing,
            2 => Int,
            3 => Uint,
            4 => Double,
            5 => Bool,
            6 => Str,
            7 => Bytes,
            8 => Ip4,
            9 => Ip6,
            10 => List,
            _ => return None,
        })
    }

    /// Whether the record holds a value (neither missing nor unloaded).
    pub fn is_present(&self) -> bool {
        self.tag > ValueTag::Missing as u8
    }

    /// The value, or `None` when missing or not loaded.
    ///
    /// # Safety
    /// The record must follow the module invariant for `'a`: its pointers valid and the
    /// memory unchanged for `'a` (true of records from a reader during one evaluation).
    pub unsafe fn get<'a>(&self) -> Option<Value<'a>> {
        // SAFETY (every union read below): the tag says which payload field was written.
        let v = match self.tag()? {
            ValueTag::NotLoaded | ValueTag::Missing => return None,
            ValueTag::Int => Value::Int(unsafe { self.payload.word } as i64),
            ValueTag::Uint => Value::Uint(unsafe { self.payload.word }),
            ValueTag::Double => Value::Double(f64::from_bits(unsafe { self.payload.word })),
            ValueTag::Bool => Value::Bool(unsafe { self.payload.word } != 0),
            ValueTag::Ip4 => Value::Ip(IpAddr::V4(Ipv4Addr::from(
                unsafe { self.payload.word } as u32
            ))),
            ValueTag::Ip6 => Value::Ip(IpAddr::V6(Ipv6Addr::from(unsafe { self.payload.ip6 }))),
            ValueTag::Str => Value::Str(unsafe { bytes(self.payload.slice) }),
            ValueTag::Bytes => Value::Bytes(unsafe { bytes(self.payload.slice) }),
            ValueTag::List => {
                let s = unsafe { self.payload.slice };
                // SAFETY: list records point to `len` records (module invariant).
                let items = unsafe { std::slice::from_raw_parts(s.ptr.cast::<RawValue>(), s.len) };
                Value::List(List::new(items))
            }
        };
        Some(v)
    }
}

/// # Safety
/// `s` must point to `s.len` valid bytes for `'a` (or have length 0).
unsafe fn bytes<'a>(s: RawSlice) -> &'a [u8] {
    if s.len == 0 {
        return &[];
    }
    // SAFETY: guaranteed by the caller.
    unsafe { std::slice::from_raw_parts(s.ptr, s.len) }
}

impl<'a> Value<'a> {
    /// The bytes of a string or buffer.
    pub fn bytes(&self) -> Option<&'a [u8]> {
        match *self {
            Value::Str(s) | Value::Bytes(s) => Some(s),
            _ => None,
        }
    }

    /// An owned copy (strings lossily converted to UTF-8).
    pub fn to_owned(&self) -> falcoc_catalog::value::TypedValue {
        use falcoc_catalog::value::TypedValue as T;
        match *self {
            Value::Int(i) => T::Int(i),
            Value::Uint(u) => T::Uint(u),
            Value::Double(d) => T::Double(d),
            Value::Bool(b) => T::Bool(b),
            Value::Str(s) => T::Str(String::from_utf8_lossy(s).into_owned()),
            Value::Bytes(b) => T::Bytes(b.to_vec()),
            Value::Ip(ip) => T::Ip(ip),
            Value::List(l) => T::List(l.iter().map(|v| v.to_owned()).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_layout_is_stable() {
        assert_eq!(std::mem::size_of::<RawValue>(), 24);
        assert_eq!(std::mem::align_of::<RawValue>(), 8);
        assert_eq!(std::mem::offset_of!(RawValue, payload), 8);
    }

    #[test]
    fn round_trip() {
        let text = b"bash".to_vec();
        let items = [
            RawValue::from_value(Some(Value::Str(b"a"))),
            RawValue::from_value(Some(Value::Uint(7))),
        ];
        let cases = [
            Value::Int(-5),
            Value::Uint(u64::MAX),
            Value::Double(1.5),
            Value::Bool(true),
            Value::Str(&text),
            Value::Bytes(&[0, 1, 2]),
            Value::Str(&[]),
            Value::Ip("10.1.2.3".parse().expect("ip")),
            Value::Ip("2001:db8::1".parse().expect("ip")),
            Value::List(List::new(&items)),
        ];
        for v in cases {
            let raw = RawValue::from_value(Some(v));
            // SAFETY: everything the record points to lives to the end of the test.
            assert_eq!(unsafe { raw.get() }, Some(v));
        }
        // SAFETY: missing records point nowhere.
        assert_eq!(unsafe { RawValue::from_value(None).get() }, None);
        assert!(!RawValue::NOT_LOADED.is_present());
    }
}
