//! The condition and output texts of a rules file as the front end reads them: positioned
//! YAML values whose maps place every value byte in the file (plain, quoted and block
//! scalars alike). Conditions are scanned by the grammar's own lexer, so highlighting and
//! hover see exactly the tokens the compiler sees.

use falcoc_compiler::grammar::tokens::{scan_piece, Scan, Token, TokenKind};
use falcoc_compiler::rules_file::items::{Item, RuleItem, Text};
use std::ops::Range;

/// What a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Condition,
    Output,
}

/// The condition and output texts of `items`, in item order.
pub fn texts(items: &[Item]) -> Vec<(&Text, Role)> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Macro(m) => out.push((&m.condition, Role::Condition)),
            Item::Rule(RuleItem::Define(d)) => {
                out.push((&d.condition, Role::Condition));
                out.push((&d.output, Role::Output));
            }
            Item::Rule(RuleItem::Update(u)) => {
                out.extend(u.condition.iter().map(|t| (t, Role::Condition)));
                out.extend(u.output.iter().map(|t| (t, Role::Output)));
            }
            _ => {}
        }
    }
    out
}

/// The grammar's scan of a condition text (an appended piece is scanned as one).
pub fn scan_condition(text: &Text) -> Scan {
    scan_piece(&text.value)
}

/// The field a token refers to, name and argument: a field token with the `[arg]` that
/// follows it, or the left-side field a value is compared with.
pub fn field_of<'v>(
    value: &'v str,
    tokens: &[Token],
    i: usize,
) -> Option<(Range<usize>, &'v str, Option<&'v str>)> {
    let t = tokens.get(i)?;
    let (name, arg) = match t.kind {
        TokenKind::Field => {
            let arg = tokens
                .get(i + 1)
                .filter(|a| a.kind == TokenKind::FieldArg && a.span.start == t.span.end);
            (t.span.range(), arg.map(|a| a.span.range()))
        }
        TokenKind::FieldArg => {
            let field = tokens.get(i.checked_sub(1)?)?;
            if field.kind != TokenKind::Field || field.span.end != t.span.start {
                return None;
            }
            (field.span.range(), Some(t.span.range()))
        }
        _ => return None,
    };
    let whole = name.start..arg.clone().map_or(name.end, |a| a.end);
    let arg = arg.map(|a| &value[a.start + 1..a.end.saturating_sub(1).max(a.start + 1)]);
    Some((whole, &value[name], arg))
}

/// Whether a value token is compared with `evt.type`.
pub fn is_event_type_value(value: &str, t: &Token) -> bool {
    matches!(t.kind, TokenKind::Value { quoted: false, lhs: Some(lhs) } if &value[lhs.range()] == "evt.type")
}

/// The `%field` and `%field[arg]` references of an output format (value byte ranges,
/// without the `%`).
pub fn output_fields(value: &str) -> Vec<Range<usize>> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'.' | b'_'))
        {
            end += 1;
        }
        if end < bytes.len() && bytes[end] == b'[' {
            if let Some(close) = value[end..].find(']') {
                end += close + 1;
            }
        }
        if end > start {
            out.push(start..end);
        }
        i = end.max(i + 1);
    }
    out
}
