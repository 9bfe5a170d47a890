//! Reading the rules files named on the command line into a source set.

use falcoc_compiler::source::Sources;

/// Reads every file in order. An unreadable file is reported like Falco does and ends the
/// command with exit code 1.
pub fn read_rules_files(paths: &[String]) -> Result<Sources, String> {
    let mut sources = Sources::new();
    for path in paths {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("Could not open file {path} for reading: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{path}: file is not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        sources.add(path.clone(), text);
    }
    Ok(sources)
}

/// The built-in default rules, embedded at build time.
pub const DEFAULT_RULES: &str = include_str!("../../rules/falcoc_rules.yaml");

/// Name under which the built-in rules appear in diagnostics.
pub const DEFAULT_RULES_NAME: &str = "falcoc_rules.yaml (built in)";

/// The named files, or the built-in rules when none is named.
pub fn rules_or_default(paths: &[String]) -> Result<Sources, String> {
    if paths.is_empty() {
        let mut sources = Sources::new();
        sources.add(DEFAULT_RULES_NAME, DEFAULT_RULES);
        return Ok(sources);
    }
    read_rules_files(paths)
}
