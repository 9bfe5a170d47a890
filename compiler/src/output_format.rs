//! Output formats (`%field` strings): parsed and checked at load time, as libsinsp's
//! event formatter does it.
//!
//! A token after `%` is an optional width and then the *longest prefix* that both parses as a
//! field or transformer and resolves in the catalogue, so `%proc.nameand` is `proc.name`
//! followed by the text `and`. There is no escape for a literal `%`.

use crate::ir::{OutputFormat, OutputSegment};
use crate::typecheck::check_operand;
use falcoc_grammar::parse_operand;
use std::ops::Range;

/// How libsinsp words every unknown output field: its formatter retries ever shorter
/// prefixes and reports the parser's error for the last, one-byte, attempt.
pub const FALCO_UNKNOWN_FIELD_MESSAGE: &str = "unknown filter: unexpected token after '";

/// A format error and the byte range (within the format text) it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
    pub range: Range<usize>,
    /// Unknown field: `skip-if-unknown-filter` may downgrade it.
    pub unknown_filter: bool,
}

/// Compiles a format string. A leading `*` (print missing values as `<NA>`) is accepted.
pub fn compile_format(text: &str) -> Result<OutputFormat, FormatError> {
    let body_start = usize::from(text.starts_with('*'));
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut i = body_start;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            let ch = text[i..].chars().next().unwrap_or(' ');
            literal.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let pct = i;
        i += 1;
        if i >= bytes.len() {
            return Err(FormatError {
                message: "invalid formatting syntax: formatting cannot end with a %".into(),
                range: pct..pct + 1,
                unknown_filter: false,
            });
        }
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let width = text[i..i + digits].parse::<usize>().ok();
        i += digits;
        let (segment, len) = token(text, i).ok_or_else(|| FormatError {
            message: format!(
                "unknown filter: unexpected token after '%': {}",
                text[i..].split_whitespace().next().unwrap_or("")
            ),
            range: pct..candidate_end(text, i).max(next_char_end(text, i)),
            unknown_filter: true,
        })?;
        if let OutputSegment::Field {
            operand: crate::ir::Operand::Field(f),
            ..
        } = &segment
        {
            // libsinsp's formatter parses fields with `needed_for_filtering = false`.
            f.check_printable().map_err(|message| FormatError {
                message,
                range: pct..i + len,
                unknown_filter: false,
            })?;
        }
        if !literal.is_empty() {
            segments.push(OutputSegment::Text(std::mem::take(&mut literal)));
        }
        segments.push(with_width(segment, width));
        i += len;
    }
    if !literal.is_empty() {
        segments.push(OutputSegment::Text(literal));
    }
    // Rules keep their formats for the whole run: no spare capacity.
    segments.shrink_to_fit();
    Ok(OutputFormat { segments })
}

/// The end of the character starting at `i` (or `i` at the end of the text).
fn next_char_end(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|rest| rest.chars().next())
        .map_or(text.len(), |c| i + c.len_utf8())
}

fn with_width(segment: OutputSegment, width: Option<usize>) -> OutputSegment {
    match segment {
        OutputSegment::Field {
            operand,
            key,
            in_fields,
            ..
        } => OutputSegment::Field {
            operand,
            width,
            key,
            in_fields,
        },
        other => other,
    }
}

/// The longest valid field or transformer starting at `start`, and its length.
fn token(text: &str, start: usize) -> Option<(OutputSegment, usize)> {
    let end = candidate_end(text, start);
    let mut cut = end;
    while cut > start {
        if text.is_char_boundary(cut) {
            let cand = &text[start..cut];
            if let Ok(op) = parse_operand(cand) {
                if !matches!(&op, falcoc_grammar::ast::Operand::Transformer(t) if t.kind == falcoc_grammar::ast::TransformerKind::Val)
                {
                    if let Ok(checked) = check_operand(&op, false) {
                        let in_fields = matches!(op, falcoc_grammar::ast::Operand::Field(_));
                        let key = canonical_key(&checked, cand);
                        return Some((
                            OutputSegment::Field {
                                operand: checked,
                                width: None,
                                key,
                                in_fields,
                            },
                            cut - start,
                        ));
                    }
                }
            }
        }
        cut -= 1;
    }
    None
}

fn canonical_key(op: &crate::ir::Operand, written: &str) -> String {
    match op {
        crate::ir::Operand::Field(f) => f.text.clone(),
        crate::ir::Operand::Transform(_) => written.to_string(),
    }
}

/// How far a token could possibly extend: field characters, then a bracketed argument or a
/// parenthesised transformer call.
fn candidate_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
    {
        i += 1;
    }
    if i < bytes.len() && bytes[i] == b'(' {
        i = matching(bytes, i, b'(', b')');
    }
    if i < bytes.len() && bytes[i] == b'[' {
        i = matching(bytes, i, b'[', b']');
    }
    i
}

/// Index just past the bracket closing the one at `open_at` (or the end of the text).
fn matching(bytes: &[u8], open_at: usize, open: u8, close: u8) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.iter().enumerate().skip(open_at) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == open => depth += 1,
            None if b == close => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            None => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(fmt: &str) -> Vec<String> {
        compile_format(fmt)
            .expect("valid format")
            .segments
            .into_iter()
            .map(|s| match s {
                OutputSegment::Text(t) => format!("'{t}'"),
                OutputSegment::Field { key, width, .. } => format!(
                    "{key}{}",
                    width.map(|w| format!("/{w}")).unwrap_or_default()
                ),
            })
            .collect()
    }

    #[test]
    fn longest_valid_prefix_wins() {
        assert_eq!(keys("%proc.nameand x"), vec!["proc.name", "'and x'"]);
        assert_eq!(
            keys("a=%10proc.name b=%proc.aname[2]"),
            vec!["'a='", "proc.name/10", "' b='", "proc.aname[2]"]
        );
    }

    #[test]
    fn errors() {
        assert!(compile_format("x %")
            .unwrap_err()
            .message
            .contains("cannot end with a %"));
        assert!(
            compile_format("x %nosuch.field")
                .unwrap_err()
                .unknown_filter
        );
        assert!(compile_format("x %val(proc.name)").is_err());
        let e = compile_format("x %fd.ip y").unwrap_err();
        assert_eq!(
            e.message,
            "fd.ip is filter only and cannot be used as a display field"
        );
        assert_eq!(e.range, 2..8);
        assert!(!e.unknown_filter);
    }
}
