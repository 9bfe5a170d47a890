//! Replay throughput: events/s of the whole replay path (capture reading, state, field
//! extraction, rule evaluation, alert formatting) with all three upstream rules files, over
//! the largest shared capture looped to at least a million events, once per back end (the
//! JIT, then the interpreter; `ENGINE` picks one). The loop is one streamed input (the
//! capture's sections concatenated, as a long capture file would be), so peak RSS shows
//! that replay memory stays bounded.
//!
//!     cargo run --release -p falcoc-benches --bin replay_bench [-- CAPTURE [MIN_EVENTS [ENGINE]]]

use falcoc_benches::Repeat;
use falcoc_compiler::ir::RuleSet;
use falcoc_compiler::load::load;
use falcoc_compiler::priority::Priority;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::output::{Alert, AlertFormatter, OutputOptions};
use falcoc_runtime::session::{AlertSink, Rules};
use falcoc_runtime::{CaptureReader, Session};
use std::io::Cursor;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let capture = match args.get(1) {
        Some(path) => PathBuf::from(path),
        None => match falcoc_testkit::capture("sample.scap") {
            Some(path) => path,
            None => return,
        },
    };
    let min_events: u64 = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    if !capture.is_file() {
        falcoc_testkit::skip(&format!("{} not found", capture.display()));
        return;
    }
    let Some(files) = falcoc_testkit::upstream_rules() else {
        return;
    };
    let (ruleset, load_time) = load_rules(files);
    // Read after the load: the bench's in-memory copy of the capture (a stand-in for a
    // streamed file) is not part of the load's peak.
    let Ok(bytes) = std::fs::read(&capture) else {
        falcoc_testkit::skip(&format!("{} cannot be read", capture.display()));
        return;
    };
    let rules = ruleset.rules.len();
    let per_pass = count_events(&bytes);
    let passes = min_events.div_ceil(per_pass.max(1));
    let backends: Vec<_> = falcoc_benches::backends()
        .into_iter()
        .filter(|b| args.get(3).is_none_or(|e| e == b.name()))
        .collect();
    let mut ruleset = Some(ruleset);
    for (i, backend) in backends.iter().copied().enumerate() {
        // The last engine takes the rules; earlier ones get copies (one engine: no copy).
        let rules_for_engine = if i + 1 == backends.len() {
            ruleset.take().expect("rules kept for the last engine")
        } else {
            ruleset.clone().expect("rules kept for the last engine")
        };
        let compile_start = Instant::now();
        let options = EngineOptions {
            rule_matching: RuleMatching::First,
            min_priority: Priority::Debug,
        };
        let engine = Engine::with_backend(rules_for_engine, options, backend).expect("engine");
        let compile_time = compile_start.elapsed();
        print!(
            "{:>6}: rules prepared in {:.1} ms; ",
            backend.name(),
            compile_time.as_secs_f64() * 1e3
        );
        replay(&engine, &bytes, passes, &capture, rules, load_time);
    }
}

/// Loads `files` in order and times the load. The texts are dropped with the load's
/// working memory: running the rules does not need them.
fn load_rules(files: Vec<(String, String)>) -> (RuleSet, std::time::Duration) {
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name, text);
    }
    let load_start = Instant::now();
    let ruleset = load(&sources)
        .into_ruleset()
        .0
        .expect("upstream rules load");
    (ruleset, load_start.elapsed())
}

fn replay(
    engine: &Engine,
    bytes: &[u8],
    passes: u64,
    capture: &std::path::Path,
    rules: usize,
    load_time: std::time::Duration,
) {
    let formatter = AlertFormatter::new(OutputOptions::default());
    let stream = Repeat::new(bytes, passes);
    let mut reader = CaptureReader::open(stream).expect("capture opens");
    let mut session = Session::new(Rules::new(engine, formatter, CountAlerts(0)));
    let start = Instant::now();
    let stats = session.run(&mut reader).expect("stream replays");
    let events = stats.events;
    let alerts = session.handler().sink().0;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "capture {} x{passes}: {events} events, {alerts} alerts, {rules} rules (loaded in {:.1} ms), {secs:.3} s, {:.0} events/s, peak RSS {} KiB",
        capture.display(),
        load_time.as_secs_f64() * 1e3,
        events as f64 / secs,
        peak_rss_kib()
    );
}

/// A sink that only counts the alerts (formatted, not written).
struct CountAlerts(u64);

impl AlertSink for CountAlerts {
    fn alert(&mut self, alert: &Alert) -> std::io::Result<()> {
        self.0 += u64::from(!alert.output.is_empty());
        Ok(())
    }
}

/// Events in one pass over `bytes`.
fn count_events(bytes: &[u8]) -> u64 {
    let mut reader = CaptureReader::open(Cursor::new(bytes)).expect("capture opens");
    let mut n = 0;
    while let Ok(Some(_)) = reader.next_event() {
        n += 1;
    }
    n
}

/// Peak resident set size of this process (`VmHWM`), in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
