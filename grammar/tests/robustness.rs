//! Property tests: random bytes and random token soups never panic; they either parse
//! (and the printed form parses back to the same print) or give an error whose span lies
//! within the input on `char` boundaries.

use falcoc_grammar::ast::{Expr, Rhs};
use falcoc_grammar::{parse_condition, parse_operand, ParseError};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "and",
    "or",
    "not",
    "(",
    ")",
    ",",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "in",
    "exists",
    "contains",
    "glob",
    "pmatch",
    "intersects",
    "startswith",
    "regex",
    "oneof",
    "anyof",
    "allof",
    "proc.name",
    "fd.name",
    "evt.arg[0]",
    "proc.aname[2]",
    "proc.env['HOME']",
    "\"x\"",
    "'y'",
    "\"a\\tb\"",
    "'it\\'s'",
    "\"\\x41\"",
    "\"",
    "'",
    "val(",
    "tolower(",
    "toupper(",
    "b64(",
    "len(",
    "basename(",
    "join(",
    "concat(",
    "getopt(",
    "[",
    "]",
    "macro",
    "bash",
    "/tmp/*",
    "0x1f",
    "-1",
    "1.5e+3",
    "é",
    "\\",
    "not(",
    "\t",
    "\n",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(PIECES),
            prop::sample::select(&["", " ", "  "][..]),
        ),
        0..24,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, sep)| format!("{p}{sep}"))
            .collect()
    })
}

fn error_is_in_bounds(text: &str, e: &ParseError) {
    let (start, end) = (e.span.start as usize, e.span.end as usize);
    assert!(start <= end && end <= text.len(), "{e:?} out of {text:?}");
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{e:?} in {text:?}"
    );
    assert!(!e.message.is_empty());
}

fn check(text: &str) {
    let parsed = parse_condition(text);
    match (parsed.expr, parsed.error) {
        (Some(expr), None) => {
            let printed = expr.to_string();
            let again = parse_condition(&printed);
            let reparsed = again
                .expr
                .unwrap_or_else(|| panic!("{text:?} printed as {printed:?}: {:?}", again.error));
            if !printed.contains("not not") {
                assert_eq!(reparsed.to_string(), printed, "from {text:?}");
            }
        }
        (None, Some(e)) => error_is_in_bounds(text, &e),
        other => panic!("inconsistent result for {text:?}: {other:?}"),
    }
    match parse_operand(text) {
        Ok(op) => {
            let printed = op.to_string();
            assert!(
                parse_operand(&printed).is_ok(),
                "{text:?} printed as {printed:?}"
            );
        }
        Err(e) => error_is_in_bounds(text, &e),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,48}") {
        check(&text);
    }

    #[test]
    fn token_soups_never_panic(text in soup()) {
        check(&text);
    }

    #[test]
    fn checks_with_random_values_round_trip(
        field in prop::sample::select(&["proc.name", "fd.name", "proc.env[\"a b\"]"][..]),
        op in prop::sample::select(&["=", "!=", "contains", "startswith", "glob", "in", "pmatch"][..]),
        value in "[ -~\\t\\n]{0,12}",
    ) {
        // A final backslash is written `\ ` (legacy escape): `\\"` would not end the string.
        let last = value.len().checked_sub(1);
        let quoted: String = value.char_indices().flat_map(|(i, c)| match c {
            '\\' if Some(i) == last => vec!['\\', ' '],
            '\\' => vec!['\\', '\\'],
            '"' => vec!['\\', '"'],
            '\t' => vec!['\\', 't'],
            '\n' => vec!['\\', 'n'],
            c => vec![c],
        }).collect();
        let text = if matches!(op, "in" | "pmatch") {
            format!("{field} {op} (\"{quoted}\")")
        } else {
            format!("{field} {op} \"{quoted}\"")
        };
        check(&text);
        let expr = parse_condition(&text).expr.expect("a well-quoted value parses");
        let Expr::Check(c) = expr else { panic!("not a check: {text:?}") };
        let got = match c.rhs {
            Some(Rhs::Value(v)) => v.text,
            Some(Rhs::List(mut vs, _)) if vs.len() == 1 => vs.remove(0).text,
            other => panic!("unexpected right side {other:?}"),
        };
        prop_assert_eq!(got, value);
    }
}
