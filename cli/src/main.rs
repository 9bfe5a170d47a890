//! The `falcoc` command line: `check`, `fields`, `replay`, and Falco's own `-V`/`-r`
//! spellings where they exist.

mod capture;
mod check;
mod engines;
mod falco_options;
mod fields;
mod live;
mod open_identity;
mod output;
mod replay;
mod replay_parallel;
mod replay_print;
mod replay_summary;
mod rules_input;
mod run;
mod run_drops;
mod run_parallel;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// A Falco-compatible rules engine: check rules offline, list fields, replay captures.
#[derive(Parser, Debug)]
#[command(name = "falcoc", version, about, disable_version_flag = true)]
struct Cli {
    /// Validate rules files like `falco -V FILE` (same as `falcoc check -r FILE`).
    #[arg(short = 'V', long = "validate", value_name = "FILE", global = false)]
    validate: Vec<String>,
    /// Falco-style `-o key=value` options (`json_output=true` selects JSON for `-V`;
    /// `engine.kind=replay` with `engine.replay.capture_file=X` replays a capture).
    #[arg(short = 'o', value_name = "KEY=VALUE")]
    options: Vec<String>,
    /// Rules files or folders, as Falco's `-r` (with `-o engine.kind=replay`).
    #[arg(short = 'r', value_name = "FILE")]
    rules: Vec<String>,
    /// Print the version.
    #[arg(long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Load and check rules files, as Falco would load them.
    Check(check::CheckArgs),
    /// List the fields usable in conditions and outputs.
    Fields(fields::FieldsArgs),
    /// Run rules over a .scap capture and print the alerts (or print its events).
    Replay(replay::ReplayArgs),
    /// Watch this machine's system calls live (eBPF) and print Falco's alerts.
    Run(run::RunArgs),
    /// Record this machine's system calls live into a .scap capture.
    Capture(capture::CaptureArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Fields(args)) => fields::run(&args),
        Some(Command::Replay(args)) => replay::run(&args),
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Capture(args)) => capture::run(&args),
        None if !cli.validate.is_empty() => check::run_validate(&cli.validate, &cli.options),
        None => falco_spelling(&cli),
    }
}

/// `falcoc -r RULES -o engine.kind=...`: what Falco does with the same arguments.
fn falco_spelling(cli: &Cli) -> ExitCode {
    let opts = match falco_options::parse_options(&cli.options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("falcoc: {e}");
            return ExitCode::from(2);
        }
    };
    match opts.engine_kind.as_deref() {
        Some("replay") => replay::run(&replay::ReplayArgs::from_falco(&cli.rules, &cli.options)),
        None if cli.rules.is_empty() && cli.options.is_empty() => {
            eprintln!("falcoc: no command given; try `falcoc --help`");
            ExitCode::from(2)
        }
        // Falco's default engine is `modern_ebpf`: live capture.
        None | Some("modern_ebpf") => run::run(&run::RunArgs::from_falco(&cli.rules, &cli.options)),
        Some(kind) => {
            eprintln!("falcoc: engine.kind `{kind}` is not supported; use `modern_ebpf` (live) or `replay` with `-o engine.replay.capture_file=FILE`");
            ExitCode::from(2)
        }
    }
}
