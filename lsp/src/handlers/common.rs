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
