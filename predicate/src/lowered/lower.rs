//! Lowering typed IR to the predicate IR: one pass per condition, sharing one slot table
//! and one pool across the rule set.

use super::{BytesOp, Check, Node, Operand, Order, Program, Quantifier, Test, Transform};
use super::{TransformArg, TransformId};
use crate::ops::pmatch::PathPrefixSet;
use crate::ops::set::ValueSet;
use falcoc_catalog::fields::{fl, FieldArg};
use falcoc_catalog::ir;
use falcoc_catalog::value::TypedValue;
use falcoc_grammar::ast::{CmpOp, Modifier};
use falcoc_grammar::Span;
use std::fmt;

/// A typed-IR check with a shape the compiler never produces (hand-built IR): an internal
/// error naming the check.
#[derive(Clone, Debug, PartialEq)]
pub struct LowerError {
    pub span: Span,
    pub message: String,
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error: cannot lower check at {}..{}: {}",
            self.span.start, self.span.end, self.message
        )
    }
}

impl std::error::Error for LowerError {}

/// Lowers every condition of `exprs` (in order: condition `i` is `CondId(i)`).
pub fn lower<'a>(exprs: impl IntoIterator<Item = &'a ir::Expr>) -> Result<Program, LowerError> {
    let mut lowering = Lowering::default();
    for e in exprs {
        let node = lowering.expr(e)?;
        lowering.program.conditions.push(node);
    }
    Ok(lowering.program)
}

/// Lowers one condition into a program of its own.
pub fn lower_expr(expr: &ir::Expr) -> Result<Program, LowerError> {
    lower(std::iter::once(expr))
}

/// A lowering in progress.
#[derive(Default)]
pub struct Lowering {
    pub program: Program,
}

type Lowered<T> = Result<T, LowerError>;

impl Lowering {
    /// Lowers `e` into the program's slots and pool.
    pub fn expr(&mut self, e: &ir::Expr) -> Lowered<Node> {
        Ok(match e {
            ir::Expr::And(c) => Node::And(self.exprs(c)?),
            ir::Expr::Or(c) => Node::Or(self.exprs(c)?),
            ir::Expr::Not(inner) => Node::Not(Box::new(self.expr(inner)?)),
            ir::Expr::Check(c) => Node::Check(Box::new(self.check(c)?)),
        })
    }

    fn exprs(&mut self, es: &[ir::Expr]) -> Lowered<Vec<Node>> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    fn check(&mut self, c: &ir::Check) -> Lowered<Check> {
        let err = |message: &str| LowerError {
            span: c.span,
            message: message.to_string(),
        };
        let lhs = self.operand(&c.lhs);
        let test = self.test(c).map_err(|m| err(&m))?;
        Ok(Check {
            lhs,
            quantifier: quantifier(c),
            test,
            span: c.span,
        })
    }

    /// The slot of a field, or a pooled transformer.
    pub fn operand(&mut self, o: &ir::Operand) -> Operand {
        match o {
            ir::Operand::Field(f) => Operand::Field(self.program.slots.intern(f)),
            ir::Operand::Transform(t) => Operand::Transform(self.transform(t)),
        }
    }

    fn transform(&mut self, t: &ir::Transform) -> TransformId {
        let args = t.args.iter().map(|a| self.transform_arg(a)).collect();
        self.program.pool.add_transform(Transform {
            kind: t.kind,
            args,
            select: t.select.clone(),
        })
    }

    fn transform_arg(&mut self, a: &ir::TransformArg) -> TransformArg {
        match a {
            ir::TransformArg::Operand(o) => TransformArg::Operand(self.operand(o)),
            ir::TransformArg::Literal(s) => TransformArg::Literal(s.clone()),
            ir::TransformArg::List(items) => {
                TransformArg::List(items.iter().map(|i| self.transform_arg(i)).collect())
            }
        }
    }

