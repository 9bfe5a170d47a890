//! Fuzz target: arbitrary bytes loaded as a rules file (decoded as Falco reads them: BOM,
//! invalid UTF-8 and NUL bytes included) never panic; every label lies inside its file
//! on character boundaries; all four renderers (human, Falco JSON and text, GitHub
//! annotations) accept the result. Inputs starting with a `\0` byte are split at the
//! next `\0` into two files, so overrides across files are fuzzed too. Run it with
//! memory and time limits (`-rss_limit_mb`, `-timeout`): the load limits must keep every
//! input within them.

#![no_main]

use falcoc_compiler::diagnostic::{render_falco_text, render_github, render_human, render_json};
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    let split = data.strip_prefix(b"\0").and_then(|rest| {
        let at = rest.iter().position(|&b| b == 0)?;
        Some((&rest[..at], &rest[at + 1..]))
    });
    match split {
        Some((first, second)) => {
            sources.add_bytes("first.yaml", first.to_vec());
            sources.add_bytes("second.yaml", second.to_vec());
        }
        None => {
            sources.add_bytes("rules.yaml", data.to_vec());
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
    let (diags, schema) = (&result.diagnostics, &result.schema);
    let _ = render_json::render(&sources, diags, schema);
    let _ = render_json::render_with(&sources, diags, schema, render_json::Positions::Falco);
    let _ = render_github::render_all(&sources, diags);
    let _ = render_falco_text::render(&sources, diags, schema);
});
