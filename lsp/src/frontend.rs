//! The only place that calls the front end: loads a group's files in order and keeps what
//! the front end returned. Nothing here re-derives a diagnostic.

use crate::symbol_index::SymbolIndex;
use crate::world::FileEntry;
use falcoc_compiler::collect::Collected;
use falcoc_compiler::diagnostic::Diagnostic;
use falcoc_compiler::rules_file::{items::Item, read_file};
use falcoc_compiler::source::Sources;

/// The front end's output for one load group.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// The items read from each file, by file id.
    pub items: Vec<Vec<Item>>,
    /// Every definition after merging appends and overrides, in load order.
    pub collected: Collected,
    pub index: SymbolIndex,
}

/// Loads `files` in order.
pub fn load(files: &[FileEntry]) -> Loaded {
    let mut loaded = Loaded::default();
    for file in files {
        let name = file
            .uri
            .to_file_path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| file.uri.to_string());
        loaded.sources.add(name, file.text.to_string());
    }
    for (id, source) in loaded.sources.files().iter().enumerate() {
        let read = read_file(id, source);
        loaded.diagnostics.extend(read.diagnostics);
        loaded.items.push(read.items);
    }
    for item in loaded.items.iter().flatten() {
        loaded.collected.add(item.clone());
    }
    loaded
        .diagnostics
        .extend(std::mem::take(&mut loaded.collected.diagnostics));
    loaded.index = SymbolIndex::build(&loaded.items);
    loaded
}
