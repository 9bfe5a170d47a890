//! The syscall loops the live benchmarks time: a tight open/close loop (optionally paced),
//! the same loop with calibrated user-space work between its syscalls (a slower loop, as
//! an application or an interpreter makes them) and `dd bs=1`. Each reports syscalls per wall-clock second and per second of its own
//! CPU time: on a shared machine the wall rate mostly says how much of a core the loop got,
//! while the CPU rate says what each syscall costs, with or without the agent.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Syscalls per second of a loop.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoopRate {
    /// Per wall-clock second.
    pub wall: f64,
    /// Per second of the loop's own CPU time (user + system, the probe's work included).
    pub cpu: f64,
}

impl std::ops::Add for LoopRate {
    type Output = LoopRate;
    fn add(self, o: LoopRate) -> LoopRate {
        LoopRate {
            wall: self.wall + o.wall,
            cpu: self.cpu + o.cpu,
        }
    }
}

/// CPU seconds of `clock` (a `CLOCK_*_CPUTIME_ID`).
fn cpu_seconds(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out pointer.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// CPU seconds used by this process's waited-for children.
fn children_cpu_seconds() -> f64 {
    // SAFETY: an all-zero rusage is a valid out buffer.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid `who` and out pointer.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 * 1e-6;
    t(ru.ru_utime) + t(ru.ru_stime)
}

/// Open/close of `/etc/hostname` for `secs` on the calling thread (2 syscalls a pair);
/// `pairs_per_s` paces it.
pub fn open_close(secs: f64, pairs_per_s: Option<f64>) -> LoopRate {
    open_close_spaced(secs, pairs_per_s, 0)
}

/// A few nanoseconds of user-space work the optimiser cannot remove.
#[inline(never)]
fn spin(rounds: u64) {
    let mut x = std::hint::black_box(0x9e37_79b9_7f4a_7c15u64);
    for _ in 0..rounds {
        x = std::hint::black_box(x.rotate_left(5) ^ 0x2545_f491);
    }
    std::hint::black_box(x);
}

/// Rounds of [`spin`] per nanosecond of this thread's CPU time.
pub fn spin_rounds_per_ns() -> f64 {
    let rounds = 20_000_000;
    let c0 = cpu_seconds(libc::CLOCK_THREAD_CPUTIME_ID);
    spin(rounds);
    let ns = (cpu_seconds(libc::CLOCK_THREAD_CPUTIME_ID) - c0) * 1e9;
    rounds as f64 / ns.max(1.0)
}

/// Rounds of [`spin`] to add after each syscall of the open/close loop so it runs at
/// `target` syscalls per cpu-second (0 when it is slower already): a first guess from the
/// spin's own speed, then corrected twice on short runs of the spaced loop.
pub fn spin_rounds_for(target: f64) -> u64 {
    let per_ns = spin_rounds_per_ns();
    let mut rounds = 0.0f64;
    for _ in 0..3 {
        let rate = open_close_spaced(0.3, None, rounds as u64).cpu;
        let gap_ns = 1e9 / target - 1e9 / rate;
        rounds = (rounds + gap_ns * per_ns).max(0.0);
    }
    rounds as u64
}

/// [`open_close`] with `spin_rounds` of user-space work after each syscall.
pub fn open_close_spaced(secs: f64, pairs_per_s: Option<f64>, spin_rounds: u64) -> LoopRate {
    let path = c"/etc/hostname";
    let start = Instant::now();
    let cpu0 = cpu_seconds(libc::CLOCK_THREAD_CPUTIME_ID);
    let mut n: u64 = 0;
    while start.elapsed().as_secs_f64() < secs {
        for _ in 0..256 {
            // SAFETY: valid NUL-terminated path; the fd is closed right away.
            unsafe {
                let fd = libc::open(path.as_ptr(), libc::O_RDONLY);
                if spin_rounds > 0 {
                    spin(spin_rounds);
                }
                if fd >= 0 {
                    libc::close(fd);
                }
                if spin_rounds > 0 {
                    spin(spin_rounds);
                }
            }
        }
        n += 256;
        if let Some(r) = pairs_per_s {
            let due = Duration::from_secs_f64(n as f64 / r);
            if let Some(wait) = due.checked_sub(start.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
    let cpu = cpu_seconds(libc::CLOCK_THREAD_CPUTIME_ID) - cpu0;
    let calls = 2.0 * n as f64;
    LoopRate {
        wall: calls / start.elapsed().as_secs_f64(),
        cpu: calls / cpu.max(1e-9),
    }
}

/// `workers` threads running [`open_close`] at `pairs_per_s` each; the rates summed.
pub fn open_close_threads(workers: usize, secs: f64, pairs_per_s: Option<f64>) -> LoopRate {
    let handles: Vec<_> = (0..workers)
        .map(|_| std::thread::spawn(move || open_close(secs, pairs_per_s)))
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().unwrap_or_default())
        .fold(LoopRate::default(), |a, b| a + b)
}

/// `dd if=/dev/zero of=/dev/null bs=1 count=BYTES` (one read and one write per byte).
pub fn dd(bytes: u64) -> LoopRate {
    let cpu0 = children_cpu_seconds();
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
    let calls = 2.0 * bytes as f64;
    LoopRate {
        wall: calls / start.elapsed().as_secs_f64(),
        cpu: calls / (children_cpu_seconds() - cpu0).max(1e-9),
    }
}
