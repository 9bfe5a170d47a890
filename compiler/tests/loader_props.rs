//! The loader never panics on bad input and every label it reports is a valid place in its
//! file: random bytes, YAML-ish token soups and mutated upstream rules files all come back
//! as diagnostics (with char-boundary ranges inside the file), and all three renderers
//! accept them.

mod common;

use falcoc_compiler::diagnostic::{render_github, render_human, render_json, Label};
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use proptest::prelude::*;
use std::sync::OnceLock;

/// Loads `text` as one file, renders the result and checks every label and location.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    check_files(&[text])
}

/// Loads the texts as files in order (later ones override earlier ones) and checks.
fn check_files(texts: &[&str]) -> Result<(), TestCaseError> {
    let mut sources = Sources::new();
    for (i, text) in texts.iter().enumerate() {
        sources.add(format!("fuzz{i}.yaml"), *text);
    }
    let result = load(&sources);
    for d in &result.diagnostics {
        prop_assert!(!d.message.is_empty() || d.code.as_str() == "LOAD_UNSAFE_NA_CHECK");
        for label in d.primary.iter().chain(&d.secondary) {
            check_label(&sources, label)?;
        }
        for loc in &d.locations {
            prop_assert!(loc.file < sources.len());
            prop_assert!(loc.offset <= sources.get(loc.file).text.len());
        }
    }
    let _ = render_human::render_all(&sources, &result.diagnostics);
    let _ = render_json::render(&sources, &result.diagnostics, &result.schema);
    let _ = render_github::render_all(&sources, &result.diagnostics);
    Ok(())
}

fn check_label(sources: &Sources, label: &Label) -> Result<(), TestCaseError> {
    prop_assert!(label.file < sources.len(), "label in a missing file");
    let text = &sources.get(label.file).text;
    let r = &label.range;
    prop_assert!(r.start <= r.end, "reversed range {r:?}");
    prop_assert!(
        r.end <= text.len(),
        "range {r:?} past the end ({})",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "range {r:?} splits a character"
    );
    Ok(())
}

/// Pieces that make loader-shaped nonsense more likely than random text would.
const TOKENS: &[&str] = &[
    "- rule: ",
    "- macro: ",
    "- list: ",
    "- required_engine_version: ",
    "- required_plugin_versions:",
    "  condition: ",
    "  desc: ",
    "  output: ",
    "  priority: ",
    "  items: [",
    "  exceptions:",
    "    - name: e",
    "      fields: [",
    "      comps: [",
    "      values: [[",
    "  override:",
    "    condition: append",
    "    items: replace",
    "  append: true",
    "  enabled: false",
    "  source: ",
    "  skip-if-unknown-filter: true",
    "INFO",
    "WARNING",
    "r",
    "m",
    "l",
    "\n",
    "\r\n",
    "  ",
    "    ",
    "\t",
    "\"",
    "'",
    "''",
    "\\\"",
    "\\x41",
    "%proc.name",
    "%",
    "%fd.ip",
    "%val(fd.name)",
    "evt.type",
    "=",
    "!=",
    " in ",
    " contains ",
    " > ",
    "open",
    " and ",
    " or ",
    "not ",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "{",
    "}",
    ">",
    "|",
    "---",
    "# c",
    "&a ",
    "*a",
    "!!str ",
    "proc.name",
    "proc.pid",
    "fd.net",
    "proc.aname[2]",
    "evt.arg.fd",
    "tolower(",
    "m",
    "é",
    "日本",
    "0.99.0",
    "1",
];

fn soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        8 => proptest::sample::select(TOKENS).prop_map(str::to_string),
        1 => "[a-z_.]{1,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(token, 0..120).prop_map(|v| v.concat())
}

/// The upstream `falco_rules.yaml`, when `../shared` is there.
fn upstream() -> Option<&'static [u8]> {
    static TEXT: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    TEXT.get_or_init(|| {
        let path = common::shared_dir()?.join("corpus/rules/falco_rules.yaml");
        std::fs::read(path).ok()
    })
    .as_deref()
}

/// One byte edit at a position given as a fraction of the length.
#[derive(Clone, Debug)]
enum Edit {
    Flip(f64, u8),
    Delete(f64, usize),
    Insert(f64, Vec<u8>),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0.0..1.0f64, any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        (0.0..1.0f64, 1usize..64).prop_map(|(p, n)| Edit::Delete(p, n)),
        (
            0.0..1.0f64,
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..8),
                proptest::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
            ]
        )
            .prop_map(|(p, b)| Edit::Insert(p, b)),
    ];
    proptest::collection::vec(edit, 1..8)
}

fn apply(base: &[u8], edits: &[Edit]) -> String {
    let mut bytes = base.to_vec();
    for e in edits {
        let at = |p: f64, len: usize| ((p * len as f64) as usize).min(len);
        match e {
            Edit::Flip(p, b) => {
                let i = at(*p, bytes.len());
                if let Some(x) = bytes.get_mut(i) {
                    *x ^= b | 1;
                }
            }
            Edit::Delete(p, n) => {
                let i = at(*p, bytes.len());
                let end = (i + n).min(bytes.len());
                bytes.drain(i..end);
            }
            Edit::Insert(p, ins) => {
                let i = at(*p, bytes.len());
                bytes.splice(i..i, ins.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_give_diagnostics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_text(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn token_soups_give_diagnostics(text in soup()) {
        check_text(&text)?;
    }

    #[test]
    fn two_file_soups_give_diagnostics(first in soup(), second in soup()) {
        check_files(&[&first, &second])?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn mutated_upstream_rules_give_diagnostics(edits in edits()) {
        let Some(base) = upstream() else {
            return Ok(());
        };
        check_text(&apply(base, &edits))?;
    }
}

#[test]
fn upstream_rules_load_cleanly() {
    let Some(base) = upstream() else {
        return;
    };
    let mut sources = Sources::new();
    sources.add("falco_rules.yaml", String::from_utf8_lossy(base));
    let result = load(&sources);
    assert!(
        !result.has_errors(),
        "the unmutated upstream file must load: {:?}",
        result.diagnostics.first()
    );
}

/// Found by the `rules_loader` fuzz target: a folded condition cut at the end of the file
/// (no final line break) used to put its end-of-input error one byte past the file.
#[test]
fn error_at_the_end_of_a_file_without_final_newline_stays_inside() {
    let text = "- macro: m\n  condition: >\n    evt.type=open and\n    (evt.ar";
    check_text(text).unwrap();
    check_files(&[text, "- list: l\n  items: [a]\n"]).unwrap();
}
