//! Editor-facing performance of the real `falcoc-lsp` binary over stdio: the time from a
//! `didChange` of `falco_rules.yaml` to its published diagnostics (with the three upstream
//! files loaded in order), the server's CPU time per edit (less sensitive than wall time
//! to other work on the machine), and the server's memory with all three files open.
//!
//! Run: `FALCOC_SHARED=/path/to/shared cargo bench -p falcoc-lsp --bench latency`.

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::Value;
use std::time::{Duration, Instant};
use support::*;

const ROUNDS: usize = 40;

fn main() {
    let Some(shared) = shared() else { return };
    let texts: Vec<String> = UPSTREAM.iter().map(|f| upstream(&shared, f)).collect();
    let files: Vec<(&str, &str)> = UPSTREAM
        .iter()
        .copied()
        .zip(texts.iter().map(String::as_str))
        .collect();
    let dir = workspace_with("bench", &files);
    let mut server = Server::start(Some(&dir), Value::Null);
    let rss_idle = rss_kib(server.pid());
    for (file, text) in &files {
        let uri = file_uri(&dir.join(file));
        server.did_open(&uri, text);
        server.diagnostics(&uri, 1);
    }
    let rss_open = rss_kib(server.pid());

    let uri = file_uri(&dir.join(UPSTREAM[0]));
    let mut version = 1;
    // Each edit changes a macro that many rules use (same length), so every round is a
    // real reload of the group that recompiles those rules.
    let (samples, cpu_per_edit) = edits(&mut server, &uri, &mut version, |round| {
        texts[0].replacen("fd.num>=0", &format!("fd.num>={}", round % 7), 1)
    });
    // Typing in one rule's condition: its length changes, so every offset below it (and
    // in the files after it) shifts.
    let (typing, typing_cpu) = edits(&mut server, &uri, &mut version, |round| {
        let typed = format!(
            "and proc.tty != 0 and proc.name != {}",
            "x".repeat(round + 1)
        );
        texts[0].replacen("and proc.tty != 0", &typed, 1)
    });
    let rss_after = rss_kib(server.pid());
    let peak = peak_kib(server.pid());
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);

    let mut loads = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let mut sources = falcoc_compiler::source::Sources::new();
        for (file, text) in &files {
            sources.add(*file, *text);
        }
        let start = Instant::now();
        let result = falcoc_compiler::load::load(&sources);
        loads.push(start.elapsed());
        std::hint::black_box(result);
    }
    loads.sort();

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("didChange(falco_rules.yaml) -> publishDiagnostics, 3 upstream files loaded in order, {ROUNDS} rounds:");
    report(
        "  a macro used by many rules changed",
        &samples,
        cpu_per_edit,
    );
    report(
        "  typing in a rule (offsets below shift)",
        &typing,
        typing_cpu,
    );
    println!(
        "the front end's load of the same three files in-process: min {:.1} ms  median {:.1} ms",
        ms(loads[0]),
        ms(loads[loads.len() / 2])
    );
    println!(
        "server RSS: idle {} KiB, all three files open {} KiB, after the edits {} KiB, peak {} KiB",
        rss_idle, rss_open, rss_after, peak
    );
}

/// Sends `ROUNDS` changes of `uri` (the text of each made by `text(round)`) and waits for
/// each one's diagnostics: the sorted times and the server's CPU time per edit.
fn edits(
    server: &mut Server,
    uri: &str,
    version: &mut i64,
    text: impl Fn(usize) -> String,
) -> (Vec<Duration>, f64) {
    let cpu_before = cpu_ms(server.pid());
    let mut samples = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        *version += 1;
        let text = text(round);
        let start = Instant::now();
        server.did_change(uri, *version, &text);
        server.diagnostics(uri, *version);
        samples.push(start.elapsed());
        server.notifications.clear();
    }
    let cpu_per_edit = (cpu_ms(server.pid()) - cpu_before) / ROUNDS as f64;
    samples.sort();
    (samples, cpu_per_edit)
}

fn report(what: &str, samples: &[Duration], cpu_per_edit: f64) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!("{what}:");
    println!(
        "    min {:.1} ms  median {:.1} ms  p95 {:.1} ms  max {:.1} ms",
        ms(samples[0]),
        ms(pick(0.5)),
        ms(pick(0.95)),
        ms(samples[samples.len() - 1])
    );
    println!("    server CPU (user + system) per edit: {cpu_per_edit:.1} ms");
}

fn status_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// User plus system CPU time of a process so far, in milliseconds.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks * 1000.0 / clock_ticks_per_second()
}

/// `sysconf(_SC_CLK_TCK)`, which is 100 on Linux for every architecture the tests run on.
fn clock_ticks_per_second() -> f64 {
    100.0
}

fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

fn peak_kib(pid: u32) -> u64 {
    status_kib(pid, "VmHWM:")
}
