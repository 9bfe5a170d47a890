//! Live agent overhead: syscalls/s of a tight open/close loop and of `dd bs=1` without the
//! agent, with `falcoc run` and the upstream stable rules, and with `--all-events` (each per
//! wall second and per CPU second of the loop: the CPU rate is what a syscall costs, the
//! wall rate also says how much of a core the loop got on a shared machine); the agent's
//! CPU% and RSS (now and peak) during each; the slowdown and the added µs per syscall, on
//! the tight loop and on the same loop slowed by user-space work to Falco's bare rate
//! (600k syscalls/s, the loop Falco's −45% was measured on); the probe's in-kernel cost
//! per syscall; the agent's CPU% and RSS at a steady 100k and 330k events/s; and the
//! highest paced event rate it sustains without a drop.
//! Needs root (the agent loads eBPF) and a release build of falcoc:
//!
//!     cargo build --release -p falcoc
//!     cargo run --release -p falcoc-benches --bin live_bench [-- SECONDS]
//!
//! The machine is shared: run it when nothing else builds and no other agent is attached
//! (it prints how many are), and read figures as ±10%.

use falcoc_benches::live_agent::Agent;
use falcoc_benches::probe_cost;
use falcoc_benches::syscall_loops::{
    dd, open_close, open_close_spaced, open_close_threads, spin_rounds_for, LoopRate,
};

/// The bare rate of the open/close loop Falco 0.44.1 was measured on (syscalls/s).
const FALCO_BARE_RATE: f64 = 600_000.0;

/// What one measured run gave.
struct Run {
    rate: LoopRate,
    /// Agent CPU% of one core, RSS and peak RSS MiB, events dropped; `None` without the
    /// agent.
    agent: Option<(f64, (f64, f64), String)>,
}

