//! Turns saphyr-parser's event stream into [`Node`] trees, one per YAML document.
//!
//! Positions from the parser are character indexes; they are converted to byte offsets
//! here so the rest of the compiler works in bytes only.
//! Anchors and aliases are resolved by copying the anchored node, as yaml-cpp does, within
//! the alias limits (an alias "bomb" is one error at the alias that crosses them).
//!
//! Text is accepted as yaml-cpp accepts it: a leading byte-order mark is skipped and NUL
//! bytes are kept in scalars (saphyr reads NUL as the end of the stream, so it is given a
//! same-length stand-in that is turned back into NUL in scalar values).

use super::char_index::CharIndex;
use super::{Node, NodeKind, ScalarStyle};
use crate::limits::{raise_note, Limits};
use crate::source::SourceFile;
use saphyr_parser::{Event, Parser, ScalarStyle as PStyle};
use std::collections::HashMap;

/// A YAML syntax error at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
    /// How to raise the limit, when a limit was reached.
    pub note: Option<String>,
}

impl YamlError {
    fn syntax(message: impl Into<String>, offset: usize) -> Self {
        YamlError {
            message: message.into(),
            offset,
            note: None,
        }
    }
}

/// Nesting deeper than this is rejected rather than risking the stack.
const MAX_DEPTH: usize = 256;

/// How many flow closers [`relax_flow_closer`] may move in one file.
const MAX_RELAXED_CLOSERS: usize = 10_000;

/// Bytes that retries after moving a flow closer may re-parse, all retries together (so a
/// file full of such closers cannot make parsing quadratic).
const RELAX_BYTES_BUDGET: usize = 256 * 1024 * 1024;

/// Parses every document of `file`. Null documents are returned as `Node::Null`.
///
/// yaml-cpp (and so Falco) accepts a flow collection whose closing `]`/`}` sits at the
/// indentation of its parent key, as upstream rules files do; saphyr rejects it. When that
/// is the only problem, the closer is moved to the end of the previous line — a same-length
/// edit, so every byte offset stays true — and parsing is retried.
pub fn parse_documents(file: &SourceFile, limits: &Limits) -> Result<Vec<Node>, YamlError> {
    let parsed = parse_partial(file, limits);
    match parsed.error {
        None => Ok(parsed.docs),
        Some(e) => Err(e),
    }
}

/// What the parser built of a file: every node before the first syntax error (collections
/// still open there end at the error), and that error.
#[derive(Clone, Debug, PartialEq)]
pub struct Partial {
    pub docs: Vec<Node>,
    pub error: Option<YamlError>,
}

