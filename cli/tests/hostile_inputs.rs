//! Hostile rules files against `falcoc check`: every case of the corpus runs in a child
//! process under a memory cap (`ulimit -v`) and a per-case time limit enforced here (the
//! child is killed past it), and must end with its expected diagnostic — never a crash,
//! an abort or a hang.

#[path = "hostile/corpus.rs"]
mod corpus;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address-space cap for each run, in KiB (the bombs used to need gigabytes).
const MEMORY_CAP_KB: u64 = 1024 * 1024;

/// Hang guard per case (generous: debug builds on a loaded 2-core machine).
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Outcome {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `falcoc check --format FORMAT ARGS FILE` capped; `None` when it ran out of time.
fn run_capped(file: &std::path::Path, format: &str, args: &[&str]) -> Option<Outcome> {
    let mut cmd = format!("ulimit -v {MEMORY_CAP_KB}; exec \"$0\" check --format {format}");
    for a in args {
        cmd.push_str(&format!(" '{a}'"));
    }
    cmd.push_str(" \"$1\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .arg(env!("CARGO_BIN_EXE_falcoc"))
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sh");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Some(Outcome {
        status: status.code(),
        stdout: String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned(),
    })
}

#[test]
fn every_hostile_input_ends_with_its_diagnostic_within_the_caps() {
    let dir = std::env::temp_dir().join(format!("falcoc-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for case in corpus::cases() {
        let path = dir.join(format!("{}.yaml", case.name));
        std::fs::write(&path, &case.bytes).unwrap();
        let Some(out) = run_capped(&path, "json", case.args) else {
            failures.push(format!(
                "{}: did not finish within {TIME_LIMIT:?}",
                case.name
            ));
            continue;
        };
        let json: Result<serde_json::Value, _> = serde_json::from_str(&out.stdout);
        let problem = if json.is_err() {
            Some(format!(
                "output is not JSON (stderr: {})",
                out.stderr.trim()
            ))
        } else if case.expect.is_empty() && out.status != Some(0) {
            Some(format!(
                "expected a clean load, got {:?}: {}",
                out.status, out.stdout
            ))
        } else if !case.expect.is_empty() && out.status != Some(1) {
            Some(format!(
                "expected exit 1, got {:?} (stderr: {})",
                out.status,
                out.stderr.trim()
            ))
        } else {
            case.expect
                .iter()
                .find(|e| !out.stdout.contains(**e))
                .map(|e| {
                    format!(
                        "missing `{e}` in {}",
                        &out.stdout[..out.stdout.len().min(2000)]
                    )
                })
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", case.name));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Thousands of warnings on one very long line: the human report shows a window of the
/// line around each warning, so it stays small and quick (printed whole, the line made the
/// report 40,000 × 600 kB and ran past any limit).
#[test]
fn warnings_on_a_huge_line_render_as_windows() {
    let dir = std::env::temp_dir().join(format!("falcoc-hostile-line-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge_line.yaml");
    let checks = vec!["evt.dir = <"; 40_000].join(" or ");
    let rule = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open and ({checks})\n  output: o\n  priority: INFO\n"
    );
    std::fs::write(&path, rule).unwrap();
    let out = run_capped(&path, "human", &[]).expect("finishes within the time limit");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout.matches("warning[LOAD_DEPRECATED_ITEM]").count(),
        40_000
    );
    assert!(
        out.stdout.contains("huge_line.yaml:3:35\n"),
        "first warning's column"
    );
    assert!(out
        .stdout
        .contains(&format!("huge_line.yaml:3:{}\n", 35 + 39_999 * 15)));
    assert!(out.stdout.len() < 40 << 20, "{} bytes", out.stdout.len());
}
