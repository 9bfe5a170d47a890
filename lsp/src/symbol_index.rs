//! Where rules, macros and lists are defined and used, across the files of a load group:
//! the basis of go to definition, find references, rename and hover.
//!
//! Definitions are the items' name spans (overrides and appends included, as they name the
//! same thing). Uses are found in the front end's positioned texts: macro references are
//! bare words of conditions naming a macro; list references are words of conditions (Falco
//! substitutes lists textually, wherever the name stands as a word), list items and
//! exception values naming a list. Spans go through each text's value→file map, so they
//! are exact inside folded and quoted YAML scalars.

use crate::cond_lex::{self, TokKind};
use falcoc_compiler::rules_file::items::{
    ExceptionEntry, ExceptionItem, Item, ItemHeader, Merge, RuleItem, Text,
};
use falcoc_compiler::source::FileId;
use std::collections::HashSet;
use std::ops::Range;

/// The kind of a named item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymKind {
    Rule,
    Macro,
    List,
}

impl SymKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SymKind::Rule => "rule",
            SymKind::Macro => "macro",
            SymKind::List => "list",
        }
    }
}

/// An item naming a rule, macro or list: its definition or a later override/append.
#[derive(Clone, Debug)]
pub struct Def {
    pub kind: SymKind,
    pub name: String,
    pub file: FileId,
    pub name_range: Range<usize>,
    pub item_range: Range<usize>,
    /// `Merge::Define` for a definition; otherwise the item changes an earlier one.
    pub merge: Merge,
}

/// A use of a macro or list name.
#[derive(Clone, Debug)]
pub struct Ref {
    pub kind: SymKind,
    pub name: String,
    pub file: FileId,
    pub range: Range<usize>,
}

/// The definitions and uses of one load group.
#[derive(Debug, Default)]
pub struct SymbolIndex {
    pub defs: Vec<Def>,
    pub refs: Vec<Ref>,
}

impl SymbolIndex {
    /// Indexes the items of every file of a group (`items[file_id]`).
    pub fn build(items: &[Vec<Item>]) -> SymbolIndex {
        let mut index = SymbolIndex::default();
        for item in items.iter().flatten() {
            index.add_def(item);
        }
        let macros: HashSet<String> = names(&index.defs, SymKind::Macro);
        let lists: HashSet<String> = names(&index.defs, SymKind::List);
        let scan = Scanner {
            macros: &macros,
            lists: &lists,
        };
        for item in items.iter().flatten() {
            scan.item(item, &mut index.refs);
        }
        index
    }

    fn add_def(&mut self, item: &Item) {
        let (kind, header, merge) = match item {
            Item::List(l) => (SymKind::List, &l.header, l.merge),
            Item::Macro(m) => (SymKind::Macro, &m.header, m.merge),
            Item::Rule(RuleItem::Define(d)) => (SymKind::Rule, &d.header, Merge::Define),
            Item::Rule(RuleItem::Enable { header, .. }) => {
                (SymKind::Rule, header, Merge::Replace)
            }
            Item::Rule(RuleItem::Update(u)) => match &u.header {
                Some(h) => (SymKind::Rule, h, u.merge.unwrap_or(Merge::Append)),
                None => return,
            },
            Item::EngineVersion(_) | Item::PluginVersions(_) => return,
        };
        self.defs.push(def(kind, header, merge));
    }

    /// The symbol whose name (definition or use) covers `offset` in `file`.
    pub fn at(&self, file: FileId, offset: usize) -> Option<(SymKind, &str)> {
        let within = |r: &Range<usize>| r.start <= offset && offset <= r.end;
        if let Some(d) = self.defs.iter().find(|d| d.file == file && within(&d.name_range)) {
            return Some((d.kind, &d.name));
        }
        self.refs
            .iter()
            .find(|r| r.file == file && within(&r.range))
            .map(|r| (r.kind, r.name.as_str()))
    }

    /// Every item naming `name`, in load order; the first `Define` is the definition.
    pub fn defs_of<'a>(&'a self, kind: SymKind, name: &'a str) -> impl Iterator<Item = &'a Def> {
        self.defs
            .iter()
            .filter(move |d| d.kind == kind && d.name == name)
    }

    /// The definition of `name`: the first item defining it, else the first naming it.
    pub fn definition<'a>(&'a self, kind: SymKind, name: &'a str) -> Option<&'a Def> {
        self.defs_of(kind, name)
            .find(|d| d.merge == Merge::Define)
            .or_else(|| self.defs_of(kind, name).next())
    }