/// Runs `work` with the agent (started with `agent_args`) or without.
fn run(agent_args: Option<&[&str]>, work: &dyn Fn() -> LoopRate) -> Run {
    let agent = agent_args.map(Agent::start);
    let cpu0 = agent.as_ref().map_or(0.0, Agent::cpu);
    let t0 = std::time::Instant::now();
    let rate = work();
    let wall = t0.elapsed().as_secs_f64();
    let agent = agent.map(|a| {
        let cpu = (a.cpu() - cpu0) / wall * 100.0;
        let rss = a.rss();
        let stats = a.stop();
        let drops = stats
            .split("events sent, ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or("?")
            .to_string();
        (cpu, rss, drops)
    });
    Run { rate, agent }
}

fn print(label: &str, r: &Run) {
    let LoopRate { wall, cpu } = r.rate;
    let head = format!("{label:<40} {wall:>10.0} syscalls/s ({cpu:>8.0} per cpu-s)");
    match &r.agent {
        None => println!("{head}"),
        Some((c, (rss, peak), drops)) => println!(
            "{head}  agent {c:5.1}% cpu  rss {rss:4.1} MiB (peak {peak:4.1})  drops {drops}"
        ),
    }
}

/// What the agent costs the loop of `bare`: the slowdown and the added µs per syscall,
/// per CPU second of the loop (what a syscall costs) and per wall second.
fn print_cost(bare: &Run, with: &Run) {
    let each = |b: f64, w: f64| (100.0 * (w / b - 1.0), 1e6 / w - 1e6 / b);
    let (cpu_pct, cpu_us) = each(bare.rate.cpu, with.rate.cpu);
    let (wall_pct, wall_us) = each(bare.rate.wall, with.rate.wall);
    println!(
        "  {:<38} per cpu-s {cpu_pct:+5.1}% ({cpu_us:+.3} µs/syscall), per wall-s {wall_pct:+5.1}% ({wall_us:+.3} µs/syscall)",
        "agent cost (stable rules)"
    );
}

/// The stable agent's in-kernel cost per syscall of the open/close loop and of `dd`.
fn kernel_cost(secs: f64, dd_bytes: u64) {
    probe_cost::set_accounting(true);
    let before = probe_cost::snapshot();
    let agent = Agent::start(&[]);
    for (label, work) in [
        (
            "open/close",
            &(|| open_close(secs.min(2.0), None)) as &dyn Fn() -> LoopRate,
        ),
        ("dd bs=1 (uninteresting)", &|| dd(dd_bytes / 2)),
    ] {
        let start = probe_cost::snapshot();
        work();
        let ns = probe_cost::ns_per_run(&before, &start, &probe_cost::snapshot());
        println!(
            "  {label:<38} {} ns/syscall in the probe",
            ns.map_or("?".to_string(), |n| format!("{n:.0}"))
        );
    }
    agent.stop();
    probe_cost::set_accounting(false);
}

/// Paced open/close on two workers at rising rates until the first drop.
fn highest_rate(secs: f64) {
    let mut best = None;
    for pairs_per_worker in [
        50_000.0, 100_000.0, 150_000.0, 200_000.0, 300_000.0, 400_000.0,
    ] {
        let r = run(Some(&[]), &|| {
            open_close_threads(2, secs, Some(pairs_per_worker))
        });
        print(
            &format!("  paced {:.0}k events/s", 4.0 * pairs_per_worker / 1e3),
            &r,
        );
        let dropped = r.agent.as_ref().is_none_or(|(_, _, d)| d != "0");
        if dropped || r.rate.wall < 0.9 * 4.0 * pairs_per_worker {
            break;
        }
        best = Some(r.rate.wall);
    }
    match best {
        Some(b) => println!("  highest paced rate without a drop: {b:.0} events/s"),
        None => println!("  drops at the lowest paced rate"),
    }
}

fn main() {
    probe_cost::set_accounting(false);
    let secs: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let others = probe_cost::snapshot().len();
    if others > 0 {
        println!("note: {others} other falcoc probe(s) attached: `no agent` is not bare");
    }
    let dd_bytes = 2_000_000;
    let stable: &[&str] = &[];
    let all: &[&str] = &["--all-events"];
    let oc = || open_close(secs, None);
    println!("open/close loop, {secs} s each:");
    let bare = run(None, &oc);
    print("  no agent", &bare);
    let with = run(Some(stable), &oc);
    print("  falcoc run -r falco_rules.yaml", &with);
    print_cost(&bare, &with);
    print("  falcoc run --all-events", &run(Some(all), &oc));
    let rounds = spin_rounds_for(FALCO_BARE_RATE);
    println!(
        "open/close loop with user-space work between syscalls ({rounds} spin rounds), {:.0}k syscalls per cpu-s bare as Falco's loop:",
        FALCO_BARE_RATE / 1e3
    );
    let slow = || open_close_spaced(secs, None, rounds);
    let bare = run(None, &slow);
    print("  no agent", &bare);
    let with = run(Some(stable), &slow);
    print("  falcoc run -r falco_rules.yaml", &with);
    print_cost(&bare, &with);
    println!("dd if=/dev/zero of=/dev/null bs=1 count={dd_bytes}:");
    let d = || dd(dd_bytes);
    print("  no agent", &run(None, &d));
    print("  falcoc run -r falco_rules.yaml", &run(Some(stable), &d));
    print("  falcoc run --all-events", &run(Some(all), &d));
    println!("in-kernel cost (kernel.bpf_stats_enabled, agent with the stable rules):");
    kernel_cost(secs, dd_bytes);
    println!("steady 100k events/s (50k open/close pairs/s):");
    let steady = || open_close(secs, Some(50_000.0));
    print(
        "  falcoc run -r falco_rules.yaml",
        &run(Some(stable), &steady),
    );
    for (label, args) in [
        ("  … --cpus 1", &["--cpus", "1"][..]),
        (
            "  … --cpus 1 --engine interp",
            &["--cpus", "1", "--engine", "interp"],
        ),
    ] {
        print(label, &run(Some(args), &steady));
    }
    println!("steady 330k events/s (two workers, 82.5k open/close pairs/s each):");
    let steady = || open_close_threads(2, secs, Some(82_500.0));
    print(
        "  falcoc run -r falco_rules.yaml",
        &run(Some(stable), &steady),
    );
    print(
        "  falcoc run -r falco_rules.yaml --cpus 1",
        &run(Some(&["--cpus", "1"]), &steady),
    );
    println!("highest sustained rate (two paced workers, stable rules):");
    highest_rate(secs);
}
