//! A forgiving tokenizer for conditions, for the editor's needs (highlighting, completion,
//! finding names under the cursor) on text that is often half-typed. It never fails and
//! never decides validity: the front end's parser does that and reports the diagnostics.
//!
//! Word boundaries follow Falco's textual list substitution: a word ends at blanks, `(`,
//! `)`, `,`, quotes and comparison symbols; a field argument `[...]` belongs to its word.

use std::ops::Range;

/// What a token is, as far as the characters tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// An identifier, field, keyword, operator word or bare value.
    Word,
    /// A quoted string (possibly unterminated).
    Str,
    /// `=`, `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Symbol,
    LParen,
    RParen,
    Comma,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    pub kind: TokKind,
    /// Bytes of the token in the lexed text.
    pub range: Range<usize>,
}

impl Tok {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.range.clone()).unwrap_or("")
    }
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | ',' | '"' | '\'' | '=' | '<' | '>' | '!')
}

/// Tokens of `text`, in order.
pub fn lex(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let (kind, end) = match c {
            '(' => (TokKind::LParen, start + 1),
            ')' => (TokKind::RParen, start + 1),
            ',' => (TokKind::Comma, start + 1),
            '"' | '\'' => (TokKind::Str, string_end(text, start, c)),
            '=' | '<' | '>' | '!' => {
                let next = text.as_bytes().get(start + 1).copied();
                let len = if next == Some(b'=') { 2 } else { 1 };
                (TokKind::Symbol, start + len)
            }
            _ => (TokKind::Word, word_end(text, start)),
        };
        toks.push(Tok {
            kind,
            range: start..end,
        });
        while chars.peek().is_some_and(|&(i, _)| i < end) {
            chars.next();
        }
    }
    toks
}

/// End of a quoted string starting at `start` (backslash escapes skipped; unterminated
/// strings end at the line's end).
fn string_end(text: &str, start: usize, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in text[start + 1..].char_indices() {
        let at = start + 1 + i;
        if c == '\n' {
            return at;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            return at + 1;
        }
    }
    text.len()
}

/// End of a word starting at `start`; `[...]` (a field argument) is part of the word.
fn word_end(text: &str, start: usize) -> usize {
    let mut in_arg = false;
    for (i, c) in text[start..].char_indices() {
        let at = start + i;
        if in_arg {
            if c == ']' {
                in_arg = false;
            } else if c == '\n' {
                return at;
            }
            continue;
        }
        if c == '[' {
            in_arg = true;
            continue;
        }
        if ends_word(c) {
            return at;
        }
    }
    text.len()
}

/// The name part of a word: `proc.aname[2]` → `proc.aname`.
pub fn word_name(word: &str) -> &str {
    word.split('[').next().unwrap_or(word)
}

/// Logical keywords.
pub fn is_bool_keyword(word: &str) -> bool {
    matches!(word, "and" | "or" | "not")
}

/// Operators written as words.
pub const WORD_OPERATORS: &[&str] = &[
    "exists",
    "in",
    "intersects",
    "pmatch",
    "contains",
    "icontains",
    "bcontains",
    "startswith",
    "bstartswith",
    "endswith",
    "glob",
    "iglob",
    "regex",
];

/// Modifiers after a comparison operator.
pub const MODIFIERS: &[&str] = &["oneof", "anyof", "allof"];

/// Transformers, written `name(...)`.
pub const TRANSFORMERS: &[&str] = &[
    "val", "tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt",
];

pub fn is_operator_word(word: &str) -> bool {
    WORD_OPERATORS.contains(&word)
}

/// Whether the operator's right side is a list `(a, b)`.
pub fn takes_list(op: &str) -> bool {
    matches!(op, "in" | "intersects" | "pmatch")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(TokKind, &str)> {
        lex(text).iter().map(|t| (t.kind, t.text(text))).collect()
    }

    #[test]
    fn splits_like_falco() {
        use TokKind::*;
        assert_eq!(
            words("proc.name!=bash and evt.type in (open,openat) and not fd.name[1] = \"a b\""),
            vec![
                (Word, "proc.name"),
                (Symbol, "!="),
                (Word, "bash"),
                (Word, "and"),
                (Word, "evt.type"),
                (Word, "in"),
                (LParen, "("),
                (Word, "open"),
                (Comma, ","),
                (Word, "openat"),
                (RParen, ")"),
                (Word, "and"),
                (Word, "not"),
                (Word, "fd.name[1]"),
                (Symbol, "="),
                (Str, "\"a b\""),
            ]
        );
    }

    #[test]
    fn tolerates_half_typed_text() {
        use TokKind::*;
        assert_eq!(words("proc."), vec![(Word, "proc.")]);
        assert_eq!(
            words("x = 'unterminated"),
            vec![(Word, "x"), (Symbol, "="), (Str, "'unterminated")]
        );
        assert_eq!(words("fd.name[abc"), vec![(Word, "fd.name[abc")]);
        assert_eq!(
            words("é日 <= 😀"),
            vec![(Word, "é日"), (Symbol, "<="), (Word, "😀")]
        );
        assert_eq!(word_name("proc.aname[2]"), "proc.aname");
    }
}
