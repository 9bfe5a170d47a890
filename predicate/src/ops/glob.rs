//! `glob` and `iglob`: `fnmatch(pattern, text, 0)` and `fnmatch(…, FNM_CASEFOLD)` as glibc
//! does them in the C locale (§1.4), written here byte by byte.
//!
//! - `*` matches any run of bytes, `/` included (no `FNM_PATHNAME`), and a leading `.` is
//!   not special (no `FNM_PERIOD`);
//! - `?` matches exactly one byte;
//! - `[...]` is a bracket expression: `!` or `^` first negates it, a `]` first is literal,
//!   `a-z` ranges, `[:alpha:]`-style classes, `\x` escapes; a `[` with no closing `]` is an
//!   ordinary character;
//! - `\x` matches `x` literally; a pattern ending in a lone `\` matches nothing.

/// Whether `text` matches the glob `pattern`; `fold` is `FNM_CASEFOLD` (ASCII).
pub fn glob_match(pattern: &[u8], text: &[u8], fold: bool) -> bool {
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
            Bracket::Unterminated => (c == b'[').then_some(p + 1),
        },
        &lit => (fold_byte(lit, fold) == fold_byte(c, fold)).then_some(p + 1),
    }
}

enum Bracket {
    Matched(usize),
    NotMatched,
    /// No closing `]`: the `[` is an ordinary character.
    Unterminated,
}

/// Evaluates the bracket expression whose body starts at `start` (just after `[`).
fn bracket(pattern: &[u8], start: usize, c: u8, fold: bool) -> Bracket {
    let mut i = start;
    let negate = matches!(pattern.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let c = fold_byte(c, fold);
    let mut matched = false;
    let mut first = true;
    loop {
        let Some(&b) = pattern.get(i) else {
            return Bracket::Unterminated;
        };
        if b == b']' && !first {
            i += 1;
            break;
        }
        first = false;
        if b == b'[' && pattern.get(i + 1) == Some(&b':') {
            if let Some((len, class)) = class_at(pattern, i + 2) {
                matched |= class.is_some_and(|f| f(c) || (fold && f(c.to_ascii_uppercase())));
                i += 2 + len;
                continue;
            }
        }
        if b == b'[' && pattern.get(i + 1) == Some(&b'=') {
            // `[=x=]`: an equivalence class, one byte in the C locale; anything else
            // leaves the `[` an ordinary member.
            if let (Some(&sym), Some(b"=]")) = (pattern.get(i + 2), pattern.get(i + 3..i + 5)) {
                matched |= fold_byte(sym, fold) == c;
                i += 5;
                continue;
            }
        }
        if b == b'[' && pattern.get(i + 1) == Some(&b'.') {
            // `[.x.]`: a collating symbol; unterminated or longer than one byte, glibc
            // gives up on the whole match.
            match symbol_at(pattern, i + 2) {
                Some((sym, len)) => {
                    matched |= fold_byte(sym, fold) == c;
                    i += 2 + len;
                    continue;
                }
                None => return Bracket::NotMatched,
            }
        }
        let (lo, after) = match element(pattern, i) {
            Some(x) => x,
            None => return Bracket::Unterminated,
        };
        if pattern.get(after) == Some(&b'-') && !matches!(pattern.get(after + 1), Some(b']') | None)
        {
            let Some((hi, after_hi)) = element(pattern, after + 1) else {
                return Bracket::Unterminated;
            };
            let (lo, hi) = (fold_byte(lo, fold), fold_byte(hi, fold));
            matched |= lo <= c && c <= hi;
            i = after_hi;
        } else {
            matched |= fold_byte(lo, fold) == c;
            i = after;
        }
    }
    if matched != negate {
        Bracket::Matched(i)
    } else {
        Bracket::NotMatched
    }
}

/// One bracket member byte at `i` (a `\` escapes the next byte) and the index after it.
fn element(pattern: &[u8], i: usize) -> Option<(u8, usize)> {
    match *pattern.get(i)? {
        b'\\' => pattern.get(i + 1).map(|&b| (b, i + 2)),
        b => Some((b, i + 1)),
    }
}

/// A `[.x.]` body starting at `i`: the one-byte symbol and the length up to and including
/// the closing `.]`.
fn symbol_at(pattern: &[u8], i: usize) -> Option<(u8, usize)> {
    let rest = pattern.get(i..)?;
    let end = rest.windows(2).position(|w| w == b".]")?;
    match rest.get(..end)? {
        [one] => Some((*one, end + 2)),
        _ => None,
    }
}

type ClassFn = fn(u8) -> bool;

/// A `[:name:]` class whose name starts at `i`: the length of `name:]` and the class test
/// (`None` for an unknown name, which matches nothing).
fn class_at(pattern: &[u8], i: usize) -> Option<(usize, Option<ClassFn>)> {
    let rest = pattern.get(i..)?;
    let end = rest.windows(2).position(|w| w == b":]")?;
    let name = rest.get(..end)?;
    let class: Option<ClassFn> = match name {
        b"alpha" => Some(|b| b.is_ascii_alphabetic()),
        b"digit" => Some(|b| b.is_ascii_digit()),
        b"alnum" => Some(|b| b.is_ascii_alphanumeric()),
        b"upper" => Some(|b| b.is_ascii_uppercase()),
        b"lower" => Some(|b| b.is_ascii_lowercase()),
        b"space" => Some(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)),
        b"blank" => Some(|b| b == b' ' || b == b'\t'),
        b"punct" => Some(|b| b.is_ascii_punctuation()),
        b"print" => Some(|b| (0x20..0x7f).contains(&b)),
        b"graph" => Some(|b| b.is_ascii_graphic()),
        b"cntrl" => Some(|b| b.is_ascii_control()),
        b"xdigit" => Some(|b| b.is_ascii_hexdigit()),
        _ => None,
    };
    Some((end + 2, class))
}

#[cfg(test)]
mod tests {
    use super::glob_match;

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

    fn libc_fnmatch(pattern: &str, text: &str, fold: bool) -> bool {
        let p = std::ffi::CString::new(pattern).expect("no nul");
        let t = std::ffi::CString::new(text).expect("no nul");
        const FNM_CASEFOLD: libc::c_int = 1 << 4;
        let flags = if fold { FNM_CASEFOLD } else { 0 };
        // SAFETY: both pointers are valid NUL-terminated strings that outlive the call;
        // fnmatch only reads them.
        unsafe { libc::fnmatch(p.as_ptr(), t.as_ptr(), flags) == 0 }
    }
}