    pub fn refs_of<'a>(&'a self, kind: SymKind, name: &'a str) -> impl Iterator<Item = &'a Ref> {
        self.refs
            .iter()
            .filter(move |r| r.kind == kind && r.name == name)
    }

    /// Names defined for `kind`, deduplicated, in load order.
    pub fn names(&self, kind: SymKind) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.defs
            .iter()
            .filter(|d| d.kind == kind && seen.insert(d.name.as_str()))
            .map(|d| d.name.as_str())
            .collect()
    }
}

fn def(kind: SymKind, header: &ItemHeader, merge: Merge) -> Def {
    Def {
        kind,
        name: header.name.clone(),
        file: header.file,
        name_range: header.name_range.clone(),
        item_range: header.range.clone(),
        merge,
    }
}

fn names(defs: &[Def], kind: SymKind) -> HashSet<String> {
    defs.iter()
        .filter(|d| d.kind == kind)
        .map(|d| d.name.clone())
        .collect()
}

struct Scanner<'a> {
    macros: &'a HashSet<String>,
    lists: &'a HashSet<String>,
}

impl Scanner<'_> {
    fn item(&self, item: &Item, out: &mut Vec<Ref>) {
        match item {
            Item::Macro(m) => self.condition(&m.condition, out),
            Item::List(l) => {
                for entry in &l.items {
                    self.list_value(entry, out);
                }
            }
            Item::Rule(RuleItem::Define(d)) => {
                self.condition(&d.condition, out);
                self.exceptions(&d.exceptions, out);
            }
            Item::Rule(RuleItem::Update(u)) => {
                if let Some(c) = &u.condition {
                    self.condition(c, out);
                }
                if let Some(e) = &u.exceptions {
                    self.exceptions(e, out);
                }
            }
            _ => {}
        }
    }

    /// Words of a condition naming a list (first, as Falco substitutes lists first) or a
    /// macro (outside a value position).
    fn condition(&self, text: &Text, out: &mut Vec<Ref>) {
        let toks = cond_lex::lex(&text.value);
        for (i, tok) in toks.iter().enumerate() {
            if tok.kind != TokKind::Word {
                continue;
            }
            let word = tok.text(&text.value);
            let kind = if self.lists.contains(word) {
                SymKind::List
            } else if self.macros.contains(word) && !is_value_position(&text.value, &toks, i) {
                SymKind::Macro
            } else {
                continue;
            };
            out.push(Ref {
                kind,
                name: word.to_string(),
                file: text.file,
                range: text.map.range(tok.range.clone()),
            });
        }
    }

    fn list_value(&self, text: &Text, out: &mut Vec<Ref>) {
        if self.lists.contains(&text.value) {
            out.push(Ref {
                kind: SymKind::List,
                name: text.value.clone(),
                file: text.file,
                range: text.map.range(0..text.value.len()),
            });
        }
    }

    fn exceptions(&self, exceptions: &[ExceptionItem], out: &mut Vec<Ref>) {
        for ex in exceptions {
            for entry in ex.values.iter().flatten() {
                self.entry(entry, out);
            }
        }
    }

    fn entry(&self, entry: &ExceptionEntry, out: &mut Vec<Ref>) {
        match entry {
            ExceptionEntry::Scalar(t) => self.list_value(t, out),
            ExceptionEntry::List(items, ..) => {
                for e in items {
                    self.entry(e, out);
                }
            }
        }
    }
}

/// Whether token `i` stands where a value goes (right after a comparison operator, or
/// inside the value list of `in`/`intersects`/`pmatch`), where a bare word is a string.
fn is_value_position(text: &str, toks: &[cond_lex::Tok], i: usize) -> bool {
    let is_op = |t: &cond_lex::Tok| match t.kind {
        TokKind::Symbol => true,
        TokKind::Word => {
            let w = t.text(text);
            (cond_lex::is_operator_word(w) && w != "exists") || cond_lex::MODIFIERS.contains(&w)
        }
        _ => false,
    };
    let before = &toks[..i.min(toks.len())];
    if before.last().is_some_and(is_op) {
        return true;
    }
    let mut depth = 0usize;
    for (j, prev) in before.iter().enumerate().rev() {
        match prev.kind {
            TokKind::RParen => depth += 1,
            TokKind::LParen if depth == 0 => {
                return j > 0 && before.get(j - 1).is_some_and(is_op);
            }
            TokKind::LParen => depth -= 1,
            _ => {}
        }
    }
    false
}
