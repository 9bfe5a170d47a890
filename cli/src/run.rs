//! `falcoc run`: the live agent. Loads rules (the built-in ones without `-r`) and compiles
//! them with the default back end (the JIT; `--engine interp` for the interpreter), starts the
//! eBPF probe with the syscalls the rules and state tracking need, seeds state from `/proc`,
//! then evaluates every event as it happens and prints Falco's alerts. SIGINT/SIGTERM (or
//! `--duration`) detach cleanly and print the final stats on stderr. With more than one
//! worker the events go through the partitioned runtime ([`crate::run_parallel`]); one
//! worker is the single-threaded loop here.

use std::io::{BufWriter, Stdout};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use falcoc_compiler::diagnostic::render_human;
use falcoc_compiler::load::load;
use falcoc_compiler::priority::Priority;
use falcoc_probe::{EventBuffers, Probe};
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::event::record::RecordDecoder;
use falcoc_runtime::output::AlertFormatter;
use falcoc_runtime::session::{AlertCounts, AlertSink, AlertWriter, Rules};
use falcoc_runtime::{procfs, Session};

use crate::falco_options::{parse_options, FalcoOptions};
use crate::live;
use crate::replay::alert_formatter;
use crate::replay_summary::Summary;
use crate::rules_input::rules_or_default;
use crate::run_drops::DropWatch;

#[derive(Args, Debug, Default)]
pub struct RunArgs {
    /// Rules files, in order; the built-in rules when none is given.
    #[arg(short = 'r', long = "rules", value_name = "FILE")]
    rules: Vec<String>,
    /// Print alerts as Falco's JSON (same as `-o json_output=true`).
    #[arg(long)]
    json: bool,
    /// Falco configuration overrides (`key=value`), including `engine.kind=modern_ebpf` and
    /// `engine.modern_ebpf.buf_size_preset=N`.
    #[arg(short = 'o', value_name = "KEY=VALUE")]
    options: Vec<String>,
    /// Capture every syscall, not only those the rules need.
    #[arg(long = "all-events")]
    all_events: bool,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    duration: Option<f64>,
    /// Add a field to every alert's `output_fields`.
    #[arg(long = "extra-field", value_name = "FIELD")]
    extra_fields: Vec<String>,
    /// Partition workers: the probe fills one ring buffer per worker (events split by
    /// thread group) and each worker tracks state and evaluates rules for its buffer's
    /// processes. The number of cores by default, at most 16. Same as
    /// `-o engine.workers=N`; 1 runs everything on one thread.
    #[arg(long = "cpus", value_name = "N", value_parser = crate::falco_options::parse_workers)]
    cpus: Option<usize>,
    /// The evaluation back end: `jit` (native code, the default) or `interp`.
    #[arg(long, value_name = "ENGINE")]
    engine: Option<String>,
}

impl RunArgs {
    /// Falco's own spelling: `falco -r RULES [-o engine.kind=modern_ebpf]`.
    pub fn from_falco(rules: &[String], options: &[String]) -> Self {
        RunArgs {
            rules: rules.to_vec(),
            options: options.to_vec(),
            ..RunArgs::default()
        }
    }
}

/// How long the reader waits for a wake-up before draining anyway.
pub(crate) const POLL: Duration = Duration::from_millis(20);

/// What a live run needs besides its event loop.
pub(crate) struct LiveRun<'a> {
    pub engine: &'a Engine,
    pub formatter: AlertFormatter,
    pub json: bool,
    pub host: String,
    pub deadline: Option<Instant>,
    /// What the buffers can hold at most, in records: the bound of the drain at stop.
    pub backlog: usize,
}

/// How a live run ended.
pub(crate) struct Finished {
    /// Events as Falco counts them.
    pub events: u64,
    pub counts: AlertCounts,
    /// Threads in the state tables (each thread once, in the partition owning it).
    pub threads: usize,
    pub bad_records: u64,
    /// The first alert that could not be written: it stops the agent (never lost silently).
    pub write_error: Option<std::io::Error>,
}

