//! Compiles rules: exceptions, output, lists, macros, warnings, types, event codes —
//! in Falco's order, one diagnostic per failing rule.

use super::condition::{
    condition_chain, enclosing_check, error_at, join_pieces, parse_expanded, with_did_you_mean,
};
use super::falco_position::Locator;
use super::macros_phase::{macro_error, Macros, Visible};
use super::warnings::{condition_warnings, output_warnings};
use crate::collect::RuleDefn;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::evttypes::event_codes;
use crate::expand::exceptions::apply_exceptions;
use crate::expand::lists::{CompiledList, ListUsage};
use crate::expand::macros::{resolve_macros, MacroError, Resolution, Target};
use crate::expand::mapped_text::MappedText;
use crate::ir;
use crate::limits::{raise_note, Limits};
use crate::output_format::{compile_format, FALCO_UNKNOWN_FIELD_MESSAGE};
use crate::source::Sources;
use crate::typecheck::check_condition;

/// Shared inputs of rule compilation.
pub struct RuleCtx<'a, 'c> {
    pub sources: &'a Sources,
    pub lists: &'a [CompiledList],
    pub macros: &'a Macros<'c>,
    pub limits: &'a Limits,
    /// Expansion nodes left for all rules together; `None` once the total was reached
    /// (and reported).
    pub total_left: std::cell::Cell<Option<u64>>,
    /// Parses kept for the next load, if any.
    pub memo: Option<&'a super::reuse::Memo>,
}

/// What compiling one rule produced besides diagnostics.
pub struct RuleOutcome {
    pub rule: Option<ir::Rule>,
    pub lists: ListUsage,
    pub macros_used: Vec<String>,
    /// How the rule's macro references were bound (for locating errors inside macros).
    pub resolution: Option<Resolution>,
}

fn rule_chain(r: &RuleDefn) -> Vec<Location> {
    vec![
        Location::new("rules content", "", r.header.file, 0),
        Location::new("rule", &r.header.name, r.header.file, r.header.offset),
    ]
}

/// Compiles one rule; `None` when it failed or was skipped.
pub fn compile_rule(cx: &RuleCtx, r: &RuleDefn, diags: &mut Vec<Diagnostic>) -> RuleOutcome {
    let mut out = RuleOutcome {
        rule: None,
        lists: ListUsage::new(cx.lists.len()),
        macros_used: Vec::new(),
        resolution: None,
    };
    if r.source != "syscall" {
        let at = r.header.offset;
        diags.push(
            Diagnostic::new(
                Code::UnknownSource,
                format!("Unknown source {}, skipping", r.source),
            )
            .with_primary(r.header.file, at..at, "")
            .with_locations(rule_chain(r)),
        );
        return out;
    }
    match try_compile(cx, r, diags, &mut out) {
        Ok(rule) => out.rule = rule,
        Err(d) => diags.push(*d),
    }
    out
}

