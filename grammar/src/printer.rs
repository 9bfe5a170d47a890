//! The canonical printer: libsinsp's `ast::as_string` form.
//!
//! `and`/`or` nodes print as `(a and b)`, `not` as `not x`, checks as `f op v` (or
//! `f op oneof (…)`), values through [`escape_value`], field arguments as `[arg]`.
//! Transformer literals that were quoted stay quoted. The output always parses back;
//! where libsinsp's own text would not (values with `(`, `)` or `,`, a final
//! backslash, an empty value), the value is quoted instead — see [`escape_value`].
//! One libsinsp quirk is kept: `not (not a)` prints as `not not a`, which reads back as
//! `a` (the same truth value).
//!
//! Printing recurses over the tree; the parser's nesting cap
//! ([`crate::MAX_NESTING`] levels) bounds the depth.

use std::fmt::{self, Display, Formatter, Write};

use crate::ast::{Check, Expr, FieldArg, FieldRef, Operand, Rhs, Transformer, TransformerArg};
use crate::escape::{escape_arg, escape_value, push_quoted};

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Expr::And(children, _) => logical(f, "and", children),
            Expr::Or(children, _) => logical(f, "or", children),
            Expr::Not(child, _) => write!(f, "not {child}"),
            Expr::Macro(id) => f.write_str(&id.name),
            Expr::Check(check) => check.fmt(f),
        }
    }
}

fn logical(f: &mut Formatter<'_>, op: &str, children: &[Expr]) -> fmt::Result {
    f.write_char('(')?;
    for (i, c) in children.iter().enumerate() {
        if i > 0 {
            write!(f, " {op} ")?;
        }
        c.fmt(f)?;
    }
    f.write_char(')')
}

impl Display for Check {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.lhs, self.op.cmp.as_str())?;
        if let Some(m) = self.op.modifier {
            write!(f, " {}", m.as_str())?;
        }
        match &self.rhs {
            Some(rhs) => write!(f, " {rhs}"),
            None => Ok(()),
        }
    }
}

impl Display for Rhs {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Rhs::Value(v) => f.write_str(&escape_value(&v.text)),
            Rhs::List(values, _) => {
                f.write_char('(')?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&escape_value(&v.text))?;
                }
                f.write_char(')')
            }
            Rhs::Operand(o) => o.fmt(f),
        }
    }
}

impl Display for Operand {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Field(field) => field.fmt(f),
            Operand::Transformer(t) => t.fmt(f),
        }
    }
}

impl Display for FieldRef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        arg(f, self.arg.as_ref())
    }
}

fn arg(f: &mut Formatter<'_>, arg: Option<&FieldArg>) -> fmt::Result {
    match arg {
        Some(a) => write!(f, "[{}]", escape_arg(&a.value)),
        None => Ok(()),
    }
}

impl Display for Transformer {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.kind.as_str())?;
        tr_args(f, &self.args)?;
        f.write_char(')')?;
        arg(f, self.arg.as_ref())
    }
}

fn tr_args(f: &mut Formatter<'_>, args: &[TransformerArg]) -> fmt::Result {
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        match a {
            TransformerArg::Operand(o) => o.fmt(f)?,
            TransformerArg::Literal(v) if v.quoted => {
                let mut s = String::with_capacity(v.text.len() + 2);
                push_quoted(&mut s, &v.text);
                f.write_str(&s)?;
            }
            TransformerArg::Literal(v) => f.write_str(&v.text)?,
            TransformerArg::List(items, _) => {
                f.write_char('(')?;
                tr_args(f, items)?;
                f.write_char(')')?;
            }
        }
    }
    Ok(())
}
