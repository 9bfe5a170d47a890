//! `cargo run -p xtask -- <command>`: generators for the committed, generated parts of the
//! catalogue. Builds never run these; they rewrite source files that are checked in.
//!
//! Commands:
//! - `gen-events [event-table.tsv]`: `catalog/src/events/table.rs`, `kinds.rs` and
//!   `param_names.rs`
//! - `gen-syscalls [ppm-sc.tsv]`: `catalog/src/events/syscalls.rs`
//! - `gen-field-ids`: `catalog/src/fields/ids.rs` (and new fields appended to `ids.txt`)
//! - `gen-fields-doc`: `docs/fields.md` from the field catalogue
//! - `gen-demo-capture [OUT]`: `rules/demo.scap`, the bundled demo capture

mod gen_demo_capture;
mod gen_events;
mod gen_field_ids;
mod gen_param_names;
mod gen_syscalls;
mod tsv;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn default_spec(file: &str) -> PathBuf {
    workspace_root().join("../shared/spec").join(file)
}

fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let input = |file: &str| {
        args.get(1)
            .map(PathBuf::from)
            .unwrap_or_else(|| default_spec(file))
    };
    match args.first().map(String::as_str) {
        Some("gen-events") => {
            let dir = root.join("catalog/src/events");
            gen_events::generate(&input("event-table.tsv"), &dir)
        }
        Some("gen-syscalls") => {
            let out = root.join("catalog/src/events/syscalls.rs");
            gen_syscalls::generate(&input("ppm-sc.tsv"), &out)
        }
        Some("gen-field-ids") => {
            let dir = root.join("catalog/src/fields");
            gen_field_ids::generate(&dir.join("ids.txt"), &dir.join("ids.rs"))
        }
        Some("gen-fields-doc") => {
            let out = root.join("docs/fields.md");
            let text = falcoc_compiler::catalog::fields::doc::render_markdown();
            std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))
        }
        Some("gen-demo-capture") => {
            let out = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("rules/demo.scap"));
            gen_demo_capture::generate(&out)
        }
        _ => Err(
            "usage: xtask gen-events [TSV] | gen-syscalls [TSV] | gen-field-ids | gen-fields-doc | gen-demo-capture [OUT]"
                .into(),
        ),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
