//! Helpers shared by the handlers: finding the group, file and offset of a position.

use crate::world::{FileEntry, Group, World};
use falcoc_compiler::source::FileId;
use lsp_types::{Location, Position, Url};
use std::ops::Range;

/// A position resolved against the world.
pub struct At<'w> {
    pub group: &'w Group,
    pub file: FileId,
    pub entry: &'w FileEntry,
    pub offset: usize,
}

pub fn at<'w>(world: &'w World, uri: &Url, position: Position) -> Option<At<'w>> {
    let (group, file) = world.group_of(uri)?;
    let entry = group.files.get(file)?;
    Some(At {
        group,
        file,
        offset: entry.offset(position),
        entry,
    })
}

/// The LSP location of a byte range of a group's file.
pub fn location(group: &Group, file: FileId, range: Range<usize>) -> Option<Location> {
    let entry = group.files.get(file)?;
    Some(Location::new(entry.uri.clone(), entry.range(range)))
}

/// The condition-like word covering `offset` (a field with its `[arg]`, a macro or list
/// name, a value), found by tokenizing the offset's line; a leading `%` (output formats) is
/// left out. Returns the word's byte range in `text`.
pub fn word_at(text: &str, offset: usize) -> Option<(Range<usize>, &str)> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let tok = crate::cond_lex::lex(line).into_iter().find(|t| {
        t.kind == crate::cond_lex::TokKind::Word
            && line_start + t.range.start <= offset
            && offset <= line_start + t.range.end
    })?;
    let mut start = line_start + tok.range.start;
    let end = line_start + tok.range.end;
    let mut word = &text[start..end];
    if let Some(rest) = word.strip_prefix('%') {
        start += 1;
        word = rest;
    }
    Some((start..end, word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_under_the_cursor() {
        let text = "  condition: proc.aname[2] = bash\n  output: x (%fd.name)";
        let at = text.find("aname").unwrap();
        assert_eq!(word_at(text, at).map(|(_, w)| w), Some("proc.aname[2]"));
        let at = text.find("fd.").unwrap() + 1;
        let (range, word) = word_at(text, at).unwrap();
        assert_eq!((word, &text[range]), ("fd.name", "fd.name"));
    }
}
