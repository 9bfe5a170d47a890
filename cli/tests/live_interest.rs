//! The interest set is applied in the kernel: a capture without `--all-events` holds no
//! `read` events of `dd bs=1` (no rule or state tracking needs them), and one with
//! `--all-events` holds every one of them (as generic events named by their syscall).
//! Privileged.

mod common;
mod live;

use std::process::Command;

use live::actions::run;
use live::Agent;

/// (reads of dd in the capture, the recorder's final line).
fn dd_reads(all_events: bool) -> (usize, String) {
    let dir = live::scratch(if all_events {
        "interest-all"
    } else {
        "interest"
    });
    let scap = dir.join("c.scap").to_string_lossy().to_string();
    let mut args = vec!["capture".to_string(), "-w".to_string(), scap.clone()];
    if all_events {
        args.push("--all-events".to_string());
    }
    let rec = Agent::start(&args);
    run("dd", &["if=/dev/zero", "of=/dev/null", "bs=1", "count=500"]);
    let (_, err) = rec.stop();
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .args([
            "replay",
            &scap,
            "--print",
            "%evt.type %proc.name",
            "--filter",
        ])
        .arg("proc.name=dd")
        .output()
        .expect("falcoc replay");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    // Generic events are named by their syscall, but the event-type index of a filter
    // knows only dedicated codes: count the printed names.
    let reads = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| *l == "read dd")
        .count();
    (reads, err)
}

#[test]
fn uninteresting_syscalls_stay_in_the_kernel() {
    if !live::privileged() {
        return;
    }
    let (n, err) = dd_reads(false);
    assert_eq!(n, 0, "read is outside the default interest set: {err}");
    let (n, err) = dd_reads(true);
    assert!(
        n >= 500,
        "--all-events captures every read of dd: {n}, {err}"
    );
}
