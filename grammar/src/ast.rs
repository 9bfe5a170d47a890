//! The condition syntax tree. Every node carries the byte span it was parsed from.
//!
//! The tree mirrors libsinsp's `filter/ast.h`: n-ary `and`/`or` (never flattened across
//! parentheses), `not` only for an odd number of `not`s, macro references as bare
//! identifiers, and checks made of a left operand, an operator and an optional right side.
//! Values stay strings here; the compiler converts them to the field's type.

use crate::span::Span;

/// A boolean expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// `a and b and c`: children in source order.
    And(Vec<Expr>, Span),
    /// `a or b or c`: children in source order.
    Or(Vec<Expr>, Span),
    /// `not x` (an odd number of `not`s).
    Not(Box<Expr>, Span),
    /// A bare identifier in check position: a macro reference.
    Macro(Ident),
    /// A field or transformer compared with something (or `exists`).
    Check(Box<Check>),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::And(_, s) | Expr::Or(_, s) | Expr::Not(_, s) => *s,
            Expr::Macro(id) => id.span,
            Expr::Check(c) => c.span,
        }
    }
}

/// An identifier with its span (macro names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// `LHS OP [modifier] RHS`, or `LHS exists`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub lhs: Operand,
    pub op: Operator,
    /// Span of the operator keyword or symbol (with the modifier, if any).
    pub op_span: Span,
    /// `None` exactly when `op.cmp` is [`CmpOp::Exists`].
    pub rhs: Option<Rhs>,
    pub span: Span,
}

/// A comparison operator plus its optional `oneof`/`anyof`/`allof` modifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    pub cmp: CmpOp,
    pub modifier: Option<Modifier>,
}

/// The 19 comparison operators plus `exists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    EqEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Glob,
    IGlob,
    Contains,
    IContains,
    BContains,
    StartsWith,
    BStartsWith,
    EndsWith,
    Regex,
    In,
    Intersects,
    PMatch,
    Exists,
}

impl CmpOp {
    /// Every operator, in the order Falco lists them in its error messages.
    pub const ALL: [CmpOp; 20] = [
        CmpOp::Exists,
        CmpOp::Le,
        CmpOp::Lt,
        CmpOp::Ge,
        CmpOp::Gt,
        CmpOp::EqEq,
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Glob,
        CmpOp::IGlob,
        CmpOp::Contains,
        CmpOp::IContains,
        CmpOp::BContains,
        CmpOp::StartsWith,
        CmpOp::BStartsWith,
        CmpOp::EndsWith,
        CmpOp::Regex,
        CmpOp::Intersects,
        CmpOp::In,
        CmpOp::PMatch,
    ];

    /// The operator as written in conditions.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::EqEq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Glob => "glob",
            CmpOp::IGlob => "iglob",
            CmpOp::Contains => "contains",
            CmpOp::IContains => "icontains",
            CmpOp::BContains => "bcontains",
            CmpOp::StartsWith => "startswith",
            CmpOp::BStartsWith => "bstartswith",
            CmpOp::EndsWith => "endswith",
            CmpOp::Regex => "regex",
            CmpOp::In => "in",
            CmpOp::Intersects => "intersects",
            CmpOp::PMatch => "pmatch",
            CmpOp::Exists => "exists",
        }
    }

    /// Parses an operator spelled exactly as in conditions.
    pub fn from_str_exact(s: &str) -> Option<CmpOp> {
        CmpOp::ALL.into_iter().find(|op| op.as_str() == s)
    }

    /// The order the lexer tries operators in: a longer spelling before its prefix
    /// (`<=` before `<`, `==` before `=`, `intersects` before `in`), word operators (which
    /// need a blank after them) before the list operators (which do not).
    pub const LEXING_ORDER: [CmpOp; 19] = [
        CmpOp::Le,
        CmpOp::Lt,
        CmpOp::Ge,
        CmpOp::Gt,
        CmpOp::EqEq,
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Glob,
        CmpOp::IGlob,
        CmpOp::Contains,
        CmpOp::IContains,
        CmpOp::BContains,
        CmpOp::StartsWith,
        CmpOp::BStartsWith,
        CmpOp::EndsWith,
        CmpOp::Regex,
        CmpOp::Intersects,
        CmpOp::In,
        CmpOp::PMatch,
    ];

    /// What the operator's right side is.
    pub fn rhs_kind(self) -> RhsKind {
        match self {
            CmpOp::Exists => RhsKind::Nothing,
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => RhsKind::Number,
            CmpOp::In | CmpOp::Intersects | CmpOp::PMatch => RhsKind::List,
            _ => RhsKind::String,
        }
    }

    /// `in`, `intersects`, `pmatch`: operators whose right side is a list.
    pub fn takes_list(self) -> bool {
        self.rhs_kind() == RhsKind::List
    }

    /// Word operators (`contains`, `glob`…) must be followed by a blank; symbols and the
    /// list operators need nothing after them.
    pub fn needs_blank_after(self) -> bool {
        self.as_str().as_bytes()[0].is_ascii_alphabetic() && !self.takes_list()
    }

    /// Operators that accept a `oneof`/`anyof`/`allof` modifier.
    pub fn accepts_modifier(self) -> bool {
        matches!(
            self,
            CmpOp::Eq
                | CmpOp::EqEq
                | CmpOp::Ne
                | CmpOp::Contains
                | CmpOp::IContains
                | CmpOp::BContains
                | CmpOp::StartsWith
                | CmpOp::BStartsWith
                | CmpOp::EndsWith
                | CmpOp::Glob
                | CmpOp::IGlob
                | CmpOp::Regex
        )
    }
}

