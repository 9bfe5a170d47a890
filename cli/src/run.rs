//! `falcoc run`: the live agent. Loads rules (the built-in ones without `-r`), starts the
//! eBPF probe with the syscalls the rules and state tracking need, seeds state from `/proc`,
//! then evaluates every event as it happens and prints Falco's alerts. SIGINT/SIGTERM (or
//! `--duration`) detach cleanly and print the final stats on stderr.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use falcoc_compiler::diagnostic::render_human;
use falcoc_compiler::load::load;
use falcoc_compiler::priority::Priority;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::event::record::RecordDecoder;
use falcoc_runtime::session::{AlertSink, AlertWriter, Rules};
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
const POLL: Duration = Duration::from_millis(20);

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
    let names = live::rule_event_names(&ruleset);
    let cfg = live::probe_config(&names, args.all_events, &engine_cfg);
    let formatter = match alert_formatter(&args.extra_fields, &opts) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let engine = Engine::new(ruleset, engine_options(&opts));
    live::install_stop_handlers();
    let (probe, mut buffers) = match live::start_probe(&cfg) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("falcoc: {e}");
            return ExitCode::from(1);
        }
    };
    let json = args.json || opts.json_output == Some(true);
    let host = formatter.options().hostname.clone();
    let out = std::io::BufWriter::new(std::io::stdout());
    let sink = AlertWriter::new(out, formatter.clone(), json);
    let rules = Rules::new(&engine, formatter, sink);
    let mut session = Session::with_tables(procfs::scan(), rules);
    eprintln!(
        "falcoc: watching {} syscalls{} with {} rules, {} threads known",
        if args.all_events {
            "all".to_string()
        } else {
            cfg.interest.len().to_string()
        },
        if args.all_events {
            ""
        } else {
            " (interest set)"
        },
        engine.rules().iter().filter(|r| r.enabled).count(),
        session.inspector().threads().len()
    );
    let summary = Summary::start();
    let mut decoder = RecordDecoder::new();
    let mut drops = DropWatch::new();
    let mut last_check = Instant::now();
    let deadline = args
        .duration
        .map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    let mut bad_records = 0u64;
    // The first alert that could not be written: it stops the agent (never lost silently).
    let mut write_error: Option<std::io::Error> = None;
    // What the buffers can hold at most (records are at least 32 bytes with framing).
    let backlog = cfg.buffer_bytes as usize / 32;
    loop {
        let stop = live::stop_requested() || deadline.is_some_and(|d| Instant::now() >= d);
        let mut on_record = |rec: &[u8]| match decoder.decode(rec, 0) {
            Ok(ev) => {
                if write_error.is_none() {
                    write_error = session.process(&ev).err();
                }
            }
            Err(_) => bad_records += 1,
        };
        let polled = if stop {
            Ok(buffers.drain_backlog(backlog, &mut on_record))
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
                if let Some(a) = drops.check(stats, &host, falcoc_probe::boot_time_ns()) {
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
    let stats = probe.stats().unwrap_or_default();
    drop(buffers);
    drop(probe);
    let counts = session.handler().counts();
    eprintln!("{}", summary.line(session.stats().captured, &counts));
    eprintln!(
        "falcoc: probe: {} events sent, {} dropped (buffer full {}, too large {}), {} syscalls outside the interest set; {} threads in the table{}",
        stats.events,
        stats.drops(),
        stats.drops_buffer,
        stats.drops_size,
        stats.skipped,
        session.inspector().threads().len(),
        if bad_records > 0 { format!(", {bad_records} unreadable records") } else { String::new() }
    );
    match write_error {
        Some(e) => crate::output::write_failed(&e),
        None => ExitCode::SUCCESS,
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
