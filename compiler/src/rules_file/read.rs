//! Reads a rules file into [`Item`]s: document structure, item kinds, lists, macros,
//! engine and plugin requirements. Rules are read by `read_rule`.
//!
//! Unlike Falco, which stops at the first error of a file, reading goes on with the next
//! item after an error so that one run reports every problem.

use super::decode::{self, optional_bool, required_scalar, scalar_seq, Ctx};
use super::items::*;
use super::overrides::{read_overrides, Overrides};
use super::read_rule::read_rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::limits::{raise_note, Limits};
use crate::schema::SchemaStatus;
use crate::source::{FileId, SourceFile};
use crate::yaml::{self, Node, NodeKind};

/// Everything read from one file.
#[derive(Clone, Debug, Default)]
pub struct FileItems {
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
    /// Names of macro items that failed to read (already reported): references to them
    /// must not be reported again as undefined.
    pub broken_macros: Vec<String>,
    /// Falco's schema validation of the file (`None` when its YAML could not be read).
    pub schema: Option<SchemaStatus>,
}

/// The keys each item kind understands; any other key gives `LOAD_UNKNOWN_KEY`.
pub const LIST_KEYS: &[&str] = &["list", "items", "append", "override"];
pub const MACRO_KEYS: &[&str] = &["macro", "condition", "append", "override"];
pub const RULE_KEYS: &[&str] = &[
    "rule",
    "condition",
    "desc",
    "output",
    "priority",
    "source",
    "enabled",
    "tags",
    "exceptions",
    "warn_evttypes",
    "skip-if-unknown-filter",
    "capture",
    "capture_duration",
    "append",
    "override",
];

/// The keys of an entry of a rule's `exceptions`.
pub const EXCEPTION_KEYS: &[&str] = &["name", "fields", "comps", "values"];

/// What a top-level item is, from its keys, looked for in the order Falco does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    EngineVersion,
    PluginVersions,
    List,
    Macro,
    Rule,
    Unknown,
}

/// The kind of item `item` (a mapping) is.
pub fn item_kind(item: &Node) -> ItemKind {
    let has = |key| item.get(key).is_some();
    if has("required_engine_version") {
        ItemKind::EngineVersion
    } else if has("required_plugin_versions") {
        ItemKind::PluginVersions
    } else if has("list") {
        ItemKind::List
    } else if has("macro") {
        ItemKind::Macro
    } else if has("rule") {
        ItemKind::Rule
    } else {
        ItemKind::Unknown
    }
}

impl ItemKind {
    /// The keys the item kind understands.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            ItemKind::List => LIST_KEYS,
            ItemKind::Macro => MACRO_KEYS,
            ItemKind::Rule => RULE_KEYS,
            _ => &[],
        }
    }

    /// The keys an `override` of this kind may `append` to and may `replace`.
    pub fn override_keys(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            ItemKind::List => (&["items"], &["items"]),
            ItemKind::Macro => (&["condition"], &["condition"]),
            ItemKind::Rule => (super::read_rule::APPENDABLE, super::read_rule::REPLACEABLE),
            _ => (&[], &[]),
        }
    }
}

/// Reads every item of `source` with the default limits.
pub fn read_file(file: FileId, source: &SourceFile) -> FileItems {
    let limits = Limits::default();
    let mut items_left = limits.items;
    read_file_with(file, source, &limits, &mut items_left)
}

