//! Helpers shared by the handlers: finding the group, file and offset of a position.

use crate::frontend::Loaded;
use crate::texts::{field_of, is_event_type_value, output_fields, scan_condition, texts, Role};
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

/// A name under the cursor that the catalogue explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    /// A field (with its argument) in a condition or after `%` in an output.
    Field { name: String, arg: Option<String> },
    /// An event type name compared with `evt.type`.
    EventType(String),
}

/// The field or event type covering byte `offset` of file `file`, found in the file's
/// conditions (by the grammar's token scan) and outputs as the front end read them (around
/// the YAML error of a file mid-typing), with its byte range in the file.
pub fn word_at(loaded: &Loaded, file: FileId, offset: usize) -> Option<(Range<usize>, Word)> {
    let read = loaded.items(file)?;
    // A file whose YAML does not parse was read as nothing: read what is around its error.
    let salvaged = if read.items.is_empty() {
        crate::salvage::readable_items(file, &loaded.sources.files().get(file)?.text)
    } else {
        None
    };
    let items = salvaged.as_ref().unwrap_or(read);
    let covers = |r: &Range<usize>| r.start <= offset && offset <= r.end;
    for (text, role) in texts(&items.items) {
        if !covers(&text.range) {
            continue;
        }
        let value = &text.value;
        if role == Role::Output {
            for range in output_fields(value) {
                let in_file = text.map.range(range.clone());
                if covers(&in_file) {
                    let (name, arg) = match value[range.clone()].split_once('[') {
                        Some((n, a)) => (n, Some(a.strip_suffix(']').unwrap_or(a))),
                        None => (&value[range.clone()], None),
                    };
                    let word = Word::Field {
                        name: name.to_string(),
                        arg: arg.map(str::to_string),
                    };
                    return Some((in_file, word));
                }
            }
            continue;
        }
        let tokens = scan_condition(text).tokens;
        for (i, t) in tokens.iter().enumerate() {
            if !covers(&text.map.range(t.span.range())) {
                continue;
            }
            if let Some((whole, name, arg)) = field_of(value, &tokens, i) {
                let word = Word::Field {
                    name: name.to_string(),
                    arg: arg.map(str::to_string),
                };
                return Some((text.map.range(whole), word));
            }
            if is_event_type_value(value, t) {
                let word = Word::EventType(value[t.span.range()].to_string());
                return Some((text.map.range(t.span.range()), word));
            }
        }
    }
    None
}
