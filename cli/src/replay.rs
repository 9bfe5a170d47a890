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
use falcoc_runtime::{CaptureReader, Inspector};
use std::io::Write;
use std::process::ExitCode;

#[derive(Args, Debug)]
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
    /// How rule conditions run: `jit` (native code, the default) or `interp`.
    #[arg(long, value_name = "ENGINE", default_value = "jit")]
    engine: crate::engine_choice::EngineChoice,
    /// Replay the capture N times, state reset between passes (the summary counts all).
    #[arg(long = "loop", value_name = "N", default_value_t = 1)]
    passes: u64,
}

pub fn run(args: &ReplayArgs) -> ExitCode {
    let opts = match parse_options(&args.options) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    for key in &opts.ignored {
        eprintln!("falcoc: ignoring unsupported option `{key}`");
    }
    let path = args.capture.clone().or_else(|| opts.capture_file.clone());
    let name = path
        .clone()
        .unwrap_or_else(|| DEMO_CAPTURE_NAME.to_string());
    let mut open = || -> Result<CaptureReader<Box<dyn std::io::Read>>, String> {
        let inner: Box<dyn std::io::Read> = match &path {
            Some(p) => Box::new(std::fs::File::open(p).map_err(|e| e.to_string())?),
            None => Box::new(std::io::Cursor::new(DEMO_CAPTURE)),
        };
        CaptureReader::open(inner).map_err(|e| e.to_string())
    };
    match open() {
        Ok(mut reader) => {
            if let Some(format) = &args.print {
                return print_events(&mut reader, format, args.filter.as_deref());
            }
            run_rules(args, &opts, reader, &mut open, &name)
        }
        Err(e) => {
            eprintln!("Error: {name}: {e}");
            ExitCode::from(1)
        }
    }
}

/// The bundled demo capture (made by `cargo run -p xtask -- gen-demo-capture`).
const DEMO_CAPTURE: &[u8] = include_bytes!("../../rules/demo.scap");
const DEMO_CAPTURE_NAME: &str = "demo.scap (built in)";

fn usage(msg: &str) -> ExitCode {
    eprintln!("falcoc: {msg}");
    ExitCode::from(2)
}

type Reopen<'a> = dyn FnMut() -> Result<CaptureReader<Box<dyn std::io::Read>>, String> + 'a;

fn run_rules(
    args: &ReplayArgs,
    opts: &FalcoOptions,
    first: CaptureReader<Box<dyn std::io::Read>>,
    reopen: &mut Reopen<'_>,
    name: &str,
) -> ExitCode {
    let sources = match rules_or_default(&args.rules) {
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
    let options = EngineOptions {
        rule_matching: if opts.match_all == Some(true) {
            RuleMatching::All
        } else {
            RuleMatching::First
        },
        min_priority: opts.min_priority.unwrap_or(Priority::Debug),
    };
    let engine = match Engine::with_backend(ruleset, options, args.engine.backend()) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(1);
        }
    };
    let formatter = match alert_formatter(args, opts) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let json = args.json || opts.json_output == Some(true);
    let mut frame = engine.frame();
    let mut matched = Vec::new();
    let mut summary = Summary::start();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut next = Some(first);
    let mut result = Ok(());
    for pass in 0..args.passes.max(1) {
        let mut reader = match next.take() {
            Some(r) => r,
            None => match reopen() {
                Ok(r) => r,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            },
        };
        let _ = pass;
        // A fresh inspector per pass: state is reset between passes.
        let mut inspector = Inspector::new(reader.tables());
        let pass_result = loop {
            let ev = match reader.next_event() {
                Ok(Some(ev)) => ev,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e.to_string()),
            };
            summary.events += 1;
            inspector.process(&ev);
            let mut src = inspector.source(&ev);
            engine.matches_event(&mut frame, src, &mut matched);
            for &idx in &matched {
                let Some(rule) = engine.rule(idx) else {
                    continue;
                };
                let alert = formatter.alert(rule, &mut src);
                summary.alert(rule.priority);
                let line = if json {
                    formatter.json(&alert)
                } else {
                    formatter.text(&alert)
                };
                if writeln!(out, "{line}").is_err() {
                    return ExitCode::from(1);
                }
            }
        };
        if pass_result.is_err() {
            result = pass_result;
            break;
        }
    }
    let _ = out.flush();
    eprintln!("{}", summary.line());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {name}: {e}");
            ExitCode::from(1)
        }
    }
}

fn alert_formatter(args: &ReplayArgs, opts: &FalcoOptions) -> Result<AlertFormatter, String> {
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
    for f in &args.extra_fields {
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
