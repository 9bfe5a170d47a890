//! Text built from pieces of several sources, remembering where each byte came from.
//!
//! Falco expands lists and exceptions by text substitution before parsing. To still point
//! diagnostics at what the user wrote, every byte of the expanded text carries a global
//! source position (see [`crate::source::Sources`]): copied text maps to its origin,
//! generated text maps to the thing that generated it (a list name, an exception).
//!
//! The positions are stored as runs, not one per byte: copied text advances one position
//! per byte and generated text stops at its anchor's last byte, so a run is its first
//! byte, its first position and a step of 1 or 0. A macro or rule condition of thousands
//! of bytes (lists substituted) has a few dozen runs; a position per byte was four times
//! the text and a good part of a rules load's peak memory.

use crate::rules_file::items::Text;
use crate::source::Sources;
use falcoc_grammar::Span;

/// Expanded text plus a global source position per byte.
#[derive(Clone, Debug, Default)]
pub struct MappedText {
    pub text: String,
    /// INVARIANT: sorted by `at`, the first at byte 0 when the text is not empty, each
    /// run at least one byte long (up to the next run's `at`, or the text's end).
    runs: Vec<Run>,
    /// The position just after the text: where an error "at the end" points. It is taken
    /// from the source (never `last + 1` blindly), so it stays inside the file even when
    /// the last byte is a line break YAML added at the end of the file.
    end: u32,
}

/// Bytes `at..` (up to the next run) map to `pos`, `pos + step`, `pos + 2 * step`…
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    at: u32,
    pos: u32,
    step: u32,
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
        let start = self.text.len();
        self.text.push_str(&t.value);
        for i in 0..t.value.len() {
            self.push_pos(start + i, sources.global(t.file, t.map.offset(i)));
        }
        self.end = sources.global(t.file, t.map.offset(t.value.len()));
    }

    /// Appends generated text; all of it maps into `anchor` (a global span).
    pub fn push_generated(&mut self, s: &str, anchor: Span) {
        if s.is_empty() {
            if !self.text.is_empty() {
                self.end = self.pos(self.text.len() - 1) + 1;
            }
            return;
        }
        let start = self.text.len();
        self.text.push_str(s);
        let len = anchor.len().max(1);
        // Byte i maps to `anchor.start + min(i, len - 1)`: a rising run, then a flat one.
        let rising = s.len().min(len);
        self.push_run(start, anchor.start, 1, rising);
        if s.len() > rising {
            self.push_run(
                start + rising,
                anchor.start + len as u32 - 1,
                0,
                s.len() - rising,
            );
        }
        self.end = self.pos(self.text.len() - 1) + 1;
    }

    /// Appends a slice of another mapped text.
    pub fn push_slice(&mut self, other: &MappedText, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(&other.text[range.clone()]);
        self.end = other.pos(range.end);
        let mut i = range.start;
        while i < range.end {
            let r = other.run_index(i);
            let run = other.runs[r];
            let run_end = other.run_end(r).min(range.end);
            let pos = run.pos + run.step * (i as u32 - run.at);
            self.push_run(start + (i - range.start), pos, run.step, run_end - i);
            i = run_end;
        }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Global position of byte `i` (or just after the last byte).
    pub fn pos(&self, i: usize) -> u32 {
        if i >= self.text.len() {
            return self.end;
        }
        let run = self.runs[self.run_index(i)];
        run.pos + run.step * (i as u32 - run.at)
    }

    /// The global position of every byte, in order.
    pub fn positions(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.runs.len()).flat_map(move |r| {
            let run = self.runs[r];
            (0..(self.run_end(r) as u32 - run.at)).map(move |k| run.pos + run.step * k)
        })
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

    /// The run holding byte `i` (`i` < the text's length).
    fn run_index(&self, i: usize) -> usize {
        self.runs.partition_point(|r| r.at as usize <= i) - 1
    }

    /// The byte just after run `r`.
    fn run_end(&self, r: usize) -> usize {
        self.runs
            .get(r + 1)
            .map_or(self.text.len(), |next| next.at as usize)
    }

    /// Maps byte `at` (the last byte appended so far) to `pos`.
    fn push_pos(&mut self, at: usize, pos: u32) {
        self.push_run(at, pos, 1, 1);
    }

    /// Maps the `len` bytes from `at` (the end of the mapped bytes so far) to `pos`,
    /// `pos + step`…, extending the last run when it continues it.
    fn push_run(&mut self, at: usize, pos: u32, step: u32, len: usize) {
        if let Some(last) = self.runs.last_mut() {
            let last_len = at as u32 - last.at;
            let next = last.pos + last.step * last_len;
            let delta = pos.wrapping_sub(last.pos);
            if last_len == 1 && delta <= 1 && (len == 1 || step == delta) {
                // A one-byte run takes the step its continuation shows.
                last.step = delta;
                return;
            }
            if pos == next && (len == 1 || step == last.step) {
                return;
            }
        }
        let step = if len == 1 { 1 } else { step };
        if self.runs.is_empty() {
            // Most texts (list items, names) are one run: no spare capacity for them.
            self.runs.reserve_exact(1);
        }
        self.runs.push(Run {
            at: at as u32,
            pos,
            step,
        });
    }
}

/// Equal texts with equal positions (however their runs were cut).
impl PartialEq for MappedText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.end == other.end && self.positions().eq(other.positions())
    }
}

impl Eq for MappedText {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions of `t`, one per byte, computed the slow way.
    fn each(t: &MappedText) -> Vec<u32> {
        (0..t.len()).map(|i| t.pos(i)).collect()
    }

    #[test]
    fn generated_text_rises_then_stays_on_the_anchor() {
        let mut t = MappedText::new();
        t.push_generated("abcdef", Span::new(100, 103));
        assert_eq!(each(&t), [100, 101, 102, 102, 102, 102]);
        assert_eq!(t.pos(6), 103);
        t.push_generated("xy", Span::new(103, 110));
        assert_eq!(each(&t), [100, 101, 102, 102, 102, 102, 103, 104]);
        assert_eq!(t.positions().collect::<Vec<_>>(), each(&t));
    }

    #[test]
    fn slices_keep_their_positions_and_merge_runs() {
        let mut a = MappedText::new();
        a.push_generated("0123456789", Span::new(50, 60));
        a.push_generated("abc", Span::new(7, 8));
        let mut b = MappedText::new();
        b.push_slice(&a, 2..5);
        b.push_slice(&a, 5..12);
        assert_eq!(each(&b), [52, 53, 54, 55, 56, 57, 58, 59, 7, 7]);
        assert_eq!(b.runs.len(), 2);
        assert_eq!(b.pos(b.len()), a.pos(12));
        assert_eq!(b.map_span(Span::new(1, 8)), Span::new(53, 60));
        assert_eq!(b.positions().collect::<Vec<_>>(), each(&b));
    }

    #[test]
    fn single_bytes_build_runs_of_either_step() {
        let mut t = MappedText::new();
        t.text.push_str("abcdefg");
        for (i, p) in [10, 11, 12, 40, 40, 40, 9].into_iter().enumerate() {
            t.push_pos(i, p);
        }
        assert_eq!(each(&t), [10, 11, 12, 40, 40, 40, 9]);
        assert_eq!(t.runs.len(), 3);
    }
}