    fn test(&mut self, c: &ir::Check) -> Result<Test, String> {
        use ir::RhsValue as R;
        match (&c.rhs, c.op, c.modifier) {
            (_, CmpOp::Exists, _) | (R::None, _, _) => Ok(Test::Exists),
            (R::Operand(o), op, None) => Ok(Test::Operand {
                op,
                rhs: self.operand(o),
            }),
            (R::Regex(p), CmpOp::Regex, None) => self.regex(p),
            (R::Regex(p), CmpOp::Regex, Some(m)) => Ok(Test::Modifier {
                modifier: m,
                elems: vec![self.regex(p)?],
            }),
            (R::List(vs), CmpOp::Regex, Some(m)) => {
                let elems = vs
                    .iter()
                    .map(|v| self.regex(literal_text(v)?))
                    .collect::<Result<_, _>>()?;
                Ok(Test::Modifier { modifier: m, elems })
            }
            (R::List(vs), op, Some(m)) => self.modifier(op, m, vs),
            (R::Value(v), op, Some(m)) => self.modifier(op, m, std::slice::from_ref(v)),
            (R::List(vs), CmpOp::In | CmpOp::Intersects, None) => Ok(self.set(vs)),
            (R::Value(v), CmpOp::In | CmpOp::Intersects, None) => {
                Ok(self.set(std::slice::from_ref(v)))
            }
            (R::List(vs), CmpOp::PMatch, None) => {
                let paths = vs.iter().map(|v| match v {
                    TypedValue::Str(s) => Ok(s.as_bytes()),
                    TypedValue::Bytes(b) => Ok(b.as_slice()),
                    _ => Err("a `pmatch` element that is not a path".to_string()),
                });
                let paths = paths.collect::<Result<Vec<_>, _>>()?;
                let key = format!("{paths:?}");
                let id =
                    (self.program.pool).add_prefix_set_keyed(key, || PathPrefixSet::new(paths));
                Ok(Test::PMatch(id))
            }
            (R::List(vs), CmpOp::Regex, None) => match vs.as_slice() {
                [v] => self.regex(literal_text(v)?),
                _ => Err("`regex` with a list of several patterns".into()),
            },
            (R::List(vs), op, None) => match vs.as_slice() {
                [v] => self.scalar(op, v),
                _ => Err(format!("`{}` with a list of several values", op.as_str())),
            },
            (R::Value(v), op, None) => self.scalar(op, v),
            (R::Regex(_), op, _) => Err(format!("a regex right side for `{}`", op.as_str())),
            (R::Operand(_), _, Some(_)) => Err("a modifier over `val()`".into()),
        }
    }

    /// `in`/`intersects` against literals: one pooled set per distinct list.
    fn set(&mut self, vs: &[TypedValue]) -> Test {
        let key = format!("{vs:?}");
        Test::InSet(self.program.pool.add_set_keyed(key, || ValueSet::new(vs)))
    }

    fn regex(&mut self, pattern: &str) -> Result<Test, String> {
        self.program
            .pool
            .add_regex(pattern)
            .map(Test::Regex)
            .ok_or_else(|| format!("regex `{pattern}` does not compile"))
    }

    fn modifier(&mut self, op: CmpOp, m: Modifier, vs: &[TypedValue]) -> Result<Test, String> {
        let elems = vs
            .iter()
            .map(|v| self.scalar(op, v))
            .collect::<Result<_, _>>()?;
        Ok(Test::Modifier { modifier: m, elems })
    }

