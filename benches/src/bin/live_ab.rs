//! A/B of two `falcoc` builds on the live open/close loops: each round runs the loop bare,
//! under build A and under build B (order alternating between rounds), for the tight loop
//! and for the loop slowed to Falco's bare rate, and prints each run's slowdown per CPU
//! second against that round's bare run; the medians close. Interleaving is what makes a
//! difference of a few percent visible on a shared machine. Root:
//!
//!     cargo run --release -p falcoc-benches --bin live_ab -- BIN_A BIN_B [SECONDS] [ROUNDS]

use std::path::PathBuf;

use falcoc_benches::live_agent::Agent;
use falcoc_benches::syscall_loops::{open_close_spaced, spin_rounds_for, LoopRate};

/// The bare rate of the loop Falco 0.44.1's −45% was measured on (syscalls/s).
const FALCO_BARE_RATE: f64 = 600_000.0;

/// The loop's CPU-second rate, under the agent `bin` or bare.
fn rate(bin: Option<&PathBuf>, secs: f64, spin: u64) -> f64 {
    let agent = bin.map(|b| Agent::start_bin(b, &[]));
    let LoopRate { cpu, .. } = open_close_spaced(secs, None, spin);
    if let Some(a) = agent {
        a.stop();
    }
    cpu
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(a), Some(b)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: live_ab BIN_A BIN_B [SECONDS] [ROUNDS]");
        std::process::exit(2);
    };
    let bins = [PathBuf::from(a), PathBuf::from(b)];
    let secs: f64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let rounds: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(5);
    let loops = [
        ("tight", 0),
        ("falco-rate", spin_rounds_for(FALCO_BARE_RATE)),
    ];
    for (name, spin) in loops {
        let mut slowdowns = [Vec::new(), Vec::new()];
        for round in 0..rounds {
            let bare = rate(None, secs, spin);
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            let mut line = format!("{name:<10} round {round}: bare {bare:>9.0}/cpu-s");
            for i in order {
                let with = rate(Some(&bins[i]), secs, spin);
                let s = (with / bare - 1.0) * 100.0;
                slowdowns[i].push(s);
                line += &format!("  {} {s:+6.1}%", ["A", "B"][i]);
            }
            println!("{line}");
        }
        let [ma, mb] = slowdowns.map(|mut v| median(&mut v));
        println!("{name:<10} median slowdown: A {ma:+.1}%  B {mb:+.1}%");
    }
}
