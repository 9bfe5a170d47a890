//! The texts of the documents the editor has open, as the editor last sent them.
//!
//! Open documents win over the files on disk: the analysis reads the workspace's rules files
//! through [`Documents::text_of`] so unsaved edits are what gets checked.

use crate::line_index::LineIndex;
use lsp_types::{TextDocumentContentChangeEvent, Url};
use std::collections::HashMap;
use std::sync::Arc;

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    pub version: i32,
    pub text: Arc<str>,
    pub line_index: Arc<LineIndex>,
}

impl Document {
    pub fn new(version: i32, text: String) -> Self {
        let line_index = Arc::new(LineIndex::new(&text));
        Document {
            version,
            text: text.into(),
            line_index,
        }
    }
}

/// Every open document by URI. Cloning is cheap (texts are shared).
#[derive(Clone, Debug, Default)]
pub struct Documents {
    docs: HashMap<Url, Document>,
    /// URIs in the order they were opened, so loads are deterministic.
    order: Vec<Url>,
}

impl Documents {
    pub fn open(&mut self, uri: Url, version: i32, text: String) {
        if !self.docs.contains_key(&uri) {
            self.order.push(uri.clone());
        }
        self.docs.insert(uri, Document::new(version, text));
    }

    /// Applies changes in order: a change without a range replaces the whole text, one with a
    /// range replaces that range (positions clamped). Unknown URIs are ignored.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        let mut text: String = doc.text.to_string();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&text);
                    let bytes = index.byte_range(&text, range);
                    text.replace_range(bytes, &change.text);
                }
            }
        }
        *doc = Document::new(version, text);
    }

    pub fn close(&mut self, uri: &Url) {
        self.docs.remove(uri);
        self.order.retain(|u| u != uri);
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    /// Open documents in the order they were opened.
    pub fn iter(&self) -> impl Iterator<Item = (&Url, &Document)> {
        self.order
            .iter()
            .filter_map(|uri| self.docs.get(uri).map(|d| (uri, d)))
    }

    /// The text of `uri`: the open document's, or else the file's on disk.
    pub fn text_of(&self, uri: &Url) -> Option<Arc<str>> {
        if let Some(doc) = self.docs.get(uri) {
            return Some(doc.text.clone());
        }
        let path = uri.to_file_path().ok()?;
        std::fs::read_to_string(path).ok().map(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn uri() -> Url {
        Url::parse("file:///w/rules.yaml").unwrap()
    }

    #[test]
    fn full_and_ranged_changes() {
        let mut docs = Documents::default();
        docs.open(uri(), 1, "- list: a\n  items: [é, b]\n".into());
        docs.change(
            &uri(),
            2,
            vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(1, 13), Position::new(1, 14))),
                range_length: None,
                text: "c".into(),
            }],
        );
        assert_eq!(
            &*docs.get(&uri()).unwrap().text,
            "- list: a\n  items: [é, c]\n"
        );
        docs.change(
            &uri(),
            3,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "x".into(),
            }],
        );
        let doc = docs.get(&uri()).unwrap();
        assert_eq!((&*doc.text, doc.version), ("x", 3));
        docs.close(&uri());
        assert!(docs.get(&uri()).is_none());
        assert_eq!(docs.iter().count(), 0);
    }
}
