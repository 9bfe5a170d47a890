//! Events per second through the state (`Inspector::process`) and through state plus the
//! extraction of the fields rules use most: every capture of the corpus read from memory
//! many times over; the fastest of several runs is reported.
//!
//!     FALCOC_SHARED=/work/shared cargo bench -p falcoc-runtime --bench state_extract

use std::time::Instant;

use falcoc_compiler::catalog::fields::{resolve_field, ResolvedField};
use falcoc_runtime::field_value::FieldSource;
use falcoc_runtime::{CaptureReader, Inspector};

/// Passes over the corpus per run.
const PASSES: usize = 40;
const RUNS: usize = 5;

/// Fields the upstream rules use most (spec §4.1), with their argument forms.
const FIELDS: &[(&str, Option<&str>)] = &[
    ("proc.name", None),
    ("fd.name", None),
    ("proc.cmdline", None),
    ("proc.pname", None),
    ("evt.type", None),
    ("user.name", None),
    ("proc.aname", Some("2")),
    ("proc.aname", None),
    ("user.uid", None),
    ("proc.tty", None),
    ("user.loginuid", None),
    ("proc.exepath", None),
    ("container.id", None),
    ("proc.args", None),
    ("evt.arg.flags", None),
    ("proc.pcmdline", None),
    ("fd.directory", None),
    ("fd.typechar", None),
    ("evt.res", None),
    ("fd.sip", None),
];

/// One pass over the captures; returns the number of events.
fn pass(captures: &[Vec<u8>], fields: &[ResolvedField]) -> usize {
    let mut n = 0;
    for bytes in captures {
        let Ok(mut r) = CaptureReader::open(bytes.as_slice()) else {
            continue;
        };
        let mut insp = Inspector::new(r.tables());
        while let Ok(Some(ev)) = r.next_event() {
            insp.process(&ev);
            let mut src = insp.source(&ev);
            for f in fields {
                std::hint::black_box(src.extract(f));
            }
            n += 1;
        }
    }
    n
}

fn best(captures: &[Vec<u8>], fields: &[ResolvedField]) -> (usize, f64) {
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        events = (0..PASSES).map(|_| pass(captures, fields)).sum();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (events, best)
}

fn main() {
    let Some(dir) = falcoc_testkit::shared() else {
        return;
    };
    let mut captures = Vec::new();
    for e in std::fs::read_dir(dir.join("corpus/captures"))
        .into_iter()
        .flatten()
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "scap") {
            captures.extend(std::fs::read(e.path()));
        }
    }
    let fields: Vec<ResolvedField> = FIELDS
        .iter()
        .filter_map(|(n, a)| resolve_field(n, *a).ok())
        .collect();
    let (events, state_only) = best(&captures, &[]);
    println!(
        "state only: {events} events in {state_only:.3}s: {:.0} events/s",
        events as f64 / state_only
    );
    let (events, with_fields) = best(&captures, &fields);
    println!(
        "state + {} fields per event: {events} events in {with_fields:.3}s: {:.0} events/s, {:.0} ns per field",
        fields.len(),
        events as f64 / with_fields,
        (with_fields - state_only) * 1e9 / (events * fields.len()) as f64
    );
}
