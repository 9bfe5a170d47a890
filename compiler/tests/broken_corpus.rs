//! The broken-rules corpus: every `tests/broken/NAME.yaml` (or the file group
//! `NAME.1.yaml`, `NAME.2.yaml`, … loaded in that order) is loaded and ALL of its
//! diagnostics are compared with `NAME.expect` beside it.
//!
//! Expectation format, one diagnostic per line, in report order:
//!
//! ```text
//! CODE LINE:COL message
//! ```
//!
//! `LINE:COL` is the 1-based line and 1-based byte column of the start of the primary label
//! (prefixed with `FILE:` in a multi-file group, `-` when there is no label). Lines starting
//! with `#` are comments: each expectation starts with one saying why Falco reports this.
//!
//! Set `FALCOC_BLESS=1` to write the current output as the expectation (review it by hand:
//! an expectation states what Falco would report, not what falcoc happens to print).

use falcoc_compiler::diagnostic::Diagnostic;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One corpus case: its name and its files in load order.
struct Case {
    name: String,
    files: Vec<PathBuf>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// Groups `NAME.yaml` and `NAME.N.yaml` files into cases, sorted by name.
fn cases() -> Vec<Case> {
    let mut groups: BTreeMap<String, Vec<(u32, PathBuf)>> = BTreeMap::new();
    let entries = std::fs::read_dir(corpus_dir()).expect("tests/broken exists");
    for path in entries.flatten().map(|e| e.path()) {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let Some(stem) = file.strip_suffix(".yaml") else {
            continue;
        };
        let (name, index) = match stem.rsplit_once('.') {
            Some((name, n)) if n.parse::<u32>().is_ok() => {
                (name.to_string(), n.parse().unwrap_or(0))
            }
            _ => (stem.to_string(), 0),
        };
        groups.entry(name).or_default().push((index, path));
    }
    groups
        .into_iter()
        .map(|(name, mut files)| {
            files.sort();
            Case {
                name,
                files: files.into_iter().map(|(_, p)| p).collect(),
            }
        })
        .collect()
}

/// `CODE LINE:COL message` for one diagnostic.
fn describe(sources: &Sources, multi: bool, d: &Diagnostic) -> String {
    let at = match &d.primary {
        Some(label) => {
            let file = sources.get(label.file);
            let (line, col) = file.line_col(label.range.start);
            if multi {
                format!("{}:{}:{}", file.name, line + 1, col + 1)
            } else {
                format!("{}:{}", line + 1, col + 1)
            }
        }
        None => "-".to_string(),
    };
    format!("{} {at} {}", d.code.as_str(), d.message)
}

/// Loads a case and describes every diagnostic.
fn run(case: &Case) -> Vec<String> {
    let mut sources = Sources::new();
    for path in &case.files {
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
        sources.add(name, text);
    }
    let result = load(&sources);
    let multi = case.files.len() > 1;
    result
        .diagnostics
        .iter()
        .map(|d| describe(&sources, multi, d))
        .collect()
}

/// The expectation lines (comments and blank lines dropped) and the comment header.
fn read_expect(path: &Path) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (comments, lines): (Vec<&str>, Vec<&str>) = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .partition(|l| l.starts_with('#'));
    (
        lines.into_iter().map(str::to_string).collect(),
        comments.into_iter().map(str::to_string).collect(),
    )
}

#[test]
fn broken_corpus_matches_expectations() {
    let bless = std::env::var_os("FALCOC_BLESS").is_some();
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        let expect_path = corpus_dir().join(format!("{}.expect", case.name));
        let got = run(case);
        let (want, comments) = read_expect(&expect_path);
        if bless {
            let mut text = comments.join("\n");
            if !text.is_empty() {
                text.push('\n');
            }
            for line in &got {
                text.push_str(line);
                text.push('\n');
            }
            std::fs::write(&expect_path, text).expect("write expectation");
            continue;
        }
        if !expect_path.is_file() {
            failures.push(format!("{}: no {}.expect", case.name, case.name));
        } else if comments.is_empty() {
            failures.push(format!("{}: the expectation has no `#` reason", case.name));
        } else if got != want {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                case.name,
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(
        cases.len() >= 45,
        "the corpus should hold at least 45 cases, found {}",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_expectation_has_its_rules_file() {
    let names: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    let entries = std::fs::read_dir(corpus_dir()).expect("tests/broken exists");
    for path in entries.flatten().map(|e| e.path()) {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if let Some(name) = file.strip_suffix(".expect") {
            assert!(
                names.iter().any(|n| n == name),
                "{file} has no rules file beside it"
            );
        } else {
            assert!(
                file.ends_with(".yaml"),
                "unexpected file {file} in tests/broken"
            );
        }
    }
}
