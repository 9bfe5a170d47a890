//! Fuzz target: arbitrary bytes on the language server's stdin framing never panic or
//! allocate unboundedly; every frame either becomes a message, is skipped, or ends the
//! stream with an error.

#![no_main]

use falcoc_lsp::transport::read_messages;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (tx, rx) = crossbeam_channel::unbounded();
    let _ = read_messages(&mut &data[..], &tx);
    drop(tx);
    for _ in rx {}
});
