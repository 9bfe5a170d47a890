//! Property tests of error recovery and of the editor's scan on random token soups: never a
//! panic; errors in text order, in bounds, the first one being `Parsed::error`; the partial
//! tree prints as a condition that parses cleanly; scan tokens in order, in bounds, on
//! `char` boundaries.

use falcoc_grammar::tokens::{scan, scan_continuation, scan_piece, word_start, Scan};
use falcoc_grammar::{parse_condition, Span};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "and",
    "or",
    "not",
    "(",
    ")",
    ",",
    "=",
    "!=",
    "<=",
    ">",
    "in",
    "exists",
    "contains",
    "pmatch",
    "startswith",
    "oneof",
    "proc.name",
    "fd.num",
    "evt.arg[0]",
    "proc.aname[2]",
    "\"x\"",
    "'y'",
    "\"",
    "'",
    "val(",
    "tolower(",
    "join(",
    "[",
    "]",
    "macro",
    "bash",
    "0x1f",
    "-1",
    "é",
    "\\",
    "not(",
    "\t",
    "\n",
    "evt.type",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(PIECES),
            prop::sample::select(&["", " ", "  "][..]),
        ),
        0..28,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, sep)| format!("{p}{sep}"))
            .collect()
    })
}

fn in_bounds(text: &str, span: Span) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{span:?} out of {text:?}"
    );
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

fn check_parse(text: &str) {
    let parsed = parse_condition(text);
    assert_eq!(parsed.expr.is_some(), parsed.errors.is_empty(), "{text:?}");
    assert_eq!(parsed.error.as_ref(), parsed.errors.first(), "{text:?}");
    for pair in parsed.errors.windows(2) {
        assert!(
            pair[0].span.start <= pair[1].span.start,
            "{text:?}: {:?}",
            parsed.errors
        );
    }
    for e in &parsed.errors {
        in_bounds(text, e.span);
    }
    if let Some(partial) = &parsed.partial {
        let printed = partial.to_string();
        let again = parse_condition(&printed);
        assert!(
            again.errors.is_empty(),
            "{text:?} partial {printed:?}: {:?}",
            again.errors
        );
    }
}

fn check_scan(text: &str, s: &Scan) {
    let mut last_end = 0;
    for t in &s.tokens {
        in_bounds(text, t.span);
        assert!(
            t.span.start as usize >= last_end,
            "{text:?}: {:?}",
            s.tokens
        );
        last_end = t.span.end as usize;
    }
    for e in &s.errors {
        in_bounds(text, e.span);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn recovery_and_scans_hold_on_token_soups(text in soup()) {
        check_parse(&text);
        check_scan(&text, &scan(&text));
        check_scan(&text, &scan_continuation(&text));
        check_scan(&text, &scan_piece(&text));
        let w = word_start(&text);
        prop_assert!(w <= text.len() && text.is_char_boundary(w));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = String::from_utf8_lossy(&bytes);
        check_parse(&text);
        check_scan(&text, &scan(&text));
    }
}
