//! The typed IR: what the interpreter and the JIT execute.
//!
//! Every field is resolved against the catalogue, every literal is already converted to the
//! type it is compared with, macros and lists are gone, and each rule knows the event codes
//! it can match. An IR tree never contains an error: it is only built when checking found
//! none.

use crate::events::EventSet;
use crate::fields::ResolvedField;
use crate::priority::Priority;
use crate::types::FieldType;
use crate::value::TypedValue;

use falcoc_grammar::ast::{CmpOp, Modifier, TransformerKind};
use falcoc_grammar::Span;
use std::ops::Range;

/// Index of a rules file in the order it was loaded (the compiler's `Sources` numbering).
pub type FileId = usize;

/// A boolean condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Check(Box<Check>),
}

/// One comparison. `span` is a global source position (the compiler's `Sources::global` numbering).
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub lhs: Operand,
    pub op: CmpOp,
    pub modifier: Option<Modifier>,
    pub rhs: RhsValue,
    pub span: Span,
}

/// A value-producing expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Field(ResolvedField),
    Transform(Box<Transform>),
}

impl Operand {
    /// The type of the values this operand produces.
    pub fn ftype(&self) -> FieldType {
        match self {
            Operand::Field(f) => f.ftype,
            Operand::Transform(t) => t.ftype,
        }
    }

    pub fn is_list(&self) -> bool {
        match self {
            Operand::Field(f) => f.is_list(),
            Operand::Transform(t) => t.is_list,
        }
    }
}

/// A transformer applied to arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Transform {
    pub kind: TransformerKind,
    pub args: Vec<TransformArg>,
    /// `getopt(...)[c]`: the option letter selected.
    pub select: Option<String>,
    pub ftype: FieldType,
    pub is_list: bool,
}

/// An argument of a transformer.
#[derive(Clone, Debug, PartialEq)]
pub enum TransformArg {
    Operand(Operand),
    Literal(String),
    List(Vec<TransformArg>),
}

/// The right side of a check, converted to the left side's type.
#[derive(Clone, Debug, PartialEq)]
pub enum RhsValue {
    /// `exists`.
    None,
    Value(TypedValue),
    /// `in`/`intersects`/`pmatch` and modifier lists.
    List(Vec<TypedValue>),
    /// `val(f)` or a transformer.
    Operand(Operand),
    /// A regex, checked to compile.
    Regex(String),
}

/// A compiled output format: literal text and fields.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct OutputFormat {
    pub segments: Vec<OutputSegment>,
}

/// One piece of an output format.
#[derive(Clone, Debug, PartialEq)]
pub enum OutputSegment {
    Text(String),
    Field {
        operand: Operand,
        /// `%10proc.name`: pad or cut to this many characters.
        width: Option<usize>,
        /// The field as written in canonical form, e.g. `proc.aname[2]` (the JSON key).
        key: String,
        /// Whether the key goes into `output_fields` (not for transformed tokens).
        in_fields: bool,
    },
}

/// A compiled rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub name: String,
    pub desc: String,
    pub priority: Priority,
    pub source: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    pub condition: Expr,
    /// The condition after list, exception and macro expansion, in libsinsp's canonical
    /// printed form (what Falco's own tests compare).
    pub expanded_condition: String,
    pub output: OutputFormat,
    pub output_text: String,
    pub event_codes: EventSet,
    pub exception_fields: Vec<String>,
    pub capture: bool,
    pub capture_duration: u64,
    pub file: FileId,
    /// Bytes of the rule's defining item.
    pub range: Range<usize>,
}

/// All compiled rules in load order (the order of first definition).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}
pub mod display;
mod fields_read;
pub use fields_read::FieldTest;
