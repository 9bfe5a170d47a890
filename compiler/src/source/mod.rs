//! Source files held in memory, with line indexes for `line:column` positions.

mod decode;

pub use decode::{decode_rules_text, SUBSTITUTE};

/// Index of a file in a [`Sources`] set.
pub type FileId = usize;

/// One rules file (or any text a diagnostic can point into).
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 0-based line index of a byte offset (offsets past the end map to the last line).
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte range of 0-based `line`, without its line terminator.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line + 1)
            .map(|next| next - 1)
            .unwrap_or(self.text.len());
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line and 0-based byte column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        (line, offset - self.line_start(line))
    }
}

/// All files of one load, in load order.
///
/// Files also share one global position space (each file starts at its own base), so a
/// single `u32` span can say which file it points into; condition trees use such spans
/// because a rule's expanded condition mixes text from several macros, lists and files.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// INVARIANT: `bases[i]` is the global position of byte 0 of file `i`; bases increase
    /// and leave one spare position after each file for end-of-file spans.
    bases: Vec<u32>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file read from disk: bytes decoded as Falco reads them (see
    /// [`decode_rules_text`]).
    pub fn add_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> FileId {
        self.add(name, decode_rules_text(bytes))
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let base = match (self.files.last(), self.bases.last()) {
            (Some(f), Some(b)) => b + f.text.len() as u32 + 1,
            _ => 0,
        };
        self.files.push(SourceFile::new(name, text));
        self.bases.push(base);
        self.files.len() - 1
    }

    /// The global position of `offset` in `file`.
    pub fn global(&self, file: FileId, offset: usize) -> u32 {
        self.bases.get(file).copied().unwrap_or(0) + offset as u32
    }

    /// The file and byte offset of a global position.
    pub fn locate(&self, pos: u32) -> (FileId, usize) {
        let file = match self.bases.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let base = self.bases.get(file).copied().unwrap_or(0);
        (file, (pos - base) as usize)
    }

    /// The file and byte range of a global span.
    pub fn locate_span(&self, start: u32, end: u32) -> (FileId, std::ops::Range<usize>) {
        let (file, s) = self.locate(start);
        let (_, e) = self.locate(end.max(start));
        (file, s..e.max(s))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.line_index(byte_index))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        if line_index >= file.line_count() {
            return Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_count().saturating_sub(1),
            });
        }
        let start = file.line_start(line_index);
        let end = file.line_start(line_index + 1);
        Ok(start..end)
    }
}
