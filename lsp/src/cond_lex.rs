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

/// `name[arg]` split into the name and the argument text: `proc.aname[2]` → `(proc.aname, 2)`.
pub fn split_field(word: &str) -> (&str, Option<&str>) {
    match word.split_once('[') {
        Some((name, rest)) => (name, Some(rest.strip_suffix(']').unwrap_or(rest))),
        None => (word, None),
    }
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

/// Where a value at token index `i` would stand: compared with `field` (the word before
/// the operator), directly after the operator or inside its `( ... )` value list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueSlot<'a> {
    pub field: &'a str,
    pub in_list: bool,
}

/// Whether a token is a comparison operator that takes a value (`exists` takes none).
fn is_value_operator(text: &str, t: &Tok) -> bool {
    match t.kind {
        TokKind::Symbol => true,
        TokKind::Word => {
            let w = t.text(text);
            (is_operator_word(w) && w != "exists") || MODIFIERS.contains(&w)
        }
        _ => false,
    }
}

/// The value slot at token index `i` of `toks` (tokens of `text`), if `i` is one: right
/// after a comparison operator, or inside the value list that follows one.
pub fn value_slot<'a>(text: &'a str, toks: &[Tok], i: usize) -> Option<ValueSlot<'a>> {
    let before = toks.get(..i)?;
    let field_before = |j: usize| {
        before[..j]
            .iter()
            .rev()
            .find(|t| t.kind == TokKind::Word && !is_value_operator(text, t))
            .map_or("", |t| split_field(t.text(text)).0)
    };
    if before.last().is_some_and(|t| is_value_operator(text, t)) {
        return Some(ValueSlot {
            field: field_before(i - 1),
            in_list: false,
        });
    }
    let mut depth = 0usize;
    for (j, t) in before.iter().enumerate().rev() {
        match t.kind {
            TokKind::RParen => depth += 1,
            TokKind::LParen if depth > 0 => depth -= 1,
            TokKind::LParen => {
                let op = before.get(j.checked_sub(1)?)?;
                return is_value_operator(text, op).then(|| ValueSlot {
                    field: field_before(j - 1),
                    in_list: true,
                });
            }
            _ => {}
        }
    }
    None
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
        assert_eq!(split_field("proc.aname[2]"), ("proc.aname", Some("2")));
        assert_eq!(split_field("evt.arg.flags"), ("evt.arg.flags", None));
    }

    #[test]
    fn value_slots() {
        let text = "evt.type in (open, x) and fd.num >= 3 and proc.name exists and not a";
        let toks = lex(text);
        let slot = |word: &str| {
            let i = toks.iter().position(|t| t.text(text) == word).unwrap();
            value_slot(text, &toks, i)
        };
        assert_eq!(
            slot("open"),
            Some(ValueSlot {
                field: "evt.type",
                in_list: true
            })
        );
        assert_eq!(
            slot("x"),
            Some(ValueSlot {
                field: "evt.type",
                in_list: true
            })
        );
        assert_eq!(
            slot("3"),
            Some(ValueSlot {
                field: "fd.num",
                in_list: false
            })
        );
        assert_eq!(slot("a"), None);
        assert_eq!(slot("and"), None);
    }
}
