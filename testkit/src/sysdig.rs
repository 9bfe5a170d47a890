//! The libsinsp oracle: Debian's `sysdig` 0.29.3 (libsinsp 2022), run on captures.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use crate::policy::skip;

/// Whether `sysdig` is installed and runs (`sysdig --version`). Silent; checked once.
pub fn installed() -> bool {
    static INSTALLED: OnceLock<bool> = OnceLock::new();
    *INSTALLED.get_or_init(|| {
        Command::new("sysdig")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Whether sysdig can be used; applies the policy when it cannot.
#[track_caller]
pub fn available() -> bool {
    let ok = installed();
    if !ok {
        skip("sysdig (the libsinsp oracle) is not installed; .ci/run installs it");
    }
    ok
}

/// A `sysdig -r capture` command, to add arguments to.
pub fn command(capture: &Path) -> Command {
    let mut c = Command::new("sysdig");
    c.arg("-r").arg(capture);
    c
}

/// The output lines of `sysdig -r capture -p format filter`; `Err` with sysdig's message
/// when it fails or rejects the format (an unknown field makes the whole format invalid).
pub fn lines(capture: &Path, format: &str, filter: &str) -> Result<Vec<String>, String> {
    let out = command(capture)
        .arg("-p")
        .arg(format)
        .arg(filter)
        .output()
        .map_err(|e| format!("sysdig does not run: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || stdout.contains("invalid formatting token") {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "{}{}",
            err.trim(),
            stdout.lines().last().unwrap_or("")
        ));
    }
    Ok(stdout.lines().map(str::to_owned).collect())
}
