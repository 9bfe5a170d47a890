//! Extracted field values and the interface between field extraction and evaluation.
//!
//! [`FieldValue`] is the catalogue's [`TypedValue`]: one owned value type for literals and
//! extracted values. [`FieldSource`] is the owned, unmemoised extraction interface used by
//! output rendering and by tests; rule evaluation reads fields through the borrowed,
//! memoised value ABI instead (`crate::fields`, `falcoc_predicate::reader`). `None` means the
//! field cannot be extracted here (no fd, no thread, missing parameter…), which makes every
//! comparison on it false (§1.3).

use falcoc_catalog::fields::ResolvedField;

pub use falcoc_catalog::value::TypedValue;

/// One extracted value: signed types as `Int`, unsigned ones as `Uint`, strings as `Str`,
/// `BYTEBUF` as `Bytes`, addresses as `Ip`; list fields, the endpoint pair of `fd.ip`/
/// `fd.net`/`fd.port`/`fd.proto` (client then server; one element on a listening socket)
/// and ancestors without an index as a `List`. Never `Net`.
pub type FieldValue = TypedValue;

/// Where field values come from: an event plus the state it is seen in.
pub trait FieldSource {
    /// The value of `field` on the current event, or `None` when it cannot be extracted.
    fn extract(&mut self, field: &ResolvedField) -> Option<FieldValue>;
}