/// Parses `file` as [`parse_documents`] does, but keeps the tree built before an error, so
/// a half-written file (an editor's) still has positioned nodes up to where it breaks.
pub fn parse_partial(file: &SourceFile, limits: &Limits) -> Partial {
    let mut patched: Option<SourceFile> = None;
    let retries = MAX_RELAXED_CLOSERS
        .min(RELAX_BYTES_BUDGET / file.text.len().max(1))
        .max(64);
    for _ in 0..retries {
        let current = patched.as_ref().unwrap_or(file);
        let parsed = parse_once(current, limits);
        let Some(e) = &parsed.error else {
            return parsed;
        };
        match relax_flow_closer(&current.text, e.offset) {
            Some(text) if e.message == "invalid indentation" => {
                patched = Some(SourceFile::new(file.name.clone(), text));
            }
            _ => return parsed,
        }
    }
    parse_once(patched.as_ref().unwrap_or(file), limits)
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

/// Bytes saphyr cannot take as they are: what they become for the parser.
struct Stand {
    /// The stand-in for NUL bytes, when the text has any.
    nul: Option<char>,
}

/// Control characters used as NUL stand-ins (the first one absent from the text).
const NUL_STAND_INS: &[char] = &['\u{1a}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{1f}', '\u{1}'];

fn parse_once(file: &SourceFile, limits: &Limits) -> Partial {
    let skip = if file.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let body = &file.text[skip..];
    let mut stand = Stand { nul: None };
    let replaced;
    let text = if body.contains('\0') {
        let Some(&c) = NUL_STAND_INS.iter().find(|c| !body.contains(**c)) else {
            let at = skip + body.find('\0').unwrap_or(0);
            return Partial {
                docs: Vec::new(),
                error: Some(YamlError::syntax(
                    "NUL byte in a rules file that uses every stand-in control character",
                    at,
                )),
            };
        };
        stand.nul = Some(c);
        replaced = body.replace('\0', c.encode_utf8(&mut [0; 4]));
        replaced.as_str()
    } else {
        body
    };
    let mut builder = Builder {
        file,
        stand: &stand,
        limits,
        stack: Vec::new(),
        docs: Vec::new(),
        anchors: HashMap::new(),
        aliases: 0,
        copied: 0,
    };
    let chars = CharIndex::new(text);
    for event in Parser::new_from_str(text) {
        let step = event
            .map_err(|e| {
                YamlError::syntax(
                    e.info().to_string(),
                    skip + chars.byte_offset(e.marker().index()),
                )
            })
            .and_then(|(event, span)| {
                let start = skip + chars.byte_offset(span.start.index());
                let end = (skip + chars.byte_offset(span.end.index())).max(start);
                builder.event(event, start..end)
            });
        if let Err(e) = step {
            builder.close_all(e.offset);
            return Partial {
                docs: builder.docs,
                error: Some(e),
            };
        }
    }
    Partial {
        docs: builder.docs,
        error: None,
    }
}

/// An open collection: its content so far, start offset, anchor id and node count.
enum Open {
    Seq(Vec<Node>, usize, usize, usize),
    Map(Vec<(Node, Node)>, Option<Node>, usize, usize, usize),
}

struct Builder<'a> {
    file: &'a SourceFile,
    stand: &'a Stand,
    limits: &'a Limits,
    stack: Vec<Open>,
    docs: Vec<Node>,
    /// Anchored nodes and their node counts.
    anchors: HashMap<usize, (Node, usize)>,
    aliases: usize,
    /// Nodes copied by alias expansion so far.
    copied: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) -> Result<(), YamlError> {
        match event {
            Event::Scalar(value, style, anchor, _tag) => {
                let node = scalar_node(&value, style, range, self.stand.nul);
                self.remember(anchor, &node, 1);
                self.push_node(node, 1);
            }
            Event::SequenceStart(anchor, _) => {
                let start = block_sequence_start(&self.file.text, range.start);
                self.open(Open::Seq(Vec::new(), start, anchor, 1))?
            }
            Event::MappingStart(anchor, _) => {
                self.open(Open::Map(Vec::new(), None, range.start, anchor, 1))?
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(range.end),
            Event::Alias(id) => self.alias(id, range)?,
            Event::DocumentStart(_) => self.stack.clear(),
            Event::DocumentEnd | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Copies the anchored node, within the alias limits.
    fn alias(&mut self, id: usize, range: std::ops::Range<usize>) -> Result<(), YamlError> {
        let Some((node, count)) = self.anchors.get(&id) else {
            self.push_node(
                Node {
                    kind: NodeKind::Null,
                    range,
                },
                1,
            );
            return Ok(());
        };
        self.aliases += 1;
        if self.aliases > self.limits.yaml_aliases {
            return Err(limit_error(
                format!(
                    "more than {} YAML aliases in one file",
                    self.limits.yaml_aliases
                ),
                range.start,
                "yaml_aliases",
            ));
        }
        let count = *count;
        if self.copied + count > self.limits.yaml_alias_nodes {
            return Err(limit_error(
                format!(
                    "YAML alias expansion copies more than {} nodes (this alias adds {count})",
                    self.limits.yaml_alias_nodes
                ),
                range.start,
                "yaml_alias_nodes",
            ));
        }
        self.copied += count;
        let node = node.clone();
        self.push_node(node, count);
        Ok(())
    }

    fn open(&mut self, open: Open) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            let offset = match &open {
                Open::Seq(_, s, _, _) | Open::Map(_, _, s, _, _) => *s,
            };
            return Err(YamlError::syntax(
                format!("YAML nesting deeper than {MAX_DEPTH} levels"),
                offset,
            ));
        }
        self.stack.push(open);
        Ok(())
    }

    fn close(&mut self, end: usize) {
        let Some(open) = self.stack.pop() else { return };
        let end = end.min(self.file.text.len());
        let (node, anchor, count) = match open {
            Open::Seq(items, start, anchor, count) => (
                Node {
                    kind: NodeKind::Seq(items),
                    range: start..end.max(start),
                },
                anchor,
                count,
            ),
            Open::Map(pairs, _, start, anchor, count) => (
                Node {
                    kind: NodeKind::Map(pairs),
                    range: start..end.max(start),
                },
                anchor,
                count,
            ),
        };
        self.remember(anchor, &node, count);
        self.push_node(node, count);
    }

    /// Ends every open collection at `offset` (where the parser stopped).
    /// A key still waiting for its value gets an empty one.
    fn close_all(&mut self, offset: usize) {
        while let Some(open) = self.stack.last_mut() {
            if let Open::Map(pairs, pending, ..) = open {
                if let Some(key) = pending.take() {
                    let at = offset.max(key.range.end);
                    let value = Node {
                        kind: NodeKind::Null,
                        range: at..at,
                    };
                    pairs.push((key, value));
                }
            }
            self.close(offset);
        }
    }

    fn remember(&mut self, anchor: usize, node: &Node, count: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), count));
        }
    }

    /// Adds `node` (of `count` nodes) to the open collection or the documents.
    fn push_node(&mut self, node: Node, count: usize) {
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Open::Seq(items, _, _, total)) => {
                *total += count;
                items.push(node)
            }
            Some(Open::Map(pairs, pending, _, _, total)) => {
                *total += count;
                match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => pairs.push((key, node)),
                }
            }
        }
    }
}

