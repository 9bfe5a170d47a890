//! Anchored matchers for libsinsp's token regexes, each returning the end of the
//! leftmost-longest match at a byte position (or `None`).
//!
//! They work on bytes. Every class they accept that ends a token is ASCII, so match
//! boundaries are always `char` boundaries of the text.

/// Blanks skipped between tokens: space, `\t`, `\b`, `\r`, `\n` (not `\f` or `\v`).
pub(crate) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x08 | b'\r' | b'\n')
}

/// POSIX `[[:space:]]`: what may follow `not`.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// End of the run of blanks starting at `pos` (`pos` itself when there is none).
pub(crate) fn blanks(s: &[u8], pos: usize) -> usize {
    let mut i = pos;
    while s.get(i).copied().is_some_and(is_blank) {
        i += 1;
    }
    i
}

fn word_segment(s: &[u8], pos: usize) -> Option<usize> {
    if !s.get(pos)?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = pos + 1;
    while s
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        i += 1;
    }
    Some(i)
}

/// `[a-zA-Z][a-zA-Z0-9_]*`
pub(crate) fn identifier(s: &[u8], pos: usize) -> Option<usize> {
    word_segment(s, pos)
}

/// `[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+`
pub(crate) fn field_name(s: &[u8], pos: usize) -> Option<usize> {
    let mut end = word_segment(s, pos)?;
    let mut dotted = false;
    while s.get(end) == Some(&b'.') {
        match word_segment(s, end + 1) {
            Some(next) => {
                end = next;
                dotted = true;
            }
            None => break,
        }
    }
    dotted.then_some(end)
}

/// `0[xX][0-9a-fA-F]+`
pub(crate) fn hex_number(s: &[u8], pos: usize) -> Option<usize> {
    if s.get(pos) != Some(&b'0') || !matches!(s.get(pos + 1), Some(b'x' | b'X')) {
        return None;
    }
    let mut i = pos + 2;
    while s.get(i).is_some_and(u8::is_ascii_hexdigit) {
        i += 1;
    }
    (i > pos + 2).then_some(i)
}

fn digits(s: &[u8], pos: usize) -> usize {
    let mut i = pos;
    while s.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// `[+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?`
pub(crate) fn number(s: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos;
    if matches!(s.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_end = digits(s, i);
    if int_end == i {
        return None;
    }
    i = int_end;
    if s.get(i) == Some(&b'.') {
        i = digits(s, i + 1);
    }
    if matches!(s.get(i), Some(b'e' | b'E')) && matches!(s.get(i + 1), Some(b'+' | b'-')) {
        let exp_end = digits(s, i + 2);
        if exp_end > i + 2 {
            i = exp_end;
        }
    }
    Some(i)
}

/// A quoted string: from a `"` or `'` at `pos` to the first same delimiter whose
/// preceding byte is not a backslash. `None` when it is not closed (a NUL also ends the
/// search, as in libsinsp's C-string scan).
pub(crate) fn quoted(s: &[u8], pos: usize) -> Option<usize> {
    let delim = *s.get(pos)?;
    if delim != b'"' && delim != b'\'' {
        return None;
    }
    let mut i = pos + 1;
    loop {
        let b = *s.get(i)?;
        if b == 0 {
            return None;
        }
        if b == delim && s.get(i - 1) != Some(&b'\\') {
            return Some(i + 1);
        }
        i += 1;
    }
}

/// A byte of `[^()"'[:space:]=,]` (not NUL): what bare strings are made of.
pub(crate) fn is_bare_byte(b: u8) -> bool {
    !matches!(b, b'(' | b')' | b'"' | b'\'' | b'=' | b',' | 0) && !is_space(b)
}

/// `[^()"'[:space:]=,]+` (a NUL also ends it).
pub(crate) fn bare_str(s: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos;
    while s.get(i).copied().is_some_and(is_bare_byte) {
        i += 1;
    }
    (i > pos).then_some(i)
}

/// `[^\]\["'[:space:]]+` (a NUL also ends it).
pub(crate) fn field_arg_bare(s: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos;
    while s
        .get(i)
        .is_some_and(|&b| !matches!(b, b'[' | b']' | b'"' | b'\'' | 0) && !is_space(b))
    {
        i += 1;
    }
    (i > pos).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_need_a_signed_exponent() {
        assert_eq!(number(b"1e5", 0), Some(1));
        assert_eq!(number(b"-0.1222e+10", 0), Some(11));
        assert_eq!(number(b"+1.", 0), Some(3));
        assert_eq!(number(b"abc", 0), None);
    }

    #[test]
    fn field_names_need_a_dot() {
        assert_eq!(field_name(b"proc.name=x", 0), Some(9));
        assert_eq!(field_name(b"evt.arg.flags ", 0), Some(13));
        assert_eq!(field_name(b"a.b.", 0), Some(3));
        assert_eq!(field_name(b"macro", 0), None);
        assert_eq!(field_name(b"a.1", 0), None);
    }

    #[test]
    fn quoted_strings_end_at_an_unescaped_delimiter() {
        assert_eq!(quoted(br#""""#, 0), Some(2));
        assert_eq!(quoted(br#""a\"b" x"#, 0), Some(6));
        assert_eq!(quoted(br#""a\\" b""#, 0), Some(8));
        assert_eq!(quoted(br#""open"#, 0), None);
    }
}
