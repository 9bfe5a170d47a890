//! Stand-alone filter conditions (no rules file): `falcoc replay --filter`, like the
//! condition argument of `sysdig`. No macros or lists; fields and values are checked as in
//! rules.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::evttypes::event_codes;
use crate::ir;
use crate::source::Sources;
use crate::typecheck::check_condition;
use falcoc_grammar::parse_condition;

/// A compiled filter and the event codes it can match.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    pub expr: ir::Expr,
    pub event_codes: crate::catalog::events::EventSet,
}

/// Compiles `text`. `sources` receives the text as a file named `filter` so diagnostics can
/// be rendered with a snippet.
pub fn compile_filter(sources: &mut Sources, text: &str) -> Result<Filter, Box<Diagnostic>> {
    let file = sources.add("filter", text);
    let err = |msg: String, start: u32, end: u32| {
        Box::new(
            Diagnostic::new(Code::ErrCompileCondition, msg)
                .with_primary(file, start as usize..end as usize, "")
                .with_locations(vec![Location::new("filter", "", file, 0)]),
        )
    };
    let parsed = parse_condition(text);
    let expr = match (parsed.expr, parsed.error) {
        (Some(e), None) => e,
        (_, Some(e)) => return Err(err(e.message, e.span.start, e.span.end)),
        (None, None) => return Err(err("invalid filter".into(), 0, 0)),
    };
    if let Some(name) = first_macro(&expr) {
        return Err(err(
            format!("Undefined macro '{}' used in filter.", name.name),
            name.span.start,
            name.span.end,
        ));
    }
    let mut warnings = Vec::new();
    let checked = check_condition(&expr, &mut warnings)
        .map_err(|e| err(e.message, e.span.start, e.span.end))?;
    let codes = event_codes(&expr).map_err(|e| err(e.message, e.span.start, e.span.end))?;
    Ok(Filter {
        expr: checked,
        event_codes: codes,
    })
}

fn first_macro(expr: &falcoc_grammar::ast::Expr) -> Option<&falcoc_grammar::ast::Ident> {
    use falcoc_grammar::ast::Expr;
    match expr {
        Expr::And(cs, _) | Expr::Or(cs, _) => cs.iter().find_map(first_macro),
        Expr::Not(inner, _) => first_macro(inner),
        Expr::Macro(id) => Some(id),
        Expr::Check(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_and_reports() {
        let mut s = Sources::new();
        let f = compile_filter(&mut s, "evt.type = openat and fd.name startswith /etc").unwrap();
        assert_eq!(
            f.event_codes.len(),
            4,
            "openat: two versions, enter and exit"
        );
        let mut s = Sources::new();
        let e = compile_filter(&mut s, "proc.nosuch = 1").unwrap_err();
        assert_eq!(
            e.message,
            "filter_check called with nonexistent field proc.nosuch"
        );
        let mut s = Sources::new();
        assert!(compile_filter(&mut s, "shell_procs and evt.type = open").is_err());
    }
}
