//! Building native code for a lowered program: one JIT module with one fused function per
//! group of the program (an engine's rules for one event code), which evaluates the
//! group's conditions in order sharing their common sub-conditions ([`crate::share`]); and,
//! on first use, a module of its own per condition evaluated alone. A function Cranelift
//! cannot compile is reported (an internal error naming the rule, "please report"): a
//! condition then runs on the interpreter, a group condition by condition.

use crate::consts::Consts;
use crate::native::{GroupCode, NativeCode, OwnedPredicate};
use crate::parallel::{compile_all, Job, MachineCode};
use crate::plan::{plan, GroupPlan};
use crate::share::{NodeIds, SharedNodes};
use crate::translate::{Shared, Translator};
use cranelift_codegen::ir::{types, AbiParam, Signature, UserFuncName};
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};
use falcoc_predicate::lowered::{CondId, GroupId, Program};
use std::sync::OnceLock;

/// The host ISA with the settings the JIT uses (optimised, single-pass register
/// allocation, no PIC, verifier off), built once per process.
pub fn host_isa() -> Result<OwnedTargetIsa, String> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(new_host_isa).clone()
}

fn new_host_isa() -> Result<OwnedTargetIsa, String> {
    let mut flags = settings::builder();
    for (k, v) in [
        ("opt_level", "speed"),
        ("is_pic", "false"),
        ("use_colocated_libcalls", "false"),
        ("enable_verifier", "false"),
        // The single-pass register allocator: a third less compile time than the
        // backtracking one on the upstream rules, no measurable cost at run time (the
        // code is branches, loads and calls, with little register pressure).
        ("regalloc_algorithm", "single_pass"),
    ] {
        flags.set(k, v).map_err(|e| format!("setting `{k}`: {e}"))?;
    }

    let isa = cranelift_native::builder().map_err(|e| format!("host not supported: {e}"))?;
    isa.finish(settings::Flags::new(flags))
        .map_err(|e| format!("building the host ISA: {e}"))
}

/// What could not be compiled, with the reason: a condition (it runs on the interpreter)
/// or a group (its conditions run one by one).
#[derive(Clone, Debug, PartialEq)]
pub struct Fallback {
    pub what: Unit,
    /// How messages name it: `rule 'NAME'`, or the group's event-code rules.
    pub name: String,
    pub message: String,
}

/// A unit of compilation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Condition(CondId),
    Group(GroupId),
    /// The conditions of a composite group that no member covers ([`crate::plan`]).
    Residual(GroupId),
}

/// How one group runs natively.
pub enum GroupRun {
    /// Its fused function.
    Fused(GroupCode),
    /// Its members' functions and the residual's (when it has conditions), see
    /// [`crate::plan`].
    Composite {
        members: Vec<GroupId>,
        residual: Option<(GroupCode, Vec<CondId>)>,
    },
}

/// The native code of a program's groups: one function per group (`None`: not compiled,
/// see [`Fallback`]). Conditions are compiled one by one on first use
/// ([`build_condition`]): an engine only ever runs groups.
pub struct Built {
    pub code: Option<NativeCode>,
    /// The string checks' structures the code embeds (kept alive with it).
    pub consts: Consts,
    pub groups: Vec<Option<GroupRun>>,
    pub fallbacks: Vec<Fallback>,
}

/// The two function shapes.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    /// `predicate(abi) -> u8`.
    Condition,
    /// `group(abi, first: u8, out: *mut usize) -> usize`.
    Group,
}

pub(crate) fn signature(isa: &dyn TargetIsa, shape: Shape) -> Signature {
    let ptr = isa.pointer_type();
    let mut sig = Signature::new(isa.default_call_conv());
    sig.params.push(AbiParam::new(ptr));
    match shape {
        Shape::Condition => sig.returns.push(AbiParam::new(types::I8)),
        Shape::Group => {
            sig.params.push(AbiParam::new(types::I8));
            sig.params.push(AbiParam::new(ptr));
            sig.returns.push(AbiParam::new(ptr));
        }
    }
    sig
}