fn try_compile(
    cx: &RuleCtx,
    r: &RuleDefn,
    diags: &mut Vec<Diagnostic>,
    out: &mut RuleOutcome,
) -> Result<Option<ir::Rule>, Box<Diagnostic>> {
    let sources = cx.sources;
    let mut text = join_pieces(sources, &r.condition);
    if !r.exceptions.is_empty() {
        text = apply_exceptions(sources, &r.header, &r.exceptions, &text)?;
    }
    let Some((output, output_text)) = compile_output(cx, r, diags)? else {
        return Ok(None);
    };
    let chain = condition_chain(sources, "rule", &r.header, &r.condition);
    let (expr, expanded) = match parse_expanded(
        sources,
        &text,
        cx.lists,
        &mut out.lists,
        &|| chain.clone(),
        cx.memo,
    ) {
        Ok(parsed) => parsed,
        Err(errors) => {
            diags.extend(errors);
            return Ok(None);
        }
    };
    // Falco shows the condition as written (exceptions appended) and counts its
    // positions in the list-substituted text (or in a macro's, for a node from a macro).
    let shown: std::sync::Arc<str> = text.text.as_str().into();
    let shown = &shown;
    let own = std::cell::OnceCell::new();
    let own = || Some(own.get_or_init(|| Locator::new(&expanded)));
    let falco_at = |at: u32| cx.macros.falco_position(sources, shown, own(), at);
    let bound = bind_macros(cx, r, &expr, out)
        .map_err(|d| Box::new(cx.macros.with_falco_position(sources, *d, shown, own())))?;
    let Some(res) = bound else {
        return Ok(None);
    };
    let expr = cx.macros.expand(&expr, &res);
    out.resolution = Some(res);
    condition_warnings(sources, &expr, &chain, shown, diags);
    // A compile error is located, as libsinsp locates it, at its check.
    let at_check = |d: Diagnostic, span: falcoc_grammar::Span| {
        let at = enclosing_check(&expr, span.start).unwrap_or(span.start);
        d.with_falco_expression(falco_at(at))
    };
    let mut warnings = Vec::new();
    let condition = match check_condition(&expr, &mut warnings) {
        Ok(c) => c,
        Err(e) if e.unknown_filter && r.skip_if_unknown_filter => {
            let d = error_at(sources, Code::UnknownFilter, e.message, e.span, &chain);
            diags.push(at_check(d, e.span));
            return Ok(None);
        }
        Err(e) => {
            let fix = e.suggestion.clone();
            let d = error_at(
                sources,
                Code::ErrCompileCondition,
                e.message,
                e.span,
                &chain,
            );
            let d = at_check(d, e.span);
            return Err(Box::new(with_did_you_mean(sources, d, fix)));
        }
    };
    for w in warnings {
        // A compile warning is located at the value it is about.
        let falco = falco_at(w.span.start);
        let d = error_at(sources, Code::CompileCondition, w.message, w.span, &chain);
        diags.push(d.with_falco_expression(falco));
    }
    let codes = event_codes(&expr).map_err(|e| {
        let d = error_at(
            sources,
            Code::ErrCompileCondition,
            e.message,
            e.span,
            &chain,
        );
        Box::new(at_check(d, e.span))
    })?;
    if r.warn_evttypes && (codes.is_empty() || codes.len() > 100) {
        let at = r.header.offset;
        diags.push(
            Diagnostic::new(
                Code::NoEvttype,
                "Rule matches too many evt.type values. This has a significant performance penalty.",
            )
            .with_primary(r.header.file, at..at + 4.min(r.header.range.len()), "")
            .with_locations(rule_chain(r)),
        );
    }
    let compiled = CompiledParts {
        condition,
        expanded_condition: expr.to_string(),
        output,
        output_text,
        event_codes: codes,
    };
    Ok(Some(assemble_rule(r, compiled)))
}

/// What compiling a rule produces beside what its definition states.
pub(super) struct CompiledParts {
    pub condition: ir::Expr,
    pub expanded_condition: String,
    pub output: ir::OutputFormat,
    pub output_text: String,
    pub event_codes: crate::catalog::events::EventSet,
}

/// The compiled rule: its definition's attributes with the compiled parts.
pub(super) fn assemble_rule(r: &RuleDefn, compiled: CompiledParts) -> ir::Rule {
    ir::Rule {
        name: r.header.name.clone(),
        desc: r.desc.clone(),
        priority: r.priority,
        source: r.source.clone(),
        tags: r.tags.clone(),
        enabled: r.enabled,
        condition: compiled.condition,
        expanded_condition: compiled.expanded_condition,
        output: compiled.output,
        output_text: compiled.output_text,
        event_codes: compiled.event_codes,
        exception_fields: exception_fields(r),
        capture: r.capture,
        capture_duration: r.capture_duration,
        file: r.header.file,
        range: r.header.range.clone(),
    }
}

/// Binds the rule's macro references and checks the expansion limits; `None` when the
/// rule cannot be checked without a second report (a broken macro, the total reached).
fn bind_macros(
    cx: &RuleCtx,
    r: &RuleDefn,
    expr: &falcoc_grammar::ast::Expr,
    out: &mut RuleOutcome,
) -> Result<Option<Resolution>, Box<Diagnostic>> {
    let scope = Visible {
        macros: cx.macros,
        visibility: usize::MAX,
    };
    let mut used = std::collections::HashSet::new();
    let limit = cx.limits.expansion_nodes;
    let resolved = resolve_macros(expr, &scope, limit, &mut used);
    out.macros_used.extend(used);
    let fail = |e| match macro_error(cx.sources, e, &rule_chain(r), &cx.macros.names()) {
        Some(d) => Err(Box::new(d)),
        None => Ok(None),
    };
    let res = match resolved {
        Ok(res) => res,
        Err(e) => return fail(e),
    };
    if res.nodes > limit {
        return fail(MacroError::TooLarge {
            span: largest_reference(cx, &res).unwrap_or_else(|| expr.span()),
            limit,
        });
    }
    let Some(left) = cx.total_left.get() else {
        return Ok(None);
    };
    if res.nodes > left {
        cx.total_left.set(None);
        let total = cx.limits.total_expansion_nodes;
        let d = error_at(
            cx.sources,
            Code::ErrValidate,
            format!(
                "macro expansion of all rules together is larger than {total} nodes; this rule and the rules after it are not checked"
            ),
            largest_reference(cx, &res).unwrap_or_else(|| expr.span()),
            &rule_chain(r),
        )
        .with_note(raise_note("total_expansion_nodes"));
        return Err(Box::new(d));
    }
    cx.total_left.set(Some(left - res.nodes));
    Ok(Some(res))
}

