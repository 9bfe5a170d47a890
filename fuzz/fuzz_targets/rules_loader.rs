//! Fuzz target: arbitrary bytes (read as UTF-8, lossily) loaded as a rules file never
//! panic; every label lies inside its file on character boundaries; all three renderers
//! (human, Falco JSON, GitHub annotations) accept the result. Inputs starting with a
//! `\0` byte are split at the next `\0` into two files, so overrides across files are
//! fuzzed too.

#![no_main]

use falcoc_compiler::diagnostic::{render_github, render_human, render_json};
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut sources = Sources::new();
    match text.strip_prefix('\0').and_then(|t| t.split_once('\0')) {
        Some((first, second)) => {
            sources.add("first.yaml", first);
            sources.add("second.yaml", second);
        }
        None => {
            sources.add("rules.yaml", text.as_ref());
        }
    }
    let result = load(&sources);
    for d in &result.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            assert!(label.file < sources.len());
            let file = &sources.get(label.file).text;
            let r = &label.range;
            assert!(r.start <= r.end && r.end <= file.len(), "{d:?}");
            assert!(
                file.is_char_boundary(r.start) && file.is_char_boundary(r.end),
                "{d:?}"
            );
        }
        for loc in &d.locations {
            assert!(loc.offset <= sources.get(loc.file).text.len(), "{d:?}");
        }
    }
    let _ = render_human::render_all(&sources, &result.diagnostics);
    let _ = render_json::render(&sources, &result.diagnostics);
    let _ = render_github::render_all(&sources, &result.diagnostics);
});
