//! Partitioned replay throughput: events/s of `falcoc replay --cpus N`'s path (one reader
//! routing events by thread group to N worker sessions, alerts merged in stream order by
//! one output thread, written to nowhere) with all three upstream rules files under the
//! JIT, over a capture looped to at least five million events, for each worker count asked
//! (1 runs one plain session, as `--cpus 1` does). Prints each count's rate and its speed-up
//! over the first, and the cpu time (user + sys, `getrusage`) the run took, with its ratio to
//! the first's: on a machine other jobs load, the cpu ratio is the steadier figure. The
//! host's load average is printed too: the rate depends on the cores left free. `FALCOC_BATCH_EVENTS` and `FALCOC_QUEUE_BATCHES` override the
//! partitioned run's batch size (2,048 events) and queue depth (4 batches). A worker count
//! written `Ne` (`2e`) runs with `lazy_inheritance` off: a child forked into another
//! partition waits for its parent's at the fork. Each partitioned run prints how its
//! cross-partition forks took their parents' state.
//!
//!     cargo run --release -p falcoc-benches --bin parallel_replay_bench \
//!         [-- CAPTURE [MIN_EVENTS [WORKERS,...]]]

use std::io::Cursor;
use std::path::PathBuf;
use std::time::Instant;

use falcoc_benches::counted::Counted;
use falcoc_benches::Repeat;
use falcoc_compiler::load::load;
use falcoc_compiler::priority::Priority;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::output::{AlertFormatter, OutputOptions};
use falcoc_runtime::parallel::output::{alert_queue, write_ordered, QueueSink};
use falcoc_runtime::parallel::{run_partitioned, ParallelOptions};
use falcoc_runtime::session::{AlertWriter, Rules};
use falcoc_runtime::{CaptureReader, Session};

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
        .unwrap_or(5_000_000);
    let counts: Vec<(usize, bool)> = args
        .get(3)
        .map(|s| s.split(',').filter_map(worker_count).collect())
        .unwrap_or_else(|| vec![(1, true), (2, true)]);
    let Ok(bytes) = std::fs::read(&capture) else {
        falcoc_testkit::skip(&format!("{} not found", capture.display()));
        return;
    };
    let Some(engine) = upstream_engine() else {
        return;
    };
    let passes = min_events.div_ceil(count_events(&bytes).max(1));
    println!(
        "capture {} x{passes}, load average {}",
        capture.display(),
        load_average()
    );
    let mut first = None;
    for (workers, lazy) in counts {
        let start = Instant::now();
        let cpu0 = cpu_time();
        let (events, alerts) = replay(&engine, &bytes, passes, workers, lazy);
        let wall = start.elapsed().as_secs_f64();
        let cpu = cpu_time().since(&cpu0);
        let rate = events as f64 / wall;
        let (base, base_cpu) = *first.get_or_insert((rate, cpu.total()));
        let eager = if lazy { "" } else { " (eager)" };
        println!(
            "workers {workers}{eager}: {events} events, {alerts} alerts, {wall:.3} s, {rate:.0} events/s, \
             x{:.2} of the first; cpu {:.3} s user + {:.3} s sys, x{:.2} of the first's",
            rate / base,
            cpu.user,
            cpu.sys,
            cpu.total() / base_cpu
        );
    }
    println!("load average after: {}", load_average());
}

/// The three upstream rules files under the JIT, first match, every priority (as
/// `replay_bench`).
fn upstream_engine() -> Option<Engine> {
    let mut sources = Sources::new();
    for (name, text) in falcoc_testkit::upstream_rules()? {
        sources.add(name, text);
    }
    let ruleset = load(&sources)
        .into_ruleset()
        .0
        .expect("upstream rules load");
    let options = EngineOptions {
        rule_matching: RuleMatching::First,
        min_priority: Priority::Debug,
    };
    let backend = falcoc_benches::backends()[0];
    Some(Engine::with_backend(ruleset, options, backend).expect("engine"))
}

fn formatter() -> AlertFormatter {
    AlertFormatter::new(OutputOptions::default())
}

/// `N` or `Ne` (`lazy_inheritance` off).
fn worker_count(s: &str) -> Option<(usize, bool)> {
    match s.strip_suffix('e') {
        Some(n) => Some((n.parse().ok()?, false)),
        None => Some((s.parse().ok()?, true)),
    }
}

/// Replays `bytes` looped `passes` times over `workers` workers; (events, alerts).
fn replay(engine: &Engine, bytes: &[u8], passes: u64, workers: usize, lazy: bool) -> (u64, usize) {
    let stream = Repeat::new(bytes, passes);
    let mut reader = CaptureReader::open(stream).expect("capture opens");
    if workers <= 1 {
        let sink = AlertWriter::new(Counted::default(), formatter(), true);
        let mut session = Session::new(Rules::new(engine, formatter(), sink));
        let stats = session.run(&mut reader).expect("stream replays");
        let written = session.into_handler().into_sink().into_inner();
        return (stats.events, written.lines);
    }
    let mut opts = ParallelOptions::new(workers);
    opts.lazy_inheritance = lazy;
    if let Some(n) = env_usize("FALCOC_BATCH_EVENTS") {
        opts.batch_events = n;
    }
    if let Some(n) = env_usize("FALCOC_QUEUE_BATCHES") {
        opts.queue_batches = n;
    }
    let (queue, alerts) = alert_queue(workers * 4);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_ordered(alerts, workers, Counted::default()));
        let run = run_partitioned(
            &opts,
            |w| {
                Rules::new(
                    engine,
                    formatter(),
                    QueueSink::new(queue.clone(), w, formatter(), true),
                )
            },
            |d| d.feed(&mut reader).map(|()| d.events()),
        );
        let forks = run.inheritance;
        println!(
            "  cross-partition forks: {} waited at the fork, {} deferred, {} of them merged later",
            forks.at_fork, forks.deferred, forks.merged
        );
        let (fed, sessions) = run.into_result().expect("alerts written");
        let events = fed.unwrap_or_else(|e| panic!("stream replays: {e:?}"));
        let own: Vec<String> = sessions
            .iter()
            .map(|s| s.stats().events.to_string())
            .collect();
        println!("  events each worker evaluated: {}", own.join(" + "));
        drop(sessions);
        drop(queue);
        let written = writer.join().expect("writer").expect("written");
        (events, written.lines)
    })
}

/// A positive number from the environment variable `name` (batch and queue sizes to try).
fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.parse().ok().filter(|n| *n > 0)
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

/// Cpu seconds this process used.
#[derive(Clone, Copy, Debug)]
struct CpuTime {
    user: f64,
    sys: f64,
}

impl CpuTime {
    fn since(&self, earlier: &CpuTime) -> CpuTime {
        CpuTime {
            user: self.user - earlier.user,
            sys: self.sys - earlier.sys,
        }
    }

    fn total(&self) -> f64 {
        self.user + self.sys
    }
}

/// This process's user and system cpu seconds so far (all its threads).
fn cpu_time() -> CpuTime {
    // SAFETY: an all-zero rusage is a valid out buffer.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid `who` and out pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 * 1e-6;
    CpuTime {
        user: t(ru.ru_utime),
        sys: t(ru.ru_stime),
    }
}

/// The first three fields of `/proc/loadavg`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