/// One function being built in a module.
struct Builder<'p> {
    module: JITModule,
    ctx: Context,
    fctx: FunctionBuilderContext,
    program: &'p Program,
    consts: &'p Consts,
    ids: NodeIds,
    next_name: u32,
}

impl<'p> Builder<'p> {
    fn new(program: &'p Program, consts: &'p Consts, ids: NodeIds) -> Result<Builder<'p>, String> {
        let module = JITModule::new(JITBuilder::with_isa(host_isa()?, default_libcall_names()));
        Ok(Builder {
            ctx: module.make_context(),
            module,
            fctx: FunctionBuilderContext::new(),
            program,
            consts,
            ids,
            next_name: 0,
        })
    }

    /// Finalises the module: its code becomes executable and is owned by the result.
    fn finish(self) -> Result<NativeCode, String> {
        let mut module = self.module;
        module
            .finalize_definitions()
            .map_err(|e| format!("finalising the JIT module: {e}"))?;
        Ok(NativeCode::new(module))
    }
}

/// Compiles every group of `program`. `program` must be the one the code will run with
/// (its addresses are embedded: see `crate::native`).
pub fn build(program: &Program) -> Result<Built, String> {
    let ids = if program.groups.is_empty() {
        NodeIds::default()
    } else {
        NodeIds::new(program)
    };
    let consts = Consts::new(program);
    let mut b = Builder::new(program, &consts, ids)?;
    let plans = plan(program);
    let jobs: Vec<Job> = plans
        .iter()
        .zip(&program.groups)
        .enumerate()
        .filter_map(|(i, (p, conds))| {
            let g = GroupId(i as u32);
            match p {
                GroupPlan::Fused => Some(Job::new(Unit::Group(g), conds)),
                GroupPlan::Composite { residual, .. } if residual.is_empty() => None,
                GroupPlan::Composite { residual, .. } => {
                    Some(Job::new(Unit::Residual(g), residual))
                }
            }
        })
        .collect();
    let machine = compile_all(&*host_isa()?, (program, &consts), &b.ids, &jobs);
    let mut fallbacks = Vec::new();
    let mut defined = Vec::with_capacity(jobs.len());
    for (job, code) in jobs.iter().zip(machine) {
        let id = code.and_then(|code| b.define_bytes(job.unit, &code));
        match id {
            Ok(id) => defined.push((job.unit, id)),
            Err(message) => fallbacks.push(fallback(program, job.unit, message)),
        }
    }
    let code = b.finish()?;
    let slots = program.slots.len();
    let function = |unit: Unit, len: usize| {
        let id = defined.iter().find(|(u, _)| *u == unit)?.1;
        code.group(id, len, slots)
    };
    let groups = plans
        .into_iter()
        .zip(&program.groups)
        .enumerate()
        .map(|(i, (p, conds))| {
            let g = GroupId(i as u32);
            match p {
                GroupPlan::Fused => function(Unit::Group(g), conds.len()).map(GroupRun::Fused),
                GroupPlan::Composite { members, residual } => {
                    let fused = members
                        .iter()
                        .all(|m| function(Unit::Group(*m), 0).is_some());
                    let run = match residual.is_empty() {
                        true => None,
                        false => Some((function(Unit::Residual(g), residual.len())?, residual)),
                    };
                    fused.then_some(GroupRun::Composite {
                        members,
                        residual: run,
                    })
                }
            }
        })
        .collect();
    Ok(Built {
        code: Some(code),
        consts,
        groups,
        fallbacks,
    })
}

/// Compiles condition `cond` of `program` alone, in a module of its own (the same
/// requirement on `program` as [`build`]; `consts` must outlive the code).
pub fn build_condition(
    program: &Program,
    consts: &Consts,
    cond: CondId,
) -> Result<OwnedPredicate, String> {
    let mut b = Builder::new(program, consts, NodeIds::default())?;
    let id = b.define(Unit::Condition(cond))?;
    let code = b.finish()?;
    OwnedPredicate::new(code, id, program.slots.len())
        .ok_or_else(|| "the JIT module has no code for the condition".to_string())
}

