//! Reading rules files: YAML documents into typed, positioned items.

mod decode;
pub mod items;
mod overrides;
mod read;
mod read_exceptions;
mod read_rule;

pub use read::{
    is_bare_string, is_identifier, item_kind, parse_engine_version, parse_semver, read_file,
    read_file_with, FileItems, ItemKind, EXCEPTION_KEYS, LIST_KEYS, MACRO_KEYS, RULE_KEYS,
};
