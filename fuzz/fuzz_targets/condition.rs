//! Fuzz target: conditions and output operands never panic; errors point inside the
//! input; the printed form of a parsed tree parses back and prints the same (except
//! `not not x`, which libsinsp's printer form reads back as `x`, and a macro named `not`:
//! `not` is a keyword only before a POSIX space, so `not\b` — `\b` is a blank but not a
//! space — names a macro, which the printer, like libsinsp's, writes as the bare word).

#![no_main]

use falcoc_grammar::{parse_condition, parse_operand, ParseError};
use libfuzzer_sys::fuzz_target;

fn in_bounds(text: &str, e: &ParseError) {
    let (start, end) = (e.span.start as usize, e.span.end as usize);
    assert!(start <= end && end <= text.len(), "{e:?} outside {text:?}");
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

fuzz_target!(|text: &str| {
    let parsed = parse_condition(text);
    match (parsed.expr, parsed.error) {
        (Some(expr), None) => {
            let printed = expr.to_string();
            let again = parse_condition(&printed);
            if text.contains("not\u{8}") {
                return;
            }
            let Some(reparsed) = again.expr else {
                panic!("{text:?} printed as {printed:?} fails: {:?}", again.error);
            };
            if !printed.contains("not not") {
                assert_eq!(reparsed.to_string(), printed, "from {text:?}");
            }
        }
        (None, Some(e)) => in_bounds(text, &e),
        other => panic!("inconsistent result for {text:?}: {other:?}"),
    }
    match parse_operand(text) {
        Ok(op) => {
            let printed = op.to_string();
            let again = parse_operand(&printed).expect("printed operand parses");
            assert_eq!(again.to_string(), printed);
        }
        Err(e) => in_bounds(text, &e),
    }
});