fn fallback(program: &Program, unit: Unit, message: String) -> Fallback {
    Fallback {
        what: unit,
        name: describe(program, unit),
        message,
    }
}

impl Builder<'_> {
    /// Declares a function of `unit`'s shape.
    fn declare(&mut self, unit: Unit) -> Result<(FuncId, Signature), String> {
        let sig = signature(self.module.isa(), unit.shape());
        let name = format!("f{}", self.next_name);
        self.next_name += 1;
        let id = self
            .module
            .declare_function(&name, Linkage::Local, &sig)
            .map_err(|e| e.to_string())?;
        Ok((id, sig))
    }

    /// Defines `unit` from machine code compiled elsewhere ([`compile_all`]).
    fn define_bytes(&mut self, unit: Unit, code: &MachineCode) -> Result<FuncId, String> {
        let (id, _) = self.declare(unit)?;
        self.module
            .define_function_bytes(id, code.alignment, &code.bytes, &[])
            .map_err(|e| format!("{e:?}"))?;
        Ok(id)
    }

    fn define(&mut self, unit: Unit) -> Result<FuncId, String> {
        let (id, sig) = self.declare(unit)?;
        self.ctx.func.signature = sig;
        self.ctx.func.name = UserFuncName::user(0, id.as_u32());
        fill(
            &mut self.ctx,
            &mut self.fctx,
            self.module.isa(),
            (self.program, self.consts),
            &self.ids,
            unit,
            &[],
        )?;
        self.module
            .define_function(id, &mut self.ctx)
            .map_err(|e| format!("{e:?}"))?;
        self.module.clear_context(&mut self.ctx);
        Ok(id)
    }
}

impl Unit {
    pub(crate) fn shape(self) -> Shape {
        match self {
            Unit::Condition(_) => Shape::Condition,
            Unit::Group(_) | Unit::Residual(_) => Shape::Group,
        }
    }
}

/// How messages name a unit.
pub fn describe(program: &Program, unit: Unit) -> String {
    match unit {
        Unit::Condition(c) => program.describe(c),
        Unit::Group(g) | Unit::Residual(g) => {
            let conds = program.groups.get(g.index()).map_or(&[][..], Vec::as_slice);
            let names: Vec<String> = conds.iter().map(|c| program.describe(*c)).collect();
            format!("the group of {}", names.join(", "))
        }
    }
}

/// Translates `unit` into `ctx.func` (whose signature is set).
pub(crate) fn fill(
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    isa: &dyn TargetIsa,
    (program, consts): (&Program, &Consts),
    ids: &NodeIds,
    unit: Unit,
    conds: &[CondId],
) -> Result<(), String> {
    let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let shared;
    let mut t = Translator {
        b: &mut b,
        program,
        ptr: isa.pointer_type(),
        call_conv: isa.default_call_conv(),
        abi: params[0],
        scratch: None,
        shared: None,
        consts,
    };
    match unit {
        Unit::Condition(cond) => {
            let root = program
                .condition(cond)
                .ok_or_else(|| format!("no condition {}", cond.0))?;
            t.body(root);
        }
        Unit::Group(_) | Unit::Residual(_) => {
            shared = SharedNodes::new(program, ids, conds);
            t.shared = Some(Shared {
                ids,
                nodes: &shared,
                flags: None,
            });
            t.group_body(conds, params[1], params[2]);
        }
    }
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
    Ok(())
}

/// The Cranelift IR of condition `cond` (for `falcoc check --emit clif`).
pub fn clif(program: &Program, cond: CondId) -> Result<String, String> {
    let isa = host_isa()?;
    let mut ctx = Context::new();
    let mut fctx = FunctionBuilderContext::new();
    ctx.func.signature = signature(&*isa, Shape::Condition);
    ctx.func.name = UserFuncName::user(0, cond.0);
    let ids = NodeIds::default();
    let consts = Consts::new(program);
    fill(
        &mut ctx,
        &mut fctx,
        &*isa,
        (program, &consts),
        &ids,
        Unit::Condition(cond),
        &[],
    )?;
    Ok(ctx.func.display().to_string())
}
