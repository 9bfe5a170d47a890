//! The lowered predicate IR: the execution contract between the typed IR
//! (`falcoc_catalog::ir`) and every back end (the interpreter here, the JIT in `codegen/`).
//!
//! Lowering ([`lower`]) turns each condition into a tree of [`Node`]s whose leaves are
//! [`Check`]s of an explicit shape: what the left value is ([`Operand`]: a field slot or a
//! pooled transformer), how a list on the left is quantified ([`Quantifier`]), and one
//! [`Test`] chosen by the static type of the left side and the operator — an integer,
//! double, boolean, bytes or address compare with its constant inline or pooled, set
//! membership by [`SetId`], regex by [`RegexId`], `pmatch` by [`PrefixSetId`], a modifier
//! over element tests, or a field-vs-field `val()` compare. Every structure a check needs
//! (sets, regexes, prefix tries, constant bytes) is built once, at lowering, into the
//! [`Pool`].
//!
//! INVARIANTS
//! - There is no "never matches" arm: a typed-IR check with a shape the compiler never
//!   produces is a [`LowerError`], not a test that is quietly false.
//! - A test's constants have the left side's static kind: `Int` tests read the value as
//!   `i64`, `Uint` as `u64`, `Double` as `f64`, `Bytes` tests a string or buffer, `Ip`/`Net`
//!   an address. An extracted value of another kind fails the test.
//! - Shapes come from catalogue flags (`IS_LIST`, `ENDPOINT_PAIR`, `ANCESTORS`), never from
//!   field names.
//! - Evaluation order is the typed IR's: children left to right, `and`/`or` short-circuit.

mod lower;
mod pool;

pub use lower::{lower, lower_expr, LowerError, Lowering};
pub use pool::{ConstId, Pool, PrefixSetId, RegexId, SetId, TransformId};

use crate::slots::{SlotId, SlotTable};
use falcoc_grammar::ast::{Modifier, TransformerKind};
use falcoc_grammar::Span;
use std::net::IpAddr;

/// Index of a condition in [`Program::conditions`] (the rule's index for an engine).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CondId(pub u32);

/// Index of a group in [`Program::groups`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub u32);

impl GroupId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A lowered rule set: conditions, the slots they read and their constant pool.
#[derive(Debug, Default)]
pub struct Program {
    pub conditions: Vec<Node>,
    pub slots: SlotTable,
    pub pool: Pool,
    /// Conditions that are always evaluated together, in order (an engine's rules for one
    /// event code, in load order). A back end may compile each group into one unit that
    /// shares work between its conditions ([`crate::backend::Compiled::eval_group`]).
    pub groups: Vec<Vec<CondId>>,
    /// A name per condition for messages (an engine's rule names); may be shorter.
    pub names: Vec<String>,
}

impl Program {
    /// The condition `id`.
    pub fn condition(&self, id: CondId) -> Option<&Node> {
        self.conditions.get(id.0 as usize)
    }

    /// How messages name condition `id`: `rule 'NAME'` when named, else `condition N`.
    pub fn describe(&self, id: CondId) -> String {
        match self.names.get(id.0 as usize) {
            Some(name) => format!("rule '{name}'"),
            None => format!("condition {}", id.0),
        }
    }

    /// Adds a group of conditions (an equal group is stored once) and returns its id.
    pub fn add_group(&mut self, conds: Vec<CondId>) -> GroupId {
        if let Some(i) = self.groups.iter().position(|g| *g == conds) {
            return GroupId(i as u32);
        }
        self.groups.push(conds);
        GroupId(self.groups.len() as u32 - 1)
    }
}

/// A boolean node.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// True when every child is (left to right, stopping at the first false).
    And(Vec<Node>),
    /// True when some child is (left to right, stopping at the first true).
    Or(Vec<Node>),
    Not(Box<Node>),
    Check(Box<Check>),
}

impl Node {
    /// How many checks the tree has.
    pub fn check_count(&self) -> usize {
        match self {
            Node::And(c) | Node::Or(c) => c.iter().map(Node::check_count).sum(),
            Node::Not(n) => n.check_count(),
            Node::Check(_) => 1,
        }
    }
}

/// One check.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub lhs: Operand,
    pub quantifier: Quantifier,
    pub test: Test,
    /// The typed-IR check's global source span (for diagnostics and `--emit`).
    pub span: Span,
}

/// A value-producing operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A field read through its slot.
    Field(SlotId),
    /// A transformer tree from the pool, evaluated to an owned value.
    Transform(TransformId),
}

/// How a test applies to the left value when it is a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// A scalar; should the left side still yield a list (a transformer of an ancestor
    /// field), some element must pass.
    One,
    /// Every element must pass; true on an empty list (`in` on list fields).
    All,
    /// Every element must pass and there must be one (`!=` on the endpoint pair: both
    /// ends differ).
    AllNonEmpty,
    /// Some element must pass (lists, the endpoint pair, ancestors without an index).
    Any,
}

/// An ordering or equality.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A string or buffer operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BytesOp {
    /// `=`/`!=`/`<`… by `strcmp` order.
    Order(Order),
    /// `contains`, `bcontains`.
    Contains,
    IContains,
    /// `startswith`, `bstartswith`.
    StartsWith,
    EndsWith,
    Glob,
    IGlob,
}

/// What is tested of one (scalar) left value.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// `exists`: the left side can be extracted (applied to the whole operand).
    Exists,
    Int {
        op: Order,
        rhs: i64,
    },
    Uint {
        op: Order,
        rhs: u64,
    },
    Double {
        op: Order,
        rhs: f64,
    },
    /// `=` (`ne == false`) or `!=`.
    Bool {
        ne: bool,
        rhs: bool,
    },
    Bytes {
        op: BytesOp,
        rhs: ConstId,
    },
    /// Address equality: `=` or `!=` (different families are unequal).
    Ip {
        ne: bool,
        rhs: IpAddr,
    },
    /// The address is (`ne == false`) or is not in the network.
    Net {
        ne: bool,
        addr: IpAddr,
        prefix: u8,
    },
    /// `in`/`intersects` against a literal set.
    InSet(SetId),
    PMatch(PrefixSetId),
    /// Full match of the regex.
    Regex(RegexId),
    /// `OP oneof/anyof/allof (...)`: how many element tests pass (an empty list is false).
    Modifier {
        modifier: Modifier,
        elems: Vec<Test>,
    },
    /// `OP val(f)` / `OP transformer(...)`: compared with the right operand's value,
    /// extracted on the same event (false when it cannot be): `in`/`intersects` use all
    /// its values as a set, every other operator the first one.
    Operand {
        op: falcoc_grammar::ast::CmpOp,
        rhs: Operand,
    },
}

/// A transformer applied to arguments, pooled.
#[derive(Clone, Debug, PartialEq)]
pub struct Transform {
    pub kind: TransformerKind,
    pub args: Vec<TransformArg>,
    /// `getopt(...)[c]`: the option letter selected.
    pub select: Option<String>,
}

/// An argument of a pooled transformer.
#[derive(Clone, Debug, PartialEq)]
pub enum TransformArg {
    Operand(Operand),
    Literal(String),
    List(Vec<TransformArg>),
}
