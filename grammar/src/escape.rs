//! String escapes: libsinsp's `unescape_str` for quoted strings in conditions and its
//! `escape_str` for the canonical printer.
//!
//! Falco 0.44 rejects `\xHH` (errata W1), so only `\b \f \n \r \t \\ \/`, the legacy
//! `\ ` (a single backslash) and the escape of the string's own delimiter are accepted.

use std::borrow::Cow;

/// An invalid escape: the message and the byte offset of its backslash in the quoted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EscapeError {
    pub message: String,
    pub offset: usize,
    pub len: usize,
}

/// Unescapes the content of a quoted string. `quoted` includes both delimiters.
pub(crate) fn unescape(quoted: &str) -> Result<String, EscapeError> {
    let delim = quoted.chars().next().unwrap_or('"');
    let inner = quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or_default();
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            // INVARIANT: the lexer never ends a quoted string right after a backslash.
            out.push('\\');
            break;
        };
        let bad = |message: String| EscapeError {
            message,
            offset: 1 + i,
            len: 1 + e.len_utf8(),
        };
        match e {
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            // Legacy: `\ ` produces one backslash and drops the space.
            ' ' | '\\' => out.push('\\'),
            '/' => out.push('/'),
            '"' if delim == '"' => out.push('"'),
            '"' => return Err(bad("invalid \\\" escape in '-quoted string".into())),
            '\'' if delim == '\'' => out.push('\''),
            '\'' => return Err(bad("invalid \\' escape in \"-quoted string".into())),
            other => {
                return Err(bad(format!(
                    "unsupported string escape sequence: \\{other}"
                )))
            }
        }
    }
    Ok(out)
}

/// libsinsp's `escape_str`, made to always parse back: a value is wrapped in `"…"` when
/// it contains a blank, `=`, a quote, a backslash or a control character, with
/// `\\ \" \b \f \n \r \t` escaped — as libsinsp does — and also when it is empty or
/// contains `(`, `)` or `,`, which libsinsp leaves bare so its text does not parse back.
/// A final backslash is written `\ ` (the legacy escape), since `\\"` would not close the
/// string.
pub fn escape_value(value: &str) -> Cow<'_, str> {
    quote_if(value, |c| matches!(c, '(' | ')' | ','))
}

/// [`escape_value`] for a field argument, which must also quote `[` and `]`.
pub(crate) fn escape_arg(value: &str) -> Cow<'_, str> {
    quote_if(value, |c| matches!(c, '[' | ']'))
}

fn quote_if(value: &str, extra: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = value.is_empty()
        || value.chars().any(|c| {
            matches!(c, ' ' | '=' | '"' | '\'' | '\\') || c.is_ascii_control() || extra(c)
        });
    if !needs {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 2);
    push_quoted(&mut out, value);
    Cow::Owned(out)
}

/// Writes `value` as a `"…"` string that the lexer reads back as `value`.
pub(crate) fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_none() => out.push_str("\\ "),
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_known_sequences() {
        assert_eq!(unescape(r#""a\tb\\c\/d""#).unwrap(), "a\tb\\c/d");
        assert_eq!(unescape(r#""bad escape \ ""#).unwrap(), "bad escape \\");
        assert_eq!(unescape(r#"'it\'s'"#).unwrap(), "it's");
    }

    #[test]
    fn rejects_hex_and_foreign_quotes() {
        let e = unescape(r#""\x41""#).unwrap_err();
        assert_eq!(e.message, "unsupported string escape sequence: \\x");
        assert_eq!((e.offset, e.len), (1, 2));
        assert!(unescape(r#"'\"'"#).is_err());
        assert!(unescape(r#""\'""#).is_err());
    }

    #[test]
    fn escapes_like_libsinsp() {
        assert_eq!(escape_value("bash"), "bash");
        assert_eq!(escape_value("a b"), "\"a b\"");
        assert_eq!(escape_value("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(escape_value("it's"), "\"it's\"");
        assert_eq!(escape_value("a(b),c"), "\"a(b),c\"");
        assert_eq!(escape_value(""), "\"\"");
        assert_eq!(escape_value("/tmp/[ab]*"), "/tmp/[ab]*");
        assert_eq!(escape_arg("a]b"), "\"a]b\"");
        assert_eq!(escape_value("end\\"), "\"end\\ \"");
    }
}
