//! Standard output that never panics and never loses output silently.
//!
//! `print!` panics when stdout is a closed pipe (`falcoc check | head`) or a full disk. Here
//! every write is checked: a closed pipe ends the command quietly with 141 (128 + SIGPIPE,
//! what a shell reports for a program killed by the signal), any other write error is
//! reported on stderr and exits with 1.

use std::io::{self, Write};
use std::process::ExitCode;

/// The exit status after a closed pipe.
pub const BROKEN_PIPE_STATUS: u8 = 141;

/// Runs `f` on a buffered, locked stdout and flushes it.
pub fn with_stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    f(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| write_failed(&e))
}

/// Writes `text` to stdout.
pub fn print(text: &str) -> Result<(), ExitCode> {
    with_stdout(|out| out.write_all(text.as_bytes()))
}

/// The exit code for a failed write to stdout (reporting it unless the pipe closed).
pub fn write_failed(e: &io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::from(BROKEN_PIPE_STATUS);
    }
    eprintln!("falcoc: cannot write output: {e}");
    ExitCode::from(1)
}
