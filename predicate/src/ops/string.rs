//! String and buffer operators on raw bytes (§1.4, libsinsp `flt_compare_string` /
//! `flt_compare_buffer`): `=` `!=` (byte equality), the `strcmp` orderings, `contains`
//! (`strstr`/`memmem`), `icontains` (ASCII `strcasestr`), `startswith`, `endswith`, and the
//! byte forms `bcontains`/`bstartswith` (whose right side the compiler already hex-decoded).
//!
//! Values never hold a NUL byte (the compiler rejects them in literals), so `strcmp` order
//! is the lexicographic byte order.

use memchr::memmem;
use std::cmp::Ordering;

/// `strstr`/`memmem`: whether `needle` occurs in `hay` (an empty needle always does).
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || memmem::find(hay, needle).is_some()
}

/// `strcasestr`: ASCII case-insensitive substring.
pub fn icontains(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

pub fn starts_with(hay: &[u8], prefix: &[u8]) -> bool {
    hay.starts_with(prefix)
}

pub fn ends_with(hay: &[u8], suffix: &[u8]) -> bool {
    hay.ends_with(suffix)
}

/// `strcmp(lhs, rhs)` as an ordering.
pub fn strcmp(lhs: &[u8], rhs: &[u8]) -> Ordering {
    lhs.cmp(rhs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert!(contains(b"/etc/shadow", b"shad"));
        assert!(contains(b"abc", b""));
        assert!(!contains(b"abc", b"abcd"));
        assert!(icontains(b"/usr/bin/BASH", b"bash"));
        assert!(icontains(b"x", b""));
        assert!(!icontains(b"ba", b"bash"));
        assert!(icontains(b"\xffA\xfe", b"a"));
        assert!(starts_with(b"/etc/passwd", b"/etc/"));
        assert!(!starts_with(b"/et", b"/etc/"));
        assert!(ends_with(b"id_rsa.pub", b".pub"));
        assert!(!ends_with(b"pub", b".pub"));
        assert_eq!(strcmp(b"bash", b"5"), Ordering::Greater);
        assert_eq!(strcmp(b"ab", b"abc"), Ordering::Less);
        assert_eq!(strcmp(b"abc", b"abc"), Ordering::Equal);
    }
}
