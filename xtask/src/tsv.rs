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

/// Writes a generated Rust file formatted by `rustfmt`, so `cargo fmt` leaves it unchanged.
pub fn write_rust(out: &std::path::Path, text: &str) -> Result<(), String> {
    let formatted = format_rust(text)?;
    std::fs::write(out, formatted).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// `text` as `rustfmt` formats it (what [`write_rust`] leaves in the file).
pub fn format_rust(text: &str) -> Result<String, String> {
    use std::io::Write as _;
    let mut child = std::process::Command::new("rustfmt")
        .args(["--edition=2021", "--emit=stdout"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt failed: {e}"))?;
    let written = writer.join().map_err(|_| "rustfmt writer panicked")?;
    written.map_err(|e| format!("cannot feed rustfmt: {e}"))?;
    if !out.status.success() {
        return Err("rustfmt failed".into());
    }
    String::from_utf8(out.stdout).map_err(|_| "rustfmt wrote bytes that are not UTF-8".into())
}
