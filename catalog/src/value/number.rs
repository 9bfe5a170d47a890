//! Integer literals the way libsinsp reads them: `sscanf` with `%d`/`%u` (or the 64-bit
//! forms, followed by `%c` to reject leftovers), so decimal only, optional leading blanks
//! and sign, nothing after the digits, saturation at the 64-bit range, then a C cast to the
//! field's width.

use crate::types::FieldType;

fn invalid(text: &str) -> String {
    format!("{text} is not a valid number")
}

/// Sign and magnitude of a decimal literal (magnitude saturated at `u128::MAX`).
fn scan(text: &str) -> Option<(bool, u128)> {
    let t = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut mag: u128 = 0;
    for d in digits.bytes() {
        mag = mag.saturating_mul(10).saturating_add(u128::from(d - b'0'));
    }
    Some((neg, mag))
}

/// Width in bits the value is truncated to.
fn width(ftype: FieldType) -> u32 {
    ftype
        .fixed_width()
        .and_then(|w| u32::try_from(w * 8).ok())
        .unwrap_or(64)
        .min(64)
}

/// A signed field: `strtoll` semantics (saturating), then truncation and sign extension.
pub(super) fn signed(text: &str, ftype: FieldType) -> Result<i64, String> {
    let (neg, mag) = scan(text).ok_or_else(|| invalid(text))?;
    let v: i64 = if neg {
        if mag > i64::MAX as u128 + 1 {
            i64::MIN
        } else {
            (mag as i128).wrapping_neg() as i64
        }
    } else if mag > i64::MAX as u128 {
        i64::MAX
    } else {
        mag as i64
    };
    let bits = width(ftype);
    Ok(if bits >= 64 {
        v
    } else {
        let shift = 64 - bits;
        (v << shift) >> shift
    })
}

/// An unsigned field: `strtoull` semantics (a minus sign negates modulo 2^64, overflow
/// saturates), then truncation.
pub(super) fn unsigned(text: &str, ftype: FieldType) -> Result<u64, String> {
    let (neg, mag) = scan(text).ok_or_else(|| invalid(text))?;
    let v: u64 = if mag > u64::MAX as u128 {
        u64::MAX
    } else if neg {
        (mag as u64).wrapping_neg()
    } else {
        mag as u64
    };
    let bits = width(ftype);
    Ok(if bits >= 64 {
        v
    } else {
        v & ((1u64 << bits) - 1)
    })
}
