//! `regex`: RE2-style full match (both ends anchored, §1.4), with the `regex` crate.
//! Patterns are compiled once per distinct pattern, at lowering, into the program's pool
//! ([`crate::lowered::Pool`]).

use regex::Regex;

/// Compiles `pattern` for a full match, or `None` when it does not compile (the compiler
/// has already rejected such rules, so this only guards hand-built IR).
pub fn compile_full(pattern: &str) -> Option<Regex> {
    Regex::new(&format!("^(?:{pattern})$")).ok()
}

/// Whether the whole of `text` matches.
pub fn full_match(re: &Regex, text: &[u8]) -> bool {
    match std::str::from_utf8(text) {
        Ok(s) => re.is_match(s),
        Err(_) => re.is_match(&String::from_utf8_lossy(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_both_ends() {
        let re = compile_full("ba.*").expect("compiles");
        assert!(full_match(&re, b"bash"));
        assert!(!full_match(&re, b"xbash"));
        let re = compile_full("a|b").expect("compiles");
        assert!(full_match(&re, b"a"));
        assert!(!full_match(&re, b"ab"));
        let re = compile_full("[0-9]+").expect("compiles");
        assert!(!full_match(&re, b"12a"));
        assert!(compile_full("(").is_none());
    }
}