/// What follows an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RhsKind {
    /// `exists` stands alone.
    Nothing,
    /// `<`, `<=`, `>`, `>=`: a number (or a transformer).
    Number,
    /// A string value (or a transformer), or a modifier and a list.
    String,
    /// A `(v1, v2)` list, a list name (or a transformer).
    List,
}

/// `oneof`, `anyof`, `allof`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modifier {
    OneOf,
    AnyOf,
    AllOf,
}

impl Modifier {
    pub const ALL: [Modifier; 3] = [Modifier::OneOf, Modifier::AnyOf, Modifier::AllOf];

    pub fn from_name(s: &str) -> Option<Modifier> {
        Modifier::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Modifier::OneOf => "oneof",
            Modifier::AnyOf => "anyof",
            Modifier::AllOf => "allof",
        }
    }
}

/// A value-producing expression: a field, or a transformer applied to operands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Field(FieldRef),
    Transformer(Box<Transformer>),
}

impl Operand {
    pub fn span(&self) -> Span {
        match self {
            Operand::Field(f) => f.span,
            Operand::Transformer(t) => t.span,
        }
    }
}

/// `name` or `name[arg]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    pub name: String,
    /// Span of the name alone.
    pub name_span: Span,
    pub arg: Option<FieldArg>,
    /// Span of the whole reference, argument included.
    pub span: Span,
}

/// The text between `[` and `]` (unescaped when it was quoted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldArg {
    pub value: String,
    pub quoted: bool,
    /// Span of the text inside the brackets.
    pub span: Span,
}

/// The transformer names Falco knows. `val` is a transformer here, as in libsinsp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransformerKind {
    Val,
    ToLower,
    ToUpper,
    B64,
    Basename,
    Len,
    Join,
    Concat,
    Getopt,
}

impl TransformerKind {
    /// In the order Falco lists them in its error messages.
    pub const ALL: [TransformerKind; 9] = [
        TransformerKind::Val,
        TransformerKind::ToLower,
        TransformerKind::ToUpper,
        TransformerKind::B64,
        TransformerKind::Basename,
        TransformerKind::Len,
        TransformerKind::Join,
        TransformerKind::Concat,
        TransformerKind::Getopt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransformerKind::Val => "val",
            TransformerKind::ToLower => "tolower",
            TransformerKind::ToUpper => "toupper",
            TransformerKind::B64 => "b64",
            TransformerKind::Basename => "basename",
            TransformerKind::Len => "len",
            TransformerKind::Join => "join",
            TransformerKind::Concat => "concat",
            TransformerKind::Getopt => "getopt",
        }
    }

    pub fn from_name(s: &str) -> Option<TransformerKind> {
        TransformerKind::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// `name(arg, ...)[arg]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transformer {
    pub kind: TransformerKind,
    pub name_span: Span,
    pub args: Vec<TransformerArg>,
    pub arg: Option<FieldArg>,
    pub span: Span,
}

/// One argument of a transformer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransformerArg {
    Operand(Operand),
    /// A quoted string or a number, kept as its (unescaped) text.
    Literal(Value),
    /// `(a, b, ...)` as in `join(sep, (f1, f2))`.
    List(Vec<TransformerArg>, Span),
}

/// A literal value, always kept as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The unescaped text.
    pub text: String,
    pub quoted: bool,
    pub span: Span,
}

/// The right side of a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rhs {
    /// A single value (quoted or bare string, number, or identifier after a list op).
    Value(Value),
    /// `(v1, v2, ...)`.
    List(Vec<Value>, Span),
    /// `val(field)` or a transformer: a field reference on the right.
    Operand(Operand),
}

impl Rhs {
    pub fn span(&self) -> Span {
        match self {
            Rhs::Value(v) => v.span,
            Rhs::List(_, s) => *s,
            Rhs::Operand(o) => o.span(),
        }
    }
}
