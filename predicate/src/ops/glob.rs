//! `glob` and `iglob`: `fnmatch(pattern, text, 0)` and `fnmatch(…, FNM_CASEFOLD)` as glibc
//! does them in the C locale (§1.4), written here byte by byte.
//!
//! - `*` matches any run of bytes, `/` included (no `FNM_PATHNAME`), and a leading `.` is
//!   not special (no `FNM_PERIOD`);
//! - `?` matches exactly one byte;
//! - `[...]` is a bracket expression: `!` or `^` first negates it, a `]` first is literal,
//!   `a-z` ranges, `[:alpha:]`-style classes, `\x` escapes; a `[` with no closing `]` is an
//!   ordinary character (`glob_bracket` has glibc's exact rules);
//! - `\x` matches `x` literally; a pattern ending in a lone `\` matches nothing.

use super::glob_bracket::{bracket, Bracket};

/// Whether `text` matches the glob `pattern`; `fold` is `FNM_CASEFOLD` (ASCII).
pub fn glob_match(pattern: &[u8], text: &[u8], fold: bool) -> bool {
    let (pattern, text) = (until_nul(pattern), until_nul(text));
    let (mut p, mut t) = (0usize, 0usize);
    // Where to resume after the last `*`: pattern index after it, text index it covers to.
    let mut star: Option<(usize, usize)> = None;
    loop {
        if let Some(&pc) = pattern.get(p) {
            if pc == b'*' {
                p += 1;
                star = Some((p, t));
                continue;
            }
            if let Some(&c) = text.get(t) {
                if let Some(next) = match_one(pattern, p, c, fold) {
                    p = next;
                    t += 1;
                    continue;
                }
            }
        } else if t == text.len() {
            return true;
        }
        match star {
            Some((sp, st)) if st < text.len() => {
                star = Some((sp, st + 1));
                p = sp;
                t = st + 1;
            }
            _ => return false,
        }
    }
}

