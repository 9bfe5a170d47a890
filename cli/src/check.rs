//! `falcoc check`: offline validation for CI, with human, Falco JSON and GitHub output,
//! and `falcoc -V FILE` with Falco's own text and JSON.

use crate::output::print;
use clap::{Args, ValueEnum};
use falcoc_compiler::diagnostic::{render_falco_text, render_github, render_human, render_json};
use falcoc_compiler::limits::{Limits, LIMIT_NAMES};
use falcoc_compiler::load::{load_with, LoadResult};
use std::process::ExitCode;

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
    /// Falco's `-V` text (`FILE: Ok` / `FILE: Invalid` and its error lines).
    FalcoText,
}

#[derive(Args, Debug, Default)]
pub struct CheckArgs {
    /// Rules files or folders, loaded in order (later files override earlier ones), as
    /// positional arguments or with `-r`. Without any, the built-in rules are checked.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// A rules file or a folder of them (loaded in name order), like Falco's `-r`.
    #[arg(short = 'r', long = "rules", value_name = "FILE")]
    rules: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Treat warnings as errors (exit code 1 when there is any warning).
    #[arg(long)]
    strict: bool,
    /// Print the expanded, typed condition of a rule (`--emit ir RULE`).
    #[arg(long, num_args = 2, value_names = ["WHAT", "RULE"])]
    emit: Vec<String>,
    /// Raise or lower a safety limit (`NAME=N`; names: file_bytes, items, yaml_aliases,
    /// yaml_alias_nodes, expansion_nodes, total_expansion_nodes).
    #[arg(long = "limit", value_name = "NAME=N")]
    limits: Vec<String>,
    /// Falco configuration overrides (`key=value`; `json_output=true` selects JSON).
    #[arg(short = 'o', value_name = "KEY=VALUE")]
    options: Vec<String>,
    /// Run as `falco -V`: an unreadable file is a plain error line, as in Falco.
    #[arg(skip)]
    validate: bool,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let limits = match parse_limits(&args.limits) {
        Ok(l) => l,
        Err(e) => return usage(&e),
    };
    let mut format = args.format;
    match crate::falco_options::parse_options(&args.options) {
        Ok(o) => {
            crate::falco_options::warn_ignored(&o);
            if o.json_output == Some(true) && format == Format::Human {
                format = Format::Json;
            }
        }
        Err(e) => return usage(&e),
    }
    let paths: Vec<String> = args.rules.iter().chain(&args.files).cloned().collect();
    let sources = match crate::rules_input::rules_or_default(&paths, &limits) {
        Ok(s) => s,
        Err(e) if format == Format::Json && !args.validate => {
            // Every error of `--format json` is JSON, an unreadable file included.
            return match print(&json_text(&unreadable(&e))) {
                Ok(()) => ExitCode::from(1),
                Err(code) => code,
            };
        }
        Err(e) => {
            eprintln!("Error: {}", e.message);
            return ExitCode::from(1);
        }
    };
    let result = load_with(&sources, &limits);
    // `-V` prints Falco's own condition positions; `check` the exact spot.
    let positions = if args.validate {
        render_json::Positions::Falco
    } else {
        render_json::Positions::Exact
    };
    let d = &result.diagnostics;
    let printed = match format {
        Format::Human => print(&render_human::render_all(&sources, d)),
        Format::Json => print(&json_text(&render_json::render_with(
            &sources,
            d,
            &result.schema,
            positions,
        ))),
        Format::Github => print(&render_github::render_all(&sources, d)),
        Format::FalcoText => print(&render_falco_text::render(&sources, d, &result.schema)),
    };
    if let Err(code) = printed {
        return code;
    }
    if let [what, rule] = args.emit.as_slice() {
        match emit(what, rule, &result) {
            Ok(text) => {
                if let Err(code) = print(&text) {
                    return code;
                }
            }
            Err(e) => {
                eprintln!("falcoc: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let warnings = result.diagnostics.iter().any(|d| !d.is_error());
    if result.has_errors() || (args.strict && warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("falcoc: {msg}");
    ExitCode::from(2)
}

/// The `-V` JSON as Falco prints it: indented by four spaces, keys sorted.
fn json_text(v: &serde_json::Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    let _ = serde::Serialize::serialize(v, &mut ser);
    let mut text = String::from_utf8(buf).unwrap_or_default();
    text.push('\n');
    text
}

/// The load result of a file that could not be read (`LOAD_ERR_FILE_READ`).
fn unreadable(e: &crate::rules_input::ReadError) -> serde_json::Value {
    use falcoc_compiler::diagnostic::{Code, Diagnostic, Location};
    let mut sources = falcoc_compiler::source::Sources::new();
    sources.add(e.path.clone(), "");
    let d = Diagnostic::new(Code::ErrFileRead, e.message.clone())
        .with_locations(vec![Location::new("rules content", "", 0, 0)]);
    render_json::render(&sources, &[d], &[])
}

/// `--limit NAME=N` values over the defaults.
fn parse_limits(given: &[String]) -> Result<Limits, String> {
    let mut limits = Limits::default();
    for l in given {
        let (name, value) = l
            .split_once('=')
            .ok_or_else(|| format!("--limit `{l}` is not of the form NAME=N"))?;
        let value: u64 = value
            .trim()
            .parse()
            .map_err(|_| format!("--limit `{l}`: `{value}` is not a number"))?;
        if !limits.set(name.trim(), value) {
            return Err(format!(
                "unknown limit `{name}` (known: {})",
                LIMIT_NAMES.join(", ")
            ));
        }
    }
    Ok(limits)
}

/// `--emit ir RULE`, `--emit clif RULE`.
fn emit(what: &str, rule: &str, result: &LoadResult) -> Result<String, String> {
    let rules = result
        .rules()
        .ok_or_else(|| "no IR: the rules have errors".to_string())?;
    let r = rules
        .iter()
        .find(|r| r.name == rule)
        .ok_or_else(|| format!("no compiled rule named `{rule}`"))?;
    match what {
        "ir" => Ok(format!(
            "{}\n",
            falcoc_compiler::ir::display::render_rule(r)
        )),
        "clif" => clif(&r.condition),
        other => Err(format!(
            "unknown --emit kind `{other}` (expected `ir` or `clif`)"
        )),
    }
}

/// `--emit clif RULE`: the Cranelift IR the JIT generates for the rule's condition.
fn clif(condition: &falcoc_compiler::ir::Expr) -> Result<String, String> {
    use falcoc_runtime::predicate::lowered::{lower_expr, CondId};
    let program = lower_expr(condition).map_err(|e| e.to_string())?;
    falcoc_codegen::emit_clif(&program, CondId(0)).map_err(|e| e.to_string())
}

/// `falcoc -V FILE...`: Falco's validation flag, with Falco's text (or its JSON with
/// `-o json_output=true`).
pub fn run_validate(files: &[String], options: &[String]) -> ExitCode {
    let json = match crate::falco_options::parse_options(options) {
        Ok(o) => o.json_output.unwrap_or(false),
        Err(e) => return usage(&e),
    };
    let args = CheckArgs {
        files: files.to_vec(),
        format: if json {
            Format::Json
        } else {
            Format::FalcoText
        },
        options: options.to_vec(),
        validate: true,
        ..CheckArgs::default()
    };
    run(&args)
}
