//! The live agent per worker count (`falcoc run --cpus 1` and `--cpus 2`, upstream stable
//! rules): the open/close-loop slowdown (two load processes at full speed, one in each
//! partition, without the agent and with it, interleaved runs), and the event rate each
//! configuration sustains before its first drop (the same two processes at a capped total
//! rate, raised ×1.5 per step from 100k events/s, a fresh agent per step, until the agent
//! drops or the load cannot go faster). Needs root and a release build:
//!
//!     cargo build --release -p falcoc
//!     cargo run --release -p falcoc-benches --bin live_workers_bench [-- SECONDS [ROUNDS]]
//!
//! The machine is shared: read figures with the load average printed beside them.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use falcoc_benches::live_agent::Agent;
use falcoc_runtime::parallel::partition_of;

/// Worker counts compared.
const WORKERS: &[usize] = &[1, 2];

/// Open/close pairs/s of one tight loop for `secs`, capped at `rate` events/s (0: none);
/// returns events (syscalls) per second.
fn open_close(secs: f64, rate: f64) -> f64 {
    let path = c"/etc/hostname";
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed().as_secs_f64() < secs {
        for _ in 0..64 {
            // SAFETY: valid NUL-terminated path; the fd is closed right away.
            unsafe {
                let fd = libc::open(path.as_ptr(), libc::O_RDONLY);
                if fd >= 0 {
                    libc::close(fd);
                }
            }
        }
        n += 64;
        if rate > 0.0 {
            let due = Duration::from_secs_f64(2.0 * n as f64 / rate);
            if let Some(wait) = due.checked_sub(start.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
    2.0 * n as f64 / start.elapsed().as_secs_f64()
}

/// This binary as a load process: waits for a line on stdin, loops, prints its rate.
fn load_main(secs: f64, rate: f64) {
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    println!("{}", open_close(secs, rate));
}

/// Two load processes, one per partition of two (their pids chosen so), waiting to start.
fn loaders(secs: f64, total_rate: f64) -> Vec<Child> {
    let exe = std::env::current_exe().expect("own path");
    let mut slots: Vec<Option<Child>> = vec![None, None];
    while slots.iter().any(Option::is_none) {
        let mut child = Command::new(&exe)
            .args(["--load", &secs.to_string(), &(total_rate / 2.0).to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("a load process starts");
        let slot = &mut slots[partition_of(i64::from(child.id()), 2)];
        if slot.is_none() {
            *slot = Some(child);
        } else {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
    slots.into_iter().flatten().collect()
}

/// Starts the loaders together; their summed events/s.
fn go(children: Vec<Child>) -> f64 {
    let mut children = children;
    for c in &mut children {
        if let Some(stdin) = c.stdin.as_mut() {
            let _ = stdin.write_all(b"go\n");
        }
    }
    let mut total = 0.0;
    for mut c in children {
        let mut line = String::new();
        if let Some(out) = c.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let _ = c.wait();
        total += line.trim().parse::<f64>().unwrap_or(0.0);
    }
    total
}

/// The load at `rate` events/s (0: full speed) for `secs`, with the agent of `workers` (or
/// none): (achieved events/s, drops, agent cpu %).
fn run_load(workers: Option<usize>, secs: f64, rate: f64) -> (f64, u64, f64) {
    let n = workers.map(|w| w.to_string());
    let agent = n.as_deref().map(|n| Agent::start(&["--cpus", n]));
    let children = loaders(secs, rate);
    let cpu0 = agent.as_ref().map_or(0.0, Agent::cpu);
    let t0 = Instant::now();
    let achieved = go(children);
    let wall = t0.elapsed().as_secs_f64();
    let Some(agent) = agent else {
        return (achieved, 0, 0.0);
    };
    let cpu = (agent.cpu() - cpu0) / wall * 100.0;
    let stats = agent.stop();
    let drops = stats
        .split("events sent, ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX);
    (achieved, drops, cpu)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Interleaved rounds: no agent, then each worker count, at full speed.
fn slowdown(secs: f64, rounds: usize) {
    println!("open/close loop, two processes (one per partition), {secs} s each:");
    for round in 1..=rounds {
        let (base, _, _) = run_load(None, secs, 0.0);
        println!(
            "  round {round}: no agent {base:>12.0} events/s   (load {})",
            load_average()
        );
        for &w in WORKERS {
            let (rate, drops, cpu) = run_load(Some(w), secs, 0.0);
            println!(
                "  round {round}: --cpus {w}  {rate:>12.0} events/s  slowdown {:.2}x  agent {cpu:5.1}% cpu  drops {drops}  (load {})",
                base / rate.max(1.0),
                load_average()
            );
        }
    }
}

/// The rate ramp for `workers`: the highest capped rate with no drop.
fn before_first_drop(workers: usize, secs: f64) {
    let mut rate = 100_000.0;
    let mut best = None;
    loop {
        let (achieved, drops, cpu) = run_load(Some(workers), secs, rate);
        println!(
            "  --cpus {workers}: asked {rate:>9.0}  got {achieved:>9.0} events/s  drops {drops}  agent {cpu:5.1}% cpu  (load {})",
            load_average()
        );
        if drops > 0 {
            break;
        }
        best = Some(achieved);
        if achieved < 0.9 * rate {
            println!("  --cpus {workers}: the load cannot go faster; no drop up to here");
            break;
        }
        rate *= 1.5;
    }
    match best {
        Some(b) => println!("  --cpus {workers}: sustained {b:.0} events/s before the first drop"),
        None => println!("  --cpus {workers}: drops from the first step"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--load") {
        let num = |i: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(0.0);
        return load_main(num(2), num(3));
    }
    let secs: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    slowdown(secs, rounds);
    println!("rate sustained before the first drop (two processes, capped total rate):");
    for &w in WORKERS {
        before_first_drop(w, secs);
    }
}
