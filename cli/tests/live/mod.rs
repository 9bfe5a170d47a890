//! Helpers for the live (eBPF) end-to-end tests: the privilege gate, starting `falcoc run`
//! or `falcoc capture` and waiting until the probe is attached, reading its output lines
//! as they come, stopping it with SIGINT and collecting what it printed.

#![allow(dead_code)]

pub mod actions;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A 64 MiB ring buffer for the live tests: on a loaded machine the agent (a debug build)
/// can be starved of cpu for a while, and a dropped event would make an expected alert
/// go missing.
pub const BIG_BUFFER: &str = "engine.modern_ebpf.buf_size_preset=7";

/// The `falcoc run` arguments for `workers` partition workers (`--cpus`): the live tests
/// run with 1 (the single-threaded loop) and 2 (the partitioned runtime, one ring buffer
/// per worker).
pub fn run_args(workers: usize) -> Vec<String> {
    println!("falcoc run with {workers} worker(s)");
    vec!["run".to_string(), "--cpus".to_string(), workers.to_string()]
}

static TURN: Mutex<()> = Mutex::new(());

/// Held by a test while its agent runs: the tests of one file take turns, so two probes
/// never watch (and slow) each other.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    // A test that failed holding it leaves it poisoned; the next one may still go.
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether this process may load eBPF programs. Without: prints the skip line, or fails
/// under `FALCOC_REQUIRE_PRIVILEGED=1`.
pub fn privileged() -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    if std::env::var("FALCOC_REQUIRE_PRIVILEGED").as_deref() == Ok("1") {
        panic!("FALCOC_REQUIRE_PRIVILEGED=1 but this test does not run as root (needs CAP_BPF)");
    }
    println!("skipped: needs CAP_BPF");
    false
}

/// The three upstream rules files as `-r` arguments, or `None` (with the skip line).
pub fn upstream_rules() -> Option<Vec<String>> {
    let shared = super::common::shared()?;
    let dir = shared.join("corpus/rules");
    let mut args = Vec::new();
    for f in falcoc_testkit::UPSTREAM_RULES {
        args.push("-r".to_string());
        args.push(dir.join(f).to_string_lossy().to_string());
    }
    Some(args)
}

/// A running `falcoc` live command.
pub struct Agent {
    child: Child,
    stdout: mpsc::Receiver<String>,
    seen_stdout: Vec<String>,
    stderr: mpsc::Receiver<String>,
    seen_stderr: Vec<String>,
}

/// A reader thread sending `from`'s lines.
fn lines_of(from: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Agent {
    /// Starts `falcoc ARGS` and waits for its "falcoc: watching" or "falcoc: recording"
    /// line; panics with its stderr when it exits first.
    pub fn start(args: &[String]) -> Agent {
        let mut child = Command::new(env!("CARGO_BIN_EXE_falcoc"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("falcoc starts");
        let stdout = lines_of(child.stdout.take().expect("stdout"));
        let stderr = lines_of(child.stderr.take().expect("stderr"));
        let mut agent = Agent {
            child,
            stdout,
            seen_stdout: Vec::new(),
            stderr,
            seen_stderr: Vec::new(),
        };
        loop {
            match agent.stderr.recv_timeout(Duration::from_secs(120)) {
                Ok(line) => {
                    let ready = line.starts_with("falcoc: watching")
                        || line.starts_with("falcoc: recording");
                    agent.seen_stderr.push(line);
                    if ready {
                        return agent;
                    }
                }
                Err(_) => {
                    let _ = agent.child.kill();
                    panic!("falcoc did not start: {}", agent.seen_stderr.join("\n"));
                }
            }
        }
    }

    /// The agent's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the agent printed on stderr up to now (its start-up lines).
    pub fn stderr_so_far(&self) -> String {
        self.seen_stderr.join("\n")
    }

    /// The first line the agent prints on stdout, from now on, that `wanted` accepts, while
    /// `act` runs between looks (every 300 ms); `None` after `timeout`. Lines seen go into
    /// what [`Self::stop`] returns.
    pub fn await_line(
        &mut self,
        timeout: Duration,
        mut act: impl FnMut(),
        wanted: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            act();
            while let Ok(line) = self.stdout.recv_timeout(Duration::from_millis(300)) {
                self.seen_stdout.push(line.clone());
                if wanted(&line) {
                    return Some(line);
                }
            }
        }
        None
    }

    /// SIGINT, then waits; returns (stdout, stderr).
    pub fn stop(self) -> (String, String) {
        self.stop_with(libc::SIGINT)
    }

    /// Sends `signal`, then waits; returns (stdout, stderr).
    pub fn stop_with(mut self, signal: libc::c_int) -> (String, String) {
        // SAFETY: signalling our own child by pid.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let status = self.child.wait().expect("falcoc exits");
        // The reader ends at the pipe's end: every line the agent wrote.
        self.seen_stdout.extend(self.stdout.iter());
        let mut out = self.seen_stdout.join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        while let Ok(line) = self.stderr.recv_timeout(Duration::from_secs(5)) {
            self.seen_stderr.push(line);
        }
        let err = self.seen_stderr.join("\n");
        assert!(status.success(), "falcoc failed ({status}): {err}");
        (out, err)
    }
}

impl Drop for Agent {
    /// A test that fails before `stop` must not leave the agent running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// JSON alert lines of `stdout`.
pub fn alerts(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("alert is JSON"))
        .collect()
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("falcoc-live-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// A field of an alert's `output_fields` as a string (`""` when absent or null).
pub fn field(alert: &serde_json::Value, name: &str) -> String {
    match &alert["output_fields"][name] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        v => v.to_string(),
    }
}
