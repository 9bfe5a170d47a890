//! Builds the [`SymbolIndex`] of a load from the collected items and the parsed trees.

use super::macros_phase::Macros;
use crate::collect::Collected;
use crate::expand::lists::{CompiledList, ListUsage};
use crate::rules_file::items::ItemHeader;
use crate::source::Sources;
use crate::symbols::{Definition, Reference, SymbolIndex, SymbolKind};

pub fn index(
    sources: &Sources,
    col: &Collected,
    lists: &[CompiledList],
    usage: &ListUsage,
    _macros: &Macros,
) -> SymbolIndex {
    let mut idx = SymbolIndex::default();
    for l in &col.lists {
        add_defs(&mut idx, SymbolKind::List, &l.touched_by);
        for item in &l.items {
            if col.list(&item.value).is_some() {
                idx.references.push(Reference {
                    kind: SymbolKind::List,
                    name: item.value.clone(),
                    file: item.file,
                    range: item.range.clone(),
                });
            }
        }
    }
    for m in &col.macros {
        add_defs(&mut idx, SymbolKind::Macro, &m.touched_by);
    }
    for r in &col.rules {
        add_defs(&mut idx, SymbolKind::Rule, &r.touched_by);
    }
    for &(list, span) in &usage.occurrences {
        let Some(l) = lists.get(list) else { continue };
        let (file, range) = sources.locate_span(span.start, span.end);
        idx.references.push(Reference {
            kind: SymbolKind::List,
            name: l.name.clone(),
            file,
            range,
        });
    }
    macro_references(col, &mut idx);
    idx.references.sort_by_key(|r| (r.file, r.range.start));
    idx.references.dedup();
    idx
}

fn add_defs(idx: &mut SymbolIndex, kind: SymbolKind, headers: &[ItemHeader]) {
    for (i, h) in headers.iter().enumerate() {
        idx.definitions.push(Definition {
            kind,
            name: h.name.clone(),
            file: h.file,
            name_range: h.name_range.clone(),
            item_range: h.range.clone(),
            primary: i == 0,
        });
    }
}

/// Macro references, found by parsing each raw condition piece on its own (without list
/// expansion, which cannot introduce or remove macro names).
fn macro_references(col: &Collected, idx: &mut SymbolIndex) {
    let conds = col
        .macros
        .iter()
        .map(|m| &m.condition)
        .chain(col.rules.iter().map(|r| &r.condition));
    for cond in conds {
        for piece in &cond.pieces {
            let mut add = |name: &str, range: std::ops::Range<usize>| {
                if col.macro_def(name).is_some() {
                    idx.references.push(Reference {
                        kind: SymbolKind::Macro,
                        name: name.to_string(),
                        file: piece.file,
                        range: piece.map.range(range),
                    });
                }
            };
            match falcoc_grammar::parse_condition(&piece.value).expr {
                Some(expr) => collect_idents(&expr, &mut |name, span| add(name, span.range())),
                // Appended pieces (`and …`) and broken conditions: find bare words instead.
                None => bare_words(&piece.value).for_each(|(w, r)| add(w, r)),
            }
        }
    }
}

/// Words that could be macro references: identifiers outside quotes that are not part of a
/// field name (`proc.name`), a field argument or a transformer call.
fn bare_words(text: &str) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut quote) = (0usize, None::<u8>);
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 1;
            } else if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if b == b'"' || b == b'\'' {
            quote = Some(b);
            i += 1;
            continue;
        }
        let starts_word = b.is_ascii_alphabetic() && (i == 0 || !is_name_byte(bytes[i - 1]));
        if !starts_word {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        let next = bytes.get(i).copied();
        if !matches!(next, Some(b'.' | b'[' | b'(')) {
            out.push((&text[start..i], start..i));
        }
    }
    out.into_iter()
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'[' || b == b'/' || b == b'-'
}

fn collect_idents(
    expr: &falcoc_grammar::ast::Expr,
    f: &mut impl FnMut(&str, falcoc_grammar::Span),
) {
    use falcoc_grammar::ast::Expr;
    match expr {
        Expr::And(cs, _) | Expr::Or(cs, _) => cs.iter().for_each(|c| collect_idents(c, f)),
        Expr::Not(inner, _) => collect_idents(inner, f),
        Expr::Macro(id) => f(&id.name, id.span),
        Expr::Check(_) => {}
    }
}
