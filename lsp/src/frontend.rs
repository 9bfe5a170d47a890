//! The only place that calls the front end: loads a group's files in order, exactly as the
//! CLI does, and keeps its result. Nothing here re-derives a diagnostic.
//!
//! Loading is incremental: each file's read (YAML to positioned items, the first phase) is
//! kept in a [`Reads`] cache keyed by the file's place in its group and a hash of its text,
//! so an edit re-reads only the changed file; the later phases (lists, macros, rules, types)
//! run again for the whole group, as they depend on every file, but with the front end's
//! [`Reuse`] of the group's previous load: only the rules whose inputs changed are
//! compiled again, with exactly the diagnostics of a full load.

use crate::world::FileEntry;
use falcoc_compiler::limits::Limits;
use falcoc_compiler::load::{load_reusing, LoadResult, Reuse};
use falcoc_compiler::rules_file::{read_file_with, FileItems};
use falcoc_compiler::source::{FileId, SourceFile, Sources};
use falcoc_compiler::symbols::{Definition, SymbolKind};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The front end's output for one load group.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub result: LoadResult,
    /// Each file's read (and the item limit left after it), by file id.
    pub reads: Vec<(Arc<FileItems>, usize)>,
    /// What this load kept for the group's next load (taken by it).
    pub reuse: std::sync::Mutex<Reuse>,
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

    /// The items the front end read from file `file` of the group.
    pub fn items(&self, file: FileId) -> Option<&FileItems> {
        self.reads.get(file).map(|r| &*r.0)
    }
}

/// A file's place in its group, the hash of its text, and what remained of the load's item
/// limit when it was read (a read depends on nothing else).
type ReadKey = (FileId, u64, usize);

/// A file's read and what remained of the item limit after it.
type Read = (Arc<FileItems>, usize);

/// Reads of files, reusable while a file's text and place in its group are unchanged.
#[derive(Debug, Default)]
pub struct Reads {
    reads: HashMap<ReadKey, Read>,
}

impl Reads {
    /// The reads of `groups`' files only, so the cache never outgrows the workspace.
    pub fn keep_only<'a>(groups: impl Iterator<Item = &'a Loaded>) -> Reads {
        let mut reads = HashMap::new();
        for loaded in groups {
            let mut items_left = Limits::default().items;
            for (file, read) in loaded.reads.iter().enumerate() {
                let text = &loaded.sources.files()[file].text;
                let key = (file, hash_of(text), items_left);
                items_left = read.1;
                reads.insert(key, read.clone());
            }
        }
        Reads { reads }
    }

    /// The read of file `file` with `source`'s text, from the cache or read now.
    fn read(&mut self, file: FileId, source: &SourceFile, items_left: &mut usize) -> Read {
        let key = (file, hash_of(&source.text), *items_left);
        let read = self.reads.entry(key).or_insert_with(|| {
            let mut left = *items_left;
            let items = read_file_with(file, source, &Limits::default(), &mut left);
            (Arc::new(items), left)
        });
        *items_left = read.1;
        read.clone()
    }
}

fn hash_of(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The name a file has in diagnostics: its path, else its URI.
fn source_name(file: &FileEntry) -> String {
    file.uri
        .to_file_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| file.uri.to_string())
}

/// Loads `files` in order, reusing the reads in `cache` (adding the new ones to it) and
/// what the group's previous load kept in `reuse`.
pub fn load(files: &[FileEntry], cache: &mut Reads, mut reuse: Reuse) -> Loaded {
    let mut sources = Sources::new();
    for file in files {
        sources.add(source_name(file), file.text.to_string());
    }
    let mut reads = Vec::with_capacity(files.len());
    let read = |file, source: &SourceFile, items_left: &mut usize| {
        let read = cache.read(file, source, items_left);
        let items = (*read.0).clone();
        reads.push(read);
        items
    };
    let result = load_reusing(&sources, &Limits::default(), read, &mut reuse);
    Loaded {
        sources,
        result,
        reads,
        reuse: std::sync::Mutex::new(reuse),
    }
}

impl Loaded {
    /// What this load kept for the next load of its group; it is given once.
    pub fn take_reuse(&self) -> Reuse {
        self.reuse
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }
}

/// The word for a symbol kind in messages and hovers.
pub fn kind_word(kind: SymbolKind) -> &'static str {
    match kind {
        SymbolKind::Rule => "rule",
        SymbolKind::Macro => "macro",
        SymbolKind::List => "list",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line_index::LineIndex;
    use lsp_types::Url;

    fn entry(name: &str, text: &str) -> FileEntry {
        FileEntry {
            uri: Url::parse(&format!("file:///w/{name}")).unwrap(),
            text: Arc::from(text),
            index: Arc::new(LineIndex::new(text)),
        }
    }

    const BASE: &str = "- macro: m\n  condition: evt.type = open\n";
    const RULE: &str =
        "- rule: r\n  desc: d\n  condition: m and proc.name = x\n  output: o\n  priority: INFO\n";

    #[test]
    fn an_edit_rereads_only_the_changed_file() {
        let first = load(
            &[entry("a.yaml", BASE), entry("b.yaml", RULE)],
            &mut Reads::default(),
            Reuse::default(),
        );
        assert!(!first.result.has_errors());
        let mut cache = Reads::keep_only(std::iter::once(&first));
        let edited = RULE.replace("= x", "= y");
        let second = load(
            &[entry("a.yaml", BASE), entry("b.yaml", &edited)],
            &mut cache,
            first.take_reuse(),
        );
        assert!(
            Arc::ptr_eq(&first.reads[0].0, &second.reads[0].0),
            "unchanged file reused"
        );
        assert!(
            !Arc::ptr_eq(&first.reads[1].0, &second.reads[1].0),
            "edited file re-read"
        );
        // The later phases ran again on the new text: the group's result is the same as a
        // fresh load's.
        let fresh = load(
            &[entry("a.yaml", BASE), entry("b.yaml", &edited)],
            &mut Reads::default(),
            Reuse::default(),
        );
        assert_eq!(second.result.diagnostics, fresh.result.diagnostics);
        assert_eq!(second.result.symbols, fresh.result.symbols);
        // A file moved to another place in its group is read again (its items carry its id).
        let swapped = load(
            &[entry("b.yaml", &edited), entry("a.yaml", BASE)],
            &mut cache,
            Reuse::default(),
        );
        assert!(!Arc::ptr_eq(&first.reads[0].0, &swapped.reads[1].0));
    }
}
