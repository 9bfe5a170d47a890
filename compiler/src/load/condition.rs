//! Turns a collected condition into a macro-free-ready tree: joins its pieces, applies
//! exceptions and lists by text, parses, and maps every span back to the files.

use super::falco_position::Locator;
use super::reuse::Memo;
use crate::collect::CondText;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::expand::lists::{substitute_lists, substitute_some, CompiledList, ListUsage};
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

/// Substitutes lists and parses; spans in the result are global positions, and the
/// list-substituted text is returned beside the tree (Falco's positions count in it). A
/// condition that does not parse gives one diagnostic per syntax error, in text order (the
/// first is the error Falco reports), with the location `chain` made only then. With a
/// `memo`, a text that parsed before is not parsed again.
pub fn parse_expanded(
    sources: &Sources,
    text: &MappedText,
    lists: &[CompiledList],
    usage: &mut ListUsage,
    chain: &dyn Fn() -> Vec<Location>,
    memo: Option<&Memo>,
) -> Result<(Expr, MappedText), Vec<Diagnostic>> {
    let expanded = substitute(text, lists, usage, memo);
    if let Some(mut expr) =
        memo.and_then(|m| m.parses.borrow_mut().get(expanded.text.as_str()).cloned())
    {
        remap_spans(&mut expr, &|s| expanded.map_span(s));
        return Ok((expr, expanded));
    }
    let parsed = parse_condition(&expanded.text);
    if let (Some(mut expr), None) = (parsed.expr, &parsed.error) {
        if let Some(m) = memo {
            m.parses
                .borrow_mut()
                .insert(expanded.text.as_str().into(), expr.clone());
        }
        remap_spans(&mut expr, &|s| expanded.map_span(s));
        return Ok((expr, expanded));
    }
    let mut errors: Vec<(String, Span)> = parsed
        .errors
        .into_iter()
        .map(|e| (e.message, e.span))
        .collect();
    if errors.is_empty() {
        errors.push(("invalid condition".to_string(), Span::new(0, 0)));
    }
    // Falco shows and counts in the list-substituted text it failed to parse.
    let locator = Locator::new(&expanded);
    let shown: std::sync::Arc<str> = expanded.text.as_str().into();
    let chain = chain();
    Err(errors
        .into_iter()
        .map(|(message, span)| {
            let global = expanded.map_span(span);
            let falco = locator.at_index(&shown, span.start as usize);
            error_at(sources, Code::ErrCompileCondition, message, global, &chain)
                .with_falco_expression(Some(falco))
        })
        .collect())
}

/// Substitutes lists into `text`; with a `memo`, trying only the lists an earlier load
/// substituted into the same text with the same lists.
fn substitute(
    text: &MappedText,
    lists: &[CompiledList],
    usage: &mut ListUsage,
    memo: Option<&Memo>,
) -> MappedText {
    let Some(memo) = memo else {
        return substitute_lists(text, lists, usage);
    };
    let lists_fp = memo.lists.get();
    let known = memo
        .substituted
        .borrow_mut()
        .get(text.text.as_str())
        .filter(|(fp, _)| *fp == lists_fp)
        .map(|(_, which)| which.clone());
    let mut which = Vec::new();
    let expanded = substitute_some(text, lists, known.as_deref(), usage, &mut which);
    if known.is_none() {
        let key = text.text.as_str().into();
        memo.substituted.borrow_mut().insert(key, (lists_fp, which));
    }
    expanded
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
    sources: &Sources,
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
            value_mark(sources, first),
        ));
    }
    chain
}

/// Where Falco (yaml-cpp) places a value node: at its first byte, or for a block scalar
/// (`>`, `|`) at its indicator, on the line before the content.
pub fn value_mark(sources: &Sources, t: &crate::rules_file::items::Text) -> usize {
    let text = &sources.get(t.file).text;
    block_indicator(text, t.range.start).unwrap_or(t.range.start)
}

/// The offset of the block-scalar indicator whose content starts at `start`, if the last
/// non-blank line before `start` ends with one (`key: >-  # comment`).
fn block_indicator(text: &str, start: usize) -> Option<usize> {
    let before = text.get(..start)?;
    let content_line = before.rfind('\n')?;
    let head = before[..content_line].trim_end();
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let line = &head[line_start..];
    line.char_indices()
        .filter(|&(i, c)| {
            matches!(c, '|' | '>') && (i == 0 || line[..i].ends_with([' ', '\t', ':']))
        })
        .find(|&(i, _)| {
            let rest = line[i + 1..]
                .trim_start_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
            let rest = rest.trim_start_matches([' ', '\t']);
            rest.is_empty() || rest.starts_with('#')
        })
        .map(|(i, _)| line_start + i)
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

/// The start of the innermost check of `expr` whose span holds global position `at`.
pub fn enclosing_check(expr: &Expr, at: u32) -> Option<u32> {
    match expr {
        Expr::And(cs, _) | Expr::Or(cs, _) => cs.iter().find_map(|c| enclosing_check(c, at)),
        Expr::Not(inner, _) => enclosing_check(inner, at),
        Expr::Macro(_) => None,
        Expr::Check(c) => (c.span.start <= at && at <= c.span.end).then_some(c.span.start),
    }
}
