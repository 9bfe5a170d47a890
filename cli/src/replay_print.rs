//! `replay --print FORMAT [--filter CONDITION]`: print events of a capture, like
//! `sysdig -r CAPTURE -p FORMAT CONDITION` (a leading `*` is accepted; missing values
//! print as `<NA>`).

use falcoc_compiler::diagnostic::render_human;
use falcoc_compiler::filter::compile_filter;
use falcoc_compiler::output_format::compile_format;
use falcoc_compiler::source::Sources;
use falcoc_runtime::eval::Program;
use falcoc_runtime::output::{Rendered, Renderer, TimeZone};
use falcoc_runtime::predicate::backend::Backend;
use falcoc_runtime::{CaptureReader, Inspector};
use std::io::Write;
use std::process::ExitCode;

pub fn print_events(
    reader: &mut CaptureReader<impl std::io::Read>,
    format: &str,
    filter: Option<&str>,
    engine: Option<&str>,
) -> ExitCode {
    let backend = match crate::engines::backend(engine) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("falcoc: {e}");
            return ExitCode::from(2);
        }
    };
    let fmt = match compile_format(format) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("falcoc: invalid --print format: {}", e.message);
            return ExitCode::from(2);
        }
    };
    let filter = match filter.map(|f| compile(f, backend)) {
        Some(Ok(f)) => Some(f),
        Some(Err(code)) => return code,
        None => None,
    };
    let renderer = Renderer {
        time_zone: TimeZone::Local,
    };
    let mut inspector = Inspector::new(reader.tables());
    let mut frame = filter.as_ref().map(|(p, _)| p.frame());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    loop {
        let ev = match reader.next_event() {
            Ok(Some(ev)) => ev,
            Ok(None) => break,
            Err(e) => {
                if let Err(w) = out.flush() {
                    return crate::output::write_failed(&w);
                }
                eprintln!("Error: {e}");
                return ExitCode::from(1);
            }
        };
        inspector.process(&ev);
        let mut src = inspector.source(&ev);
        if let (Some((program, codes)), Some(frame)) = (&filter, frame.as_mut()) {
            if !codes.contains(ev.code()) || !program.eval_event(frame, src) {
                continue;
            }
        }
        let mut r = Rendered::default();
        renderer.render(&fmt, &mut src, Some(ev.ts()), &mut r);
        if let Err(e) = writeln!(out, "{}", r.text) {
            return crate::output::write_failed(&e);
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::output::write_failed(&e),
    }
}

pub(crate) type CompiledFilter = (Program, falcoc_compiler::catalog::events::EventSet);

/// Compiles a `--filter` condition for `backend`, printing its diagnostics on failure.
pub(crate) fn compile(text: &str, backend: &dyn Backend) -> Result<CompiledFilter, ExitCode> {
    let mut sources = Sources::new();
    match compile_filter(&mut sources, text) {
        Ok(f) => match Program::with_backend(&f.expr, backend) {
            Ok(p) => Ok((p, f.event_codes)),
            Err(e) => {
                eprintln!("Error: {e}");
                Err(ExitCode::from(1))
            }
        },
        Err(d) => {
            eprint!("{}", render_human::render_all(&sources, &[*d]));
            Err(ExitCode::from(2))
        }
    }
}
