//! The items of a rules file as read from YAML, before any merging or compiling.
//!
//! Every piece of user text is a [`Text`] that remembers where it came from, so later
//! phases can point diagnostics at the exact characters.

use crate::priority::Priority;
use crate::source::FileId;
use crate::yaml::ScalarMap;
use std::ops::Range;

/// A scalar value with its position in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub file: FileId,
    /// Bytes of the value node in the file.
    pub range: Range<usize>,
    /// Value offsets to file offsets.
    pub map: ScalarMap,
}

/// What every item shares: its file, where its first key is, and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemHeader {
    pub file: FileId,
    /// Offset of the item's first key (Falco's item position).
    pub offset: usize,
    /// Bytes of the whole item map.
    pub range: Range<usize>,
    pub name: String,
    /// Bytes of the name value.
    pub name_range: Range<usize>,
}

/// One top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    EngineVersion(EngineVersion),
    PluginVersions(PluginRequirement),
    List(ListItem),
    Macro(MacroItem),
    Rule(RuleItem),
}

/// `required_engine_version`.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineVersion {
    pub header: ItemHeader,
    pub version: (u32, u32, u32),
}

/// One entry of `required_plugin_versions`, alternatives included.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginRequirement {
    pub header: ItemHeader,
    /// Offset of the `required_plugin_versions` sequence holding the entry (Falco's
    /// `required plugin versions` location).
    pub list_offset: usize,
    /// `(name, version)` for the plugin and then each alternative.
    pub alternatives: Vec<(String, String)>,
}

/// Whether an item defines its target anew or adds to an earlier definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    Define,
    /// `append: true` (deprecated).
    LegacyAppend,
    /// `override: {key: append}`.
    Append,
    /// `override: {key: replace}`.
    Replace,
}

/// A `list` item.
#[derive(Clone, Debug, PartialEq)]
pub struct ListItem {
    pub header: ItemHeader,
    pub items: Vec<Text>,
    pub merge: Merge,
}

/// A `macro` item.
#[derive(Clone, Debug, PartialEq)]
pub struct MacroItem {
    pub header: ItemHeader,
    pub condition: Text,
    pub merge: Merge,
}

/// A `rule` item: a full definition, a legacy `enabled` toggle, or an update.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleItem {
    Define(Box<RuleDef>),
    Enable { header: ItemHeader, enabled: bool },
    Update(Box<RuleUpdate>),
}

/// A full rule definition.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDef {
    pub header: ItemHeader,
    pub condition: Text,
    pub output: Text,
    pub desc: Text,
    pub priority: (Priority, Range<usize>),
    pub source: String,
    pub source_given: bool,
    pub enabled: bool,
    pub tags: Vec<String>,
    pub exceptions: Vec<ExceptionItem>,
    pub warn_evttypes: bool,
    pub skip_if_unknown_filter: bool,
    pub capture: bool,
    pub capture_duration: u64,
}

/// Changes to an existing rule (`append: true` or `override`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RuleUpdate {
    pub header: Option<ItemHeader>,
    /// `Merge::LegacyAppend`, `Merge::Append` or `Merge::Replace`.
    pub merge: Option<Merge>,
    pub condition: Option<Text>,
    pub output: Option<Text>,
    pub desc: Option<Text>,
    pub priority: Option<(Priority, Range<usize>)>,
    pub tags: Option<Vec<String>>,
    pub exceptions: Option<Vec<ExceptionItem>>,
    pub enabled: Option<bool>,
    pub warn_evttypes: Option<bool>,
    pub skip_if_unknown_filter: Option<bool>,
    pub capture: Option<bool>,
    pub capture_duration: Option<u64>,
}

/// A value in an exception's `fields`, `comps` or `values`: a scalar or a list of them.
#[derive(Clone, Debug, PartialEq)]
pub enum ExceptionEntry {
    Scalar(Text),
    List(Vec<ExceptionEntry>, FileId, Range<usize>),
}

impl ExceptionEntry {
    pub fn range(&self) -> Range<usize> {
        match self {
            ExceptionEntry::Scalar(t) => t.range.clone(),
            ExceptionEntry::List(_, _, r) => r.clone(),
        }
    }
}

/// One entry of a rule's `exceptions`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptionItem {
    pub name: String,
    pub file: FileId,
    /// Offset of the exception map's first key.
    pub offset: usize,
    pub fields: Option<ExceptionEntry>,
    pub comps: Option<ExceptionEntry>,
    /// `None` when the `values` key is absent.
    pub values: Option<Vec<ExceptionEntry>>,
}
