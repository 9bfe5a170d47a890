//! Turns saphyr-parser's event stream into [`Node`] trees, one per YAML document.
//!
//! Positions from the parser are character indexes; they are converted to byte offsets
//! here so the rest of the compiler works in bytes only.
//! Anchors and aliases are resolved by copying the anchored node, as yaml-cpp does.

use super::char_index::CharIndex;
use super::{Node, NodeKind, ScalarStyle};
use crate::source::SourceFile;
use saphyr_parser::{Event, Parser, ScalarStyle as PStyle};
use std::collections::HashMap;

/// A YAML syntax error at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
}

/// Nesting deeper than this is rejected rather than risking the stack.
const MAX_DEPTH: usize = 256;

/// How many flow closers [`relax_flow_closer`] may move in one file.
const MAX_RELAXED_CLOSERS: usize = 10_000;

/// Parses every document of `file`. Null documents are returned as `Node::Null`.
///
/// yaml-cpp (and so Falco) accepts a flow collection whose closing `]`/`}` sits at the
/// indentation of its parent key, as upstream rules files do; saphyr rejects it. When that
/// is the only problem, the closer is moved to the end of the previous line — a same-length
/// edit, so every byte offset stays true — and parsing is retried.
pub fn parse_documents(file: &SourceFile) -> Result<Vec<Node>, YamlError> {
    let mut patched: Option<SourceFile> = None;
    for _ in 0..MAX_RELAXED_CLOSERS {
        let current = patched.as_ref().unwrap_or(file);
        match parse_once(current) {
            Ok(docs) => return Ok(docs),
            Err(e) => match relax_flow_closer(&current.text, e.offset) {
                Some(text) if e.message == "invalid indentation" => {
                    patched = Some(SourceFile::new(file.name.clone(), text));
                }
                _ => return Err(e),
            },
        }
    }
    parse_once(patched.as_ref().unwrap_or(file))
}

/// Moves a flow closer that starts the line at `offset` to the end of the previous line.
fn relax_flow_closer(text: &str, offset: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let closer = *bytes.get(offset)?;
    if closer != b']' && closer != b'}' {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map(|i| i + 1)?;
    if !text[line_start..offset].bytes().all(|b| b == b' ') || line_start == 0 {
        return None;
    }
    let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    if text[prev_start..line_start].contains('#') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..line_start - 1]);
    out.push(closer as char);
    out.push('\n');
    out.push_str(&text[line_start..offset]);
    out.push_str(&text[offset + 1..]);
    Some(out)
}

fn parse_once(file: &SourceFile) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder {
        file,
        stack: Vec::new(),
        docs: Vec::new(),
        anchors: HashMap::new(),
    };
    let chars = CharIndex::new(&file.text);
    for event in Parser::new_from_str(&file.text) {
        let (event, span) = event.map_err(|e| YamlError {
            message: e.info().to_string(),
            offset: chars.byte_offset(e.marker().index()),
        })?;
        let start = chars.byte_offset(span.start.index());
        let end = chars.byte_offset(span.end.index()).max(start);
        builder.event(event, start..end)?;
    }
    Ok(builder.docs)
}

enum Open {
    Seq(Vec<Node>, usize, usize),
    Map(Vec<(Node, Node)>, Option<Node>, usize, usize),
}

struct Builder<'a> {
    file: &'a SourceFile,
    stack: Vec<Open>,
    docs: Vec<Node>,
    anchors: HashMap<usize, Node>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) -> Result<(), YamlError> {
        match event {
            Event::Scalar(value, style, anchor, _tag) => {
                let node = scalar_node(&value, style, range);
                self.remember(anchor, &node);
                self.push_node(node);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(Open::Seq(Vec::new(), range.start, anchor))?
            }
            Event::MappingStart(anchor, _) => {
                self.open(Open::Map(Vec::new(), None, range.start, anchor))?
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(range.end),
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node {
                    kind: NodeKind::Null,
                    range,
                });
                self.push_node(node);
            }
            Event::DocumentStart(_) => self.stack.clear(),
            Event::DocumentEnd | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn open(&mut self, open: Open) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            let offset = match &open {
                Open::Seq(_, s, _) | Open::Map(_, _, s, _) => *s,
            };
            return Err(YamlError {
                message: format!("YAML nesting deeper than {MAX_DEPTH} levels"),
                offset,
            });
        }
        self.stack.push(open);
        Ok(())
    }

    fn close(&mut self, end: usize) {
        let Some(open) = self.stack.pop() else { return };
        let end = end.min(self.file.text.len());
        let (node, anchor) = match open {
            Open::Seq(items, start, anchor) => (
                Node {
                    kind: NodeKind::Seq(items),
                    range: start..end.max(start),
                },
                anchor,
            ),
            Open::Map(pairs, _, start, anchor) => (
                Node {
                    kind: NodeKind::Map(pairs),
                    range: start..end.max(start),
                },
                anchor,
            ),
        };
        self.remember(anchor, &node);
        self.push_node(node);
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn push_node(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Open::Seq(items, _, _)) => items.push(node),
            Some(Open::Map(pairs, pending, _, _)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => pairs.push((key, node)),
            },
        }
    }
}

fn scalar_node(value: &str, style: PStyle, range: std::ops::Range<usize>) -> Node {
    let style = match style {
        PStyle::Plain => ScalarStyle::Plain,
        PStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        PStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        PStyle::Literal => ScalarStyle::Literal,
        PStyle::Folded => ScalarStyle::Folded,
    };
    let is_null = style == ScalarStyle::Plain
        && (range.is_empty() || matches!(value, "~" | "null" | "Null" | "NULL"));
    let kind = if is_null {
        NodeKind::Null
    } else {
        NodeKind::Scalar(value.to_string(), style)
    };
    Node { kind, range }
}
