//! The interest set is applied in the kernel: a capture without `--all-events` holds no
//! `read` events of `dd bs=1` (no rule or state tracking needs them), and one with
//! `--all-events` holds every one of them, and dd's final `fsync`, as generic events named
//! by their syscall (the x86_64 syscall table gives each its `PPM_SC` name). Privileged.

mod common;
mod live;

use std::process::Command;

use live::actions::run;
use live::Agent;

/// (reads of dd in the capture, fsyncs of dd, the recorder's final line).
fn dd_reads(all_events: bool) -> (usize, usize, String) {
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
    let out_file = dir.join("dd.out").to_string_lossy().to_string();
    run(
        "dd",
        &[
            "if=/dev/zero",
            &format!("of={out_file}"),
            "bs=1",
            "count=500",
            "conv=fsync",
        ],
    );
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
    let printed = String::from_utf8_lossy(&out.stdout);
    let count = |line: &str| printed.lines().filter(|l| *l == line).count();
    (count("read dd"), count("fsync dd"), err)
}

#[test]
fn uninteresting_syscalls_stay_in_the_kernel() {
    if !live::privileged() {
        return;
    }
    let (n, syncs, err) = dd_reads(false);
    assert_eq!(n, 0, "read is outside the default interest set: {err}");
    assert_eq!(syncs, 0, "so is fsync: {err}");
    let (n, syncs, err) = dd_reads(true);
    assert!(
        n >= 500,
        "--all-events captures every read of dd: {n}, {err}"
    );
    assert_eq!(syncs, 1, "and its fsync, named: {err}");
}
