//! Maps byte offsets inside a scalar's *value* back to byte offsets in the file.
//!
//! YAML folds lines, strips indentation and processes escapes, so a condition's text is not
//! a slice of the file. The map aligns the value with the source greedily: each value
//! character is matched to the next identical source character, and a space produced by
//! folding is matched to the line break it came from. Diagnostics inside conditions can then
//! point at the exact characters the user wrote.

use std::ops::Range;

/// Offsets into the file for every byte of a scalar value (plus one past the end), kept
/// as runs: within a run, consecutive value bytes sit at consecutive file offsets, so a
/// plain scalar is one run and a folded block one run per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarMap {
    /// INVARIANT: non-empty, sorted by `first`, the first run starts at value byte 0, and
    /// the offsets they give never decrease. Shared: items are copied from a cached read
    /// into every load of an editor's group.
    runs: std::sync::Arc<[Run]>,
    /// The value's length: offsets exist for bytes `0..=len`.
    len: u32,
}

/// Value bytes from `first` on sit at file offsets from `offset` on, one for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    first: u32,
    offset: u32,
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
        Self::from_offsets(&offsets)
    }

    /// The runs of a full offset table (one entry per value byte, plus the end).
    fn from_offsets(offsets: &[u32]) -> Self {
        let mut runs: Vec<Run> = Vec::new();
        for (i, &offset) in offsets.iter().enumerate() {
            let continues = i > 0 && offsets[i - 1].checked_add(1) == Some(offset);
            if !continues {
                runs.push(Run {
                    first: i as u32,
                    offset,
                });
            }
        }
        ScalarMap {
            runs: runs.into(),
            len: offsets.len().saturating_sub(1) as u32,
        }
    }

    /// A map for text that appears verbatim at `start` in the file.
    pub fn identity(len: usize, start: usize) -> Self {
        ScalarMap {
            runs: [Run {
                first: 0,
                offset: start as u32,
            }]
            .into(),
            len: len as u32,
        }
    }

    /// File offset of value byte `i` (clamped to the end).
    pub fn offset(&self, i: usize) -> usize {
        let i = i.min(self.len as usize) as u32;
        let at = self
            .runs
            .partition_point(|r| r.first <= i)
            .saturating_sub(1);
        let run = self.runs[at];
        (run.offset + (i - run.first)) as usize
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

    #[test]
    fn runs_give_every_offset_of_the_full_table() {
        let table = [7u32, 8, 9, 9, 9, 12, 13, 20, 21, 22, 22];
        let map = ScalarMap::from_offsets(&table);
        for (i, &want) in table.iter().enumerate() {
            assert_eq!(map.offset(i), want as usize, "byte {i}");
        }
        assert_eq!(map.offset(99), 22, "clamped to the end");
        assert_eq!(map.runs.len(), 6);
    }

    #[test]
    fn a_plain_scalar_is_one_run() {
        let src = "x: proc.name = bash\n";
        let start = src.find('p').unwrap();
        let map = ScalarMap::new("proc.name = bash", src, start..src.len() - 1);
        assert_eq!(map.runs.len(), 1);
        assert_eq!(map.range(5..9), start + 5..start + 9);
    }
}
