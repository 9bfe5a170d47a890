//! What one load keeps for the next load of the same group, so an editor's edit costs
//! only the work that depends on what changed (see [`Reuse`]).
//!
//! Everything kept is either the result of a pure function of a text (a condition's
//! parse, a piece's macro-name tokens) or a rule's compiled outcome keyed by a
//! fingerprint of everything its compilation reads (see `rules`); positions in kept
//! results are relative to the texts they came from, so an edit above a rule that only
//! shifts offsets still reuses it. A load with a [`Reuse`] gives exactly what a load
//! without one gives.

mod fingerprint;
mod generations;
mod relocate;
pub(super) mod rules;

pub(super) use fingerprint::{lists_fingerprint, Fingerprints};
pub(super) use generations::Generations;

use falcoc_grammar::ast::Expr;
use std::cell::RefCell;
use std::ops::Range;

/// Results of earlier loads of one group of rules files, for [`super::load_reusing`].
/// Holds only what the last load used, so it never outgrows the group.
#[derive(Debug, Default)]
pub struct Reuse {
    pub(super) memo: Memo,
    pub(super) rules: rules::RuleCache,
    /// Each resolved macro's printed expansion, by macro fingerprint.
    pub(super) expansions: Generations<u128, String>,
}

impl Reuse {
    /// Forgets what the load before the one just finished used and nothing else.
    pub(super) fn finish_load(&mut self) {
        self.memo.parses.get_mut().rotate();
        self.memo.macro_tokens.get_mut().rotate();
        self.memo.substituted.get_mut().rotate();
        self.rules.rotate();
        self.expansions.rotate();
    }
}

/// The lists' fingerprint and the lists substituted into a text (indices, in list order).
pub(super) type Substituted = (u128, Vec<usize>);

/// Results of pure functions of a text, shared by the phases of one load.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// Conditions that parsed, by their list-substituted text; spans count in that text.
    pub(super) parses: RefCell<Generations<Box<str>, Expr>>,
    /// The lists substituted into a condition text (in list order), by the text, with
    /// the fingerprint of the lists they were substituted from.
    pub(super) substituted: RefCell<Generations<Box<str>, Substituted>>,
    /// The fingerprint of this load's lists.
    pub(super) lists: std::cell::Cell<u128>,
    /// The byte ranges of the macro-name tokens of a condition piece, by its value.
    pub(super) macro_tokens: RefCell<Generations<Box<str>, Vec<Range<usize>>>>,
}