/// The bytes a C string would hold: up to the first NUL.
fn until_nul(bytes: &[u8]) -> &[u8] {
    match memchr::memchr(0, bytes) {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}

fn fold_byte(c: u8, fold: bool) -> u8 {
    if fold {
        c.to_ascii_lowercase()
    } else {
        c
    }
}

/// Matches the single-byte pattern element at `p` (not `*`) against `c`; on success the
/// index just past the element.
fn match_one(pattern: &[u8], p: usize, c: u8, fold: bool) -> Option<usize> {
    match pattern.get(p)? {
        b'?' => Some(p + 1),
        b'\\' => {
            let lit = *pattern.get(p + 1)?;
            (fold_byte(lit, fold) == fold_byte(c, fold)).then_some(p + 2)
        }
        b'[' => match bracket(pattern, p + 1, c, fold) {
            Bracket::Matched(next) => Some(next),
            Bracket::NotMatched => None,
            Bracket::Literal => (c == b'[').then_some(p + 1),
        },
        &lit => (fold_byte(lit, fold) == fold_byte(c, fold)).then_some(p + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    fn libc_fnmatch(pattern: &str, text: &str, fold: bool) -> bool {
        falcoc_testkit::libc_fnmatch(pattern.as_bytes(), text.as_bytes(), fold)
    }

    fn check(pattern: &str, text: &str, fold: bool, expect: bool) {
        assert_eq!(
            glob_match(pattern.as_bytes(), text.as_bytes(), fold),
            expect,
            "glob {pattern:?} on {text:?} (fold {fold})"
        );
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, bool, bool)] = &[
            ("*", "", false, true),
            ("*", "/etc/passwd", false, true),
            ("/etc/*", "/etc/ssh/sshd_config", false, true),
            ("/etc/*d", "/etc/passwd", false, true),
            ("/etc/*d", "/etc/passwdx", false, false),
            ("?", "", false, false),
            ("?", "/", false, true),
            ("a?c", "abc", false, true),
            ("a?c", "ac", false, false),
            ("[abc]x", "bx", false, true),
            ("[!abc]x", "bx", false, false),
            ("[^abc]x", "dx", false, true),
            ("[a-c]", "b", false, true),
            ("[a-c]", "d", false, false),
            ("[]]", "]", false, true),
            ("[!]]", "]", false, false),
            ("[a-]", "-", false, true),
            ("[[:digit:]]*", "7up", false, true),
            ("[[:digit:]]*", "up", false, false),
            ("[[:nosuch:]]", "a", false, false),
            ("\\*", "*", false, true),
            ("\\*", "a", false, false),
            ("a\\", "a\\", false, false),
            ("[", "[", false, true),
            ("[ab", "[ab", false, true),
            ("[\\]]", "]", false, true),
            ("*.sh", "run.SH", false, false),
            ("*.sh", "run.SH", true, true),
            ("[A-C]*", "bash", true, true),
            ("*a*b*c*", "xaybzc", false, true),
            ("*a*b*c*", "xaybz", false, false),
            (".*", ".bashrc", false, true),
            ("*/.ssh/*", "/root/.ssh/id_rsa", false, true),
            // glibc's bracket quirks, each checked against its fnmatch.
            ("*[-a-[:alpha:]", "-", false, false),
            ("[[ab", "[[ab", false, true),
            ("[[:upper:]]", "a", true, false),
            ("[[:lower:]]", "A", true, false),
            ("[[=a=]]", "A", true, false),
            ("[[.a.]]", "A", true, false),
            ("[a-[.c.]]", "B", true, true),
            ("[A-[.c.]]", "b", true, true),
            ("[[.a.]-]", "a", false, false),
            ("[a-", "[a-", false, false),
            ("[[:z:]]", "[", false, false),
            ("[[.ab.]]", "a", false, false),
        ];
        for &(p, t, fold, expect) in cases {
            check(p, t, fold, expect);
        }
    }

    /// glibc's own fnmatch as the oracle, over every pattern and text built from a small
    /// alphabet of glob-significant bytes.
    #[test]
    fn agrees_with_libc_fnmatch() {
        let alphabet: &[&str] = &[
            "a", "B", "/", "*", "?", "[", "]", "!", "-", "\\", ".", ":", "=",
        ];
        let mut patterns = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for p in &patterns {
                for a in alphabet {
                    next.push(format!("{p}{a}"));
                }
            }
            patterns.extend(next);
            patterns.sort();
            patterns.dedup();
        }
        let texts = [
            "", "a", "b", "ab", "a/B", "[", "]", "*", "a.b", "-", "\\", "aa/b",
        ];
        let mut checked = 0;
        for p in &patterns {
            for t in texts {
                for fold in [false, true] {
                    let ours = glob_match(p.as_bytes(), t.as_bytes(), fold);
                    let theirs = libc_fnmatch(p, t, fold);
                    assert_eq!(ours, theirs, "pattern {p:?} text {t:?} fold {fold}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100_000);
    }

    /// The same, with the multi-byte pieces of classes, symbols and ranges as the alphabet.
    #[test]
    fn bracket_pieces_agree_with_libc_fnmatch() {
        let alphabet: &[&str] = &[
            "a",
            "A",
            "c",
            "[",
            "]",
            "-",
            "!",
            "\\",
            "[:",
            ":]",
            "[=",
            "=]",
            "[.",
            ".]",
            "alpha",
            "[:upper:]",
            "*",
        ];
        let mut patterns = vec![String::new()];
        for _ in 0..4 {
            patterns = patterns
                .iter()
                .flat_map(|p| alphabet.iter().map(move |a| format!("{p}{a}")))
                .chain(patterns.iter().cloned())
                .collect();
            patterns.sort();
            patterns.dedup();
        }
        let texts = [
            "", "a", "A", "b", "B", "c", "[", "]", "-", ":", "=", ".", "\\", "[a",
        ];
        for p in &patterns {
            for t in texts {
                for fold in [false, true] {
                    let ours = glob_match(p.as_bytes(), t.as_bytes(), fold);
                    assert_eq!(ours, libc_fnmatch(p, t, fold), "{p:?} on {t:?} fold {fold}");
                }
            }
        }
    }

    /// Class names: where glibc stops reading one, matching and skipping alike.
    #[test]
    fn class_name_length_limit_agrees_with_libc_fnmatch() {
        for n in 2040..2055 {
            let name = "a".repeat(n);
            let cases = [
                (format!("[[:{name}]"), "["),
                (format!("[[:{name}:]]"), "a"),
                (format!("[a[:{name}:]]"), "a"),
                (format!("[a[:{name}]"), "a"),
            ];
            for (p, t) in &cases {
                let ours = glob_match(p.as_bytes(), t.as_bytes(), false);
                assert_eq!(ours, libc_fnmatch(p, t, false), "name of {n} on {t:?}");
            }
        }
    }

    #[test]
    fn stops_at_nul_like_a_c_string() {
        assert!(glob_match(b"ab\0c", b"ab", false));
        assert!(glob_match(b"a*", b"ab\0zz", false));
        assert!(!glob_match(b"a*z", b"ab\0z", false));
    }
}
