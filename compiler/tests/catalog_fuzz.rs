//! Bad input never panics: arbitrary field names, arguments and literals.

use falcoc_compiler::catalog::events::{is_known_event_type, names_to_codes, EventSet};
use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_compiler::catalog::types::FieldType;
use falcoc_compiler::catalog::value::parse_value;
use proptest::prelude::*;

fn field_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z._\\[\\]0-9/*-]{0,40}",
        "(evt|proc|fd|thread|container|k8s)\\.[a-z._\\[\\]0-9]{0,30}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn resolve_never_panics(name in field_like(), arg in proptest::option::of(any::<String>())) {
        let _ = resolve_field(&name, arg.as_deref());
    }

    #[test]
    fn parse_never_panics(code in 0u8..49, text in any::<String>()) {
        if let Some(t) = FieldType::from_code(code) {
            let _ = parse_value(t, &text);
        }
    }

    #[test]
    fn event_names_never_panic(names in proptest::collection::vec(any::<String>(), 0..4)) {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let set = names_to_codes(&refs);
        for n in &refs {
            if !is_known_event_type(n) {
                prop_assert!(names_to_codes(&[n]).is_empty());
            }
        }
        prop_assert!(set.intersect(&set.complement()).is_empty());
        prop_assert_eq!(set.union(&set.complement()), EventSet::all());
    }
}