fn limit_error(message: String, offset: usize, limit: &str) -> YamlError {
    YamlError {
        message,
        offset,
        note: Some(raise_note(limit)),
    }
}

/// Where a block sequence starts: at the `-` of its first entry, as yaml-cpp marks it
/// (the parser's event may start after the `- `). A flow sequence starts at its `[`.
fn block_sequence_start(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    if matches!(bytes.get(start), Some(b'[' | b'-')) {
        return start;
    }
    let mut i = start.min(bytes.len());
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i < start && i > 0 && bytes[i - 1] == b'-' {
        i - 1
    } else {
        start
    }
}

fn scalar_node(
    value: &str,
    style: PStyle,
    range: std::ops::Range<usize>,
    nul: Option<char>,
) -> Node {
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
        let value = match nul {
            Some(c) if value.contains(c) => value.replace(c, "\0"),
            _ => value.to_string(),
        };
        NodeKind::Scalar(value, style)
    };
    Node { kind, range }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partial(text: &str) -> Partial {
        parse_partial(&SourceFile::new("t.yaml", text), &Limits::default())
    }

    #[test]
    fn the_tree_before_an_error_is_kept() {
        let text = "- list: a\n  items: [x, y\n";
        let parsed = partial(text);
        assert!(parsed.error.is_some());
        let item = &parsed.docs[0].as_seq().unwrap()[0];
        let items = item.get("items").unwrap().as_seq().unwrap();
        assert_eq!(items[1].as_scalar(), Some("y"));
        assert_eq!(items[1].range, 23..24);
        // A key still waiting for its value keeps it, empty.
        let parsed = partial("- rule: r\n  desc:");
        let item = &parsed.docs[0].as_seq().unwrap()[0];
        assert!(item.get("desc").is_some_and(Node::is_null));
    }

    #[test]
    fn valid_text_parses_as_parse_documents_does() {
        let text =
            "- macro: m\n  condition: >\n    a and\n    b\n- list: l\n  items: [a,\n    b\n  ]\n";
        let file = SourceFile::new("t.yaml", text);
        let parsed = parse_partial(&file, &Limits::default());
        assert_eq!(parsed.error, None);
        assert_eq!(Ok(parsed.docs), parse_documents(&file, &Limits::default()));
    }
}
