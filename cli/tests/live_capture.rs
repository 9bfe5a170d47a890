//! Live capture → replay: `falcoc capture` records while `falcoc run` watches the same real
//! actions; replaying the capture with the same rules raises the same alerts for those
//! actions (compared on rule, priority and output fields; the two probes' clocks differ by
//! nanoseconds, so times are left out), with one worker and with two (agent and replay
//! alike). Privileged.

mod common;
mod live;

use std::collections::BTreeMap;
use std::process::Command;

use live::Agent;

/// The alerts about this test's actions, as comparable keys. The agents' own syscalls are
/// left out: each sees the other's start-up, never its own.
fn keys(alerts: &[serde_json::Value], marker: &str) -> Vec<String> {
    let mut out: Vec<String> = alerts
        .iter()
        .filter(|a| a["output_fields"]["proc.name"] != "falcoc")
        .filter(|a| {
            let s = a.to_string();
            [
                marker,
                "falcoc-e2e",
                "falcoc-payload",
                "/etc/shadow",
                "\"ptrace\"",
            ]
            .iter()
            .any(|m| s.contains(m))
        })
        .map(|a| {
            let fields: BTreeMap<String, String> = a["output_fields"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter(|(k, _)| !k.starts_with("evt.time") && k.as_str() != "evt.rawtime")
                        .map(|(k, v)| (k.clone(), v.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            format!("{} {} {:?}", a["rule"], a["priority"], fields)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_capture_replays_with_the_live_alerts_one_worker() {
    a_capture_replays_with_the_live_alerts(1);
}

#[test]
fn a_capture_replays_with_the_live_alerts_two_workers() {
    a_capture_replays_with_the_live_alerts(2);
}

/// The agent and the replay both with `workers` partition workers.
fn a_capture_replays_with_the_live_alerts(workers: usize) {
    if !live::privileged() {
        return;
    }
    let Some(rules) = live::upstream_rules() else {
        return;
    };
    let _turn = live::one_at_a_time();
    let dir = live::scratch(&format!("capture-{workers}"));
    let scap = dir.join("live.scap.gz");
    let mut run_args = live::run_args(workers);
    run_args.extend([
        "--json".to_string(),
        "-o".to_string(),
        live::BIG_BUFFER.to_string(),
    ]);
    run_args.extend(rules.iter().cloned());
    let agent = Agent::start(&run_args);
    let recorder = Agent::start(&[
        "capture".to_string(),
        "-o".to_string(),
        live::BIG_BUFFER.to_string(),
        "-w".to_string(),
        scap.to_string_lossy().to_string(),
    ]);
    live::actions::actions(&dir);
    let (_, rec_err) = recorder.stop();
    let (out, run_err) = agent.stop();
    println!("agent stderr: {run_err}\nrecorder stderr: {rec_err}");
    assert!(rec_err.contains("events written"), "{rec_err}");
    let replay = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .arg("replay")
        .arg(&scap)
        .args(&rules)
        .arg("--json")
        .args(["--cpus", &workers.to_string()])
        .output()
        .expect("falcoc replay runs");
    assert!(
        replay.status.success(),
        "{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    let marker = dir.to_string_lossy().to_string();
    let live_keys = keys(&live::alerts(&out), &marker);
    let replay_keys = keys(
        &live::alerts(&String::from_utf8_lossy(&replay.stdout)),
        &marker,
    );
    assert!(
        live_keys.len() >= 10,
        "the live run alerted on the actions: {live_keys:#?}"
    );
    assert_eq!(replay_keys, live_keys);
    let _ = std::fs::remove_dir_all(&dir);
}
