//! Live agent overhead: syscalls/s of a tight open/close loop and of `dd bs=1` without the
//! agent, with `falcoc run` and the upstream stable rules, and with `--all-events`; the
//! agent's CPU% and peak RSS during each; the probe's in-kernel cost per syscall; its CPU% and RSS at a steady 100k events/s; and
//! the highest event rate it sustains without a drop (two loop workers at full speed).
//! Needs root (the agent loads eBPF) and a release build of falcoc:
//!
//!     cargo build --release -p falcoc
//!     cargo run --release -p falcoc-benches --bin live_bench [-- SECONDS]
//!
//! The machine is shared: run it when nothing else builds, and read figures as ±10%. The
//! in-kernel cost per syscall (`bpf N ns/syscall`, from the kernel's per-program run-time
//! accounting) does not depend on what else runs.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use falcoc_benches::live_agent::Agent;

/// (run_time_ns, run_cnt) of the agent's `sys_exit` program (kernel.bpf_stats_enabled).
fn bpf_stats() -> Option<(u64, u64)> {
    let out = Command::new("bpftool")
        .args(["prog", "show", "name", "falcoc_sys_exit"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let num = |key: &str| -> Option<u64> {
        let at = text.find(key)? + key.len();
        text[at..].split_whitespace().next()?.parse().ok()
    };
    Some((num("run_time_ns ")?, num("run_cnt ")?))
}

/// Open/close iterations per second for `secs` (2 syscalls each); `rate` caps iterations/s.
fn open_close(secs: f64, rate: Option<f64>) -> f64 {
    let path = c"/etc/hostname";
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed().as_secs_f64() < secs {
        for _ in 0..256 {
            // SAFETY: valid NUL-terminated path; the fd is closed right away.
            unsafe {
                let fd = libc::open(path.as_ptr(), libc::O_RDONLY);
                if fd >= 0 {
                    libc::close(fd);
                }
            }
        }
        n += 256;
        if let Some(r) = rate {
            let due = Duration::from_secs_f64(n as f64 / r);
            if let Some(wait) = due.checked_sub(start.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
    2.0 * n as f64 / start.elapsed().as_secs_f64()
}

/// `dd bs=1` syscalls/s (one read and one write per byte).
fn dd(bytes: u64) -> f64 {
    let start = Instant::now();
    let st = Command::new("dd")
        .args([
            "if=/dev/zero",
            "of=/dev/null",
            "bs=1",
            &format!("count={bytes}"),
        ])
        .stderr(Stdio::null())
        .status()
        .expect("dd");
    assert!(st.success());
    2.0 * bytes as f64 / start.elapsed().as_secs_f64()
}

/// Runs `work` with the agent (or without), printing syscalls/s and the agent's cost.
fn measure(label: &str, agent_args: Option<&[&str]>, work: &dyn Fn() -> f64) {
    let agent = agent_args.map(Agent::start);
    let cpu0 = agent.as_ref().map_or(0.0, Agent::cpu);
    let bpf0 = bpf_stats();
    let t0 = Instant::now();
    let rate = work();
    let wall = t0.elapsed().as_secs_f64();
    match agent {
        None => println!("{label:<44} {:>12.0} syscalls/s", rate),
        Some(a) => {
            let cpu = (a.cpu() - cpu0) / wall * 100.0;
            let per_call = match (bpf0, bpf_stats()) {
                (Some((t0, c0)), Some((t1, c1))) if c1 > c0 => {
                    format!("{:.0} ns", (t1 - t0) as f64 / (c1 - c0) as f64)
                }
                _ => "?".to_string(),
            };
            let (_, peak) = a.rss();
            let stats = a.stop();
            let drops = stats
                .split("events sent, ")
                .nth(1)
                .and_then(|s| s.split_whitespace().next())
                .unwrap_or("?")
                .to_string();
            println!(
                "{label:<44} {rate:>12.0} syscalls/s  agent {cpu:5.1}% cpu  peak rss {peak:5.1} MiB  drops {drops}  bpf {per_call}/syscall"
            );
        }
    }
}

fn main() {
    // Per-program run time accounting, for the in-kernel cost per syscall.
    let _ = std::fs::write("/proc/sys/kernel/bpf_stats_enabled", "1");
    let secs: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let dd_bytes = 2_000_000;
    let stable: &[&str] = &[];
    let all: &[&str] = &["--all-events"];
    println!("open/close loop, {secs} s each:");
    measure("  no agent", None, &|| open_close(secs, None));
    measure("  falcoc run -r falco_rules.yaml", Some(stable), &|| {
        open_close(secs, None)
    });
    measure("  falcoc run --all-events", Some(all), &|| {
        open_close(secs, None)
    });
    println!("dd if=/dev/zero of=/dev/null bs=1 count={dd_bytes}:");
    measure("  no agent", None, &|| dd(dd_bytes));
    measure("  falcoc run -r falco_rules.yaml", Some(stable), &|| {
        dd(dd_bytes)
    });
    measure("  falcoc run --all-events", Some(all), &|| dd(dd_bytes));
    println!("steady 100k events/s (50k open/close pairs/s):");
    measure("  falcoc run -r falco_rules.yaml", Some(stable), &|| {
        open_close(secs, Some(50_000.0))
    });
    println!("two loop workers at full speed (highest rate, drops):");
    measure("  falcoc run -r falco_rules.yaml", Some(stable), &|| {
        let h = std::thread::spawn(move || open_close(secs, None));
        let a = open_close(secs, None);
        a + h.join().unwrap_or(0.0)
    });
    let _ = std::fs::write("/proc/sys/kernel/bpf_stats_enabled", "0");
}