/// The macro reference of a rule whose expansion is the largest.
fn largest_reference(cx: &RuleCtx, res: &Resolution) -> Option<falcoc_grammar::Span> {
    let size = |t: &Target| match t {
        Target::Shared(id) => cx
            .macros
            .resolved
            .get(*id)
            .and_then(Option::as_ref)
            .map_or(0, |r| r.nodes),
        Target::Inline(_, r) => r.nodes,
    };
    res.refs
        .iter()
        .max_by_key(|b| size(&b.target))
        .map(|b| b.span)
}

/// Fields named by the rule's exceptions.
fn exception_fields(r: &RuleDefn) -> Vec<String> {
    use crate::rules_file::items::ExceptionEntry;
    let mut fields = Vec::new();
    for ex in &r.exceptions {
        match &ex.fields {
            Some(ExceptionEntry::Scalar(t)) => fields.push(t.value.clone()),
            Some(ExceptionEntry::List(items, ..)) => {
                fields.extend(items.iter().filter_map(|i| match i {
                    ExceptionEntry::Scalar(t) => Some(t.value.clone()),
                    ExceptionEntry::List(..) => None,
                }))
            }
            None => {}
        }
    }
    fields.sort();
    fields.dedup();
    fields
}

const CONTAINER_INFO: &str = "%container.info";

/// Checks the output format; `None` when the rule is dropped by `skip-if-unknown-filter`.
fn compile_output(
    cx: &RuleCtx,
    r: &RuleDefn,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<(ir::OutputFormat, String)>, Box<Diagnostic>> {
    let sources = cx.sources;
    let mut mapped = join_pieces(sources, &r.output);
    let first = r.output.pieces.first();
    let chain = {
        let mut c = rule_chain(r);
        if let Some(p) = first {
            let at = super::condition::value_mark(sources, p);
            c.push(Location::new("rule output", "", p.file, at));
        }
        c
    };
    if mapped.text.contains(CONTAINER_INFO) {
        let at = r.header.offset;
        diags.push(
            Diagnostic::new(
                Code::DeprecatedItem,
                "%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.",
            )
            .with_primary(r.header.file, at..at, "")
            .with_locations(rule_chain(r)),
        );
        mapped = strip(&mapped, CONTAINER_INFO);
    }
    match compile_format(&mapped.text) {
        Ok(fmt) => {
            output_warnings(sources, &mapped, &chain, diags);
            Ok(Some((fmt, mapped.text)))
        }
        Err(e) => {
            let span = mapped.span_of(e.range.clone());
            let falco_wording = |d: Diagnostic| match e.unknown_filter {
                true => d.with_falco_message(FALCO_UNKNOWN_FIELD_MESSAGE),
                false => d,
            };
            if e.unknown_filter && r.skip_if_unknown_filter {
                let d = error_at(sources, Code::UnknownFilter, &e.message, span, &chain);
                diags.push(falco_wording(d));
                return Ok(None);
            }
            let d = error_at(sources, Code::ErrCompileOutput, &e.message, span, &chain);
            Err(Box::new(falco_wording(d)))
        }
    }
}

/// Removes every occurrence of `needle`, keeping the map of the rest.
fn strip(text: &MappedText, needle: &str) -> MappedText {
    let mut out = MappedText::new();
    let mut last = 0;
    for (at, _) in text.text.match_indices(needle) {
        out.push_slice(text, last..at);
        last = at + needle.len();
    }
    out.push_slice(text, last..text.len());
    out
}
