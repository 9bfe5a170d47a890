//! `falcoc replay CAPTURE`: run rules over a `.scap` capture and print Falco's alerts, or
//! (`--print`) print selected events like `sysdig -r CAPTURE -p FORMAT CONDITION`.

use crate::falco_options::{parse_options, FalcoOptions};
use crate::replay_print::print_events;
use crate::replay_summary::Summary;
use crate::rules_input::rules_or_default;
use clap::Args;
use falcoc_compiler::diagnostic::render_human;
use falcoc_compiler::load::load;
use falcoc_compiler::output_format::compile_format;
use falcoc_compiler::priority::Priority;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::output::{AlertFormatter, ExtraField, OutputOptions};
use falcoc_runtime::session::{AlertSink, AlertWriter, Rules, RunError};
use falcoc_runtime::{CaptureReader, ScapError, Session};
use std::io::Read;
use std::process::ExitCode;

#[derive(Args, Debug, Default)]
pub struct ReplayArgs {
    /// The capture file (plain or gzip). Falco's `-o engine.replay.capture_file=` also works.
    /// Without one, the bundled demo capture (rules/demo.scap) is replayed.
    capture: Option<String>,
    /// Rules files, in order; the built-in rules when none is given.
    #[arg(short = 'r', long = "rules", value_name = "FILE")]
    rules: Vec<String>,
    /// Print alerts as Falco's JSON (same as `-o json_output=true`).
    #[arg(long)]
    json: bool,
    /// Add a field to every alert's `output_fields` (Falco's `append_output.extra_fields`).
    #[arg(long = "extra-field", value_name = "FIELD")]
    extra_fields: Vec<String>,
    /// Falco configuration overrides (`key=value`).
    #[arg(short = 'o', value_name = "KEY=VALUE")]
    options: Vec<String>,
    /// Print events with this format instead of running rules (like `sysdig -p`).
    #[arg(long, value_name = "FORMAT")]
    print: Option<String>,
    /// With `--print`: only events matching this condition.
    #[arg(long, value_name = "CONDITION", requires = "print")]
    filter: Option<String>,
    /// The evaluation back end: `jit` (native code, the default) or `interp`.
    #[arg(long, value_name = "ENGINE")]
    engine: Option<String>,
    /// Replay the capture N times, state reset between passes (for benchmarking; the
    /// summary counts every pass).
    #[arg(long = "loop", value_name = "N", default_value_t = 1)]
    passes: u64,
    /// Partition workers (threads evaluating rules, events split by thread group); the
    /// number of cores by default, at most 16. Same as `-o engine.workers=N`; 1 runs
    /// everything on one thread.
    #[arg(long = "cpus", value_name = "N", value_parser = crate::falco_options::parse_workers)]
    cpus: Option<usize>,
}

impl ReplayArgs {
    /// Falco's own spelling: `falco -r RULES -o engine.kind=replay -o
    /// engine.replay.capture_file=X`.
    pub fn from_falco(rules: &[String], options: &[String]) -> Self {
        ReplayArgs {
            rules: rules.to_vec(),
            options: options.to_vec(),
            ..ReplayArgs::default()
        }
    }
}

pub fn run(args: &ReplayArgs) -> ExitCode {
    let opts = match parse_options(&args.options) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    crate::falco_options::warn_ignored(&opts);
    let path = args.capture.clone().or_else(|| opts.capture_file.clone());
    let name = path.as_deref().unwrap_or(DEMO_CAPTURE_NAME);
    let opened = match &path {
        Some(p) => std::fs::File::open(p)
            .map_err(|source| ScapError::Io { offset: 0, source })
            .and_then(|f| open_capture(args, Box::new(f))),
        None => open_capture(args, Box::new(std::io::Cursor::new(DEMO_CAPTURE))),
    };
    match opened {
        Ok(mut reader) => replay_reader(args, &opts, &mut reader, name),
        Err(e) => {
            eprintln!("Error: {name}: {e}");
            ExitCode::from(1)
        }
    }
}

/// The bundled demo capture (made by `cargo run -p xtask -- gen-demo-capture`).
const DEMO_CAPTURE: &[u8] = include_bytes!("../../rules/demo.scap");
const DEMO_CAPTURE_NAME: &str = "demo.scap (built in)";

/// The capture as rules will read it: streamed once, or with `--loop N` (N > 1) read into
/// memory and read N times over as one stream of N sections
/// (`CaptureReader::open_repeated`: no pass reopens or parses the capture again).
/// `--print` reads it once.
fn open_capture(
    args: &ReplayArgs,
    inner: Box<dyn Read>,
) -> Result<CaptureReader<Box<dyn Read>>, ScapError> {
    if args.passes > 1 && args.print.is_none() {
        CaptureReader::open_repeated(inner, args.passes)
    } else {
        CaptureReader::open(inner)
    }
}

