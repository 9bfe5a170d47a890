//! Live agent under process churn: a fork bomb bounded in count and time, then a loop of
//! short-lived processes (1 M by default), with `falcoc run` and the upstream stable rules
//! watching. Samples the agent's RSS as the loop runs and prints it with the final thread
//! table size and drops, to show memory stays bounded (the thread table is purged as
//! processes exit). Needs root and a release build of falcoc:
//!
//!     cargo build --release -p falcoc
//!     cargo run --release -p falcoc-benches --bin live_churn [-- PROCESSES]
//!
//! Processes are started with vfork+exec of `/bin/true` (about 2k/s on a shared 2-core
//! machine, so 1 M takes minutes).

use std::ffi::CString;
use std::time::Instant;

use falcoc_benches::live_agent::Agent;

/// Starts `/bin/true` and reaps it.
fn one_process(path: &CString) {
    let argv = [path.as_ptr(), std::ptr::null()];
    let envp: [*const libc::c_char; 1] = [std::ptr::null()];
    let mut pid: libc::pid_t = 0;
    // SAFETY: valid NUL-terminated path, NULL-terminated argv and envp that outlive the call.
    let rc = unsafe {
        libc::posix_spawn(
            &mut pid,
            path.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            argv.as_ptr() as *const *mut libc::c_char,
            envp.as_ptr() as *const *mut libc::c_char,
        )
    };
    if rc == 0 {
        let mut status = 0;
        // SAFETY: reaping our own child.
        unsafe { libc::waitpid(pid, &mut status, 0) };
    }
}

/// A fork bomb bounded in count and time: `n` concurrent sleepers of 0.3 s.
fn bounded_fork_bomb(n: u32) {
    let st = std::process::Command::new("bash")
        .args([
            "-c",
            &format!("for i in $(seq {n}); do sleep 0.3 & done; wait"),
        ])
        .status()
        .expect("bash");
    assert!(st.success());
}

fn main() {
    let total: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let agent = Agent::start(&[]);
    let (rss0, _) = agent.rss();
    println!("agent started: rss {rss0:.1} MiB");
    let t = Instant::now();
    bounded_fork_bomb(1000);
    let (rss, peak) = agent.rss();
    println!(
        "fork bomb (1000 concurrent): {:.1} s, rss {rss:.1} MiB, peak {peak:.1} MiB",
        t.elapsed().as_secs_f64()
    );
    let path = CString::new("/bin/true").expect("path");
    let t = Instant::now();
    let step = (total / 10).max(1);
    for i in 1..=total {
        one_process(&path);
        if i % step == 0 {
            let (rss, peak) = agent.rss();
            println!(
                "{i:>9} processes: {:>7.0}/s, rss {rss:.1} MiB, peak {peak:.1} MiB",
                i as f64 / t.elapsed().as_secs_f64()
            );
        }
    }
    let cpu = agent.cpu();
    let stats = agent.stop();
    println!("agent cpu {cpu:.1} s; final stats: {stats}");
}
