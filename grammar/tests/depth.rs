//! Deep nesting never crashes: the parser is iterative, trees and parentheses are
//! capped at `MAX_NESTING` levels with a clear error, and every recursive walk over a
//! tree at the cap (drop, print, clone, compare, debug) fits in a 2 MiB thread stack.

use falcoc_grammar::{parse_condition, parse_operand, MAX_NESTING};

/// `a.b = 1 or m and not (` repeated `n` times around `x`: three tree levels per paren,
/// so `n = MAX_NESTING / 3` is a tree right at the cap.
fn worst_groups(n: usize) -> String {
    let mut s = "a.b = 1 or m and not (".repeat(n);
    s.push('x');
    s.push_str(&")".repeat(n));
    s
}

fn nested_transformers(n: usize) -> String {
    format!("{}fd.name{} exists", "tolower(".repeat(n), ")".repeat(n))
}

/// Runs `f` on a thread with the default 2 MiB stack of spawned threads.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("walk over a maximal tree overflowed or panicked");
}

#[test]
fn trees_at_the_cap_are_safe_to_walk() {
    on_small_stack(|| {
        // A check under 333 levels of or/and/not: 1000 levels; nested transformers cost
        // two levels each (operand and argument) below the check.
        for text in [
            worst_groups(MAX_NESTING / 3),
            nested_transformers(MAX_NESTING / 2 - 1),
        ] {
            let expr = parse_condition(&text).expr.expect("at the cap it parses");
            let printed = expr.to_string();
            let copy = expr.clone();
            assert!(copy == expr);
            assert!(format!("{copy:?}").len() > printed.len());
            let again = parse_condition(&printed).expr.expect("printed form parses");
            drop(again);
            drop(copy);
            drop(expr);
        }
        let n = MAX_NESTING / 2 - 1;
        let op = format!("{}fd.name{}", "tolower(".repeat(n), ")".repeat(n));
        drop(parse_operand(&op).expect("operand at the cap"));
    });
}

#[test]
fn beyond_the_cap_is_an_error() {
    let message = format!("condition nesting too deep (limit {MAX_NESTING})");
    for text in [
        worst_groups(MAX_NESTING / 3 + 1),
        nested_transformers(MAX_NESTING / 2),
        format!(
            "{}a{}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        ),
        format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("a.b in {}", "(".repeat(10)),
        "join(\"\", (".repeat(2_000),
    ] {
        let parsed = parse_condition(&text);
        let err = parsed.error.expect("too deep");
        if text.starts_with("a.b in") {
            continue;
        }
        assert_eq!(err.message, message);
        assert!((err.span.end as usize) <= text.len());
    }
}

#[test]
fn long_flat_conditions_are_fine() {
    let nots = format!("{}a", "not ".repeat(100_001));
    assert_eq!(parse_condition(&nots).expr.unwrap().to_string(), "not a");
    let ands = vec!["a.b = c"; 100_000].join(" and ");
    let expr = parse_condition(&ands).expr.unwrap();
    assert_eq!(expr.to_string().len(), ands.len() + 2);
    let list = format!("a.b in ({})", vec!["x"; 100_000].join(","));
    assert!(parse_condition(&list).expr.is_some());
}
