//! Builds the [`SymbolIndex`] of a load from the collected items and the parsed trees.

use super::macros_phase::Macros;
use super::reuse::Memo;
use crate::collect::Collected;
use crate::expand::lists::{CompiledList, ListUsage};
use crate::rules_file::items::ItemHeader;
use crate::source::Sources;
use crate::symbols::{Definition, Reference, SymbolIndex, SymbolKind};
use falcoc_grammar::tokens::{scan, scan_continuation, Scan, TokenKind};

pub fn index(
    sources: &Sources,
    col: &Collected,
    lists: &[CompiledList],
    usage: &ListUsage,
    _macros: &Macros,
    memo: Option<&Memo>,
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
    macro_references(col, &mut idx, memo);
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

/// Macro references: the macro names of each raw condition piece, from the grammar's token
/// scan (without list expansion, which cannot introduce or remove macro names). The scan
/// recovers from errors, so appended pieces (`and …`) and conditions that do not parse
/// still give their references.
fn macro_references(col: &Collected, idx: &mut SymbolIndex, memo: Option<&Memo>) {
    let conds = col
        .macros
        .iter()
        .map(|m| &m.condition)
        .chain(col.rules.iter().map(|r| &r.condition));
    let mut kept = memo.map(|m| m.macro_tokens.borrow_mut());
    for cond in conds {
        for piece in &cond.pieces {
            let found;
            let ranges = match kept.as_mut() {
                Some(kept) => {
                    let value = piece.value.as_str();
                    if kept.get(value).is_none() {
                        kept.insert(value.into(), macro_name_tokens(value));
                    }
                    kept.get(value).map_or(&[][..], Vec::as_slice)
                }
                None => {
                    found = macro_name_tokens(&piece.value);
                    &found
                }
            };
            for range in ranges {
                let name = &piece.value[range.clone()];
                if col.macro_def(name).is_some() {
                    idx.references.push(Reference {
                        kind: SymbolKind::Macro,
                        name: name.to_string(),
                        file: piece.file,
                        range: piece.map.range(range.clone()),
                    });
                }
            }
        }
    }
}

/// The byte ranges of the macro-name tokens of a condition piece.
fn macro_name_tokens(value: &str) -> Vec<std::ops::Range<usize>> {
    let scanned = continuation_scan(value).unwrap_or_else(|| scan(value));
    scanned
        .tokens
        .into_iter()
        .filter(|t| t.kind == TokenKind::MacroName)
        .map(|t| t.span.range())
        .collect()
}

/// The piece's scan as a continuation when it starts with `and`/`or`/`not` (as an appended
/// piece does), else `None`. A piece whose first word cannot be a keyword is not scanned.
fn continuation_scan(text: &str) -> Option<Scan> {
    let trimmed = text.trim_start();
    // INVARIANT: every keyword token (`and`, `or`, `not`) starts with one of these letters.
    if !trimmed.starts_with(['a', 'o', 'n', 'A', 'O', 'N']) {
        return None;
    }
    let scanned = scan_continuation(text);
    let leading = text.len() - trimmed.len();
    let first = scanned.tokens.first();
    first
        .is_some_and(|t| t.kind == TokenKind::Keyword && t.span.start as usize == leading)
        .then_some(scanned)
}