    /// One operator against one literal, by the literal's kind (the left side's type).
    fn scalar(&mut self, op: CmpOp, v: &TypedValue) -> Result<Test, String> {
        let bad = || format!("`{}` on a {} literal", op.as_str(), kind_name(v));
        Ok(match v {
            TypedValue::Int(i) => Test::Int {
                op: order(op).ok_or_else(bad)?,
                rhs: *i,
            },
            TypedValue::Uint(u) => Test::Uint {
                op: order(op).ok_or_else(bad)?,
                rhs: *u,
            },
            TypedValue::Double(d) => Test::Double {
                op: order(op).ok_or_else(bad)?,
                rhs: *d,
            },
            TypedValue::Bool(b) => Test::Bool {
                ne: eq_ne(op).ok_or_else(bad)?,
                rhs: *b,
            },
            TypedValue::Str(s) => self.bytes(op, s.as_bytes()).ok_or_else(bad)?,
            TypedValue::Bytes(b) => self.bytes(op, b).ok_or_else(bad)?,
            TypedValue::Ip(ip) => Test::Ip {
                ne: eq_ne(op).ok_or_else(bad)?,
                rhs: *ip,
            },
            TypedValue::Net { addr, prefix } => Test::Net {
                ne: eq_ne(op).ok_or_else(bad)?,
                addr: *addr,
                prefix: *prefix,
            },
            TypedValue::List(_) => return Err(bad()),
        })
    }

    fn bytes(&mut self, op: CmpOp, b: &[u8]) -> Option<Test> {
        let op = match op {
            CmpOp::Contains | CmpOp::BContains => BytesOp::Contains,
            CmpOp::IContains => BytesOp::IContains,
            CmpOp::StartsWith | CmpOp::BStartsWith => BytesOp::StartsWith,
            CmpOp::EndsWith => BytesOp::EndsWith,
            CmpOp::Glob => BytesOp::Glob,
            CmpOp::IGlob => BytesOp::IGlob,
            op => BytesOp::Order(order(op)?),
        };
        Some(Test::Bytes {
            op,
            rhs: self.program.pool.add_bytes(b),
        })
    }
}

/// How the check treats a list on its left, from the catalogue flags.
fn quantifier(c: &ir::Check) -> Quantifier {
    let (field_flags, no_arg) = match &c.lhs {
        ir::Operand::Field(f) => (f.info.flags, f.arg == FieldArg::None),
        ir::Operand::Transform(_) => (Default::default(), false),
    };
    if c.lhs.is_list() {
        if c.op == CmpOp::In {
            Quantifier::All
        } else {
            Quantifier::Any
        }
    } else if field_flags.has(fl::ENDPOINT_PAIR) {
        if c.op == CmpOp::Ne && c.modifier.is_none() {
            Quantifier::AllNonEmpty
        } else {
            Quantifier::Any
        }
    } else if field_flags.has(fl::ANCESTORS) && no_arg {
        Quantifier::Any
    } else {
        Quantifier::One
    }
}

/// The ordering of `=`, `==`, `!=`, `<`, `<=`, `>`, `>=`.
pub fn order(op: CmpOp) -> Option<Order> {
    Some(match op {
        CmpOp::Eq | CmpOp::EqEq => Order::Eq,
        CmpOp::Ne => Order::Ne,
        CmpOp::Lt => Order::Lt,
        CmpOp::Le => Order::Le,
        CmpOp::Gt => Order::Gt,
        CmpOp::Ge => Order::Ge,
        _ => return None,
    })
}

/// `Some(false)` for `=`/`==`, `Some(true)` for `!=`.
fn eq_ne(op: CmpOp) -> Option<bool> {
    match op {
        CmpOp::Eq | CmpOp::EqEq => Some(false),
        CmpOp::Ne => Some(true),
        _ => None,
    }
}

fn literal_text(v: &TypedValue) -> Result<&str, String> {
    match v {
        TypedValue::Str(s) => Ok(s),
        _ => Err("a regex that is not a string".into()),
    }
}

fn kind_name(v: &TypedValue) -> &'static str {
    match v {
        TypedValue::Int(_) => "signed",
        TypedValue::Uint(_) => "unsigned",
        TypedValue::Double(_) => "double",
        TypedValue::Bool(_) => "boolean",
        TypedValue::Str(_) => "string",
        TypedValue::Bytes(_) => "buffer",
        TypedValue::Ip(_) => "address",
        TypedValue::Net { .. } => "network",
        TypedValue::List(_) => "list",
    }
}