/// Reads every item of `source`, counting them against `items_left` (what remains of the
/// load's item limit).
pub fn read_file_with(
    file: FileId,
    source: &SourceFile,
    limits: &Limits,
    items_left: &mut usize,
) -> FileItems {
    let mut out = FileItems::default();
    let ctx = Ctx::new(file, source);
    if source.text.len() > limits.file_bytes {
        let d = Diagnostic::new(
            Code::ErrFileRead,
            format!(
                "rules file is larger than {} bytes; it is not read",
                limits.file_bytes
            ),
        )
        .with_primary(file, 0..0, "")
        .with_locations(ctx.chain.clone())
        .with_note(raise_note("file_bytes"));
        out.diagnostics.push(d);
        return out;
    }
    let docs = match yaml::parse_documents(source, limits) {
        Ok(docs) => docs,
        Err(e) => {
            let at = e.offset.min(source.text.len());
            let mut d = Diagnostic::new(Code::ErrYamlParse, e.message)
                .with_primary(file, at..at, "")
                .with_locations(ctx.chain.clone());
            if let Some(note) = e.note {
                d = d.with_note(note);
            }
            out.diagnostics.push(d);
            return out;
        }
    };
    match SchemaStatus::of_documents(&docs) {
        Ok(status) => out.schema = status,
        Err(thrown) => {
            out.diagnostics.push(schema_exception(&ctx, source, thrown));
            return out;
        }
    }
    for doc in &docs {
        read_document(&ctx, doc, items_left, &mut out);
    }
    out
}

fn read_document(ctx: &Ctx, doc: &Node, items_left: &mut usize, out: &mut FileItems) {
    let items = match &doc.kind {
        NodeKind::Null => return,
        NodeKind::Seq(items) => items,
        NodeKind::Map(_) => {
            out.diagnostics
                .push(ctx.error(doc, "Rules content is not yaml array of objects"));
            return;
        }
        NodeKind::Scalar(..) => {
            out.diagnostics
                .push(ctx.error(doc, "Rules content is not yaml"));
            return;
        }
    };
    for item in items.iter().filter(|i| !i.is_null()) {
        if *items_left == 0 {
            out.diagnostics.push(too_many_items(ctx, item));
            return;
        }
        *items_left -= 1;
        if let Err(d) = read_item(ctx, item, out) {
            out.diagnostics.push(*d);
        }
    }
}

type R<T> = Result<T, Box<Diagnostic>>;

/// Falco's load error when its schema validator throws (it then reads nothing): located,
/// as Falco locates it, at the start of the file, with a note on the value responsible.
fn schema_exception(ctx: &Ctx, source: &SourceFile, thrown: crate::schema::Thrown) -> Diagnostic {
    let (line, _) = source.line_col(thrown.1);
    Diagnostic::new(Code::ErrYamlParse, thrown.0)
        .with_primary(ctx.file, 0..0, "")
        .with_locations(ctx.chain.clone())
        .with_note(format!(
            "Falco's schema check fails on the value at line {}: a list or map where one of a fixed set of strings (such as a priority) is expected",
            line + 1
        ))
}

/// The diagnostic at the first item past the load's item limit (the rest is not read).
fn too_many_items(ctx: &Ctx, item: &Node) -> Diagnostic {
    ctx.child("rules content item", "", item.range.start)
        .diag(
            Code::ErrValidate,
            item.range.start..item.range.start,
            "more items than the item limit allows; this item and the ones after it are not read",
        )
        .with_note(raise_note("items"))
}

fn read_item(ctx: &Ctx, item: &Node, out: &mut FileItems) -> R<()> {
    if item.as_map().is_none() {
        let ictx = ctx.child("rules content item", "", item.range.start);
        return Err(Box::new(ictx.error(
            item,
            "Unexpected element type. Each element should be a yaml associative array.",
        )));
    }
    match item_kind(item) {
        ItemKind::EngineVersion => return read_engine_version(ctx, item, out),
        ItemKind::PluginVersions => {
            let v = item.get("required_plugin_versions").unwrap_or(item);
            return read_plugin_versions(ctx, v, out);
        }
        ItemKind::List => return read_list(ctx, item, out),
        ItemKind::Macro => {
            let read = read_macro(ctx, item, out);
            let name = item.get("macro").and_then(Node::as_scalar);
            if read.is_err() {
                if let Some(name) = name.filter(|n| !n.is_empty()) {
                    out.broken_macros.push(name.to_string());
                }
            }
            return read;
        }
        ItemKind::Rule => return read_rule(ctx, item, out),
        ItemKind::Unknown => {}
    }
    let at = decode::first_key_offset(item);
    let ictx = ctx.child("rules content item", "", at);
    out.diagnostics.push(ictx.diag(
        Code::UnknownItem,
        item.range.clone(),
        "Unknown top level item",
    ));
    Ok(())
}

