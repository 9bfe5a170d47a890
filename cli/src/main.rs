//! The `falcoc` command line: `check`, `fields`, `replay`, and Falco's own `-V`/`-r`
//! spellings where they exist.

mod check;
mod engine_choice;
mod falco_options;
mod fields;
mod replay;
mod replay_print;
mod replay_summary;
mod rules_input;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// A Falco-compatible rules engine: check rules offline, list fields, replay captures.
#[derive(Parser, Debug)]
#[command(name = "falcoc", version, about, disable_version_flag = true)]
struct Cli {
    /// Validate rules files like `falco -V FILE` (same as `falcoc check -r FILE`).
    #[arg(short = 'V', long = "validate", value_name = "FILE", global = false)]
    validate: Vec<String>,
    /// Falco-style `-o key=value` options (`json_output=true` selects JSON for `-V`).
    #[arg(short = 'o', value_name = "KEY=VALUE")]
    options: Vec<String>,
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
        None if !cli.validate.is_empty() => check::run_validate(&cli.validate, &cli.options),
        None => {
            eprintln!("falcoc: no command given; try `falcoc --help`");
            ExitCode::from(2)
        }
    }
}
