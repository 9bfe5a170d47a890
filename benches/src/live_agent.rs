//! The live agent as the live benchmarks drive it: a release `falcoc run` with the upstream
//! stable rules, started and waited for until its probe is attached, its CPU time and RSS
//! read from `/proc`, stopped with SIGINT and its final stats collected. `FALCOC_BIN` names
//! another `falcoc` binary (for A/B runs against an older build).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The checkout's root.
pub fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The upstream stable rules file (in `$FALCOC_SHARED`, else `../shared` beside the
/// checkout, as the tests find it).
pub fn rules() -> String {
    let shared = falcoc_testkit::shared::locate().unwrap_or_else(|| repo().join("../shared"));
    shared
        .join("corpus/rules/falco_rules.yaml")
        .to_string_lossy()
        .to_string()
}

/// A running agent.
pub struct Agent {
    child: Child,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Agent {
    /// Starts `falcoc run -r falco_rules.yaml EXTRA` and waits for its "watching" line.
    pub fn start(extra: &[&str]) -> Agent {
        let bin = std::env::var_os("FALCOC_BIN")
            .map_or_else(|| repo().join("target/release/falcoc"), PathBuf::from);
        Agent::start_bin(&bin, extra)
    }

    /// [`Agent::start`] with the `falcoc` binary at `bin`.
    pub fn start_bin(bin: &std::path::Path, extra: &[&str]) -> Agent {
        let mut child = Command::new(bin)
            .args(["run", "-r", &rules()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e} (cargo build --release -p falcoc)", bin.display()));
        let err = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
        loop {
            let l = rx
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| {
                    panic!(
                        "{} run -r {}: no `watching` line ({e})",
                        bin.display(),
                        rules()
                    )
                });
            if l.starts_with("falcoc: watching") {
                break;
            }
            if l.contains("cannot start") {
                panic!("{l}");
            }
        }
        Agent { child, stderr: rx }
    }

    /// The agent's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// (utime + stime) in seconds.
    pub fn cpu(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let f: Vec<u64> = after
            .split_whitespace()
            .map(|x| x.parse().unwrap_or(0))
            .collect();
        let ticks = f.get(11).unwrap_or(&0) + f.get(12).unwrap_or(&0);
        // SAFETY: sysconf has no preconditions.
        ticks as f64 / unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64
    }

    /// (current RSS, peak RSS) in MiB.
    pub fn rss(&self) -> (f64, f64) {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kb = |k: &str| -> f64 {
            s.lines()
                .find_map(|l| l.strip_prefix(k))
                .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
                .unwrap_or(0.0)
                / 1024.0
        };
        (kb("VmRSS:"), kb("VmHWM:"))
    }

    /// SIGINT; returns the final stats lines.
    pub fn stop(mut self) -> String {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let _ = self.child.wait();
        let mut out = Vec::new();
        while let Ok(l) = self.stderr.recv_timeout(Duration::from_secs(2)) {
            out.push(l);
        }
        out.join(" | ")
    }
}
