//! `falcoc fields`: the field catalogue, as text or JSON (a closed pipe ends it quietly).

use clap::Args;
use falcoc_compiler::catalog::fields::all_fields;
use serde_json::json;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct FieldsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Only fields whose name starts with this prefix (e.g. `proc.`).
    #[arg(long)]
    prefix: Option<String>,
}

pub fn run(args: &FieldsArgs) -> ExitCode {
    let fields = all_fields()
        .iter()
        .filter(|f| args.prefix.as_deref().is_none_or(|p| f.name.starts_with(p)));
    if args.json {
        let list: Vec<_> = fields
            .map(|f| {
                json!({
                    "name": f.name,
                    "type": f.ftype.type_name(),
                    "class": f.class.name(),
                    "arg": f.arg.describe(),
                    "is_list": f.is_list(),
                    "flags": f.flags.names(),
                    "desc": f.desc,
                })
            })
            .collect();
        let text = format!("{}\n", serde_json::Value::Array(list));
        return done(crate::output::print(&text));
    }
    done(crate::output::with_stdout(|out| {
        for f in fields {
            writeln!(out, "{:<36} {:<10} {}", f.name, f.ftype.type_name(), f.desc)?;
        }
        Ok(())
    }))
}

fn done(written: Result<(), ExitCode>) -> ExitCode {
    written.err().unwrap_or(ExitCode::SUCCESS)
}
