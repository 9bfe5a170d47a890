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

/// `strcasestr`: ASCII case-insensitive substring. Candidate starts are found by a
/// two-byte `memchr` on the needle's first letter in either case.
pub fn icontains(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let Some(last_start) = hay.len().checked_sub(needle.len()) else {
        return false;
    };
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while let Some(window) = hay.get(from..=last_start) {
        let Some(at) = memchr::memchr2(lower, upper, window).map(|off| from + off) else {
            return false;
        };
        let tail = hay.get(at + 1..at + needle.len()).unwrap_or_default();
        if tail.eq_ignore_ascii_case(rest) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// The plain definition [`icontains`] must agree with (tests).
#[cfg(test)]
fn icontains_by_windows(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || hay
            .windows(needle.len())
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
        assert!(icontains(
            b"LD_PRELOAD=x GLIBC_TUNABLES=y",
            b"glibc_tunables"
        ));
        assert!(icontains(b"aab", b"AB"));
        assert!(!icontains(b"aaa", b"ab"));
        assert!(icontains(b"ab", b"ab"));
        assert!(starts_with(b"/etc/passwd", b"/etc/"));
        assert!(!starts_with(b"/et", b"/etc/"));
        assert!(ends_with(b"id_rsa.pub", b".pub"));
        assert!(!ends_with(b"pub", b".pub"));
        assert_eq!(strcmp(b"bash", b"5"), Ordering::Greater);
        assert_eq!(strcmp(b"ab", b"abc"), Ordering::Less);
        assert_eq!(strcmp(b"abc", b"abc"), Ordering::Equal);
    }

    /// Every haystack and needle over a small alphabet (both cases, a digit, a byte that is
    /// not ASCII) up to lengths 5 and 3: the memchr search equals the window definition.
    #[test]
    fn icontains_equals_the_window_definition() {
        let alphabet = [b'a', b'A', b'b', b'B', b'1', 0xc3];
        let words = |max: usize| {
            let mut all: Vec<Vec<u8>> = vec![vec![]];
            let mut last: Vec<Vec<u8>> = vec![vec![]];
            for _ in 0..max {
                let next: Vec<Vec<u8>> = last
                    .iter()
                    .flat_map(|w| alphabet.iter().map(move |c| [w.as_slice(), &[*c]].concat()))
                    .collect();
                all.extend(next.iter().cloned());
                last = next;
            }
            all
        };
        let (hays, needles) = (words(5), words(3));
        for h in &hays {
            for n in &needles {
                assert_eq!(icontains(h, n), icontains_by_windows(h, n), "{h:?} {n:?}");
            }
        }
    }
}
