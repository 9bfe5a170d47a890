//! Text built from pieces of several sources, remembering where each byte came from.
//!
//! Falco expands lists and exceptions by text substitution before parsing. To still point
//! diagnostics at what the user wrote, every byte of the expanded text carries a global
//! source position (see [`crate::source::Sources`]): copied text maps to its origin,
//! generated text maps to the thing that generated it (a list name, an exception).

use crate::rules_file::items::Text;
use crate::source::Sources;
use falcoc_grammar::Span;

/// Expanded text plus a global source position per byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappedText {
    pub text: String,
    /// INVARIANT: `pos.len() == text.len()`.
    pos: Vec<u32>,
    /// The position just after the text: where an error "at the end" points. It is taken
    /// from the source (never `last + 1` blindly), so it stays inside the file even when
    /// the last byte is a line break YAML added at the end of the file.
    end: u32,
}

impl MappedText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a user-written scalar, mapped byte by byte to the file.
    pub fn push_text(&mut self, sources: &Sources, t: &Text) {
        if t.value.is_empty() {
            return;
        }
        self.text.push_str(&t.value);
        for i in 0..t.value.len() {
            self.pos.push(sources.global(t.file, t.map.offset(i)));
        }
        self.end = sources.global(t.file, t.map.offset(t.value.len()));
    }

    /// Appends generated text; all of it maps into `anchor` (a global span).
    pub fn push_generated(&mut self, s: &str, anchor: Span) {
        self.text.push_str(s);
        let len = anchor.len().max(1) as u32;
        for i in 0..s.len() as u32 {
            self.pos.push(anchor.start + i.min(len - 1));
        }
        if let Some(&last) = self.pos.last() {
            self.end = last + 1;
        }
    }

    /// Appends a slice of another mapped text.
    pub fn push_slice(&mut self, other: &MappedText, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.text.push_str(&other.text[range.clone()]);
        self.end = other.pos(range.end);
        self.pos.extend_from_slice(&other.pos[range]);
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Global position of byte `i` (or just after the last byte).
    pub fn pos(&self, i: usize) -> u32 {
        self.pos.get(i).copied().unwrap_or(self.end)
    }

    /// The global span for a span of this text.
    pub fn map_span(&self, span: Span) -> Span {
        let start = self.pos(span.start as usize);
        if span.end <= span.start {
            return Span { start, end: start };
        }
        let end = self.pos(span.end as usize - 1) + 1;
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The global span covering a range of this text's bytes.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        self.map_span(Span::new(range.start, range.end))
    }
}
