//! A small YAML document tree with byte spans, built from saphyr-parser events.
//!
//! Falco reads rules with yaml-cpp and only ever looks at scalars, sequences and maps, so
//! this tree keeps exactly that plus where every node is. Scalars keep their text and style;
//! interpreting them (booleans, numbers) is left to the reader, as yaml-cpp does.

mod build;
mod char_index;
mod scalar_map;

pub use build::{parse_documents, parse_partial, Partial, YamlError};
pub use scalar_map::ScalarMap;

use std::ops::Range;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A YAML node and its byte range in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// Bytes the node occupies (for block scalars: the content, not the indicator).
    pub range: Range<usize>,
}

/// The node's content.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// An empty value or `~`/`null`.
    Null,
    Scalar(String, ScalarStyle),
    Seq(Vec<Node>),
    /// Key/value pairs in file order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar text, if this node is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(pairs) => Some(pairs),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// The value for a scalar key in a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|(_, v)| v)
    }

    /// The key node and value node for a scalar key in a map node.
    pub fn get_entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(k, v)| (k, v))
    }
}
