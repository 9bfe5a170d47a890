//! `falcoc replay --cpus N` raises the same alerts as `--cpus 1`: for every shared capture,
//! the demo capture and a capture `falcoc capture` records of real fork/exec chains, with
//! the three upstream rules files (and a rule alerting on every event with the fields that
//! read other processes' state, so every capture has alerts to compare), N = 2, 3 and 8
//! give the multiset of (rule, evt.rawtime, thread.tid, output) that N = 1 gives.
//!
//! The interpreter evaluates (`--engine interp`): the partitioning is the same under either
//! engine, and a debug build's JIT compile of the upstream rules would dominate the time.

mod common;
mod live;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

const WORKER_COUNTS: [usize; 3] = [2, 3, 8];

/// Alerts on every event with fields read across partitions (parents, ancestors, fds).
const EVERY_EVENT: &str = r#"
- rule: Every event (parallel replay test)
  desc: every event with fields read across partitions
  condition: evt.num > 0
  output: "n=%evt.num tid=%thread.tid name=%proc.name pname=%proc.pname a2=%proc.aname[2]
    a3=%proc.aname[3] ap2=%proc.apid[2] pexe=%proc.pexepath cwd=%proc.cwd fd=%fd.name
    cmd=%proc.cmdline"
  priority: DEBUG
"#;

/// One alert as compared: rule, evt.rawtime, thread.tid, output text.
type Alert = (String, u64, i64, String);

/// `-r FILE` for the three upstream rules files and the every-event rule (written under
/// `dir`); `None` (with the skip line) without the reference directory.
fn rules_args(dir: &Path) -> Option<Vec<OsString>> {
    let upstream = common::shared()?.join("corpus/rules");
    let every = dir.join("every_event.yaml");
    std::fs::write(&every, EVERY_EVENT).expect("rule written");
    let mut args = Vec::new();
    for f in falcoc_testkit::UPSTREAM_RULES
        .iter()
        .map(|f| upstream.join(f))
        .chain([every])
    {
        args.push(OsString::from("-r"));
        args.push(f.into());
    }
    Some(args)
}

/// The sorted alerts of `falcoc replay CAPTURE RULES --cpus N` in JSON.
fn alerts(capture: &Path, rules: &[OsString], workers: usize) -> Vec<Alert> {
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .arg("replay")
        .arg(capture)
        .args(rules)
        .args(["--json", "--engine", "interp", "-o", "rule_matching=all"])
        .args([
            "--extra-field",
            "evt.rawtime",
            "--extra-field",
            "thread.tid",
        ])
        .args(["--cpus", &workers.to_string()])
        .output()
        .expect("falcoc runs");
    assert!(
        out.status.success(),
        "{} --cpus {workers}: {}",
        capture.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut got: Vec<Alert> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("alert json");
            let f = &v["output_fields"];
            (
                v["rule"].as_str().unwrap_or_default().to_string(),
                f["evt.rawtime"].as_u64().expect("evt.rawtime"),
                f["thread.tid"].as_i64().expect("thread.tid"),
                v["output"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    got.sort();
    got
}

/// Requires N workers to give one worker's alerts for every N of [`WORKER_COUNTS`];
/// returns one worker's.
fn same_for_every_worker_count(capture: &Path, rules: &[OsString]) -> Vec<Alert> {
    let want = alerts(capture, rules, 1);
    println!(
        "{}: {} alerts, {} from upstream rules",
        capture.display(),
        want.len(),
        upstream_count(&want)
    );
    for n in WORKER_COUNTS {
        let got = alerts(capture, rules, n);
        if got != want {
            let missing: Vec<_> = want.iter().filter(|a| !got.contains(a)).take(5).collect();
            let extra: Vec<_> = got.iter().filter(|a| !want.contains(a)).take(5).collect();
            panic!(
                "{} --cpus {n}: {} alerts, --cpus 1: {}; missing {missing:#?}, extra {extra:#?}",
                capture.display(),
                got.len(),
                want.len()
            );
        }
    }
    want
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("falcoc-parallel-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn upstream_count(alerts: &[Alert]) -> usize {
    alerts
        .iter()
        .filter(|a| !a.0.starts_with("Every event"))
        .count()
}

#[test]
fn every_capture_alerts_alike_with_any_worker_count() {
    let dir = scratch("corpus");
    let Some(rules) = rules_args(&dir) else {
        return;
    };
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/demo.scap");
    let mut captures = falcoc_testkit::captures();
    assert!(captures.len() >= 10, "shared captures: {captures:?}");
    captures.push(demo);
    let mut upstream = 0;
    for capture in &captures {
        let alerts = same_for_every_worker_count(capture, &rules);
        assert!(
            alerts.len() > upstream_count(&alerts),
            "{}: the every-event rule alerts",
            capture.display()
        );
        upstream += upstream_count(&alerts);
    }
    assert!(
        upstream >= 6,
        "upstream rules alert on the corpus: {upstream}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Fork/exec chains of shells touching files under `dir`: a sensitive read, a nested
/// background shell, and a short pipeline.
fn fork_exec_chains(dir: &Path) {
    let d = dir.display();
    let script = format!(
        "sh -c 'cat /etc/shadow > /dev/null; ls {d} > /dev/null' & \
         sh -c 'echo payload > {d}/file; sh -c \"head -c 3 {d}/file | wc -c > /dev/null\"' & \
         wait; cat {d}/file > /dev/null"
    );
    for _ in 0..3 {
        let status = Command::new("sh")
            .args(["-c", &script])
            .current_dir(dir)
            .status()
            .expect("sh runs");
        assert!(status.success(), "the fork/exec chains ran");
    }
}

#[test]
fn a_recorded_capture_alerts_alike_with_any_worker_count() {
    if !live::privileged() {
        return;
    }
    let dir = scratch("recorded");
    let Some(rules) = rules_args(&dir) else {
        return;
    };
    let scap = dir.join("recorded.scap");
    let marker = dir.to_string_lossy().to_string();
    let filter = format!("proc.cmdline contains \"{marker}\" or fd.name contains \"{marker}\"");
    let recorder = live::Agent::start(&[
        "capture".to_string(),
        "-o".to_string(),
        live::BIG_BUFFER.to_string(),
        "--filter".to_string(),
        filter,
        "-w".to_string(),
        scap.to_string_lossy().to_string(),
    ]);
    fork_exec_chains(&dir);
    let (_, err) = recorder.stop();
    assert!(err.contains("events written"), "{err}");
    let alerts = same_for_every_worker_count(&scap, &rules);
    let about_marker = alerts.iter().filter(|a| a.3.contains(&marker)).count();
    assert!(
        about_marker >= 6,
        "the replay alerts on the recorded chains: {about_marker} of {}",
        alerts.len()
    );
    assert!(
        alerts
            .iter()
            .any(|a| a.0 == "Read sensitive file untrusted" && a.3.contains("parent=sh")),
        "the upstream rule saw cat read /etc/shadow"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