fn replay_reader(
    args: &ReplayArgs,
    opts: &FalcoOptions,
    reader: &mut CaptureReader<impl Read>,
    name: &str,
) -> ExitCode {
    if let Some(format) = &args.print {
        return print_events(
            reader,
            format,
            args.filter.as_deref(),
            args.engine.as_deref(),
        );
    }
    run_rules(args, opts, reader, name)
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("falcoc: {msg}");
    ExitCode::from(2)
}

fn run_rules(
    args: &ReplayArgs,
    opts: &FalcoOptions,
    reader: &mut CaptureReader<impl Read>,
    name: &str,
) -> ExitCode {
    let limits = falcoc_compiler::limits::Limits::default();
    let sources = match rules_or_default(&args.rules, &limits) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {}", e.message);
            return ExitCode::from(1);
        }
    };
    let (ruleset, diagnostics) = load(&sources).into_ruleset();
    let Some(ruleset) = ruleset else {
        eprint!("{}", render_human::render_all(&sources, &diagnostics));
        return ExitCode::from(1);
    };
    let backend = match crate::engines::backend(args.engine.as_deref()) {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let options = EngineOptions {
        rule_matching: if opts.match_all == Some(true) {
            RuleMatching::All
        } else {
            RuleMatching::First
        },
        min_priority: opts.min_priority.unwrap_or(Priority::Debug),
    };
    let engine = match Engine::with_backend(ruleset, options, backend) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(1);
        }
    };
    let formatter = match alert_formatter(&args.extra_fields, opts) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let json = args.json || opts.json_output == Some(true);
    let workers = args
        .cpus
        .or(opts.workers)
        .unwrap_or_else(falcoc_runtime::parallel::default_workers);
    if workers > 1 {
        let parallel = crate::replay_parallel::ParallelReplay {
            workers,
            engine: &engine,
            formatter,
            json,
            name,
        };
        return parallel.run(reader);
    }
    let summary = Summary::start();
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let sink = AlertWriter::new(out, formatter.clone(), json);
    let mut session = Session::new(Rules::new(&engine, formatter, sink));
    // `--loop N`: the reader delivers every pass, each a section that reseeds the state.
    let result = session.run(reader).map(|_| ());
    let stats = session.stats();
    let mut rules = session.into_handler();
    let flushed = match result {
        // An alert that cannot be written is never lost silently.
        Err(RunError::Handler(e)) => return crate::output::write_failed(&e),
        Err(RunError::Source(e)) => rules.sink_mut().flush().map(|()| Err(e)),
        Ok(()) => rules.sink_mut().flush().map(Ok),
    };
    let result = match flushed {
        Ok(r) => r,
        Err(e) => return crate::output::write_failed(&e),
    };
    eprintln!("{}", summary.line(stats.captured, &rules.counts()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {name}: {e}");
            ExitCode::from(1)
        }
    }
}

/// The alert formatter for Falco's output options and `--extra-field`s (also used by `run`).
pub(crate) fn alert_formatter(
    extra_fields: &[String],
    opts: &FalcoOptions,
) -> Result<AlertFormatter, String> {
    let mut options = OutputOptions {
        hostname: hostname(),
        ..OutputOptions::default()
    };
    set(&mut options.time_format_iso_8601, opts.time_format_iso_8601);
    set(
        &mut options.json_include_output_property,
        opts.json_include_output_property,
    );
    set(
        &mut options.json_include_tags_property,
        opts.json_include_tags_property,
    );
    set(
        &mut options.json_include_message_property,
        opts.json_include_message_property,
    );
    set(
        &mut options.json_include_output_fields_property,
        opts.json_include_output_fields_property,
    );
    for f in extra_fields {
        let extra = match f.split_once('=') {
            Some((key, format)) => compile_format(format)
                .map(|compiled| ExtraField::format(key, compiled))
                .map_err(|e| e.message),
            None => compile_format(&format!("%{f}"))
                .map_err(|e| e.message)
                .and_then(|compiled| ExtraField::field(f, compiled)),
        };
        options
            .extra_fields
            .push(extra.map_err(|e| format!("--extra-field {f}: {e}"))?);
    }
    Ok(AlertFormatter::new(options))
}

fn set(slot: &mut bool, value: Option<bool>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// The machine's host name, as Falco puts it in alerts.
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "localhost".to_string())
}
