//! Conversion between byte offsets (what the front end speaks) and LSP positions
//! (0-based line, UTF-16 code units within the line, as LSP requires by default).
//!
//! INVARIANT: every offset handed out by [`LineIndex::offset`] lies on a `char` boundary of the
//! indexed text, so it can be used to slice it; positions past the end of a line or of the
//! text are clamped rather than rejected, as editors send such positions while typing.

use lsp_types::{Position, Range};

/// Line starts of one text, for offset ↔ position conversion.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is always 0.
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// Byte range of 0-based `line` without its `\n` (or `\r\n`).
    fn line_bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.line_starts.get(line).copied().unwrap_or(self.len);
        let mut end = self
            .line_starts
            .get(line + 1)
            .map(|next| next - 1)
            .unwrap_or(self.len);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    /// The LSP position of byte `offset` (clamped to the text, rounded down to a `char`).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let character: usize = text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of an LSP position; columns past the line end clamp to it, lines past
    /// the end clamp to the end of the text, and a column inside a surrogate pair rounds down.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return text.len();
        }
        let (start, end) = self.line_bounds(text, line);
        let mut units = 0usize;
        let target = position.character as usize;
        for (i, ch) in text.get(start..end).unwrap_or("").char_indices() {
            let next = units + ch.len_utf16();
            if next > target {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// The LSP range of a byte range.
    pub fn range(&self, text: &str, range: std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, range.start),
            self.position(text, range.end),
        )
    }

    /// The byte range of an LSP range (start and end each clamped, end never before start).
    pub fn byte_range(&self, text: &str, range: Range) -> std::ops::Range<usize> {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end).max(start);
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_round_trip(text: &str) {
        let index = LineIndex::new(text);
        for (offset, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            if text[..offset].ends_with('\r') {
                continue; // inside a `\r\n` terminator: not a position
            }
            let pos = index.position(text, offset);
            assert_eq!(
                index.offset(text, pos),
                offset,
                "offset {offset} via {pos:?}"
            );
        }
    }

    #[test]
    fn ascii_positions() {
        let text = "- macro: a\n  condition: b\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position::new(0, 0));
        assert_eq!(index.position(text, 11), Position::new(1, 0));
        assert_eq!(index.position(text, 14), Position::new(1, 3));
        assert_eq!(index.offset(text, Position::new(1, 3)), 14);
        assert_eq!(index.position(text, text.len()), Position::new(2, 0));
        check_round_trip(text);
    }

    #[test]
    fn non_ascii_columns_are_utf16_units() {
        // `é` is 2 bytes / 1 unit, `日` 3 bytes / 1 unit, `😀` 4 bytes / 2 units.
        let text = "desc: é日😀x\nnext";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(0, 10));
        assert_eq!(index.offset(text, Position::new(0, 10)), x);
        let smile = text.find('😀').unwrap();
        assert_eq!(index.position(text, smile), Position::new(0, 8));
        // A column in the middle of the surrogate pair rounds down to the emoji's start.
        assert_eq!(index.offset(text, Position::new(0, 9)), smile);
        check_round_trip(text);
    }

    #[test]
    fn offsets_inside_a_char_round_down() {
        let text = "aé";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 2), Position::new(0, 1));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, Position::new(0, 99)),
            2,
            "stops before \\r"
        );
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        assert_eq!(index.position(text, 999), Position::new(1, 2));
        check_round_trip(text);
    }

    #[test]
    fn byte_range_never_inverts() {
        let text = "abc";
        let index = LineIndex::new(text);
        let r = index.byte_range(text, Range::new(Position::new(0, 2), Position::new(0, 1)));
        assert_eq!(r, 2..2);
    }
}
