//! Property tests of the operator semantics: glob against glibc's `fnmatch`, the `pmatch`
//! trie against a direct reading of its definition, base64 round trips, and no panics on
//! arbitrary values for any operator.

use falcoc_compiler::catalog::value::TypedValue;
use falcoc_grammar::ast::CmpOp;
use falcoc_runtime::eval::ops::compare;
use falcoc_runtime::eval::ops::glob::glob_match;
use falcoc_runtime::eval::ops::pmatch::PathPrefixSet;
use falcoc_runtime::eval::transform::b64;
use falcoc_runtime::field_value::FieldValue;
use proptest::prelude::*;

fn libc_fnmatch(pattern: &str, text: &str, fold: bool) -> bool {
    falcoc_testkit::libc_fnmatch(pattern.as_bytes(), text.as_bytes(), fold)
}

/// Globs and texts over bytes that matter to globs, plus classes, the pieces of
/// equivalence classes and collating symbols, and a non-ASCII character.
fn glob_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("Z"),
            Just("z"),
            Just("0"),
            Just("/"),
            Just("."),
            Just("-"),
            Just("*"),
            Just("?"),
            Just("["),
            Just("]"),
            Just("!"),
            Just("^"),
            Just("\\"),
            Just("[:alpha:]"),
            Just("[:digit:]"),
            Just("[:upper:]"),
            Just("a-z"),
            Just("[:"),
            Just(":]"),
            Just("[="),
            Just("=]"),
            Just("[."),
            Just(".]"),
            Just("é"),
        ],
        0..10,
    )
    .prop_map(|parts| parts.concat())
}

fn path() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("/"),
            Just("a"),
            Just("b"),
            Just("ab"),
            Just("*"),
            Just("?"),
            Just("[ab]")
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

/// `pmatch` as defined: some search path's components, globbed, prefix the path's.
fn pmatch_reference(search: &[String], p: &str) -> bool {
    let comps = |s: &str| -> Vec<String> {
        s.split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    let target = comps(p);
    search.iter().any(|sp| {
        let pre = comps(sp);
        pre.len() <= target.len()
            && pre.iter().zip(&target).all(|(g, c)| {
                if g.contains(['?', '*', '[']) {
                    glob_match(g.as_bytes(), c.as_bytes(), false)
                } else {
                    g == c
                }
            })
    })
}

fn b64_encode(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * k)) & 63) as usize]));
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(FieldValue::Int),
        any::<u64>().prop_map(FieldValue::Uint),
        any::<f64>().prop_map(FieldValue::Double),
        any::<bool>().prop_map(FieldValue::Bool),
        ".{0,8}".prop_map(FieldValue::Str),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(FieldValue::Bytes),
        any::<[u8; 4]>().prop_map(|b| FieldValue::Ip(std::net::IpAddr::from(b))),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        proptest::collection::vec(inner, 0..4).prop_map(FieldValue::List)
    })
}

fn typed_value() -> impl Strategy<Value = TypedValue> {
    prop_oneof![
        any::<i64>().prop_map(TypedValue::Int),
        any::<u64>().prop_map(TypedValue::Uint),
        any::<f64>().prop_map(TypedValue::Double),
        any::<bool>().prop_map(TypedValue::Bool),
        ".{0,8}".prop_map(TypedValue::Str),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(TypedValue::Bytes),
        any::<[u8; 16]>().prop_map(|b| TypedValue::Ip(std::net::IpAddr::from(b))),
        (any::<[u8; 4]>(), 0u8..40).prop_map(|(b, prefix)| TypedValue::Net {
            addr: std::net::IpAddr::from(b),
            prefix
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn glob_agrees_with_fnmatch(p in glob_text(), t in glob_text(), fold in any::<bool>()) {
        prop_assert_eq!(glob_match(p.as_bytes(), t.as_bytes(), fold), libc_fnmatch(&p, &t, fold));
    }

    #[test]
    fn pmatch_trie_agrees_with_definition(
        search in proptest::collection::vec(path(), 0..4),
        p in path(),
    ) {
        let set = PathPrefixSet::new(search.iter().map(|s| s.as_bytes()));
        prop_assert_eq!(set.matches(p.as_bytes()), pmatch_reference(&search, &p));
    }

    #[test]
    fn base64_round_trips(data in proptest::collection::vec(any::<u8>(), 0..40)) {
        let enc = b64_encode(&data);
        prop_assert_eq!(b64(enc.as_bytes()), Some(data.clone()));
        let unpadded = enc.trim_end_matches('=');
        prop_assert_eq!(b64(unpadded.as_bytes()), Some(data));
    }

    #[test]
    fn base64_never_panics(data in proptest::collection::vec(any::<u8>(), 0..40)) {
        let _ = b64(&data);
    }

    #[test]
    fn compare_never_panics(lhs in field_value(), rhs in typed_value(), op in 0usize..20) {
        let op = CmpOp::ALL[op];
        let _ = compare(op, &lhs, &rhs);
    }
}
