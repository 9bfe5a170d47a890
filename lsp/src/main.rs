//! `falcoc-lsp`: the language server for Falco rules files, over stdio.
//!
//! Editors start it as `falcoc-lsp` or `falcoc-lsp --stdio`; both speak LSP on stdin/stdout.

use std::process::ExitCode;

const USAGE: &str = "usage: falcoc-lsp [--stdio]\n\nthe language server for Falco rules files; speaks LSP over stdin and stdout";

fn main() -> ExitCode {
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--stdio" => {}
            "--version" | "-V" => {
                println!("falcoc-lsp {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("falcoc-lsp: unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (connection, io_threads) = falcoc_lsp::transport::stdio();
    let result = falcoc_lsp::run(connection);
    let joined = io_threads.join();
    // A broken input stream is the root cause of a disconnected server: report it first.
    match (joined, result) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(e), _) => {
            eprintln!("falcoc-lsp: input: {e}");
            ExitCode::FAILURE
        }
        (Ok(()), Err(e)) => {
            eprintln!("falcoc-lsp: {e}");
            ExitCode::FAILURE
        }
    }
}
