//! Maps byte offsets inside a scalar's *value* back to byte offsets in the file.
//!
//! YAML folds lines, strips indentation and processes escapes, so a condition's text is not
//! a slice of the file. The map aligns the value with the source greedily: each value
//! character is matched to the next identical source character, and a space produced by
//! folding is matched to the line break it came from. Diagnostics inside conditions can then
//! point at the exact characters the user wrote.

use std::ops::Range;

/// Offsets into the file for every byte of a scalar value (plus one past the end).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarMap {
    /// INVARIANT: `offsets.len() == value.len() + 1` and the offsets never decrease.
    /// Shared: items are copied from a cached read into every load of an editor's group.
    offsets: std::sync::Arc<[u32]>,
}

impl ScalarMap {
    /// Aligns `value` with `source[range]`, the bytes of the scalar in the file.
    pub fn new(value: &str, source: &str, range: Range<usize>) -> Self {
        let src = source.get(range.clone()).unwrap_or("");
        let src_bytes = src.as_bytes();
        let mut offsets = Vec::with_capacity(value.len() + 1);
        let mut pos = 0usize;
        for ch in value.chars() {
            let at = find_char(src, pos, ch);
            let matched = at.is_some();
            let at = at.unwrap_or(pos).min(src_bytes.len());
            for k in 0..ch.len_utf8() {
                let extra = if matched { k } else { 0 };
                offsets.push((range.start + at + extra) as u32);
            }
            pos = if matched {
                at + src[at..].chars().next().map_or(1, char::len_utf8)
            } else {
                skip_unmatched(src, at)
            };
        }
        offsets.push((range.start + pos.min(src_bytes.len())) as u32);
        ScalarMap {
            offsets: offsets.into(),
        }
    }

    /// A map for text that appears verbatim at `start` in the file.
    pub fn identity(len: usize, start: usize) -> Self {
        ScalarMap {
            offsets: (0..=len).map(|i| (start + i) as u32).collect(),
        }
    }

    /// File offset of value byte `i` (clamped to the end).
    pub fn offset(&self, i: usize) -> usize {
        let last = self.offsets.len() - 1;
        self.offsets[i.min(last)] as usize
    }

    /// File range for value range `r`.
    pub fn range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.offset(r.start);
        if r.end <= r.start {
            return start..start;
        }
        let end = self.offset(r.end - 1) + 1;
        start..end.max(start)
    }
}

/// The next position at or after `pos` in `src` where `ch` was written.
///
/// A space in the value may come from a folded line break, so it matches any whitespace.
/// Only a short window is searched so that unrelated text is never matched.
fn find_char(src: &str, pos: usize, ch: char) -> Option<usize> {
    let rest = src.get(pos..)?;
    for (i, c) in rest.char_indices().take(256) {
        if c == ch || (ch == ' ' && (c == '\n' || c == '\r')) || (ch == '\n' && c == '\r') {
            return Some(pos + i);
        }
        if !is_skippable(c) {
            return None;
        }
    }
    None
}

/// Moves past source text that produced a value character we could not align (an escape).
fn skip_unmatched(src: &str, pos: usize) -> usize {
    let mut chars = src.get(pos..).unwrap_or("").char_indices();
    match chars.next() {
        Some((_, '\\')) => chars
            .next()
            .map_or(src.len(), |(i, c)| pos + i + c.len_utf8()),
        Some((_, c)) => pos + c.len_utf8(),
        None => pos,
    }
}

/// Characters YAML may drop between two value characters: indentation, line breaks,
/// quotes and escape backslashes.
fn is_skippable(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '"' | '\'' | '\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_map_to_their_source() {
        let src = "x: >\n    a and\n    b\n";
        let start = src.find('a').unwrap();
        let map = ScalarMap::new("a and b\n", src, start..src.len());
        assert_eq!(map.offset(0), start);
        let b = src.rfind('b').unwrap();
        assert_eq!(map.offset(6), b);
    }

    #[test]
    fn escapes_are_skipped() {
        let src = r#"x: "a \"q\" b""#;
        let start = src.find('"').unwrap();
        let map = ScalarMap::new("a \"q\" b", src, start..src.len());
        assert_eq!(map.offset(3), src.find('q').unwrap());
        assert_eq!(map.offset(6), src.rfind('b').unwrap());
    }
}
