//! Character index → byte offset, for the parser's markers.
//!
//! saphyr-parser counts positions in characters (its `Marker::index`). Converting through
//! (line, column) is fragile — YAML also breaks lines at a lone `\r`, which our line index
//! does not — so offsets are derived from the character index alone.

/// Characters between two stored checkpoints.
const STRIDE: usize = 64;

/// Converts character indexes of one text to byte offsets.
pub struct CharIndex<'a> {
    text: &'a str,
    /// `None` for ASCII text, where character and byte indexes agree.
    /// INVARIANT: `checkpoints[k]` is the byte offset of character `k * STRIDE`.
    checkpoints: Option<Vec<usize>>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let checkpoints = (!text.is_ascii()).then(|| {
            text.char_indices()
                .step_by(STRIDE)
                .map(|(i, _)| i)
                .collect()
        });
        CharIndex { text, checkpoints }
    }

    /// The byte offset of character `index` (the text length when past the end). Always a
    /// char boundary.
    pub fn byte_offset(&self, index: usize) -> usize {
        let Some(checkpoints) = &self.checkpoints else {
            return index.min(self.text.len());
        };
        let Some(&base) = checkpoints.get(index / STRIDE) else {
            return self.text.len();
        };
        let rest = self.text.get(base..).unwrap_or("");
        rest.char_indices()
            .nth(index % STRIDE)
            .map_or(self.text.len(), |(i, _)| base + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_multibyte() {
        let a = CharIndex::new("abc");
        assert_eq!(a.byte_offset(2), 2);
        assert_eq!(a.byte_offset(9), 3);
        let text = "é\r日x".repeat(40);
        let m = CharIndex::new(&text);
        for (n, (i, _)) in text.char_indices().enumerate() {
            assert_eq!(m.byte_offset(n), i);
        }
        assert_eq!(m.byte_offset(10_000), text.len());
    }
}
