//! The symbol index: definitions and references of rules, macros and lists, including uses
//! in appended condition pieces and in conditions that do not parse (the editor needs them
//! for references and rename while the user is typing).

use falcoc_compiler::load::load_for_editor;
use falcoc_compiler::source::Sources;
use falcoc_compiler::symbols::SymbolKind;

const RULES: &str = r#"- list: shells
  items: [bash, sh]
- macro: spawned
  condition: evt.type = execve
- macro: shell_spawned
  condition: spawned and proc.name in (shells)
- rule: r
  desc: d
  condition: shell_spawned and proc.pname = "spawned"
  output: o
  priority: INFO
- rule: r
  condition: and not spawned
  override:
    condition: append
- rule: broken
  desc: d
  condition: shell_spawned and proc.name =
  output: o
  priority: INFO
"#;

fn refs(kind: SymbolKind, name: &str) -> Vec<(usize, usize)> {
    let mut sources = Sources::new();
    sources.add("t.yaml", RULES);
    let result = load_for_editor(&sources);
    let text = sources.get(0).text.as_str();
    result
        .symbols
        .references_to(kind, name)
        .map(|r| {
            assert_eq!(&text[r.range.clone()], name);
            let line = text[..r.range.start].matches('\n').count() + 1;
            (
                line,
                r.range.start - text[..r.range.start].rfind('\n').map_or(0, |i| i + 1) + 1,
            )
        })
        .collect()
}

#[test]
fn macro_references_in_parsed_appended_and_broken_conditions() {
    // Line 6 (a macro body), line 13 (an appended piece), not the quoted value on line 9.
    assert_eq!(refs(SymbolKind::Macro, "spawned"), vec![(6, 14), (13, 22)]);
    // Line 9 (a rule) and line 18 (a condition that fails to parse).
    assert_eq!(
        refs(SymbolKind::Macro, "shell_spawned"),
        vec![(9, 14), (18, 14)]
    );
}

#[test]
fn list_references_and_definitions() {
    assert_eq!(refs(SymbolKind::List, "shells"), vec![(6, 40)]);
    let mut sources = Sources::new();
    sources.add("t.yaml", RULES);
    let result = load_for_editor(&sources);
    let defs: Vec<bool> = result
        .symbols
        .definitions_of(SymbolKind::Rule, "r")
        .map(|d| d.primary)
        .collect();
    assert_eq!(
        defs,
        vec![true, false],
        "the override is a second, non-primary definition"
    );
}
