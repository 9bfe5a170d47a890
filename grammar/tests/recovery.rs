//! Error recovery: a condition with several independent mistakes reports every one, each
//! at its exact span, with the first worded as Falco words it; the checks that did parse
//! are kept as a partial tree. The editor's token scan comes from the same lexer.

use falcoc_grammar::ast::CmpOp;
use falcoc_grammar::parse_condition;
use falcoc_grammar::tokens::{scan, Expect, TokenKind};

/// `(message, start, end)` of every error.
fn errors(text: &str) -> Vec<(String, usize, usize)> {
    parse_condition(text)
        .errors
        .into_iter()
        .map(|e| (e.message, e.span.start as usize, e.span.end as usize))
        .collect()
}

fn expected(what: &str) -> String {
    format!(
        "expected a {what} value or a field with a valid transformer: 'val', 'tolower', \
         'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'"
    )
}

#[test]
fn two_independent_errors() {
    let text = "fd.num > abc and proc.name exists and evt.type in (open,)";
    assert_eq!(
        errors(text),
        vec![
            (expected("number"), 9, 9),
            ("expected a string value".into(), 56, 56),
        ]
    );
    let parsed = parse_condition(text);
    assert!(parsed.expr.is_none());
    assert_eq!(parsed.error.as_ref(), parsed.errors.first());
    assert_eq!(parsed.partial.unwrap().to_string(), "proc.name exists");
}

#[test]
fn three_independent_errors() {
    let text = "(proc.name = ) and fd.num >= or (a b) or evt.type = open";
    assert_eq!(
        errors(text),
        vec![
            (expected("string"), 13, 13),
            (expected("number"), 29, 29),
            ("expected a ')' token".into(), 35, 35),
        ]
    );
    let partial = parse_condition(text).partial.unwrap();
    assert_eq!(partial.to_string(), "(a or evt.type = open)");
}

#[test]
fn a_mistake_at_the_end_is_one_error() {
    for (text, at) in [
        ("proc.name =", 11),
        ("evt.type in (open, ", 19),
        ("not (", 5),
    ] {
        let errs = errors(text);
        assert_eq!(errs.len(), 1, "{text:?}: {errs:?}");
        assert_eq!(errs[0].1, at, "{text:?}");
    }
    assert_eq!(
        errors("(a and b"),
        vec![("expected a ')' token".into(), 8, 8)]
    );
}

#[test]
fn the_first_error_is_the_one_the_strict_parser_reported() {
    // Cut every multi-error text after its first error: the first error does not change.
    for text in [
        "fd.num > abc and proc.name exists and evt.type in (open,)",
        "(proc.name = ) and fd.num >= or (a b) or evt.type = open",
        "a b and c = and not (",
    ] {
        let all = parse_condition(text);
        let first = all.error.clone().unwrap();
        let cut = &text[..(first.span.end as usize + 1).min(text.len())];
        assert_eq!(parse_condition(cut).error.unwrap().message, first.message);
    }
}

#[test]
fn valid_conditions_have_no_errors_and_no_partial_tree() {
    let parsed = parse_condition("evt.type in (open, openat) and not proc.name = bash");
    assert!(parsed.expr.is_some() && parsed.errors.is_empty() && parsed.partial.is_none());
}

#[test]
fn scans_say_what_comes_next_on_half_typed_text() {
    let cases = [
        ("", Expect::Check),
        ("proc.name = ", Expect::String),
        ("fd.num >= ", Expect::Number),
        ("evt.type in ", Expect::List),
        ("evt.type in (open, ", Expect::ListItem),
        ("evt.type in (open", Expect::Separator),
        ("not (", Expect::Check),
        ("proc.name ", Expect::Operator),
        ("proc.name = bash ", Expect::Logical),
        ("a and (b or ", Expect::Check),
        ("proc.name = x y z ", Expect::Unknown),
    ];
    for (text, want) in cases {
        assert_eq!(scan(text).expect, want, "{text:?}");
    }
    let s = scan("evt.type in (open, ");
    assert_eq!(s.expect_lhs.map(|sp| sp.range()), Some(0..8));
}

#[test]
fn scan_tokens_classify_like_the_parser() {
    let text = "spawned and evt.type in (open, x) and proc.aname[2] startswith oneof shells \
                and not toupper(fd.name) = \"A\" and fd.num exists";
    let kinds: Vec<(TokenKind, &str)> = scan(text)
        .tokens
        .iter()
        .map(|t| (t.kind, &text[t.span.range()]))
        .collect();
    let lhs = |field: &str| {
        let at = text.find(field).unwrap();
        Some(falcoc_grammar::Span::new(at, at + field.len()))
    };
    use TokenKind::*;
    let want = vec![
        (MacroName, "spawned"),
        (Keyword, "and"),
        (Field, "evt.type"),
        (Operator(CmpOp::In), "in"),
        (LParen, "("),
        (
            Value {
                quoted: false,
                lhs: lhs("evt.type"),
            },
            "open",
        ),
        (Comma, ","),
        (
            Value {
                quoted: false,
                lhs: lhs("evt.type"),
            },
            "x",
        ),
        (RParen, ")"),
        (Keyword, "and"),
        (Field, "proc.aname"),
        (FieldArg, "[2]"),
        (Operator(CmpOp::StartsWith), "startswith"),
        (Modifier(falcoc_grammar::ast::Modifier::OneOf), "oneof"),
        (ListName, "shells"),
        (Keyword, "and"),
        (Keyword, "not"),
        (
            Transformer(falcoc_grammar::ast::TransformerKind::ToUpper),
            "toupper",
        ),
        (LParen, "("),
        (Field, "fd.name"),
        (RParen, ")"),
        (Operator(CmpOp::Eq), "="),
        (
            Value {
                quoted: true,
                lhs: None,
            },
            "\"A\"",
        ),
        (Keyword, "and"),
        (Field, "fd.num"),
        (Operator(CmpOp::Exists), "exists"),
    ];
    assert_eq!(kinds, want);
}

#[test]
fn broken_checks_keep_their_tokens_for_the_editor() {
    let text = "proc.name = ";
    let s = scan(text);
    let kinds: Vec<TokenKind> = s.tokens.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        vec![TokenKind::Field, TokenKind::Operator(CmpOp::Eq)]
    );
    assert_eq!(s.errors.len(), 1);
}
