//! Helpers shared by the CLI's integration tests: where the reference material is, and the
//! libsinsp oracle.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The reference directory (`$FALCOC_SHARED`, or `../shared` beside the checkout); `None`
/// after applying the oracle policy when it is absent.
pub fn shared() -> Option<PathBuf> {
    falcoc_testkit::shared()
}

/// The shared captures, sorted by name.
pub fn captures(_shared: &std::path::Path) -> Vec<PathBuf> {
    falcoc_testkit::captures()
}

/// The shared directory when both it and sysdig are available; otherwise applies the
/// oracle policy (the calling differential test fails or is skipped).
pub fn oracle_ready() -> Option<PathBuf> {
    falcoc_testkit::oracle()
}

/// The evaluation back ends every replay runs under (`falcoc replay --engine NAME`); the
/// default first.
pub const ENGINES: &[&str] = &["jit", "interp"];

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

/// Runs the command `make` builds once per engine of [`ENGINES`] (`--engine E` appended)
/// and requires the same exit status and standard output from each; returns the first
/// run's output.
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
                    "--engine {name} and --engine {engine} print different alerts"
                );
            }
        }
    }
    first.expect("at least one engine").1
}
