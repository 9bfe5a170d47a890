//! Long source lines shown as a window around the label.
//!
//! codespan-reporting prints every line a label touches in full. A hostile (or generated)
//! rules file can put a megabyte condition on one line with thousands of warnings in it;
//! printed whole for each warning, that is gigabytes of output. [`LineWindows`] is the
//! [`Files`] the human renderer uses instead: a label on a line longer than
//! [`LONGEST_SHOWN_LINE`] bytes points into a short excerpt of that line (marked with `…` at
//! each cut end) that keeps the real file name, line number and column.

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use crate::source::{FileId, SourceFile, Sources};

/// Lines up to this many bytes are shown whole.
pub const LONGEST_SHOWN_LINE: usize = 240;

/// Bytes of context kept on each side of a windowed label.
const CONTEXT: usize = 60;

/// Longest label shown inside a window; a longer label is cut to this.
const LONGEST_LABEL: usize = 120;

/// Marks the cut ends of a window.
const ELLIPSIS: &str = "…";

/// Where a label points: a whole file, or one excerpt of a long line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowedId {
    Whole(FileId),
    Excerpt(usize),
}

/// One excerpt of a long line.
struct Excerpt {
    file: FileId,
    /// 0-based line index in the file.
    line: usize,
    /// 1-based column (in characters) of the excerpt's first byte after the lead marker.
    first_column: usize,
    /// Bytes of the lead marker (0 when the excerpt starts at the line's start).
    lead: usize,
    text: String,
}

/// The files of a load plus the excerpts made for one diagnostic's labels.
pub struct LineWindows<'s> {
    sources: &'s Sources,
    excerpts: Vec<Excerpt>,
}

impl<'s> LineWindows<'s> {
    pub fn new(sources: &'s Sources) -> Self {
        LineWindows {
            sources,
            excerpts: Vec::new(),
        }
    }

    /// Where to point a label on `range` of `file`: the file itself when its line is short,
    /// else a new excerpt around the range (cut to the label's line and a bounded length).
    pub fn place(&mut self, file: FileId, range: Range<usize>) -> (WindowedId, Range<usize>) {
        let Some(source) = self.sources.files().get(file) else {
            return (WindowedId::Whole(file), range);
        };
        let line = source.line_index(range.start);
        let line_range = source.line_range(line);
        if line_range.len() <= LONGEST_SHOWN_LINE {
            return (WindowedId::Whole(file), range);
        }
        let (excerpt, label) = excerpt_around(source, line, line_range, range);
        self.excerpts.push(Excerpt { file, ..excerpt });
        (WindowedId::Excerpt(self.excerpts.len() - 1), label)
    }

    fn excerpt(&self, index: usize) -> Result<&Excerpt, Error> {
        self.excerpts.get(index).ok_or(Error::FileMissing)
    }
}

/// The excerpt of `line` around `label` and the label's range inside it.
fn excerpt_around(
    source: &SourceFile,
    line: usize,
    line_range: Range<usize>,
    label: Range<usize>,
) -> (Excerpt, Range<usize>) {
    let text = source.text.as_str();
    let label_start = label.start.clamp(line_range.start, line_range.end);
    let label_end = label
        .end
        .clamp(label_start, line_range.end)
        .min(label_start + LONGEST_LABEL);
    let label_end = ceil_boundary(text, label_end);
    let start = floor_boundary(
        text,
        label_start.saturating_sub(CONTEXT).max(line_range.start),
    );
    let end = ceil_boundary(text, (label_end + CONTEXT).min(line_range.end));
    let lead = if start > line_range.start {
        ELLIPSIS
    } else {
        ""
    };
    let tail = if end < line_range.end { ELLIPSIS } else { "" };
    let excerpt = Excerpt {
        file: 0,
        line,
        first_column: text[line_range.start..start].chars().count() + 1,
        lead: lead.len(),
        text: format!("{lead}{}{tail}", &text[start..end]),
    };
    let shift = |offset: usize| offset - start + lead.len();
    (excerpt, shift(label_start)..shift(label_end))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Files<'a> for LineWindows<'_> {
    type FileId = WindowedId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: WindowedId) -> Result<&'a str, Error> {
        let file = match id {
            WindowedId::Whole(file) => file,
            WindowedId::Excerpt(index) => self.excerpt(index)?.file,
        };
        self.sources.name(file)
    }

    fn source(&'a self, id: WindowedId) -> Result<&'a str, Error> {
        match id {
            WindowedId::Whole(file) => self.sources.source(file),
            WindowedId::Excerpt(index) => Ok(self.excerpt(index)?.text.as_str()),
        }
    }

    fn line_index(&'a self, id: WindowedId, byte_index: usize) -> Result<usize, Error> {
        match id {
            WindowedId::Whole(file) => self.sources.line_index(file, byte_index),
            WindowedId::Excerpt(_) => Ok(0),
        }
    }

    fn line_number(&'a self, id: WindowedId, line_index: usize) -> Result<usize, Error> {
        match id {
            WindowedId::Whole(file) => self.sources.line_number(file, line_index),
            WindowedId::Excerpt(index) => Ok(self.excerpt(index)?.line + 1),
        }
    }

    fn column_number(
        &'a self,
        id: WindowedId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        match id {
            WindowedId::Whole(file) => self.sources.column_number(file, line_index, byte_index),
            WindowedId::Excerpt(index) => {
                let excerpt = self.excerpt(index)?;
                let at = byte_index.clamp(excerpt.lead, excerpt.text.len());
                let at = floor_boundary(&excerpt.text, at);
                Ok(excerpt.first_column + excerpt.text[excerpt.lead..at].chars().count())
            }
        }
    }

    fn line_range(&'a self, id: WindowedId, line_index: usize) -> Result<Range<usize>, Error> {
        match id {
            WindowedId::Whole(file) => self.sources.line_range(file, line_index),
            WindowedId::Excerpt(index) => Ok(0..self.excerpt(index)?.text.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::render_human::render;
    use crate::diagnostic::{Code, Diagnostic};

    fn long_line_sources() -> (Sources, usize) {
        let condition = vec!["proc.name = a"; 2_000].join(" or ");
        let text = format!("- rule: r\n  condition: {condition} or evt.dir = <\n");
        let at = text.find("evt.dir").expect("label text");
        let mut sources = Sources::new();
        sources.add("long.yaml", text);
        (sources, at)
    }

    #[test]
    fn a_label_on_a_long_line_shows_an_excerpt_at_the_real_position() {
        let (sources, at) = long_line_sources();
        let d = Diagnostic::new(Code::UnusedMacro, "message").with_primary(0, at..at + 7, "here");
        let out = render(&sources, &d);
        let column = at - "- rule: r\n".len() + 1;
        assert!(out.contains(&format!("long.yaml:2:{column}")), "{out}");
        assert!(out.contains("2 │ …"), "{out}");
        assert!(out.contains("proc.name = a or evt.dir = <\n"), "{out}");
        assert!(out.len() < 1_000, "{} bytes: {out}", out.len());
        assert!(out.contains("^^^^^^^ here"), "{out}");
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let mut sources = Sources::new();
        sources.add("short.yaml", "- macro: m\n  condition: evt.dir = <\n");
        let d = Diagnostic::new(Code::UnusedMacro, "message").with_primary(0, 24..31, "here");
        let out = render(&sources, &d);
        assert!(out.contains("short.yaml:2:14"), "{out}");
        assert!(out.contains("  condition: evt.dir = <"), "{out}");
    }
}