/// Warns about keys the item kind does not know.
pub(super) fn warn_unknown_keys(ctx: &Ctx, item: &Node, known: &[&str], out: &mut FileItems) {
    for (key, _) in item.as_map().unwrap_or(&[]) {
        let Some(name) = key.as_scalar() else {
            continue;
        };
        if !known.contains(&name) {
            out.diagnostics.push(ctx.diag(
                Code::UnknownKey,
                key.range.clone(),
                format!("Unknown key '{name}'. The key will be ignored."),
            ));
        }
    }
}

/// The deprecated `append: true` flag, with its warning.
pub(super) fn legacy_append(ctx: &Ctx, item: &Node, out: &mut FileItems) -> R<bool> {
    let append = optional_bool(ctx, item, "append")?.unwrap_or(false);
    if append {
        let range = item
            .get_entry("append")
            .map_or(item.range.clone(), |(k, _)| k.range.clone());
        out.diagnostics.push(ctx.diag(
            Code::DeprecatedItem,
            range,
            "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.",
        ));
    }
    Ok(append)
}

pub(super) const ERROR_OVERRIDE_APPEND: &str = "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

fn merge_mode(ctx: &Ctx, item: &Node, append: bool, ov: &Overrides, key: &str) -> R<Merge> {
    if append && !ov.is_empty() {
        return Err(Box::new(ctx.error_at(
            decode::first_key_offset(item)..decode::first_key_offset(item),
            ERROR_OVERRIDE_APPEND,
        )));
    }
    Ok(if append {
        Merge::LegacyAppend
    } else if ov.append.iter().any(|(k, _)| k == key) {
        Merge::Append
    } else if ov.replace.iter().any(|(k, _)| k == key) {
        Merge::Replace
    } else {
        Merge::Define
    })
}

fn read_list(ctx: &Ctx, item: &Node, out: &mut FileItems) -> R<()> {
    let at = decode::first_key_offset(item);
    let (name_node, name) = required_scalar(&ctx.child("list", "", at), item, "list")?;
    let lctx = ctx.child("list", &name, at);
    if !is_bare_string(&name) {
        out.diagnostics.push(lctx.diag(
            Code::InvalidListName,
            name_node.range.clone(),
            "List has an invalid name. List names should match a regular expression: ([^()\"'[:space:]=,]+)",
        ));
    }
    warn_unknown_keys(&lctx, item, LIST_KEYS, out);
    let Some(entries) = scalar_seq(&lctx, item, "items")? else {
        return Err(Box::new(
            lctx.error_at(at..at, "Item has no mapping for key 'items'"),
        ));
    };
    let append = legacy_append(&lctx, item, out)?;
    let (appendable, replaceable) = ItemKind::List.override_keys();
    let ov = read_overrides(&lctx, item, appendable, replaceable)?;
    let merge = merge_mode(&lctx, item, append, &ov, "items")?;
    let items = entries.iter().map(|(n, s)| lctx.text(n, s)).collect();
    out.items.push(Item::List(ListItem {
        header: lctx.header(item, &name, Some(name_node)),
        items,
        merge,
    }));
    Ok(())
}

fn read_macro(ctx: &Ctx, item: &Node, out: &mut FileItems) -> R<()> {
    let at = decode::first_key_offset(item);
    let (name_node, name) = required_scalar(&ctx.child("macro", "", at), item, "macro")?;
    let mctx = ctx.child("macro", &name, at);
    if !is_identifier(&name) {
        out.diagnostics.push(mctx.diag(
            Code::InvalidMacroName,
            name_node.range.clone(),
            "Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)",
        ));
    }
    warn_unknown_keys(&mctx, item, MACRO_KEYS, out);
    let (cond_node, cond) = required_scalar(&mctx, item, "condition")?;
    let append = legacy_append(&mctx, item, out)?;
    let (appendable, replaceable) = ItemKind::Macro.override_keys();
    let ov = read_overrides(&mctx, item, appendable, replaceable)?;
    let merge = merge_mode(&mctx, item, append, &ov, "condition")?;
    out.items.push(Item::Macro(MacroItem {
        header: mctx.header(item, &name, Some(name_node)),
        condition: mctx.text(cond_node, &cond),
        merge,
    }));
    Ok(())
}

