//! Rule evaluation alone, in ns per event: all three upstream rules files loaded
//! (`rule_matching: first`), over every event of every shared capture. Field extraction is
//! included (the memo is reset before each evaluation); capture reading and state tracking
//! are excluded: each event is applied to the state untimed, then evaluated several times
//! under one timer. One bench per back end (the JIT and the interpreter).
//!
//!     FALCOC_SHARED=/work/shared cargo bench -p falcoc-benches --bench evaluate

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use falcoc_benches::{backends, shared_dir, upstream_rules};
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions};
use falcoc_runtime::{CaptureReader, Inspector};
use std::time::{Duration, Instant};

/// Evaluations of each event per timer reading (amortises the clock);
/// `FALCOC_EVAL_REPEAT` raises it (for profiling the evaluation alone with `perf`).
fn repeat() -> u32 {
    std::env::var("FALCOC_EVAL_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
}

/// Every shared capture, read into memory.
fn captures() -> Vec<Vec<u8>> {
    let Some(dir) = shared_dir() else {
        return Vec::new();
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("corpus/captures"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "scap"));
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// One pass: every event of every capture; returns the evaluation time and the events.
fn pass(engine: &Engine, captures: &[Vec<u8>]) -> (Duration, u64) {
    let mut frame = engine.frame();
    let mut matched = Vec::new();
    let (mut spent, mut events) = (Duration::ZERO, 0u64);
    let repeat = repeat();
    for bytes in captures {
        let Ok(mut reader) = CaptureReader::open(bytes.as_slice()) else {
            continue;
        };
        let mut inspector = Inspector::new(reader.tables());
        while let Ok(Some(ev)) = reader.next_event() {
            inspector.process(&ev);
            events += 1;
            let start = Instant::now();
            for _ in 0..repeat {
                engine.matches_event(&mut frame, inspector.source(&ev), &mut matched);
            }
            spent += start.elapsed();
            std::hint::black_box(&matched);
        }
    }
    (spent / repeat, events)
}

fn bench_evaluate(c: &mut Criterion) {
    let (Some(files), caps) = (upstream_rules(), captures()) else {
        eprintln!("skipped: ../shared not found (set FALCOC_SHARED)");
        return;
    };
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name, text);
    }
    let Some(ruleset) = load(&sources).into_ruleset().0 else {
        eprintln!("skipped: the upstream rules do not load");
        return;
    };
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(10);
    for backend in backends() {
        let engine = match Engine::with_backend(ruleset.clone(), EngineOptions::default(), backend)
        {
            Ok(e) => e,
            Err(e) => panic!("{e}"),
        };
        let (_, events) = pass(&engine, &caps);
        group.throughput(Throughput::Elements(events));
        group.bench_function(format!("upstream_all_three/{}", backend.name()), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| pass(&engine, &caps).0).sum())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_evaluate);
criterion_main!(benches);
