//! Very large inputs give a clear result without overflowing the stack: each load runs on
//! a thread with the default 2 MB stack (what a program gets for its spawned threads), so a
//! recursion that grows with the input would crash the test.

use falcoc_compiler::load::{load, LoadResult};
use falcoc_compiler::source::Sources;

/// Loads `text` on a thread with a 2 MB stack and returns the codes of its diagnostics.
fn load_small_stack(text: String) -> Vec<(String, String)> {
    std::thread::Builder::new()
        .name("loader-2mb".into())
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let mut sources = Sources::new();
            sources.add("big.yaml", text);
            let result: LoadResult = load(&sources);
            result
                .diagnostics
                .iter()
                .map(|d| (d.code.as_str().to_string(), d.message.clone()))
                .collect()
        })
        .expect("spawn loader thread")
        .join()
        .expect("the loader thread must not crash")
}

fn rule(name: &str, condition: &str) -> String {
    format!(
        "- rule: {name}\n  desc: d\n  condition: {condition}\n  output: o %proc.name\n  priority: INFO\n"
    )
}

#[test]
fn five_megabytes_of_rules_load() {
    let mut text = String::from("- list: shells\n  items: [bash, sh, zsh]\n- macro: spawned\n  condition: evt.type=execve and proc.name in (shells)\n");
    let mut n = 0;
    while text.len() < 5 * 1024 * 1024 {
        let cond = format!("spawned and proc.pname = p{n} and fd.name startswith /tmp/{n}");
        text.push_str(&rule(&format!("rule {n}"), &cond));
        n += 1;
    }
    let diags = load_small_stack(text);
    assert!(diags.is_empty(), "{n} valid rules: {:?}", diags.first());
}

