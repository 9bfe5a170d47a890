//! Falco's position of an error inside a condition text, found in logarithmic time.
//!
//! Falco counts a condition error's position inside the text it parsed (see
//! [`FalcoExpression`]). Our trees carry global file positions instead, so a [`Locator`]
//! maps a global position back to the first byte of a parsed text that came from it, and
//! a byte index to libsinsp's 1-based line and column. Built once per text, so a condition
//! with many diagnostics is not rescanned for each.

use crate::diagnostic::FalcoExpression;
use crate::expand::mapped_text::MappedText;
use std::sync::Arc;

/// Global positions and line breaks of one parsed (list-substituted) condition text.
pub struct Locator {
    /// `(global position, byte index)`, sorted: the first index of each position first.
    by_global: Vec<(u32, u32)>,
    /// Indices of the `\r` and `\n` bytes (each starts a line for libsinsp's parser).
    breaks: Vec<u32>,
    /// The global position just after the text, and the text's length.
    end: u32,
    len: u32,
}

impl Locator {
    pub fn new(text: &MappedText) -> Self {
        let mut by_global: Vec<(u32, u32)> = text.positions().zip(0..).collect();
        by_global.sort_unstable();
        let breaks = text
            .text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\r' || b == b'\n')
            .map(|(i, _)| i as u32)
            .collect();
        Locator {
            by_global,
            breaks,
            end: text.pos(text.len()),
            len: text.len() as u32,
        }
    }

    /// The first byte of the text that maps to global position `at` (the length when `at`
    /// is just after the text).
    pub fn index_of(&self, at: u32) -> Option<usize> {
        let i = self.by_global.partition_point(|&(g, _)| g < at);
        match self.by_global.get(i) {
            Some(&(g, index)) if g == at => Some(index as usize),
            _ => (at == self.end && self.len > 0).then_some(self.len as usize),
        }
    }

    /// Falco's position of byte `index`, for a condition Falco shows as `shown`.
    pub fn at_index(&self, shown: &Arc<str>, index: usize) -> FalcoExpression {
        let before = self.breaks.partition_point(|&b| (b as usize) < index);
        let column = match before {
            0 => index + 1,
            n => index - self.breaks[n - 1] as usize,
        };
        FalcoExpression {
            shown: Arc::clone(shown),
            index,
            line: before + 1,
            column,
        }
    }

    /// Falco's position of global position `at`, if it lies in this text.
    pub fn find(&self, shown: &Arc<str>, at: u32) -> Option<FalcoExpression> {
        Some(self.at_index(shown, self.index_of(at)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use falcoc_grammar::Span;

    fn text(s: &str) -> MappedText {
        let mut t = MappedText::new();
        t.push_generated(s, Span::new(100, 100 + s.len()));
        t
    }

    #[test]
    fn lines_and_columns_are_counted_as_libsinsp_counts_them() {
        let l = Locator::new(&text("a and\r\nb"));
        let e = l.at_index(&"".into(), 7);
        assert_eq!((e.index, e.line, e.column), (7, 3, 1));
        let l = Locator::new(&text("evt.type=open and"));
        let e = l.at_index(&"".into(), 17);
        assert_eq!((e.line, e.column), (1, 18));
    }

    #[test]
    fn global_positions_map_back_to_their_first_byte() {
        let l = Locator::new(&text("abc"));
        assert_eq!(l.index_of(101), Some(1));
        assert_eq!(l.index_of(103), Some(3));
        assert_eq!(l.index_of(99), None);
    }
}
