//! Every vector of `shared/corpus/parser-cases.tsv` (taken from libsinsp's parser tests)
//! is accepted or rejected as stated, and every accepted one prints to text that parses
//! back and prints the same.

mod common;

use falcoc_grammar::parse_condition;

#[test]
fn parser_cases_match_libsinsp() {
    let Some(shared) = common::shared() else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("corpus/parser-cases.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut total = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (verdict, json) = line.split_once('\t').unwrap();
        let cond: String = serde_json::from_str(json).unwrap();
        total += 1;
        let parsed = parse_condition(&cond);
        let accepted = parsed.expr.is_some();
        if accepted != (verdict == "accept") {
            failures.push(format!("{verdict} {cond:?}: {:?}", parsed.error));
        }
        // libsinsp's test_accept also retries each case with other blanks for spaces
        // (not where the space is part of the legacy `\ ` escape).
        if verdict == "accept" && !cond.contains("\\ ") {
            for blank in ["\n", "\t", "\r\n", "  "] {
                let variant = cond.replace(' ', blank);
                if let Some(e) = parse_condition(&variant).error {
                    failures.push(format!("accept {variant:?}: {e:?}"));
                }
            }
        }
        if let Some(expr) = parsed.expr {
            let printed = expr.to_string();
            let again = parse_condition(&printed);
            match again.expr {
                // libsinsp prints `not (not a)` as `not not a`, which parses back as `a`.
                Some(e) if !printed.contains("not not") => {
                    assert_eq!(e.to_string(), printed, "from {cond:?}")
                }
                Some(_) => {}
                None => failures.push(format!(
                    "reprint of {cond:?} = {printed:?}: {:?}",
                    again.error
                )),
            }
        }
    }
    println!("{}/{total} parser cases pass", total - failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
