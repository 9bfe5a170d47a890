//! [`JitCompiled`]: a program with its native group functions, and its conditions
//! compiled one by one on first use, run through the `Compiled` seam.

use crate::compile::{build_condition, Built, Fallback, GroupRun, Unit};
use crate::consts::Consts;
use crate::native::{GroupCode, NativeCode, OwnedPredicate};
use falcoc_predicate::backend::Compiled;
use falcoc_predicate::interp::eval_node;
use falcoc_predicate::lowered::{CondId, GroupId, Program};
use falcoc_predicate::reader::FieldReader;
use std::sync::{Arc, OnceLock};

/// A program compiled to native code.
///
/// Groups (what an engine runs) are compiled up front, all in one module; a condition is
/// compiled the first time it is evaluated on its own (a single-condition program, or a
/// group that runs rule by rule), in a module of its own.
///
/// Field order matters: `groups` are dropped before `code` (the pointers never outlive
/// their code), and `consts` and `program` (whose addresses the code embeds) after both.
pub struct JitCompiled {
    groups: Vec<Option<GroupRun>>,
    /// Per condition: not yet compiled, compiled, or `None` when Cranelift failed (it then
    /// runs on the interpreter).
    conditions: Vec<OnceLock<Option<OwnedPredicate>>>,
    fallbacks: Vec<Fallback>,
    _code: Option<NativeCode>,
    /// The string checks' structures (their addresses are embedded in the code).
    consts: Consts,
    program: Arc<Program>,
}

impl JitCompiled {
    pub fn new(program: Arc<Program>, built: Built) -> JitCompiled {
        JitCompiled {
            groups: built.groups,
            conditions: program.conditions.iter().map(|_| OnceLock::new()).collect(),
            fallbacks: built.fallbacks,
            _code: built.code,
            consts: built.consts,
            program,
        }
    }

    /// How many groups run through smaller groups' functions (`crate::plan`).
    pub fn composite_groups(&self) -> usize {
        self.groups
            .iter()
            .filter(|g| matches!(g, Some(GroupRun::Composite { .. })))
            .count()
    }

    /// The groups that run condition by condition because Cranelift failed.
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }

    /// Condition `cond`'s native predicate, compiled now if it is its first use; `None`
    /// when Cranelift failed (reported once, as an internal error).
    fn predicate(&self, cond: CondId) -> Option<&OwnedPredicate> {
        let cell = self.conditions.get(cond.0 as usize)?;
        cell.get_or_init(
            || match build_condition(&self.program, &self.consts, cond) {
                Ok(p) => Some(p),
                Err(message) => {
                    crate::report(&Fallback {
                        what: Unit::Condition(cond),
                        name: self.program.describe(cond),
                        message,
                    });
                    None
                }
            },
        )
        .as_ref()
    }
}

impl JitCompiled {
    /// A composite group (`crate::plan`): its members' and its residual's hits, merged
    /// into positions of the group's conditions `conds` (ascending, checked by the plan);
    /// with `first`, only the smallest.
    fn eval_composite(
        &self,
        conds: &[CondId],
        members: &[GroupId],
        residual: Option<&(GroupCode, Vec<CondId>)>,
        first: bool,
        fields: &mut dyn FieldReader,
        out: &mut Vec<usize>,
    ) {
        let mut hits: Vec<CondId> = Vec::new();
        let mut part = Vec::new();
        let mut run = |code: GroupCode, part_conds: &[CondId], fields: &mut dyn FieldReader| {
            part.clear();
            code.call(first, fields, &mut part);
            hits.extend(part.iter().filter_map(|p| part_conds.get(*p)));
        };
        for m in members {
            if let (Some(Some(GroupRun::Fused(code))), Some(member_conds)) = (
                self.groups.get(m.index()),
                self.program.groups.get(m.index()),
            ) {
                run(*code, member_conds, fields);
            }
        }
        if let Some((code, residual_conds)) = residual {
            run(*code, residual_conds, fields);
        }
        hits.sort_unstable();
        hits.dedup();
        if first {
            hits.truncate(1);
        }
        out.extend(hits.iter().filter_map(|c| conds.binary_search(c).ok()));
    }
}

impl Compiled for JitCompiled {
    fn program(&self) -> &Arc<Program> {
        &self.program
    }

    fn eval(&self, cond: CondId, fields: &mut dyn FieldReader) -> bool {
        if let Some(p) = self.predicate(cond) {
            return p.call(fields);
        }
        match self.program.condition(cond) {
            Some(root) => eval_node(&self.program, root, fields),
            None => false,
        }
    }

    fn eval_group(
        &self,
        group: GroupId,
        first: bool,
        fields: &mut dyn FieldReader,
        out: &mut Vec<usize>,
    ) {
        match self.groups.get(group.index()) {
            Some(Some(GroupRun::Fused(g))) => g.call(first, fields, out),
            Some(Some(GroupRun::Composite { members, residual })) => {
                let conds = self.program.groups.get(group.index());
                let conds = conds.map_or(&[][..], Vec::as_slice);
                self.eval_composite(conds, members, residual.as_ref(), first, fields, out)
            }
            _ => {
                if let Some(conds) = self.program.groups.get(group.index()) {
                    self.eval_many(conds, first, fields, out);
                }
            }
        }
    }
}
