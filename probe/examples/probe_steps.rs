//! The probe alone, without the agent: loads it with openat and close in the interest set,
//! drains its buffer on a thread, runs an open/close loop and a getppid loop (outside the
//! interest set) and prints the sys_exit program's in-kernel nanoseconds per run (the
//! kernel's per-program accounting) and the loops' CPU nanoseconds per syscall. For
//! comparing variants of the BPF programs (root):
//!
//!     cargo run --release -p falcoc-probe --example probe_steps -- [SECONDS] [PATH]

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use falcoc_probe::{Probe, ProbeConfig};

/// Ids of the loaded `falcoc_sys_exit` programs (other agents' too).
fn sys_exit_ids() -> Vec<u32> {
    aya::programs::loaded_programs()
        .filter_map(Result::ok)
        .filter(|p| p.name_as_str() == Some("falcoc_sys_exit"))
        .map(|p| p.id())
        .collect()
}

/// (run_time_ns, run_cnt) of this probe's `falcoc_sys_exit` (the one not in `OTHERS`).
fn prog_stats() -> (u64, u64) {
    let others = OTHERS.get().map_or(&[][..], Vec::as_slice);
    aya::programs::loaded_programs()
        .filter_map(Result::ok)
        .filter(|p| p.name_as_str() == Some("falcoc_sys_exit") && !others.contains(&p.id()))
        .fold((0, 0), |(t, c), p| {
            (t + p.run_time().as_nanos() as u64, c + p.run_count())
        })
}

/// The `falcoc_sys_exit` programs loaded before this probe (other agents on the machine).
static OTHERS: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();

/// ns per run in each `window` while a `which` loop child runs for `secs`: (min, median).
fn sampled(which: &str, secs: f64, path: &str) -> (f64, f64) {
    let exe = std::env::current_exe().expect("current exe");
    let mut kid = Command::new(exe)
        .args(["--loop", which, &secs.to_string(), path])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("loop child");
    std::thread::sleep(Duration::from_millis(100));
    let mut per = Vec::new();
    let mut last = prog_stats();
    while kid.try_wait().ok().flatten().is_none() {
        std::thread::sleep(Duration::from_millis(100));
        let now = prog_stats();
        if now.1 > last.1 + 1000 {
            per.push((now.0 - last.0) as f64 / (now.1 - last.1) as f64);
        }
        last = now;
    }
    per.sort_by(f64::total_cmp);
    if per.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    (per[0], per[per.len() / 2])
}

fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: valid out pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Runs `step` (which makes `per` syscalls) for `secs`; CPU ns per syscall.
fn timed(secs: f64, per: u64, step: &dyn Fn()) -> (f64, u64) {
    let start = Instant::now();
    let c0 = thread_cpu();
    let mut n = 0u64;
    while start.elapsed().as_secs_f64() < secs {
        for _ in 0..256 {
            step();
        }
        n += 256 * per;
    }
    ((thread_cpu() - c0) * 1e9 / n as f64, n)
}

fn set_stats(on: bool) {
    let _ = std::fs::write(
        "/proc/sys/kernel/bpf_stats_enabled",
        if on { "1" } else { "0" },
    );
}

/// Runs the loop `which` in a child process (this process is the agent: the probe skips
/// its syscalls); (CPU ns per syscall, syscalls).
fn child(which: &str, secs: f64, path: &str) -> (f64, u64) {
    let exe = std::env::current_exe().expect("current exe");
    let out = Command::new(exe)
        .args(["--loop", which, &secs.to_string(), path])
        .output()
        .expect("loop child");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut f = text.split_whitespace();
    let ns = f.next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
    (ns, f.next().and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// The child: one loop, printing `ns_per_syscall syscalls`.
fn run_loop(which: &str, secs: f64, path: &str) {
    let path = std::ffi::CString::new(path).expect("path");
    let open_close = || {
        // SAFETY: valid path; the fd is closed right away.
        unsafe {
            let fd = libc::open(path.as_ptr(), libc::O_RDONLY);
            if fd >= 0 {
                libc::close(fd);
            }
        }
    };
    // SAFETY: getppid has no preconditions.
    let getppid = || unsafe {
        libc::getppid();
    };
    let (ns, n) = if which == "oc" {
        timed(secs, 2, &open_close)
    } else {
        timed(secs, 1, &getppid)
    };
    println!("{ns} {n}");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--loop") {
        run_loop(&args[2], args[3].parse()?, &args[4]);
        return Ok(());
    }
    let secs: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let path = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "/etc/hostname".into());
    set_stats(false);
    let (bare_oc, _) = child("oc", secs, &path);
    let (bare_gp, _) = child("gp", secs, &path);
    let cfg = ProbeConfig {
        interest: vec![257, 3],
        ..ProbeConfig::default()
    };
    let others = sys_exit_ids();
    if !others.is_empty() {
        println!("note: {} other probe(s) attached", others.len());
    }
    let _ = OTHERS.set(others);
    let mut probe = Probe::start(&cfg)?;
    let mut buffers = probe.buffers()?;
    let stop = Arc::new(AtomicBool::new(false));
    let got = Arc::new(AtomicU64::new(0));
    let reader = {
        let (stop, got) = (stop.clone(), got.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let n = buffers.poll(Duration::from_millis(20), |_| {}).unwrap_or(0);
                got.fetch_add(n as u64, Ordering::Relaxed);
            }
        })
    };
    let (agent_oc, _) = child("oc", secs, &path);
    let (agent_gp, _) = child("gp", secs, &path);
    set_stats(true);
    let (oc_min, oc_med) = sampled("oc", secs, &path);
    let (gp_min, gp_med) = sampled("gp", secs, &path);
    set_stats(false);
    stop.store(true, Ordering::Relaxed);
    let _ = reader.join();
    let st = probe.stats()?;
    println!(
        "open/close: probe {oc_min:6.1} min {oc_med:6.1} med ns/run; loop {bare_oc:6.1} -> {agent_oc:6.1} ns/syscall (+{:5.1})",
        agent_oc - bare_oc
    );
    println!(
        "getppid:    probe {gp_min:6.1} min {gp_med:6.1} med ns/run; loop {bare_gp:6.1} -> {agent_gp:6.1} ns/syscall (+{:5.1})",
        agent_gp - bare_gp
    );
    println!(
        "events {} read {} drops {}",
        st.events,
        got.load(Ordering::Relaxed),
        st.drops()
    );
    Ok(())
}
