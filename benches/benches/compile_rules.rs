//! Time to compile rules to native code: lowering plus the Cranelift JIT of every rule
//! (one function per condition and one fused function per event-code group), for
//! `falco_rules.yaml` alone and for all three upstream files, loading (YAML, type
//! checking) excluded. The interpreter's preparation (lowering only) is measured beside
//! it for reference.
//!
//!     FALCOC_SHARED=/work/shared cargo bench -p falcoc-benches --bench compile_rules

use criterion::{criterion_group, criterion_main, Criterion};
use falcoc_benches::{backends, upstream_rules};
use falcoc_compiler::ir::RuleSet;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{Engine, EngineOptions};

fn ruleset(files: &[(String, String)]) -> Option<RuleSet> {
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name.clone(), text.clone());
    }
    load(&sources).into_ruleset().0
}

fn bench_compile(c: &mut Criterion) {
    let Some(files) = upstream_rules() else {
        return;
    };
    let sets = [
        ("falco_rules", ruleset(&files[..1])),
        ("all_three", ruleset(&files)),
    ];
    let mut group = c.benchmark_group("compile_rules");
    group.sample_size(20);
    for (name, rules) in sets {
        let Some(rules) = rules else {
            eprintln!("skipped: {name} does not load");
            continue;
        };
        for backend in backends() {
            group.bench_function(format!("{name}/{}", backend.name()), |b| {
                b.iter_batched(
                    || rules.clone(),
                    |rules| {
                        Engine::with_backend(rules, EngineOptions::default(), backend)
                            .map(|e| e.rules().len())
                            .unwrap_or(0)
                    },
                    criterion::BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_compile);
criterion_main!(benches);
