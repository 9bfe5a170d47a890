//! The only place that calls the front end: loads a group's files in order with
//! [`falcoc_compiler::load::load`], exactly as the CLI does, and keeps its result. Nothing
//! here re-derives a diagnostic.

use crate::world::FileEntry;
use falcoc_compiler::load::{load as load_sources, LoadResult};
use falcoc_compiler::source::Sources;
use falcoc_compiler::symbols::{Definition, SymbolKind};

/// The front end's output for one load group.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub result: LoadResult,
}

impl Loaded {
    /// The definition of a symbol: its first defining item, else the first item naming it.
    pub fn definition<'a>(&'a self, kind: SymbolKind, name: &'a str) -> Option<&'a Definition> {
        let symbols = &self.result.symbols;
        symbols
            .definitions_of(kind, name)
            .find(|d| d.primary)
            .or_else(|| symbols.definitions_of(kind, name).next())
    }

    /// Names defined for `kind`, once each, in load order.
    pub fn names(&self, kind: SymbolKind) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.result
            .symbols
            .definitions
            .iter()
            .filter(|d| d.kind == kind && seen.insert(d.name.as_str()))
            .map(|d| d.name.as_str())
            .collect()
    }
}

/// Loads `files` in order.
pub fn load(files: &[FileEntry]) -> Loaded {
    let mut sources = Sources::new();
    for file in files {
        let name = file
            .uri
            .to_file_path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| file.uri.to_string());
        sources.add(name, file.text.to_string());
    }
    let result = load_sources(&sources);
    Loaded { sources, result }
}

/// The word for a symbol kind in messages and hovers.
pub fn kind_word(kind: SymbolKind) -> &'static str {
    match kind {
        SymbolKind::Rule => "rule",
        SymbolKind::Macro => "macro",
        SymbolKind::List => "list",
    }
}
