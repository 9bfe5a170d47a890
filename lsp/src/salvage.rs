//! Items of a file whose YAML does not parse (a file mid-typing), for hover.
//!
//! The front end reads nothing of such a file. Here the top-level item holding the YAML
//! error is blanked (every byte but line breaks becomes a space, so every offset stays
//! true) and the text read again, a few times at most; the items of the rest of the file
//! are then read by the front end's own reader, at their real positions. Nothing here is
//! loaded or reported: it only gives editors positioned texts.

use falcoc_compiler::diagnostic::Code;
use falcoc_compiler::rules_file::{read_file, FileItems};
use falcoc_compiler::source::{FileId, SourceFile};

/// Broken items blanked at most, so a file broken everywhere costs a few reads.
const MAX_BLANKED: usize = 4;

/// The items readable in `text` (file `file`) around its YAML errors, or `None` when its
/// YAML parses (the front end's read is then the answer) or nothing could be salvaged.
pub fn readable_items(file: FileId, text: &str) -> Option<FileItems> {
    let mut patched = text.as_bytes().to_vec();
    for _ in 0..MAX_BLANKED {
        let source = SourceFile::new("", String::from_utf8_lossy(&patched).into_owned());
        let read = read_file(file, &source);
        let Some(at) = yaml_error_at(&read) else {
            return (patched != text.as_bytes()).then_some(read);
        };
        let item = item_around(&patched, at);
        if item.is_empty() {
            return None;
        }
        for b in &mut patched[item] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    None
}

/// Where the read's YAML syntax error is.
fn yaml_error_at(read: &FileItems) -> Option<usize> {
    read.diagnostics
        .iter()
        .find(|d| d.code == Code::ErrYamlParse)
        .map(|d| d.primary.as_ref().map_or(0, |p| p.range.start))
}

/// The bytes of the top-level item (from its `- ` at the start of a line to the next one)
/// around byte `at`.
fn item_around(text: &[u8], at: usize) -> std::ops::Range<usize> {
    let at = at.min(text.len());
    let starts_item = |i: usize| (i == 0 || text[i - 1] == b'\n') && text[i..].starts_with(b"-");
    let start = (0..=at.min(text.len().saturating_sub(1)))
        .rev()
        .find(|&i| starts_item(i))
        .unwrap_or(0);
    let end = (at + 1..text.len())
        .find(|&i| starts_item(i))
        .unwrap_or(text.len());
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use falcoc_compiler::rules_file::items::Item;

    const BROKEN: &str = "- macro: a\n  condition: proc.name = x\n- rule: r\n  desc: \"unclosed\n  condition: evt.type = open\n- macro: b\n  condition: fd.name = y\n";

    #[test]
    fn items_around_a_yaml_error_are_read_at_their_places() {
        assert!(read_file(0, &SourceFile::new("", BROKEN.to_string()))
            .items
            .is_empty());
        let read = readable_items(0, BROKEN).expect("salvaged");
        let conditions: Vec<(&str, usize)> = read
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Macro(m) => Some((m.condition.value.as_str(), m.condition.range.start)),
                _ => None,
            })
            .collect();
        assert_eq!(
            conditions,
            vec![
                ("proc.name = x", BROKEN.find("proc.name").unwrap()),
                ("fd.name = y", BROKEN.find("fd.name").unwrap()),
            ]
        );
    }

    #[test]
    fn valid_yaml_needs_no_salvage() {
        assert!(readable_items(0, "- macro: a\n  condition: x\n").is_none());
    }
}