fn read_engine_version(ctx: &Ctx, item: &Node, out: &mut FileItems) -> R<()> {
    let at = decode::first_key_offset(item);
    let ectx = ctx.child("required_engine_version", "", at);
    let (_, text) = required_scalar(&ectx, item, "required_engine_version")?;
    let version = parse_engine_version(&text).ok_or_else(|| {
        Box::new(ectx.error_at(
            at..at,
            format!("Unable to parse engine version '{text}' as a semver string. Expected \"x.y.z\" semver format."),
        ))
    })?;
    out.items.push(Item::EngineVersion(EngineVersion {
        header: ectx.header(item, "", None),
        version,
    }));
    Ok(())
}

/// An integer `N` means `0.N.0`; otherwise a semver `x.y.z`.
pub fn parse_engine_version(text: &str) -> Option<(u32, u32, u32)> {
    if let Ok(n) = text.parse::<u32>() {
        return Some((0, n, 0));
    }
    parse_semver(text)
}

/// `x.y.z` with an optional `-pre`/`+build` suffix.
pub fn parse_semver(text: &str) -> Option<(u32, u32, u32)> {
    let core = text.split(['-', '+']).next()?;
    let mut parts = core.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((major, minor, patch))
}

fn read_plugin_versions(ctx: &Ctx, list: &Node, out: &mut FileItems) -> R<()> {
    let pctx = ctx.child("required plugin versions", "", list.range.start);
    let Some(entries) = list.as_seq() else {
        return Err(Box::new(pctx.error(
            list,
            "Value of required_plugin_versions must be a sequence",
        )));
    };
    for entry in entries {
        let tmp = pctx.child("required plugin versions entry", "", entry.range.start);
        if entry.as_map().is_none() {
            return Err(Box::new(
                tmp.error(entry, "Plugin version must be a mapping"),
            ));
        }
        let (_, name) = required_scalar(&tmp, entry, "name")?;
        let ectx = pctx.child("required plugin versions entry", &name, entry.range.start);
        let (_, version) = required_scalar(&ectx, entry, "version")?;
        let mut alternatives = vec![(name.clone(), version)];
        if let Some(alts) = entry.get("alternatives") {
            let Some(alts) = alts.as_seq() else {
                return Err(Box::new(ectx.error(
                    alts,
                    "Value of plugin version alternatives must be a sequence",
                )));
            };
            for alt in alts {
                let actx = ectx.child("required plugin versions alternative", "", alt.range.start);
                if alt.as_map().is_none() {
                    return Err(Box::new(
                        actx.error(alt, "Plugin version alternative must be a mapping"),
                    ));
                }
                let (_, aname) = required_scalar(&actx, alt, "name")?;
                let (_, aver) = required_scalar(&actx, alt, "version")?;
                alternatives.push((aname, aver));
            }
        }
        out.items.push(Item::PluginVersions(PluginRequirement {
            header: ectx.header(entry, &name, None),
            list_offset: list.range.start,
            alternatives,
        }));
    }
    Ok(())
}

/// `[a-zA-Z][a-zA-Z0-9_]*`: a valid macro name.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `[^()"'[:space:]=,]+`: a valid list name.
pub fn is_bare_string(s: &str) -> bool {
    !s.is_empty()
        && !s.chars().any(|c| {
            matches!(c, '(' | ')' | '"' | '\'' | '=' | ',')
                || c.is_ascii_whitespace()
                || c == '\x0b'
        })
}
