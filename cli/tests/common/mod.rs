//! Helpers shared by the CLI's integration tests: where the reference material is, and the
//! libsinsp oracle.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// `$FALCOC_SHARED`, or `../shared` beside the checkout, when it exists.
pub fn shared() -> Option<PathBuf> {
    let base = std::env::var_os("FALCOC_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    base.is_dir().then_some(base)
}

/// Whether Debian's `sysdig` (libsinsp 2022) is installed.
pub fn have_sysdig() -> bool {
    Command::new("sysdig")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The shared captures, sorted by name.
pub fn captures(shared: &std::path::Path) -> Vec<PathBuf> {
    let mut caps: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/captures"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    caps.retain(|p| p.extension().is_some_and(|e| e == "scap"));
    caps.sort();
    caps
}

/// The shared directory when both it and sysdig are available; otherwise prints why the
/// calling differential test is skipped.
pub fn oracle_ready() -> Option<PathBuf> {
    let Some(shared) = shared() else {
        println!("skipped: ../shared not found");
        return None;
    };
    if !have_sysdig() {
        println!("skipped: sysdig (libsinsp oracle) is not installed; .ci/run installs it");
        return None;
    }
    Some(shared)
}

/// The evaluation back ends every replay runs under (`falcoc replay --engine NAME`); the
/// default first.
pub const ENGINES: &[&str] = &["interp"];

/// Runs `falcoc replay ARGS --json` under every engine of [`ENGINES`], requires the same
/// alerts from each, and returns them; panics with falcoc's stderr when it fails.
pub fn replay_alerts<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Vec<serde_json::Value> {
    let mut first: Option<Vec<serde_json::Value>> = None;
    for engine in ENGINES {
        let alerts = replay_alerts_with(engine, args);
        match &first {
            None => first = Some(alerts),
            Some(f) => assert_eq!(
                &alerts, f,
                "engine `{engine}` differs from `{}`",
                ENGINES[0]
            ),
        }
    }
    first.unwrap_or_default()
}

/// `falcoc replay ARGS --json --engine ENGINE`: the alerts.
pub fn replay_alerts_with<S: AsRef<std::ffi::OsStr>>(
    engine: &str,
    args: &[S],
) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .arg("replay")
        .args(args)
        .args(["--json", "--engine", engine])
        .output()
        .expect("falcoc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("alert json"))
        .collect()
}
