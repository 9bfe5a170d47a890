//! Where rules, macros and lists are defined and referenced: the index behind go-to
//! definition, references, rename and the outline.

use crate::source::FileId;
use std::ops::Range;

/// What a symbol names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Rule,
    Macro,
    List,
}

/// An item that defines (or redefines, appends to, overrides) a symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub kind: SymbolKind,
    pub name: String,
    pub file: FileId,
    /// Bytes of the name value (`- macro: NAME`).
    pub name_range: Range<usize>,
    /// Bytes of the whole item.
    pub item_range: Range<usize>,
    /// The first definition, as opposed to a later append/override/redefinition.
    pub primary: bool,
}

/// A use of a symbol inside a condition (or a list's items).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub kind: SymbolKind,
    pub name: String,
    pub file: FileId,
    pub range: Range<usize>,
}

/// All definitions and references of one load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SymbolIndex {
    pub definitions: Vec<Definition>,
    pub references: Vec<Reference>,
}

impl SymbolIndex {
    /// The symbol at a byte offset of a file, as a definition name or a reference.
    pub fn symbol_at(&self, file: FileId, offset: usize) -> Option<(SymbolKind, &str)> {
        let hit = |r: &Range<usize>| r.start <= offset && offset <= r.end;
        self.references
            .iter()
            .find(|r| r.file == file && hit(&r.range))
            .map(|r| (r.kind, r.name.as_str()))
            .or_else(|| {
                self.definitions
                    .iter()
                    .find(|d| d.file == file && hit(&d.name_range))
                    .map(|d| (d.kind, d.name.as_str()))
            })
    }

    /// Every definition item of a symbol, first definition first.
    pub fn definitions_of<'a>(
        &'a self,
        kind: SymbolKind,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Definition> + 'a {
        self.definitions
            .iter()
            .filter(move |d| d.kind == kind && d.name == name)
    }

    /// Every reference to a symbol.
    pub fn references_to<'a>(
        &'a self,
        kind: SymbolKind,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Reference> + 'a {
        self.references
            .iter()
            .filter(move |r| r.kind == kind && r.name == name)
    }
}
