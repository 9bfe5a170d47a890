//! `falcoc run`: the live agent. Loads rules (the built-in ones without `-r`), starts the
//! eBPF probe with the syscalls the rules and state tracking need, seeds state from `/proc`,
//! then evaluates every event as it happens and prints Falco's alerts. SIGINT/SIGTERM (or
//! `--duration`) detach cleanly and print the final stats on stderr.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use falcoc_compiler::diagnostic::render_human;
use falcoc_compiler::load::load;
use falcoc_compiler::priority::Priority;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::event::record::RecordDecoder;
use falcoc_runtime::output::{Alert, AlertFormatter};
use falcoc_runtime::{procfs, Inspector};

use crate::falco_options::{parse_options, FalcoOptions};
use crate::live;
use crate::replay::alert_formatter;
use crate::replay_summary::Summary;
use crate::rules_input::rules_or_default;
use crate::run_drops::DropWatch;

#[derive(Args, Debug)]
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
    let loaded = load(&sources);
    let Some(ruleset) = loaded.ruleset() else {
        eprint!(
            "{}",
            render_human::render_all(&sources, &loaded.diagnostics)
        );
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
    let mut probe = match live::start_probe(&cfg) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("falcoc: {e}");
            return ExitCode::from(1);
        }
    };
    let mut buffers = match probe.buffers() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("falcoc: {e}");
            return ExitCode::from(1);
        }
    };
    let mut inspector = Inspector::new(&procfs::scan());
    let json = args.json || opts.json_output == Some(true);
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
        inspector.threads().len()
    );
    let mut out = Output {
        formatter,
        json,
        summary: Summary::start(),
        out: std::io::BufWriter::new(std::io::stdout()),
    };
    let mut decoder = RecordDecoder::new();
    let mut drops = DropWatch::new();
    let mut last_check = Instant::now();
    let deadline = args
        .duration
        .map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    let mut bad_records = 0u64;
    let mut frame = engine.frame();
    let mut matched = Vec::new();
    loop {
        let stop = live::stop_requested() || deadline.is_some_and(|d| Instant::now() >= d);
        let mut on_record = |rec: &[u8]| match decoder.decode(rec, 0) {
            Ok(ev) => {
                out.summary.events += 1;
                inspector.process(&ev);
                if !ev.reaches_rules() {
                    return;
                }
                let mut src = inspector.source(&ev);
                engine.matches_event(&mut frame, src, &mut matched);
                for &idx in &matched {
                    if let Some(rule) = engine.rule(idx) {
                        let alert = out.formatter.alert(rule, &mut src);
                        out.emit(&alert);
                    }
                }
            }
            Err(_) => bad_records += 1,
        };
        let polled = if stop {
            Ok(buffers.drain(&mut on_record))
        } else {
            buffers.poll(POLL, &mut on_record)
        };
        if let Err(e) = polled {
            eprintln!("falcoc: reading the ring buffer: {e}");
            break;
        }
        let _ = out.out.flush();
        if last_check.elapsed() >= Duration::from_secs(1) || stop {
            last_check = Instant::now();
            if let Ok(stats) = probe.stats() {
                let host = out.formatter.options().hostname.clone();
                if let Some(a) = drops.check(stats, &host, falcoc_probe::boot_time_ns()) {
                    out.emit(&a);
                }
            }
        }
        if stop {
            break;
        }
    }
    let _ = out.out.flush();
    let stats = probe.stats().unwrap_or_default();
    drop(buffers);
    drop(probe);
    eprintln!("{}", out.summary.line());
    eprintln!(
        "falcoc: probe: {} events sent, {} dropped (buffer full {}, too large {}), {} syscalls outside the interest set; {} threads in the table{}",
        stats.events,
        stats.drops(),
        stats.drops_buffer,
        stats.drops_size,
        stats.skipped,
        inspector.threads().len(),
        if bad_records > 0 { format!(", {bad_records} unreadable records") } else { String::new() }
    );
    ExitCode::SUCCESS
}

/// Where alerts go.
struct Output {
    formatter: AlertFormatter,
    json: bool,
    summary: Summary,
    out: std::io::BufWriter<std::io::Stdout>,
}

impl Output {
    fn emit(&mut self, alert: &Alert) {
        self.summary.alert(alert.priority);
        let line = if self.json {
            self.formatter.json(alert)
        } else {
            self.formatter.text(alert)
        };
        let _ = writeln!(self.out, "{line}");
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
