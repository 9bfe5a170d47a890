//! One diagnostic per cause: a mistake inside a macro used by several rules is reported
//! once, where Falco reports it (the first rule, at its use of the macro), with a
//! secondary label on the mistake and a note naming the other rules; independent mistakes
//! are all reported.

use falcoc_compiler::diagnostic::render_json;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;

const TYPO_IN_MACRO: &str = "- macro: m
  condition: proc.nmae = x
- rule: r1
  desc: d
  condition: evt.type = execve and m
  output: o
  priority: INFO
- rule: r2
  desc: d
  condition: evt.type = open and m
  output: o
  priority: INFO
- rule: r3
  desc: d
  condition: evt.type = openat and m
  output: o
  priority: INFO
";

#[test]
fn a_typo_in_a_macro_is_reported_once_at_the_first_rule() {
    let mut sources = Sources::new();
    sources.add("r.yaml", TYPO_IN_MACRO);
    let result = load(&sources);
    assert_eq!(result.diagnostics.len(), 1, "{:#?}", result.diagnostics);
    let d = &result.diagnostics[0];
    assert_eq!(d.code.as_str(), "LOAD_ERR_COMPILE_CONDITION");
    let text = &sources.get(0).text;
    let primary = d.primary.as_ref().unwrap();
    let use_in_r1 = text.find("execve and m").unwrap() + "execve and ".len();
    assert_eq!(primary.range, use_in_r1..use_in_r1 + 1);
    let typo = text.find("proc.nmae").unwrap();
    assert_eq!(d.secondary[0].range, typo..typo + "proc.nmae".len());
    assert_eq!(d.secondary[0].message, "in macro `m`");
    assert_eq!(
        d.notes,
        vec!["rules `r2`, `r3` also use macro `m` and fail the same way"]
    );
    // Falco's location chain: rule r1, its condition, the condition expression.
    let json = render_json::render(&sources, &result.diagnostics, &result.schema);
    let locs = &json["falco_load_results"][0]["errors"][0]["context"]["locations"];
    let kinds: Vec<String> = locs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}[{}]",
                l["item_type"].as_str().unwrap(),
                l["item_name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "rules content[]",
            "rule[r1]",
            "rule condition[]",
            "condition expression[]"
        ]
    );
    // The did-you-mean fix still edits the typo itself.
    assert_eq!(
        d.fix.as_ref().unwrap().range,
        typo..typo + "proc.nmae".len()
    );
}

#[test]
fn independent_mistakes_are_all_reported() {
    let text = format!(
        "{TYPO_IN_MACRO}- rule: r4\n  desc: d\n  condition: evt.type = execve and fd.nosuch = 1\n  output: o\n  priority: INFO\n"
    );
    let mut sources = Sources::new();
    sources.add("r.yaml", text);
    let result = load(&sources);
    let messages: Vec<&str> = result
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "filter_check called with nonexistent field proc.nmae",
            "filter_check called with nonexistent field fd.nosuch"
        ]
    );
}
