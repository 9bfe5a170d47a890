//! The string checks of a program, prepared once before any code is compiled
//! ([`StringCheck`]): for every check of a field against a string constant, set, prefix set
//! or regex, and for every run of `f contains A or f contains B or …` on one field, a boxed
//! descriptor with what its test needs precomputed:
//!
//! - `=`/`!=`/`startswith`/`endswith`: the constant, so unequal or too short lengths decide
//!   before any byte is compared;
//! - `contains`: a substring finder (the needle preprocessed once, not at every search);
//!   `icontains`, `glob` and `iglob`: the constant;
//! - a `contains` run: one Aho–Corasick automaton, so the run is one search over the value
//!   instead of one per needle;
//! - `in`: a length mask (bit `n < 63` set when a member has `n` bytes, bit 63 when one has
//!   63 or more), so a value whose length no member has is rejected without hashing.
//!
//! Native code calls `crate::native::string_check` with the descriptor's address (one call,
//! a few instructions of IR: compiling stays cheap). The descriptors are boxed and never
//! moved or mutated after construction; [`crate::compiled::JitCompiled`] keeps them alive
//! with the code.

use aho_corasick::AhoCorasick;
use falcoc_predicate::lowered::{
    BytesOp, Check, ConstId, Node, Operand, Order, PrefixSetId, Program, RegexId, SetId, Test,
};
use falcoc_predicate::ops;
use falcoc_predicate::slots::SlotId;
use memchr::memmem::Finder;
use std::collections::HashMap;

/// Runs shorter than this stay separate `contains` checks.
const MIN_RUN: usize = 3;

/// What a string check tests of a string or buffer value.
pub enum StringTest {
    Equal(Box<[u8]>),
    NotEqual(Box<[u8]>),
    StartsWith(Box<[u8]>),
    EndsWith(Box<[u8]>),
    Contains(Box<Finder<'static>>),
    IContains(Box<[u8]>),
    /// `glob` (`fold`: `iglob`) with the pattern.
    Glob {
        pattern: Box<[u8]>,
        fold: bool,
    },
    /// Some needle of a `contains` run occurs.
    ContainsAny(AhoCorasick),
    InSet {
        set: SetId,
        mask: u64,
    },
    PMatch(PrefixSetId),
    Regex(RegexId),
}

/// One prepared string check (or `contains` run) of a program.
pub struct StringCheck {
    /// The field tested.
    pub slot: SlotId,
    pub test: StringTest,
    /// Where the interpreter's form is, for a value that is not a string or buffer: the
    /// address of the `Check`, or of the run's first `Node` (the program outlives this).
    pub node: usize,
    /// 0 for a check; a run's length.
    pub run: usize,
}

impl StringTest {
    /// The test on a string or buffer value: what the interpreter's test gives for
    /// `Value::Str`/`Value::Bytes` (the same `ops` functions; for a scalar the quantifier
    /// does not apply).
    pub fn test(&self, program: &Program, b: &[u8]) -> bool {
        let pool = &program.pool;
        match self {
            StringTest::Equal(c) => b.len() == c.len() && b == &**c,
            StringTest::NotEqual(c) => b.len() != c.len() || b != &**c,
            StringTest::StartsWith(c) => b.len() >= c.len() && ops::string::starts_with(b, c),
            StringTest::EndsWith(c) => b.len() >= c.len() && ops::string::ends_with(b, c),
            StringTest::Contains(f) => {
                f.needle().is_empty() || (b.len() >= f.needle().len() && f.find(b).is_some())
            }
            StringTest::ContainsAny(ac) => ac.is_match(b),
            StringTest::IContains(c) => ops::string::icontains(b, c),
            StringTest::Glob { pattern, fold } => ops::glob::glob_match(pattern, b, *fold),
            StringTest::InSet { set, mask } => {
                (mask >> b.len().min(63)) & 1 == 1
                    && pool
                        .set(*set)
                        .is_some_and(|s| s.contains(ops::set::Probe::Bytes(b)))
            }
            StringTest::PMatch(id) => pool.prefix_set(*id).is_some_and(|s| s.matches(b)),
            StringTest::Regex(id) => pool
                .regex(*id)
                .is_some_and(|re| ops::regex::full_match(re, b)),
        }
    }
}

/// The prepared string checks of one program, by the address of their `Check` (or of a
/// run's first `Node`).
#[derive(Default)]
pub struct Consts {
    checks: HashMap<usize, Box<StringCheck>>,
}

impl Consts {
    /// Prepares every string check of `program` (which must be the program the code is
    /// compiled from: its node addresses are the keys).
    pub fn new(program: &Program) -> Consts {
        let mut consts = Consts::default();
        for root in &program.conditions {
            consts.visit(program, root);
        }
        consts
    }

