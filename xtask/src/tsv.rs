//! Reading the reference TSV files: `#` comment lines, one header line, tab-separated rows.

use std::path::Path;

/// The data rows of a TSV file (comments and the header line removed), split on tabs.
pub fn rows(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    let mut header_seen = false;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        out.push(line.split('\t').map(str::to_string).collect());
    }
    Ok(out)
}

/// Escapes a string for a Rust string literal.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// Writes a generated Rust file and runs `rustfmt` on it so `cargo fmt` leaves it unchanged.
pub fn write_rust(out: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::write(out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let status = std::process::Command::new("rustfmt")
        .arg("--edition=2021")
        .arg(out)
        .status()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("rustfmt failed on {}", out.display()))
    }
}
