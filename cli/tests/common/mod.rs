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

/// Every back end `falcoc replay --engine` offers: rule tests run under each.
pub const ENGINES: &[&str] = &["jit", "interp"];

/// Runs the command `make` builds once per back end (`--engine E` appended) and requires
/// the same exit status and the same standard output from each; returns the first run's
/// output. This is how every replay test runs under both back ends.
pub fn on_every_engine(mut make: impl FnMut() -> Command) -> std::process::Output {
    let mut first: Option<(&str, std::process::Output)> = None;
    for engine in ENGINES {
        let out = make()
            .args(["--engine", engine])
            .output()
            .expect("falcoc runs");
        match &first {
            None => first = Some((engine, out)),
            Some((name, want)) => {
                assert_eq!(
                    want.status.code(),
                    out.status.code(),
                    "exit status of --engine {name} and --engine {engine}"
                );
                assert!(
                    want.stdout == out.stdout,
                    "--engine {name} and --engine {engine} print different alerts:\n{}\n---\n{}",
                    String::from_utf8_lossy(&want.stdout),
                    String::from_utf8_lossy(&out.stdout)
                );
            }
        }
    }
    first.expect("at least one engine").1
}

/// Runs `falcoc replay ARGS --json` under every back end and returns the alerts (the same
/// from each); panics with falcoc's stderr when it fails.
pub fn replay_alerts<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Vec<serde_json::Value> {
    let out = on_every_engine(|| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_falcoc"));
        cmd.arg("replay").args(args).arg("--json");
        cmd
    });
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
