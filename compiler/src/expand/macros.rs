//! Macro resolution on trees (Falco's `filter_macro_resolver`): every macro reference is
//! replaced by a deep copy of the macro's tree, resolved recursively; a macro that reaches
//! itself is a reference loop.

use falcoc_grammar::ast::{Expr, Ident};
use falcoc_grammar::Span;
use std::collections::HashSet;

/// The macros a condition may use.
pub trait MacroScope {
    /// The (parsed) tree of macro `name`, if it is visible here.
    fn lookup(&self, name: &str) -> Option<&Expr>;

    /// Whether `name` is a visible macro whose own condition failed to compile (its users
    /// then fail quietly instead of reporting a second, misleading error).
    fn is_broken(&self, name: &str) -> bool;
}

/// Why resolution failed, with the offending reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroError {
    Undefined {
        name: String,
        span: Span,
    },
    Loop {
        name: String,
        span: Span,
    },
    TooDeep {
        span: Span,
    },
    /// A reference to a macro that itself failed; already reported.
    Broken {
        name: String,
    },
}

/// Nested macro expansion deeper than this is rejected.
const MAX_MACRO_DEPTH: usize = 512;

/// Resolves every macro reference in `expr`. `owner` is the macro whose body `expr` is (so
/// a reference back to it is a loop); `used` collects the names of resolved macros.
pub fn resolve_macros(
    expr: &mut Expr,
    scope: &dyn MacroScope,
    owner: Option<&str>,
    used: &mut HashSet<String>,
) -> Result<(), MacroError> {
    let mut stack: Vec<String> = owner.map(str::to_string).into_iter().collect();
    resolve(expr, scope, used, &mut stack)
}

fn resolve(
    expr: &mut Expr,
    scope: &dyn MacroScope,
    used: &mut HashSet<String>,
    stack: &mut Vec<String>,
) -> Result<(), MacroError> {
    match expr {
        Expr::And(children, _) | Expr::Or(children, _) => {
            for c in children.iter_mut() {
                resolve(c, scope, used, stack)?;
            }
            Ok(())
        }
        Expr::Not(inner, _) => resolve(inner, scope, used, stack),
        Expr::Check(_) => Ok(()),
        Expr::Macro(Ident { name, span }) => {
            let (name, span) = (name.clone(), *span);
            if stack.contains(&name) {
                return Err(MacroError::Loop { name, span });
            }
            if stack.len() >= MAX_MACRO_DEPTH {
                return Err(MacroError::TooDeep { span });
            }
            let Some(body) = scope.lookup(&name) else {
                if scope.is_broken(&name) {
                    return Err(MacroError::Broken { name });
                }
                return Err(MacroError::Undefined { name, span });
            };
            let mut copy = body.clone();
            stack.push(name.clone());
            let result = resolve(&mut copy, scope, used, stack);
            stack.pop();
            result?;
            used.insert(name);
            *expr = copy;
            Ok(())
        }
    }
}
