//! Reading the rules files named on the command line into a source set.
//!
//! As with Falco's `-r`, a directory stands for its rules files (`.yaml`/`.yml`, as the
//! language server reads a folder) in name order. Bytes are decoded as Falco reads them
//! (a byte-order mark and non-UTF-8 bytes are accepted), and no more than the file size
//! limit (plus one byte, so the compiler reports the limit) is read from any file.

use falcoc_compiler::limits::Limits;
use falcoc_compiler::source::Sources;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads every file in order. An unreadable file is reported like Falco does and ends the
/// command with exit code 1.
pub fn read_rules_files(paths: &[String], limits: &Limits) -> Result<Sources, String> {
    let mut sources = Sources::new();
    for path in paths {
        for file in expand_path(path)? {
            let name = file.to_string_lossy().into_owned();
            let bytes = read_capped(&file, limits.file_bytes)
                .map_err(|e| format!("Could not open file {name} for reading: {e}"))?;
            sources.add_bytes(name, bytes);
        }
    }
    Ok(sources)
}

/// The file itself, or a directory's rules files in name order.
fn expand_path(path: &str) -> Result<Vec<PathBuf>, String> {
    let p = Path::new(path);
    if !p.is_dir() {
        return Ok(vec![p.to_path_buf()]);
    }
    let entries = std::fs::read_dir(p)
        .map_err(|e| format!("Could not open directory {path} for reading: {e}"))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.is_file() && is_yaml(f))
        .collect();
    files.sort();
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml") | Some("yml")
    )
}

/// At most `limit + 1` bytes of `path`.
fn read_capped(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    file.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The built-in default rules, embedded at build time.
pub const DEFAULT_RULES: &str = include_str!("../../rules/falcoc_rules.yaml");

/// Name under which the built-in rules appear in diagnostics.
pub const DEFAULT_RULES_NAME: &str = "falcoc_rules.yaml (built in)";

/// The named files, or the built-in rules when none is named.
pub fn rules_or_default(paths: &[String], limits: &Limits) -> Result<Sources, String> {
    if paths.is_empty() {
        let mut sources = Sources::new();
        sources.add(DEFAULT_RULES_NAME, DEFAULT_RULES);
        return Ok(sources);
    }
    read_rules_files(paths, limits)
}
