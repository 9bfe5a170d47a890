//! The upstream falcosecurity/rules files load exactly as Falco loads them: alone and all
//! three together, with zero errors and Falco's warnings (none: real Falco 0.44.1 validates
//! falco_rules.yaml with zero errors and zero warnings, spec/examples/README.md).

use falcoc_compiler::diagnostic::Diagnostic;
use falcoc_compiler::load::{load, load_for_editor, LoadResult};
use falcoc_compiler::source::Sources;
use std::path::PathBuf;

const FILES: [&str; 3] = [
    "falco_rules.yaml",
    "falco-incubating_rules.yaml",
    "falco-sandbox_rules.yaml",
];

fn rules_dir() -> Option<PathBuf> {
    Some(falcoc_testkit::shared()?.join("corpus/rules"))
}

fn load_files(names: &[&str]) -> Option<LoadResult> {
    load_files_by(names, load)
}

/// [`load_files`] through `loader` (e.g. the editor load, which fills the editor facts).
fn load_files_by(names: &[&str], loader: fn(&Sources) -> LoadResult) -> Option<LoadResult> {
    let dir = rules_dir()?;
    let mut sources = Sources::new();
    for n in names {
        sources.add(*n, std::fs::read_to_string(dir.join(n)).expect("readable"));
    }
    Some(loader(&sources))
}

fn describe(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect()
}

#[test]
fn each_file_alone_loads_without_errors_or_warnings() {
    for (file, rules) in FILES.iter().zip([25, 31, 37]) {
        let Some(result) = load_files(&[file]) else {
            return;
        };
        assert_eq!(
            describe(&result.diagnostics),
            Vec::<String>::new(),
            "{file}"
        );
        assert_eq!(result.rules().map(<[_]>::len), Some(rules), "{file}");
    }
}

#[test]
fn all_three_together_load_in_order() {
    let Some(result) = load_files(&FILES) else {
        return;
    };
    assert_eq!(describe(&result.diagnostics), Vec::<String>::new());
    assert_eq!(
        result.rules().map(<[_]>::len),
        Some(93),
        "no rule name clashes across the three files"
    );
    assert_eq!(
        result
            .rules()
            .unwrap_or_default()
            .iter()
            .filter(|r| !r.enabled)
            .count(),
        12
    );
}

/// Event-code set sizes of spec §5: every upstream rule is restricted, and the largest sets
/// are those of the named rules.
#[test]
fn event_code_sets_match_falco() {
    let Some(result) = load_files(&FILES) else {
        return;
    };
    let size = |name: &str| {
        result
            .rules()
            .unwrap_or_default()
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.event_codes.len())
            .unwrap_or_else(|| panic!("rule {name} compiled"))
    };
    assert_eq!(size("Run shell untrusted"), 18);
    assert_eq!(size("Schedule Cron Jobs"), 26);
    assert_eq!(size("Create Hidden Files or Directories"), 32);
    for r in result.rules().unwrap_or_default() {
        let n = r.event_codes.len();
        assert!((2..=32).contains(&n), "{} has {n} codes", r.name);
    }
}

/// Every macro expands to a tree free of macro references, and the rules' outputs compile.
#[test]
fn macros_expand_and_outputs_compile() {
    let Some(result) = load_files_by(&FILES, load_for_editor) else {
        return;
    };
    assert!(result.macro_expansions.len() >= 315);
    assert!(result
        .rules()
        .is_some_and(|rules| rules.iter().all(|r| !r.output.segments.is_empty())));
    let never_true = &result.macro_expansions["never_true"];
    assert_eq!(never_true, "evt.num = 0");
}
