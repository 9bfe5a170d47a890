//! The `falcoc` command line.

fn main() {
    eprintln!("falcoc: not built yet");
    std::process::exit(2);
}
