//! Replay throughput: events/s of the whole replay path (capture reading, state, field
//! extraction, rule evaluation with the reference interpreter, alert formatting) with all
//! three upstream rules files, over the largest shared capture looped to at least a million
//! events. The loop is one streamed input (the capture's sections concatenated, as a long
//! capture file would be), so peak RSS shows that replay memory stays bounded.
//!
//!     cargo run --release -p falcoc-benches --bin replay_bench [-- CAPTURE [MIN_EVENTS]]

use falcoc_compiler::load::load;
use falcoc_compiler::priority::Priority;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::output::{AlertFormatter, OutputOptions};
use falcoc_runtime::{CaptureReader, Inspector};
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
    let Ok(bytes) = std::fs::read(&capture) else {
        falcoc_testkit::skip(&format!("{} not found", capture.display()));
        return;
    };
    let Some(files) = falcoc_testkit::upstream_rules() else {
        return;
    };
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name, text);
    }
    let load_start = Instant::now();
    let ruleset = load(&sources).ruleset().expect("upstream rules load");
    let load_time = load_start.elapsed();
    let rules = ruleset.rules.len();
    let engine = Engine::new(
        ruleset,
        EngineOptions {
            rule_matching: RuleMatching::First,
            min_priority: Priority::Debug,
        },
    );
    let formatter = AlertFormatter::new(OutputOptions::default());
    let per_pass = count_events(&bytes);
    let passes = min_events.div_ceil(per_pass.max(1));
    let stream = Repeat {
        bytes: &bytes,
        pos: 0,
        left: passes,
    };
    let mut reader = CaptureReader::open(stream).expect("capture opens");
    let mut inspector = Inspector::new(reader.tables());
    let mut frame = engine.frame();
    let mut matched = Vec::new();
    let (mut events, mut alerts) = (0u64, 0u64);
    let start = Instant::now();
    while let Ok(Some(ev)) = reader.next_event() {
        events += 1;
        inspector.process(&ev);
        let mut src = inspector.source(&ev);
        engine.matches_event(&mut frame, src, &mut matched);
        for &idx in &matched {
            if let Some(rule) = engine.rule(idx) {
                let alert = formatter.alert(rule, &mut src);
                alerts += u64::from(!alert.output.is_empty());
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "capture {} x{passes}: {events} events, {alerts} alerts, {rules} rules (loaded in {:.1} ms), {secs:.3} s, {:.0} events/s, peak RSS {} KiB",
        capture.display(),
        load_time.as_secs_f64() * 1e3,
        events as f64 / secs,
        peak_rss_kib()
    );
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

/// `bytes` repeated `left` times as one stream (concatenated capture sections).
struct Repeat<'a> {
    bytes: &'a [u8],
    pos: usize,
    left: u64,
}

impl std::io::Read for Repeat<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.bytes.len() {
            if self.left <= 1 {
                return Ok(0);
            }
            self.left -= 1;
            self.pos = 0;
        }
        let n = buf.len().min(self.bytes.len() - self.pos);
        buf[..n].copy_from_slice(&self.bytes[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
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
