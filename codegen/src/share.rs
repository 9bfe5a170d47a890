//! Work shared across the conditions of a group: structurally equal sub-conditions.
//!
//! Macros are expanded in the typed IR, so the upstream rules repeat the same sub-trees
//! (`spawned_process`, `open_read`, `container`, `shell_procs`…) in many rules. [`NodeIds`]
//! numbers every node of a program by structure (hash-consing, bottom up: equal checks get
//! equal numbers whatever their source spans, since the pool stores equal constants, sets and
//! transformers once), and [`SharedNodes`] picks, for one group, the sub-conditions that
//! occur more than once in it. A fused group function evaluates each of those at most once
//! per event and remembers the result in a per-call flag.
//!
//! Sound because conditions are pure: a node's value is a function of the event's field
//! values, which the reader memoises for the event, so evaluating it once or twice gives the
//! same result and has no other effect.

use falcoc_predicate::lowered::{Check, CondId, Node, Program, Test};
use std::collections::HashMap;

/// The structural number of every node of a program, by node address (the nodes live in
/// the `Arc<Program>` the code is compiled from and are never moved; the address is only
/// a key, never dereferenced).
#[derive(Default)]
pub struct NodeIds {
    by_addr: HashMap<usize, u32>,
    interned: HashMap<Key, u32>,
}

#[derive(PartialEq, Eq, Hash)]
enum Key {
    Check(String),
    And(Vec<u32>),
    Or(Vec<u32>),
    Not(u32),
}

impl NodeIds {
    /// Numbers every node of `program`.
    pub fn new(program: &Program) -> NodeIds {
        let mut ids = NodeIds::default();
        for root in &program.conditions {
            ids.number(root);
        }
        ids
    }

    fn number(&mut self, n: &Node) -> u32 {
        let key = match n {
            Node::And(c) => Key::And(c.iter().map(|c| self.number(c)).collect()),
            Node::Or(c) => Key::Or(c.iter().map(|c| self.number(c)).collect()),
            Node::Not(inner) => Key::Not(self.number(inner)),
            Node::Check(c) => Key::Check(check_key(c)),
        };
        let next = self.interned.len() as u32;
        let id = *self.interned.entry(key).or_insert(next);
        self.by_addr.insert(n as *const Node as usize, id);
        id
    }

    /// The number of `n` (a node of the program these ids were built for).
    pub fn id(&self, n: &Node) -> Option<u32> {
        self.by_addr.get(&(n as *const Node as usize)).copied()
    }
}

/// A check's structure without its source span.
fn check_key(c: &Check) -> String {
    format!("{:?}|{:?}|{:?}", c.lhs, c.quantifier, c.test)
}

/// The sub-conditions of one group evaluated once per call: node number → flag index.
#[derive(Default)]
pub struct SharedNodes {
    flags: HashMap<u32, u32>,
}

impl SharedNodes {
    /// The nodes that occur at least twice in the conditions `conds` of `program` and are
    /// worth remembering (not a `not`, which is free, nor a check compared inline).
    pub fn new(program: &Program, ids: &NodeIds, conds: &[CondId]) -> SharedNodes {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for root in conds.iter().filter_map(|c| program.condition(*c)) {
            count(root, ids, &mut counts);
        }
        let mut shared: Vec<u32> = counts
            .into_iter()
            .filter(|&(_, n)| n >= 2)
            .map(|(id, _)| id)
            .collect();
        shared.sort_unstable();
        let flags = shared
            .into_iter()
            .enumerate()
            .map(|(i, id)| (id, i as u32))
            .collect();
        SharedNodes { flags }
    }

    /// The flag of `n`, when it is shared.
    pub fn flag(&self, ids: &NodeIds, n: &Node) -> Option<u32> {
        if self.flags.is_empty() {
            return None;
        }
        self.flags.get(&ids.id(n)?).copied()
    }

    /// How many flags a call needs.
    pub fn len(&self) -> usize {
        self.flags.len()
    }
}

fn count(n: &Node, ids: &NodeIds, counts: &mut HashMap<u32, u32>) {
    match n {
        Node::And(c) | Node::Or(c) => c.iter().for_each(|c| count(c, ids, counts)),
        Node::Not(inner) => return count(inner, ids, counts),
        Node::Check(c) if is_inline(c) => return,
        Node::Check(_) => {}
    }
    if let Some(id) = ids.id(n) {
        *counts.entry(id).or_default() += 1;
    }
}

/// Whether the translator compares `c` inline (cheaper than remembering it).
pub fn is_inline(c: &Check) -> bool {
    matches!(c.lhs, falcoc_predicate::lowered::Operand::Field(_))
        && matches!(
            c.test,
            Test::Exists | Test::Int { .. } | Test::Uint { .. } | Test::Bool { .. }
        )
}
