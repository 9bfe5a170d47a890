//! Work limits that keep a load bounded in time and memory whatever the input.
//!
//! `falcoc check` runs on pull requests from strangers and the language server on whatever
//! a user opens, so every input-driven multiplication is capped: YAML alias expansion,
//! macro expansion (per rule and in total), file size and item count. Reaching a limit is
//! one diagnostic at the construct that caused it, naming the limit and how to raise it.
//! The defaults are far above anything real (Falco's largest upstream file is ~200 KB with
//! ~900 items, and its deepest rule expands to a few thousand nodes).

/// The limits of one load. `Limits::default()` is what the CLI and the LSP use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest rules file, in bytes.
    pub file_bytes: usize,
    /// Most items (lists, macros, rules, …) in one load.
    pub items: usize,
    /// Most YAML aliases (`*name`) in one file.
    pub yaml_aliases: usize,
    /// Most YAML nodes that alias expansion may copy in one file.
    pub yaml_alias_nodes: usize,
    /// Largest condition of one rule (or macro) after macro expansion, in tree nodes.
    pub expansion_nodes: u64,
    /// Most condition nodes macro expansion may produce in one load, all rules together.
    pub total_expansion_nodes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 16 * 1024 * 1024,
            items: 200_000,
            yaml_aliases: 10_000,
            yaml_alias_nodes: 100_000,
            expansion_nodes: 100_000,
            total_expansion_nodes: 20_000_000,
        }
    }
}

/// The `--limit` names of the limits, with a setter each (for the command line).
pub const LIMIT_NAMES: &[&str] = &[
    "file_bytes",
    "items",
    "yaml_aliases",
    "yaml_alias_nodes",
    "expansion_nodes",
    "total_expansion_nodes",
];

impl Limits {
    /// Sets the limit called `name` (one of [`LIMIT_NAMES`]); `false` for an unknown name.
    pub fn set(&mut self, name: &str, value: u64) -> bool {
        let as_usize = usize::try_from(value).unwrap_or(usize::MAX);
        match name {
            "file_bytes" => self.file_bytes = as_usize,
            "items" => self.items = as_usize,
            "yaml_aliases" => self.yaml_aliases = as_usize,
            "yaml_alias_nodes" => self.yaml_alias_nodes = as_usize,
            "expansion_nodes" => self.expansion_nodes = value,
            "total_expansion_nodes" => self.total_expansion_nodes = value,
            _ => return false,
        }
        true
    }
}

/// The note every limit diagnostic carries: how to raise the limit.
pub fn raise_note(name: &str) -> String {
    format!("this is a falcoc safety limit; raise it with `falcoc check --limit {name}=N`")
}
