//! Records a capture for `parallel_replay_bench` whose two partitions carry about equal
//! work: six open/close loop processes, three in each partition of `partition_of(tgid, 2)`
//! (a process started in a partition that already has its three exits at once), watched by
//! `falcoc capture` for the given seconds. Needs root and a release build of falcoc:
//!
//!     cargo build --release -p falcoc -p falcoc-benches
//!     target/release/record_balanced /tmp/balanced.scap [SECONDS]
//!     target/release/parallel_replay_bench /tmp/balanced.scap 5000000 1,2,1,2
//!
//! A capture of the machine at large is dominated by whatever process is hot on it, and a
//! partition holds all of a process's events: such a capture measures its skew, not the
//! partitioned runtime.

use std::collections::BTreeMap;
use std::process::{Child, Command};
use std::time::Duration;

use falcoc_benches::live_agent::repo;
use falcoc_benches::syscall_loops::open_close;
use falcoc_runtime::parallel::partition_of;

/// Loop processes per partition.
const PER_PARTITION: usize = 3;
/// Partitions the capture is balanced for.
const PARTITIONS: usize = 2;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--loop") {
        let secs = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
        open_close(secs, None);
        return;
    }
    let Some(out) = args.get(1) else {
        eprintln!("usage: record_balanced OUT.scap [SECONDS]");
        std::process::exit(2);
    };
    let secs: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    // The loops outlive the recording on both sides, so it sees them at full speed.
    let loops = start_loops(secs + 2.0);
    std::thread::sleep(Duration::from_millis(500));
    let falcoc = std::env::var_os("FALCOC_BIN").map_or_else(
        || repo().join("target/release/falcoc"),
        std::path::PathBuf::from,
    );
    let status = Command::new(&falcoc)
        .args(["capture", "-w", out, "--duration", &secs.to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{}: {e}", falcoc.display()));
    for mut child in loops {
        let _ = child.wait();
    }
    if !status.success() {
        eprintln!("falcoc capture failed: {status}");
        std::process::exit(1);
    }
}

/// Starts loop processes until every partition has [`PER_PARTITION`] of them.
fn start_loops(secs: f64) -> Vec<Child> {
    let me = std::env::current_exe().expect("own path");
    let mut kept: BTreeMap<usize, Vec<Child>> = BTreeMap::new();
    while (0..PARTITIONS).any(|p| kept.get(&p).map_or(0, Vec::len) < PER_PARTITION) {
        let mut child = Command::new(&me)
            .args(["--loop", &secs.to_string()])
            .spawn()
            .expect("a loop process starts");
        let part = partition_of(i64::from(child.id()), PARTITIONS);
        let slot = kept.entry(part).or_default();
        if slot.len() < PER_PARTITION {
            slot.push(child);
        } else {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
    kept.into_values().flatten().collect()
}
