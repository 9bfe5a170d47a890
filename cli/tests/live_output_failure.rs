//! An agent whose alerts cannot be written (stdout is `/dev/full`) says so and exits 1,
//! and its final stats still count what it processed — with one worker and with two
//! (the partitioned runtime returns its sessions with the write error). Privileged.

mod common;
mod live;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[test]
fn a_full_disk_stops_the_agent_with_its_stats_one_worker() {
    a_full_disk_stops_the_agent_with_its_stats(1);
}

#[test]
fn a_full_disk_stops_the_agent_with_its_stats_two_workers() {
    a_full_disk_stops_the_agent_with_its_stats(2);
}

fn a_full_disk_stops_the_agent_with_its_stats(workers: usize) {
    if !live::privileged() {
        return;
    }
    let Some(rules) = live::upstream_rules() else {
        return;
    };
    let _turn = live::one_at_a_time();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let mut args = live::run_args(workers);
    args.extend(rules);
    args.extend([
        "--json".to_string(),
        "-o".to_string(),
        live::BIG_BUFFER.to_string(),
    ]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .spawn()
        .expect("falcoc starts");
    let lines = stderr_lines(child.stderr.take().expect("stderr"));
    let mut seen = Vec::new();
    while !seen
        .iter()
        .any(|l: &String| l.starts_with("falcoc: watching"))
    {
        match lines.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => seen.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!("falcoc did not start: {}", seen.join("\n"));
            }
        }
    }
    // Alert-worthy reads until the agent gives up on its output (or a minute passes).
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("status").is_none() && Instant::now() < deadline {
        live::actions::run("cat", &["/etc/shadow"]);
        std::thread::sleep(Duration::from_millis(200));
    }
    if child.try_wait().expect("status").is_none() {
        // SAFETY: signalling our own child by pid.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    }
    let status = child.wait().expect("falcoc exits");
    seen.extend(lines.iter());
    let err = seen.join("\n");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot write output: No space left on device"),
        "{err}"
    );
    let events = err
        .lines()
        .find_map(|l| l.strip_prefix("events: "))
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no summary line: {err}"));
    assert!(events > 0, "the stats lost the events processed: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The child's stderr, line by line, from a reader thread.
fn stderr_lines(err: std::process::ChildStderr) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}
