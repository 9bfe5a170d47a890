//! Decoding of YAML values the way Falco's reader does it (yaml-cpp conversions and
//! Falco's own checks), producing `LOAD_ERR_YAML_VALIDATE` diagnostics on mismatch.

use super::items::{ItemHeader, Text};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::source::{FileId, SourceFile};
use crate::yaml::{Node, NodeKind, ScalarMap};

/// Where decoding happens: the file and the location chain of the enclosing item.
pub struct Ctx<'a> {
    pub file: FileId,
    pub source: &'a SourceFile,
    pub chain: Vec<Location>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: FileId, source: &'a SourceFile) -> Self {
        Ctx {
            file,
            source,
            chain: vec![Location::new("rules content", "", file, 0)],
        }
    }

    /// A context one level deeper, e.g. inside `rule 'x'`.
    pub fn child(&self, item_type: &str, name: &str, offset: usize) -> Ctx<'a> {
        let mut chain = self.chain.clone();
        chain.push(Location::new(item_type, name, self.file, offset));
        Ctx {
            file: self.file,
            source: self.source,
            chain,
        }
    }

    /// A structural error at `node`.
    pub fn error(&self, node: &Node, message: impl Into<String>) -> Diagnostic {
        self.error_at(node.range.clone(), message)
    }

    pub fn error_at(
        &self,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(Code::ErrYamlValidate, message)
            .with_primary(self.file, range, "")
            .with_locations(self.chain.clone())
    }

    /// A diagnostic of any code at `range`, with this context's chain.
    pub fn diag(
        &self,
        code: Code,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, message)
            .with_primary(self.file, range, "")
            .with_locations(self.chain.clone())
    }

    /// A [`Text`] for a scalar node.
    pub fn text(&self, node: &Node, value: &str) -> Text {
        Text {
            value: value.to_string(),
            file: self.file,
            range: node.range.clone(),
            map: ScalarMap::new(value, &self.source.text, node.range.clone()),
        }
    }

    pub fn header(&self, item: &Node, name: &str, name_node: Option<&Node>) -> ItemHeader {
        ItemHeader {
            file: self.file,
            offset: first_key_offset(item),
            range: item.range.clone(),
            name: name.to_string(),
            name_range: name_node.map_or(item.range.clone(), |n| n.range.clone()),
        }
    }
}

/// Offset of the first key of a map node (Falco's item position).
pub fn first_key_offset(item: &Node) -> usize {
    item.as_map()
        .and_then(|pairs| pairs.first())
        .map_or(item.range.start, |(k, _)| k.range.start)
}

type R<T> = Result<T, Box<Diagnostic>>;

/// A required non-empty scalar (Falco's `decode_val` for strings).
pub fn required_scalar<'n>(ctx: &Ctx, item: &'n Node, key: &str) -> R<(&'n Node, String)> {
    match item.get(key) {
        None => Err(Box::new(point_at_item(
            ctx.error(item, format!("Item has no mapping for key '{key}'")),
            item,
        ))),
        Some(v) => scalar_value(ctx, v, key).map(|s| (v, s)),
    }
}

fn point_at_item(d: Diagnostic, item: &Node) -> Diagnostic {
    let start = first_key_offset(item);
    let mut d = d;
    if let Some(p) = d.primary.as_mut() {
        p.range = start..start;
    }
    d
}

/// An optional scalar: `None` when the key is absent.
pub fn optional_scalar<'n>(ctx: &Ctx, item: &'n Node, key: &str) -> R<Option<(&'n Node, String)>> {
    match item.get(key) {
        None => Ok(None),
        Some(v) => scalar_value(ctx, v, key).map(|s| Some((v, s))),
    }
}

/// The text of a value node that must be a non-empty scalar.
pub fn scalar_value(ctx: &Ctx, v: &Node, key: &str) -> R<String> {
    let vctx = ctx.child("value for", key, v.range.start);
    match &v.kind {
        NodeKind::Null => Err(Box::new(
            ctx.error(v, format!("Mapping for key '{key}' is empty")),
        )),
        NodeKind::Scalar(s, _) if s.is_empty() => {
            Err(Box::new(vctx.error(v, "Value must be non-empty")))
        }
        NodeKind::Scalar(s, _) => Ok(s.clone()),
        _ => Err(Box::new(vctx.error(v, "Value is not a scalar value"))),
    }
}

/// An optional boolean with yaml-cpp's spellings.
pub fn optional_bool(ctx: &Ctx, item: &Node, key: &str) -> R<Option<bool>> {
    let Some((node, text)) = optional_scalar(ctx, item, key)? else {
        return Ok(None);
    };
    match parse_bool(&text) {
        Some(b) => Ok(Some(b)),
        None => {
            let vctx = ctx.child("value for", key, node.range.start);
            Err(Box::new(vctx.error(node, "Can't decode YAML scalar value")))
        }
    }
}

/// An optional unsigned integer.
pub fn optional_u64(ctx: &Ctx, item: &Node, key: &str) -> R<Option<u64>> {
    let Some((node, text)) = optional_scalar(ctx, item, key)? else {
        return Ok(None);
    };
    match text.trim().parse::<u64>() {
        Ok(n) => Ok(Some(n)),
        Err(_) => {
            let vctx = ctx.child("value for", key, node.range.start);
            Err(Box::new(vctx.error(node, "Can't decode YAML scalar value")))
        }
    }
}

/// yaml-cpp's boolean spellings.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// A sequence of scalars under `key` (lists' `items`, rules' `tags`).
pub fn scalar_seq<'n>(ctx: &Ctx, item: &'n Node, key: &str) -> R<Option<Vec<(&'n Node, String)>>> {
    let Some(v) = item.get(key) else {
        return Ok(None);
    };
    let vctx = ctx.child("value for", key, v.range.start);
    let seq: &[Node] = match &v.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Null if key == "tags" => &[],
        _ => return Err(Box::new(vctx.error(v, "Value is not a sequence"))),
    };
    let mut out = Vec::with_capacity(seq.len());
    for entry in seq {
        match &entry.kind {
            NodeKind::Scalar(s, _) => out.push((entry, s.clone())),
            NodeKind::Null => out.push((entry, String::new())),
            _ => {
                let ictx = vctx.child("list item", "", entry.range.start);
                return Err(Box::new(ictx.error(entry, "sequence value is not scalar")));
            }
        }
    }
    Ok(Some(out))
}
