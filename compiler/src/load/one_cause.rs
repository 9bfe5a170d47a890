//! One diagnostic per cause: a mistake inside a macro (or a list) fails every rule that
//! uses it, but is reported once.
//!
//! Falco stops at the first rule whose condition fails and locates the error there, at
//! that rule's use of the macro. falcoc reports every independent error, and a shared one
//! once: at the first rule that uses the macro (Falco's location), with a secondary label
//! on the mistake inside the macro and a note naming the other rules it also breaks.

use super::macros_phase::Macros;
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::expand::macros::{Resolution, Target};
use crate::source::{FileId, Sources};
use std::collections::HashMap;

type Key = (Code, String, FileId, usize, usize);

/// Folds the diagnostics of each rule into one list, keeping one per cause.
pub struct OneCause<'m, 'c> {
    macros: &'m Macros<'c>,
    /// Macro condition pieces as (file, start, end, macro id), sorted.
    pieces: Vec<(FileId, usize, usize, usize)>,
    /// First report of each cause: its index in the output, its macro, the other rules.
    seen: HashMap<Key, (usize, Option<usize>, Vec<String>)>,
}

impl<'m, 'c> OneCause<'m, 'c> {
    pub fn new(macros: &'m Macros<'c>) -> Self {
        let pieces = super::macros_phase::condition_pieces(macros.col);
        OneCause {
            macros,
            pieces,
            seen: HashMap::new(),
        }
    }

    /// Adds what compiling rule `rule` reported.
    pub fn add(
        &mut self,
        sources: &Sources,
        rule: &str,
        res: Option<&Resolution>,
        new: Vec<Diagnostic>,
        out: &mut Vec<Diagnostic>,
    ) {
        for mut d in new {
            let Some(p) = d.primary.clone() else {
                out.push(d);
                continue;
            };
            let key = (
                d.code,
                d.message.clone(),
                p.file,
                p.range.start,
                p.range.end,
            );
            if let Some((_, _, others)) = self.seen.get_mut(&key) {
                others.push(rule.to_string());
                continue;
            }
            let inside = self.macro_at(p.file, p.range.start);
            if let (Some(m), Some(res)) = (inside, res) {
                if let Some(span) = self.use_of(res, m) {
                    let (file, range) = sources.locate_span(span.start, span.end);
                    let name = &self.macros.col.macros[m].header.name;
                    d.secondary
                        .insert(0, Label::new(p.file, p.range, format!("in macro `{name}`")));
                    d.primary = Some(Label::new(file, range, p.message));
                }
            }
            self.seen.insert(key, (out.len(), inside, Vec::new()));
            out.push(d);
        }
    }

    /// Adds the notes naming the other rules each shared cause breaks.
    pub fn finish(self, out: &mut [Diagnostic]) {
        for (at, inside, others) in self.seen.into_values() {
            if others.is_empty() {
                continue;
            }
            let names: Vec<String> = others.iter().map(|r| format!("`{r}`")).collect();
            let rules = if names.len() == 1 { "rule" } else { "rules" };
            let note = match inside {
                Some(m) => format!(
                    "{rules} {} also use macro `{}` and fail the same way",
                    names.join(", "),
                    self.macros.col.macros[m].header.name
                ),
                None => format!("{rules} {} fail the same way", names.join(", ")),
            };
            if let Some(d) = out.get_mut(at) {
                d.notes.push(note);
            }
        }
    }

    /// The macro whose condition text holds `offset` of `file`.
    fn macro_at(&self, file: FileId, offset: usize) -> Option<usize> {
        let i = self
            .pieces
            .partition_point(|&(f, start, _, _)| (f, start) <= (file, offset));
        let &(f, start, end, id) = self.pieces.get(i.checked_sub(1)?)?;
        (f == file && start <= offset && offset <= end).then_some(id)
    }

    /// The first reference in a rule's own text whose expansion reaches macro `m`.
    fn use_of(&self, res: &Resolution, m: usize) -> Option<falcoc_grammar::Span> {
        let shared = |id: usize| self.macros.resolved.get(id).and_then(Option::as_ref);
        res.refs
            .iter()
            .find(|b| match &b.target {
                Target::Shared(id) => {
                    *id == m || shared(*id).is_some_and(|r| r.reaches(m, &shared))
                }
                Target::Inline(id, r) => *id == m || r.reaches(m, &shared),
            })
            .map(|b| b.span)
    }
}
