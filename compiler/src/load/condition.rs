//! Turns a collected condition into a macro-free-ready tree: joins its pieces, applies
//! exceptions and lists by text, parses, and maps every span back to the files.

use crate::collect::CondText;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::expand::lists::{substitute_lists, CompiledList, ListUsage};
use crate::expand::mapped_text::MappedText;
use crate::expand::remap::remap_spans;
use crate::source::Sources;
use falcoc_grammar::ast::Expr;
use falcoc_grammar::{parse_condition, Span};

/// The joined text of a condition's pieces (`old + " " + appended`).
pub fn join_pieces(sources: &Sources, cond: &CondText) -> MappedText {
    let mut text = MappedText::new();
    for (i, piece) in cond.pieces.iter().enumerate() {
        if i > 0 {
            let at = sources.global(piece.file, piece.range.start) as usize;
            text.push_generated(" ", Span::new(at, at));
        }
        text.push_text(sources, piece);
    }
    text
}

/// Substitutes lists and parses; spans in the result are global positions. A condition
/// that does not parse gives one diagnostic per syntax error, in text order (the first is
/// the error Falco reports).
pub fn parse_expanded(
    sources: &Sources,
    text: &MappedText,
    lists: &[CompiledList],
    usage: &mut ListUsage,
    chain: &[Location],
) -> Result<Expr, Vec<Diagnostic>> {
    let expanded = substitute_lists(text, lists, usage);
    let parsed = parse_condition(&expanded.text);
    if let (Some(mut expr), None) = (parsed.expr, &parsed.error) {
        remap_spans(&mut expr, &|s| expanded.map_span(s));
        return Ok(expr);
    }
    let mut errors: Vec<(String, Span)> = parsed
        .errors
        .into_iter()
        .map(|e| (e.message, e.span))
        .collect();
    if errors.is_empty() {
        errors.push(("invalid condition".to_string(), Span::new(0, 0)));
    }
    Err(errors
        .into_iter()
        .map(|(message, span)| {
            let global = expanded.map_span(span);
            error_at(sources, Code::ErrCompileCondition, message, global, chain)
        })
        .collect())
}

/// A diagnostic at a global span with a location chain.
pub fn error_at(
    sources: &Sources,
    code: Code,
    message: impl Into<String>,
    span: Span,
    chain: &[Location],
) -> Diagnostic {
    let (file, range) = sources.locate_span(span.start, span.end);
    Diagnostic::new(code, message)
        .with_primary(file, range, "")
        .with_locations(chain.to_vec())
}

/// `[rules content, <kind>[name], <kind> condition]` for an item's condition.
pub fn condition_chain(
    kind: &str,
    header: &crate::rules_file::items::ItemHeader,
    cond: &CondText,
) -> Vec<Location> {
    let mut chain = vec![
        Location::new("rules content", "", header.file, 0),
        Location::new(kind, &header.name, header.file, header.offset),
    ];
    if let Some(first) = cond.pieces.first() {
        chain.push(Location::new(
            format!("{kind} condition"),
            "",
            first.file,
            first.range.start,
        ));
    }
    chain
}

/// Attaches a did-you-mean fix (`replacement` for the text at a global span), if any.
pub fn with_did_you_mean(
    sources: &Sources,
    d: Diagnostic,
    suggestion: Option<(String, Span)>,
) -> Diagnostic {
    let Some((replacement, span)) = suggestion else {
        return d;
    };
    let (file, range) = sources.locate_span(span.start, span.end);
    d.with_fix(crate::diagnostic::Fix {
        title: format!("did you mean `{replacement}`?"),
        file,
        range,
        replacement,
    })
}
