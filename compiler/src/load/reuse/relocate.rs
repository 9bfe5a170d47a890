//! Positions that survive an edit elsewhere: a global position of a kept result is
//! stored as a place in one of the texts it came from (a piece of the rule's own
//! condition, a piece of a macro's condition, a list item) and an offset in it, and turned
//! back into a global position of the new load from where that text is now.

use crate::collect::{Collected, RuleDefn};
use crate::ir;
use crate::rules_file::items::Text;
use crate::source::{FileId, Sources};
use std::collections::HashMap;

/// A text a position may come from, named so that it can be found again in a later load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Piece `k` of the rule's own condition.
    Own(u32),
    /// Piece `k` of macro `id`'s condition.
    Macro(u32, u32),
    /// Item `i` of list `l` (as written, before flattening).
    ListItem(u32, u32),
}

/// A position relative to an anchor: the anchor and an offset from its start in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relative {
    anchor: Anchor,
    offset: u32,
}

/// The bytes a text covers in its file: from its start to the end of its value's map.
fn extent(t: &Text) -> (usize, usize) {
    let end = t.range.end.max(t.map.offset(t.value.len()));
    (t.range.start, end)
}

/// Every macro-condition piece and list item of a load, sorted by place, for finding the
/// anchor of a position.
pub struct AnchorTable {
    entries: Vec<(FileId, usize, usize, Anchor)>,
}

impl AnchorTable {
    pub fn new(col: &Collected) -> Self {
        let mut entries = Vec::new();
        for (id, m) in col.macros.iter().enumerate() {
            for (k, p) in m.condition.pieces.iter().enumerate() {
                let (start, end) = extent(p);
                entries.push((p.file, start, end, Anchor::Macro(id as u32, k as u32)));
            }
        }
        for (l, list) in col.lists.iter().enumerate() {
            for (i, item) in list.items.iter().enumerate() {
                let (start, end) = extent(item);
                entries.push((item.file, start, end, Anchor::ListItem(l as u32, i as u32)));
            }
        }
        entries.sort_unstable_by_key(|e| (e.0, e.1, e.2));
        AnchorTable { entries }
    }

    fn find(&self, file: FileId, offset: usize) -> Option<Relative> {
        let i = self
            .entries
            .partition_point(|e| (e.0, e.1) <= (file, offset));
        let &(f, start, end, anchor) = self.entries.get(i.checked_sub(1)?)?;
        (f == file && offset <= end).then(|| Relative {
            anchor,
            offset: (offset - start) as u32,
        })
    }
}

/// Turns the global positions of one rule's results into relative ones: each distinct
/// position becomes an index into `pool`.
pub struct ToRelative<'a> {
    sources: &'a Sources,
    rule: &'a RuleDefn,
    table: &'a AnchorTable,
    index: HashMap<u32, u32>,
    pub pool: Vec<Relative>,
}

impl<'a> ToRelative<'a> {
    pub fn new(sources: &'a Sources, rule: &'a RuleDefn, table: &'a AnchorTable) -> Self {
        ToRelative {
            sources,
            rule,
            table,
            index: HashMap::new(),
            pool: Vec::new(),
        }
    }

    /// The pool index of global position `at`; `None` when no anchor holds it.
    pub fn position(&mut self, at: u32) -> Option<u32> {
        if let Some(&i) = self.index.get(&at) {
            return Some(i);
        }
        let (file, offset) = self.sources.locate(at);
        let own = self
            .rule
            .condition
            .pieces
            .iter()
            .enumerate()
            .find_map(|(k, p)| {
                let (start, end) = extent(p);
                (p.file == file && start <= offset && offset <= end).then(|| Relative {
                    anchor: Anchor::Own(k as u32),
                    offset: (offset - start) as u32,
                })
            });
        let rel = own.or_else(|| self.table.find(file, offset))?;
        let i = self.pool.len() as u32;
        self.pool.push(rel);
        self.index.insert(at, i);
        Some(i)
    }

    pub fn span(&mut self, span: falcoc_grammar::Span) -> Option<falcoc_grammar::Span> {
        Some(falcoc_grammar::Span {
            start: self.position(span.start)?,
            end: self.position(span.end)?,
        })
    }
}

/// The global positions of a pool in a new load; `None` when an anchor is gone.
pub fn absolute(
    pool: &[Relative],
    sources: &Sources,
    col: &Collected,
    rule: &RuleDefn,
) -> Option<Vec<u32>> {
    pool.iter()
        .map(|rel| {
            let text = match rel.anchor {
                Anchor::Own(k) => rule.condition.pieces.get(k as usize)?,
                Anchor::Macro(id, k) => col
                    .macros
                    .get(id as usize)?
                    .condition
                    .pieces
                    .get(k as usize)?,
                Anchor::ListItem(l, i) => col.lists.get(l as usize)?.items.get(i as usize)?,
            };
            Some(sources.global(text.file, text.range.start + rel.offset as usize))
        })
        .collect()
}

/// Rewrites every check span of `expr` through `f`; false as soon as `f` fails.
pub fn map_spans(
    expr: &mut ir::Expr,
    f: &mut dyn FnMut(falcoc_grammar::Span) -> Option<falcoc_grammar::Span>,
) -> bool {
    match expr {
        ir::Expr::And(cs) | ir::Expr::Or(cs) => cs.iter_mut().all(|c| map_spans(c, f)),
        ir::Expr::Not(inner) => map_spans(inner, f),
        ir::Expr::Check(c) => match f(c.span) {
            Some(s) => {
                c.span = s;
                true
            }
            None => false,
        },
    }
}
