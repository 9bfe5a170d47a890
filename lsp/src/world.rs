//! One analysed state of the workspace: the load groups and the front end's results.
//!
//! A *load group* is an ordered list of rules files loaded together, as Falco would load
//! them. The configured `rules_files` form one group; every open document that is not one of
//! them forms its own group made of the configured files followed by that document, so an
//! `override` in a scratch file still sees the base definitions. Each file's diagnostics and
//! symbols are taken from the group that owns it. Groups whose texts did not change are
//! reused from the previous world, and so are the reads of unchanged files in the others.

use crate::documents::Documents;
use crate::frontend::{self, Loaded};
use crate::line_index::LineIndex;
use crate::worker::Snapshot;
use falcoc_compiler::source::FileId;
use lsp_types::Url;
use std::sync::Arc;

/// One file of a load group.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub uri: Url,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
}

impl FileEntry {
    /// The LSP range of a byte range of this file.
    pub fn range(&self, range: std::ops::Range<usize>) -> lsp_types::Range {
        self.index.range(&self.text, range)
    }

    /// The byte offset of an LSP position in this file.
    pub fn offset(&self, position: lsp_types::Position) -> usize {
        self.index.offset(&self.text, position)
    }
}

/// Files loaded together, in load order (a file's index is its [`FileId`]).
#[derive(Debug)]
pub struct Group {
    pub files: Vec<FileEntry>,
    /// Files whose diagnostics and symbols this group answers for.
    pub owned: Vec<FileId>,
    pub loaded: Loaded,
}

impl Group {
    pub fn file_id(&self, uri: &Url) -> Option<FileId> {
        self.files.iter().position(|f| &f.uri == uri)
    }

    /// Whether the group loads the same files (whatever their texts) for the same owners.
    fn same_files(&self, files: &[FileEntry], owned: &[FileId]) -> bool {
        self.owned == owned
            && self.files.len() == files.len()
            && self.files.iter().zip(files).all(|(a, b)| a.uri == b.uri)
    }

    fn same_inputs(&self, files: &[FileEntry], owned: &[FileId]) -> bool {
        self.owned == owned
            && self.files.len() == files.len()
            && self
                .files
                .iter()
                .zip(files)
                .all(|(a, b)| a.uri == b.uri && Arc::ptr_eq(&a.text, &b.text))
    }
}

/// The analysed workspace.
#[derive(Debug, Default)]
pub struct World {
    pub generation: u64,
    pub docs: Documents,
    pub groups: Vec<Arc<Group>>,
}

impl World {
    /// Analyses `snapshot`, reusing unchanged groups of `previous`. Returns `None` as soon as
    /// `superseded(generation)` says a newer snapshot is waiting.
    pub fn build(
        snapshot: &Snapshot,
        previous: &World,
        superseded: &dyn Fn(u64) -> bool,
    ) -> Option<World> {
        let docs = &snapshot.docs;
        let mut base = Vec::new();
        for path in &snapshot.config.rules_files {
            let Ok(uri) = Url::from_file_path(path) else {
                continue;
            };
            if let Some(entry) = entry(docs, uri, previous) {
                base.push(entry);
            }
        }
        let mut plans: Vec<(Vec<FileEntry>, Vec<FileId>)> = Vec::new();
        if !base.is_empty() {
            plans.push((base.clone(), (0..base.len()).collect()));
        }
        for (uri, _) in docs.iter() {
            if base.iter().any(|f| &f.uri == uri) {
                continue;
            }
            if let Some(own) = entry(docs, uri.clone(), previous) {
                let mut files = base.clone();
                files.push(own);
                let owned = vec![files.len() - 1];
                plans.push((files, owned));
            }
        }
        let mut groups = Vec::with_capacity(plans.len());
        // Files read for the previous world are not read again while their text is the same.
        let mut reads = frontend::Reads::keep_only(previous.groups.iter().map(|g| &g.loaded));
        for (files, owned) in plans {
            if let Some(old) = previous
                .groups
                .iter()
                .find(|g| g.same_inputs(&files, &owned))
            {
                groups.push(old.clone());
                continue;
            }
            if superseded(snapshot.generation) {
                return None;
            }
            // The same files (other texts) loaded before: what that load kept is reused.
            let reuse = previous
                .groups
                .iter()
                .find(|g| g.same_files(&files, &owned))
                .map(|g| g.loaded.take_reuse())
                .unwrap_or_default();
            let loaded = frontend::load(&files, &mut reads, reuse);
            groups.push(Arc::new(Group {
                files,
                owned,
                loaded,
            }));
        }
        Some(World {
            generation: snapshot.generation,
            docs: docs.clone(),
            groups,
        })
    }

    /// The group that answers for `uri`, and the file's id in it.
    pub fn group_of(&self, uri: &Url) -> Option<(&Group, FileId)> {
        self.groups.iter().find_map(|g| {
            let id = g.file_id(uri)?;
            g.owned.contains(&id).then_some((&**g, id))
        })
    }
}

/// The entry for `uri`: the open document's text, or the file on disk; texts and line
/// indexes unchanged since `previous` are shared with it so unchanged groups are recognised.
fn entry(docs: &Documents, uri: Url, previous: &World) -> Option<FileEntry> {
    if let Some(doc) = docs.get(&uri) {
        return Some(FileEntry {
            uri,
            text: doc.text.clone(),
            index: doc.line_index.clone(),
        });
    }
    let text = docs.text_of(&uri)?;
    let old = previous
        .groups
        .iter()
        .flat_map(|g| g.files.iter())
        .find(|f| f.uri == uri && *f.text == *text);
    if let Some(old) = old {
        return Some(old.clone());
    }
    let index = Arc::new(LineIndex::new(&text));
    Some(FileEntry { uri, text, index })
}
