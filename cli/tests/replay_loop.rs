//! `falcoc replay --loop N`: N passes over the capture with the state reset between passes,
//! so the output is the first pass's alerts N times over, line for line, and the summary
//! counts every pass (events and alerts by priority N times one pass's). Checked on every
//! shared capture and the demo capture, with the three upstream rules files and a rule
//! that alerts on every event with fields of the process, fd and user state, on one worker
//! and on two, under every engine.

mod common;

use std::path::PathBuf;
use std::process::Command;

/// Alerts on every event, printing state that a pass must not inherit from the previous
/// one (threads, fds, users, cwd).
const EVERY_EVENT: &str = r#"
- rule: Every event
  desc: every event with the state it is seen in
  condition: evt.num > 0
  output: "%evt.type %proc.name %proc.pname %proc.cmdline %fd.name %user.name %proc.cwd %container.id"
  priority: INFO
"#;

const PASSES: u64 = 3;

/// The alert lines and the summary of one replay.
struct Replay {
    alerts: Vec<String>,
    summary: String,
}

fn replay(args: &[std::ffi::OsString], passes: u64, cpus: &str, engine: &str) -> Replay {
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .arg("replay")
        .args(args)
        .args([
            "--loop",
            &passes.to_string(),
            "--cpus",
            cpus,
            "--engine",
            engine,
        ])
        .output()
        .expect("falcoc runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    Replay {
        alerts: String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect(),
        summary: stderr.lines().last().unwrap_or_default().to_string(),
    }
}

/// The counts of a summary line (`events: 8, alerts: 2 (Warning 1, Notice 1), …`): events,
/// alerts and the alerts of each priority, in order (the time and the rate left out).
fn counts(summary: &str) -> Vec<(String, u64)> {
    let head = summary.split(" s,").next().unwrap_or_default();
    let words: Vec<&str> = head
        .split(|c: char| c.is_whitespace() || ":,()".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|w| w[0].chars().all(char::is_alphabetic))
        .filter_map(|w| Some((w[0].to_string(), w[1].parse().ok()?)))
        .collect()
}

fn check(capture: Option<PathBuf>, rules: &[PathBuf], every_event: &PathBuf) {
    let mut args: Vec<std::ffi::OsString> = capture.iter().map(|c| c.into()).collect();
    for r in rules.iter().chain([every_event]) {
        args.push("-r".into());
        args.push(r.into());
    }
    args.extend(["-o".into(), "rule_matching=all".into()]);
    let name = capture.map_or("the demo capture".into(), |c| c.display().to_string());
    for engine in common::ENGINES {
        for cpus in ["1", "2"] {
            let once = replay(&args, 1, cpus, engine);
            let looped = replay(&args, PASSES, cpus, engine);
            assert!(
                !once.alerts.is_empty(),
                "{name}: the every-event rule alerts"
            );
            let repeated: Vec<String> = (0..PASSES).flat_map(|_| once.alerts.clone()).collect();
            assert!(
                looped.alerts == repeated,
                "{name} --cpus {cpus} --engine {engine}: --loop {PASSES} is not one pass \
                 {PASSES} times over ({} lines, one pass {})",
                looped.alerts.len(),
                once.alerts.len()
            );
            let tripled: Vec<(String, u64)> = counts(&once.summary)
                .into_iter()
                .map(|(k, n)| (k, n * PASSES))
                .collect();
            assert_eq!(
                counts(&looped.summary),
                tripled,
                "{name} --cpus {cpus} --engine {engine}: {} / {}",
                looped.summary,
                once.summary
            );
        }
    }
}

#[test]
fn each_pass_alerts_like_the_first_and_the_summary_counts_every_pass() {
    let Some(shared) = common::shared() else {
        return;
    };
    let rules: Vec<PathBuf> = [
        "falco_rules.yaml",
        "falco-incubating_rules.yaml",
        "falco-sandbox_rules.yaml",
    ]
    .iter()
    .map(|f| shared.join("corpus/rules").join(f))
    .collect();
    let dir = std::env::temp_dir().join(format!("falcoc-replay-loop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let every_event = dir.join("every_event.yaml");
    std::fs::write(&every_event, EVERY_EVENT).expect("rules written");
    for capture in common::captures(&shared) {
        check(Some(capture), &rules, &every_event);
    }
    check(None, &rules, &every_event);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_summary_counts_are_read_from_the_line() {
    assert_eq!(
        counts("events: 8, alerts: 2 (Warning 1, Notice 1), 0.002 s, 4320 events/s"),
        [
            ("events".to_string(), 8),
            ("alerts".to_string(), 2),
            ("Warning".to_string(), 1),
            ("Notice".to_string(), 1),
        ]
    );
}