pub fn run(args: &RunArgs) -> ExitCode {
    let (engine_cfg, rest) = match live::split_engine_options(&args.options) {
        Ok(v) => v,
        Err(e) => return usage(&e),
    };
    let opts = match parse_options(&rest) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    crate::falco_options::warn_ignored(&opts);
    let limits = falcoc_compiler::limits::Limits::default();
    let sources = match rules_or_default(&args.rules, &limits) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(1);
        }
    };
    let (ruleset, diagnostics) = load(&sources).into_ruleset();
    let Some(ruleset) = ruleset else {
        eprint!("{}", render_human::render_all(&sources, &diagnostics));
        return ExitCode::from(1);
    };
    let workers = live_workers(args.cpus.or(opts.workers));
    let names = live::rule_event_names(&ruleset);
    let mut cfg = live::probe_config(&names, args.all_events, &engine_cfg, workers as u32);
    cfg.open_dev_ino =
        args.all_events || crate::open_identity::reads_open_dev_ino(&ruleset, &args.extra_fields);
    let formatter = match alert_formatter(&args.extra_fields, &opts) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let backend = match crate::engines::backend(args.engine.as_deref()) {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let engine = match Engine::with_backend(ruleset, engine_options(&opts), backend) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(1);
        }
    };
    live::install_stop_handlers();
    let (probe, mut buffers) = match live::start_probe(&cfg) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("falcoc: {e}");
            return ExitCode::from(1);
        }
    };
    let live = LiveRun {
        engine: &engine,
        json: args.json || opts.json_output == Some(true),
        host: formatter.options().hostname.clone(),
        formatter,
        deadline: args
            .duration
            .map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0))),
        // Records are at least 32 bytes with framing.
        backlog: cfg.buffer_bytes as usize / 32 * workers,
    };
    // Scanned once the probe is attached, so no process starts unseen in between.
    let tables = procfs::scan();
    let watching = |threads: usize| {
        eprintln!(
            "falcoc: watching {} with {} rules, {threads} threads known{}",
            if args.all_events {
                "all syscalls".to_string()
            } else {
                format!("{} syscalls (interest set)", cfg.interest.len())
            },
            engine.rules().iter().filter(|r| r.enabled).count(),
            if workers > 1 {
                format!(", {workers} workers")
            } else {
                String::new()
            }
        )
    };
    let summary = Summary::start();
    let finished = if workers > 1 {
        watching(tables.threads.len());
        crate::run_parallel::run(&live, workers, &probe, &mut buffers, tables)
    } else {
        let session = Session::with_tables(tables, live.rules(live.sink()));
        watching(session.inspector().threads().len());
        run_single(&live, &probe, &mut buffers, session)
    };
    let stats = probe.stats().unwrap_or_default();
    drop(buffers);
    drop(probe);
    eprintln!("{}", summary.line(finished.events, &finished.counts));
    eprintln!(
        "falcoc: probe: {} events sent, {} dropped (buffer full {}{}, too large {}), {} syscalls outside the interest set; {} threads in the table{}",
        stats.events,
        stats.drops(),
        stats.drops_buffer,
        by_buffer(&stats, workers),
        stats.drops_size,
        stats.skipped,
        finished.threads,
        if finished.bad_records > 0 { format!(", {} unreadable records", finished.bad_records) } else { String::new() }
    );
    match finished.write_error {
        Some(e) => crate::output::write_failed(&e),
        None => ExitCode::SUCCESS,
    }
}

/// The buffer-full drops of each ring buffer (`, by buffer 3 + 0`), when there are several.
fn by_buffer(stats: &falcoc_probe::ProbeStats, buffers: usize) -> String {
    if buffers <= 1 {
        return String::new();
    }
    let each: Vec<String> = stats
        .drops_by_buffer
        .iter()
        .take(buffers)
        .map(u64::to_string)
        .collect();
    format!(", by buffer {}", each.join(" + "))
}

/// The worker count asked for (the default: as `replay`'s), at most one per ring buffer
/// the probe has.
fn live_workers(asked: Option<usize>) -> usize {
    let n = asked.unwrap_or_else(falcoc_runtime::parallel::default_workers);
    let max = falcoc_probe::MAX_BUFFERS as usize;
    if n > max {
        eprintln!("falcoc: {n} workers asked, the probe has {max} ring buffers: using {max}");
    }
    n.clamp(1, max)
}

type Writer = AlertWriter<BufWriter<Stdout>>;

impl LiveRun<'_> {
    fn sink(&self) -> Writer {
        let out = BufWriter::new(std::io::stdout());
        AlertWriter::new(out, self.formatter.clone(), self.json)
    }

    pub fn rules<S: AlertSink>(&self, sink: S) -> Rules<&Engine, S> {
        Rules::new(self.engine, self.formatter.clone(), sink)
    }

    /// Whether the run should stop now (a signal or the deadline).
    pub fn stop_due(&self) -> bool {
        live::stop_requested() || self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// One worker: this thread reads the buffers, tracks state and evaluates rules.
fn run_single(
    live: &LiveRun<'_>,
    probe: &Probe,
    buffers: &mut EventBuffers,
    mut session: Session<Rules<&Engine, Writer>>,
) -> Finished {
    let mut decoder = RecordDecoder::new();
    let mut drops = DropWatch::new();
    let mut last_check = Instant::now();
    let mut bad_records = 0u64;
    let mut write_error: Option<std::io::Error> = None;
    loop {
        let stop = live.stop_due();
        let mut on_record = |rec: &[u8]| match decoder.decode(rec, 0) {
            Ok(ev) => {
                if write_error.is_none() {
                    write_error = session.process(&ev).err();
                }
            }
            Err(_) => bad_records += 1,
        };
        let polled = if stop {
            Ok(buffers.drain_backlog(live.backlog, &mut on_record))
        } else {
            buffers.poll(POLL, &mut on_record)
        };
        if let Err(e) = polled {
            eprintln!("falcoc: reading the ring buffer: {e}");
            break;
        }
        if write_error.is_none() {
            write_error = session.handler_mut().sink_mut().flush().err();
        }
        if write_error.is_some() {
            break;
        }
        if last_check.elapsed() >= Duration::from_secs(1) || stop {
            last_check = Instant::now();
            if let Ok(stats) = probe.stats() {
                if let Some(a) = drops.check(stats, &live.host, falcoc_probe::boot_time_ns()) {
                    write_error = session.handler_mut().emit(&a).err();
                }
            }
        }
        if stop {
            break;
        }
    }
    if write_error.is_none() {
        write_error = session.handler_mut().sink_mut().flush().err();
    }
    Finished {
        events: session.stats().captured,
        counts: session.handler().counts(),
        threads: session.inspector().threads().len(),
        bad_records,
        write_error,
    }
}

fn engine_options(opts: &FalcoOptions) -> EngineOptions {
    EngineOptions {
        rule_matching: if opts.match_all == Some(true) {
            RuleMatching::All
        } else {
            RuleMatching::First
        },
        min_priority: opts.min_priority.unwrap_or(Priority::Debug),
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("falcoc: {msg}");
    ExitCode::from(2)
}