#[test]
fn ten_thousand_nested_parentheses_are_rejected_cleanly() {
    let depth = 10_000;
    let cond = format!(
        "evt.type=open and {}proc.name=cat{}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let diags = load_small_stack(rule("deep", &cond));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].0, "LOAD_ERR_COMPILE_CONDITION");
}

#[test]
fn ten_thousand_nested_nots_are_rejected_or_loaded_without_crashing() {
    let cond = format!("evt.type=open and {}proc.name=cat", "not ".repeat(10_000));
    let diags = load_small_stack(rule("nots", &cond));
    assert!(diags.len() <= 1, "{diags:?}");
}

#[test]
fn deeply_nested_yaml_is_rejected_cleanly() {
    let depth = 10_000;
    let text = format!(
        "- rule: r\n  desc: {}x{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let diags = load_small_stack(text);
    assert!(!diags.is_empty());
    assert!(diags
        .iter()
        .all(|(code, _)| code.starts_with("LOAD_ERR_YAML")));
}

#[test]
fn a_one_megabyte_line_loads() {
    let items: Vec<String> = (0..160_000).map(|i| format!("p{i}")).collect();
    let list = format!("- list: many\n  items: [{}]\n", items.join(", "));
    assert!(list.len() > 1024 * 1024);
    let text = list + &rule("r", "evt.type=execve and proc.name in (many)");
    let diags = load_small_stack(text);
    assert!(diags.is_empty(), "{:?}", diags.first());
}

#[test]
fn a_one_megabyte_condition_with_an_error_at_the_end_is_located() {
    let mut cond = String::from("evt.type=open");
    while cond.len() < 1024 * 1024 {
        cond.push_str(" or proc.name=cat");
    }
    cond.push_str(" and");
    let diags = load_small_stack(rule("long", &cond));
    assert_eq!(
        diags,
        vec![(
            "LOAD_ERR_COMPILE_CONDITION".to_string(),
            "expected blank or '(' after 'and'".to_string()
        )]
    );
}

fn macro_chain(n: usize) -> String {
    let mut text = String::from("- macro: m0\n  condition: proc.name = x\n");
    for i in 1..n {
        text.push_str(&format!(
            "- macro: m{i}\n  condition: m{} and proc.pid = {i}\n",
            i - 1
        ));
    }
    text + &rule("r", &format!("evt.type = execve and m{}", n - 1))
}

#[test]
fn a_chain_of_ten_thousand_macros_loads_on_a_small_stack() {
    // Real Falco loads a 2,000-macro chain (and dies on 8,000); `and` operands flatten, so
    // any length expands to a shallow tree.
    for n in [490, 2_000, 10_000] {
        let diags = load_small_stack(macro_chain(n));
        assert!(diags.is_empty(), "{n}: {diags:?}");
    }
}

#[test]
fn a_chain_of_ten_thousand_macros_compiles_to_one_flat_and() {
    let mut sources = Sources::new();
    sources.add("chain.yaml", macro_chain(10_000));
    let result = load(&sources);
    let rules = result.rules().expect("the chain loads");
    // `evt.type = execve`, `proc.name = x` and the 9,999 `proc.pid` checks, side by side.
    match &rules[0].condition {
        falcoc_compiler::ir::Expr::And(operands) => assert_eq!(operands.len(), 10_001),
        other => panic!("not one flat and: {other:?}"),
    }
}

/// A chain whose macros alternate `or` and `and`: real nesting, one level per macro.
fn alternating_chain(n: usize, op: impl Fn(usize) -> &'static str) -> String {
    let mut text = String::from("- macro: m0\n  condition: proc.name = x\n");
    for i in 1..n {
        text.push_str(&format!(
            "- macro: m{i}\n  condition: {}\n",
            op(i)
                .replace("PREV", &format!("m{}", i - 1))
                .replace("I", &i.to_string())
        ));
    }
    text + &rule("r", &format!("evt.type = execve and m{}", n - 1))
}

#[test]
fn real_nesting_deeper_than_the_limit_after_expansion_is_one_error() {
    let alternating = |i: usize| {
        if i % 2 == 1 {
            "PREV or proc.pid = I"
        } else {
            "PREV and proc.pid = I"
        }
    };
    let negations = |_: usize| "not PREV";
    for (what, text) in [
        ("alternating", alternating_chain(5_000, alternating)),
        ("not", alternating_chain(5_000, negations)),
    ] {
        let diags = load_small_stack(text);
        assert_eq!(
            diags,
            vec![(
                "LOAD_ERR_VALIDATE".to_string(),
                "condition nesting too deep after macro expansion (limit 500)".to_string()
            )],
            "{what}"
        );
    }
    let shallow = load_small_stack(alternating_chain(490, alternating));
    assert!(shallow.is_empty(), "{shallow:?}");
}

#[test]
fn a_macro_doubling_at_each_level_is_one_error() {
    let mut text = String::from("- macro: m0\n  condition: proc.name = x\n");
    for i in 1..=40 {
        text.push_str(&format!(
            "- macro: m{i}\n  condition: m{} and m{}\n",
            i - 1,
            i - 1
        ));
    }
    text.push_str(&rule("r", "evt.type = execve and m40"));
    let diags = load_small_stack(text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0]
        .1
        .contains("larger than 100000 nodes after macro expansion"));
}

#[test]
fn the_total_expansion_limit_is_one_error_at_the_rule_that_reaches_it() {
    use falcoc_compiler::limits::Limits;
    let mut text = String::from(
        "- macro: m\n  condition: proc.name in (a, b) and fd.name startswith /etc and proc.pid > 1\n",
    );
    for i in 0..20 {
        text.push_str(&rule(&format!("r{i}"), "evt.type = open and m"));
    }
    let mut sources = Sources::new();
    sources.add("total.yaml", text);
    let limits = Limits {
        total_expansion_nodes: 30,
        ..Limits::default()
    };
    let result = falcoc_compiler::load::load_with(&sources, &limits);
    let errors: Vec<_> = result.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0]
        .message
        .starts_with("macro expansion of all rules together is larger than 30 nodes"));
    assert!(errors[0].notes[0].contains("--limit total_expansion_nodes=N"));
    assert!(result.rule_infos().count() < 20);
    // With an error no rule set is handed out (executable IR never exists beside errors).
    assert!(result.rules().is_none());
}

#[test]
fn yaml_alias_limits_are_one_error_at_the_alias() {
    let mut text = String::from("- list: l0\n  items: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..8 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("- list: l{i}\n  items: &a{i} [{refs}]\n"));
    }
    let diags = load_small_stack(text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].0, "LOAD_ERR_YAML_PARSE");
    assert!(diags[0]
        .1
        .contains("YAML alias expansion copies more than 100000 nodes"));
}
