//! Load + check of the upstream rules files (`../shared/corpus/rules`): the three files
//! together, as Falco loads them, and each alone. Skipped with a message when the corpus
//! is absent.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use falcoc_benches::upstream_rules;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use std::hint::black_box;

fn sources_of(files: &[(String, String)]) -> Sources {
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(name.clone(), text.clone());
    }
    sources
}

fn bench_load(c: &mut Criterion) {
    let Some(files) = upstream_rules() else {
        return;
    };
    let mut group = c.benchmark_group("load_rules");
    let all = sources_of(&files);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("all_three", |b| {
        b.iter(|| {
            let result = load(black_box(&all));
            assert!(!result.has_errors());
            result.rules.len()
        })
    });
    for file in &files {
        let one = sources_of(std::slice::from_ref(file));
        group.throughput(Throughput::Bytes(file.1.len() as u64));
        group.bench_function(file.0.trim_end_matches(".yaml"), |b| {
            b.iter(|| load(black_box(&one)).rules.len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