    fn visit(&mut self, program: &Program, n: &Node) {
        match n {
            Node::And(c) => c.iter().for_each(|c| self.visit(program, c)),
            Node::Or(c) => {
                for run in contains_runs(c) {
                    self.add_run(program, c, &run);
                }
                c.iter().for_each(|c| self.visit(program, c));
            }
            Node::Not(inner) => self.visit(program, inner),
            Node::Check(c) => {
                if let (Operand::Field(slot), Some(test)) = (c.lhs, string_test(program, c)) {
                    let node = &**c as *const Check as usize;
                    let check = StringCheck {
                        slot,
                        test,
                        node,
                        run: 0,
                    };
                    self.checks.insert(node, Box::new(check));
                }
            }
        }
    }

    fn add_run(&mut self, program: &Program, children: &[Node], run: &ContainsRun) {
        let patterns: Vec<&[u8]> = run
            .needles
            .iter()
            .map(|id| program.pool.bytes(*id))
            .collect();
        let (Ok(ac), Some(first)) = (AhoCorasick::new(patterns), children.get(run.start)) else {
            return;
        };
        let node = first as *const Node as usize;
        let check = StringCheck {
            slot: run.slot,
            test: StringTest::ContainsAny(ac),
            node,
            run: run.needles.len(),
        };
        self.checks.insert(node, Box::new(check));
    }

    /// The prepared form of check `c`, when it is a string check.
    pub fn check(&self, c: &Check) -> Option<&StringCheck> {
        self.checks.get(&(c as *const Check as usize)).map(|b| &**b)
    }

    /// The prepared run starting at child `first` of an `or`.
    pub fn run(&self, first: &Node) -> Option<&StringCheck> {
        self.checks
            .get(&(first as *const Node as usize))
            .map(|b| &**b)
    }
}

/// The prepared test of `c` when its test has a string form.
fn string_test(program: &Program, c: &Check) -> Option<StringTest> {
    let pool = &program.pool;
    Some(match c.test {
        Test::Bytes { op, rhs } => {
            let b: Box<[u8]> = pool.bytes(rhs).into();
            match op {
                BytesOp::Order(Order::Eq) => StringTest::Equal(b),
                BytesOp::Order(Order::Ne) => StringTest::NotEqual(b),
                BytesOp::StartsWith => StringTest::StartsWith(b),
                BytesOp::EndsWith => StringTest::EndsWith(b),
                BytesOp::Contains => StringTest::Contains(Box::new(Finder::new(&b).into_owned())),
                BytesOp::IContains => StringTest::IContains(b),
                BytesOp::Glob => StringTest::Glob {
                    pattern: b,
                    fold: false,
                },
                BytesOp::IGlob => StringTest::Glob {
                    pattern: b,
                    fold: true,
                },
                _ => return None,
            }
        }
        Test::InSet(set) => {
            let mask = pool.set(set).map_or(0, |s| {
                s.bytes_lengths()
                    .fold(0u64, |m, len| m | (1u64 << len.min(63)))
            });
            StringTest::InSet { set, mask }
        }
        Test::PMatch(id) => StringTest::PMatch(id),
        Test::Regex(id) => StringTest::Regex(id),
        _ => return None,
    })
}

/// A run of consecutive children of an `or` that are `contains` checks of one field.
pub struct ContainsRun {
    /// The position of the run's first child.
    pub start: usize,
    pub slot: SlotId,
    pub needles: Vec<ConstId>,
}

/// The `contains` runs of an `or`'s children (each at least [`MIN_RUN`] long).
pub fn contains_runs(children: &[Node]) -> Vec<ContainsRun> {
    let mut runs: Vec<ContainsRun> = Vec::new();
    let mut current: Option<ContainsRun> = None;
    for (i, child) in children.iter().enumerate() {
        let needle = contains_needle(child);
        match (&mut current, needle) {
            (Some(run), Some((slot, id))) if run.slot == slot => run.needles.push(id),
            _ => {
                runs.extend(current.take().filter(|r| r.needles.len() >= MIN_RUN));
                current = needle.map(|(slot, id)| ContainsRun {
                    start: i,
                    slot,
                    needles: vec![id],
                });
            }
        }
    }
    runs.extend(current.filter(|r| r.needles.len() >= MIN_RUN));
    runs
}

/// `(slot, needle)` when `n` is `field contains "needle"`.
fn contains_needle(n: &Node) -> Option<(SlotId, ConstId)> {
    let Node::Check(c) = n else { return None };
    match (c.lhs, &c.test) {
        (
            Operand::Field(slot),
            Test::Bytes {
                op: BytesOp::Contains,
                rhs,
            },
        ) => Some((slot, *rhs)),
        _ => None,
    }
}
