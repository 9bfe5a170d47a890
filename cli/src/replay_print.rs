//! `replay --print FORMAT [--filter CONDITION]`: print events of a capture, like
//! `sysdig -r CAPTURE -p FORMAT CONDITION` (a leading `*` is accepted; missing values
//! print as `<NA>`). Events that reach no rule (state-only events) are not printed.

use falcoc_compiler::diagnostic::render_human;
use falcoc_compiler::filter::compile_filter;
use falcoc_compiler::output_format::compile_format;
use falcoc_compiler::source::Sources;
use falcoc_runtime::eval::Program;
use falcoc_runtime::output::{Rendered, Renderer, TimeZone};
use falcoc_runtime::session::RunError;
use falcoc_runtime::{CaptureReader, Event, Session, Source};
use std::io::Write;
use std::process::ExitCode;

pub fn print_events(
    reader: &mut CaptureReader<impl std::io::Read>,
    format: &str,
    filter: Option<&str>,
) -> ExitCode {
    let fmt = match compile_format(format) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("falcoc: invalid --print format: {}", e.message);
            return ExitCode::from(2);
        }
    };
    let filter = match filter.map(compile) {
        Some(Ok(f)) => Some(f),
        Some(Err(code)) => return code,
        None => None,
    };
    let renderer = Renderer {
        time_zone: TimeZone::Local,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let print = |ev: &Event<'_>, src: &mut Source<'_, '_>| -> std::io::Result<()> {
        if let Some((program, codes)) = &filter {
            if !codes.contains(ev.code()) || !program.eval(src) {
                return Ok(());
            }
        }
        let mut r = Rendered::default();
        renderer.render(&fmt, src, Some(ev.ts()), &mut r);
        writeln!(out, "{}", r.text)
    };
    let result = Session::new(print).run(reader);
    let flushed = out.flush();
    match result {
        Err(RunError::Handler(e)) => crate::output::write_failed(&e),
        _ if flushed.is_err() => crate::output::write_failed(&flushed.unwrap_err()),
        Err(RunError::Source(e)) => {
            eprintln!("Error: {e}");
            ExitCode::from(1)
        }
        Ok(_) => ExitCode::SUCCESS,
    }
}

pub(crate) type CompiledFilter = (Program, falcoc_compiler::catalog::events::EventSet);

/// Compiles a `--filter` condition, printing its diagnostics on failure.
pub(crate) fn compile(text: &str) -> Result<CompiledFilter, ExitCode> {
    let mut sources = Sources::new();
    match compile_filter(&mut sources, text) {
        Ok(f) => Ok((Program::compile(&f.expr), f.event_codes)),
        Err(d) => {
            eprint!("{}", render_human::render_all(&sources, &[*d]));
            Err(ExitCode::from(2))
        }
    }
}
