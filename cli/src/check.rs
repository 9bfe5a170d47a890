//! `falcoc check`: offline validation for CI, with human, Falco JSON and GitHub output.

use clap::{Args, ValueEnum};
use falcoc_compiler::diagnostic::{render_github, render_human, render_json};
use falcoc_compiler::load::load;
use std::process::ExitCode;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Rules files, loaded in order (later files override earlier ones). Without any, the
    /// built-in default rules are checked.
    #[arg(short = 'r', long = "rules", value_name = "FILE")]
    rules: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Treat warnings as errors (exit code 1 when there is any warning).
    #[arg(long)]
    strict: bool,
    /// Print the expanded, typed condition of a rule (`--emit ir RULE`) or its generated
    /// Cranelift IR (`--emit clif RULE`).
    #[arg(long, num_args = 2, value_names = ["WHAT", "RULE"])]
    emit: Vec<String>,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let sources = match crate::rules_input::rules_or_default(&args.rules) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(1);
        }
    };
    let result = load(&sources);
    match args.format {
        Format::Human => print!(
            "{}",
            render_human::render_all(&sources, &result.diagnostics)
        ),
        Format::Json => println!("{}", render_json::render(&sources, &result.diagnostics)),
        Format::Github => print!(
            "{}",
            render_github::render_all(&sources, &result.diagnostics)
        ),
    }
    if let [what, rule] = args.emit.as_slice() {
        if let Err(e) = crate::check::emit(what, rule, &result) {
            eprintln!("falcoc: {e}");
            return ExitCode::from(2);
        }
    }
    let warnings = result.diagnostics.iter().any(|d| !d.is_error());
    if result.has_errors() || (args.strict && warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--emit ir RULE` / `--emit condition RULE`.
fn emit(what: &str, rule: &str, result: &falcoc_compiler::load::LoadResult) -> Result<(), String> {
    let r = result
        .rules
        .iter()
        .find(|r| r.name == rule)
        .ok_or_else(|| format!("no compiled rule named `{rule}`"))?;
    match what {
        "ir" => println!("{}", falcoc_compiler::ir::display::render_rule(r)),
        "clif" => {
            let program =
                falcoc_predicate::lowered::lower_expr(&r.condition).map_err(|e| e.to_string())?;
            let clif = falcoc_codegen::emit_clif(&program, falcoc_predicate::lowered::CondId(0))
                .map_err(|e| e.to_string())?;
            print!("{clif}");
        }
        other => {
            return Err(format!(
                "unknown --emit kind `{other}` (expected `ir` or `clif`)"
            ))
        }
    }
    Ok(())
}

/// `falcoc -V FILE...`: Falco's validation flag.
pub fn run_validate(files: &[String], options: &[String]) -> ExitCode {
    let json = match crate::falco_options::parse_options(options) {
        Ok(o) => o.json_output.unwrap_or(false),
        Err(e) => {
            eprintln!("falcoc: {e}");
            return ExitCode::from(2);
        }
    };
    let args = CheckArgs {
        rules: files.to_vec(),
        format: if json { Format::Json } else { Format::Human },
        strict: false,
        emit: Vec::new(),
    };
    run(&args)
}
