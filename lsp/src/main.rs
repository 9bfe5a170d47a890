//! `falcoc-lsp`: the language server for Falco rules files, over stdio.

fn main() {
    eprintln!("falcoc-lsp: not built yet");
    std::process::exit(2);
}
