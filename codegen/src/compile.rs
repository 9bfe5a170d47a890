//! Building native code for a lowered program: one Cranelift function per condition, all
//! in one JIT module. A condition Cranelift cannot compile is reported (an internal error
//! naming the condition, "please report") and runs on the interpreter instead.

use crate::native::{NativeCode, Predicate};
use crate::translate::Translator;
use cranelift_codegen::ir::{types, AbiParam, UserFuncName};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};
use falcoc_predicate::lowered::{CondId, Node, Program};

/// The host ISA with the settings the JIT uses (optimised, no PIC).
pub fn host_isa() -> Result<OwnedTargetIsa, String> {
    let mut flags = settings::builder();
    for (k, v) in [
        ("opt_level", "speed"),
        ("is_pic", "false"),
        ("use_colocated_libcalls", "false"),
    ] {
        flags.set(k, v).map_err(|e| format!("setting `{k}`: {e}"))?;
    }
    let isa = cranelift_native::builder().map_err(|e| format!("host not supported: {e}"))?;
    isa.finish(settings::Flags::new(flags))
        .map_err(|e| format!("building the host ISA: {e}"))
}

/// A condition that could not be compiled, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Fallback {
    pub cond: CondId,
    pub message: String,
}

/// The native code of a program: one predicate per condition (`None`: interpreted).
pub struct Built {
    pub code: Option<NativeCode>,
    pub predicates: Vec<Option<Predicate>>,
    pub fallbacks: Vec<Fallback>,
}

/// Compiles every condition of `program`. `program` must be the one the code will run
/// with (its addresses are embedded: see `crate::native`).
pub fn build(program: &Program) -> Result<Built, String> {
    let isa = host_isa()?;
    let mut module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
    let mut ctx = module.make_context();
    let mut fctx = FunctionBuilderContext::new();
    let mut ids: Vec<Option<FuncId>> = Vec::with_capacity(program.conditions.len());
    let mut fallbacks = Vec::new();
    for (i, root) in program.conditions.iter().enumerate() {
        let cond = CondId(i as u32);
        match define(&mut module, &mut ctx, &mut fctx, program, cond, root) {
            Ok(id) => ids.push(Some(id)),
            Err(message) => {
                module.clear_context(&mut ctx);
                fallbacks.push(Fallback { cond, message });
                ids.push(None);
            }
        }
    }
    module
        .finalize_definitions()
        .map_err(|e| format!("finalising the JIT module: {e}"))?;
    let code = NativeCode::new(module);
    let predicates = ids
        .iter()
        .map(|id| id.and_then(|id| code.predicate(id)))
        .collect();
    Ok(Built {
        code: Some(code),
        predicates,
        fallbacks,
    })
}

fn define(
    module: &mut JITModule,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    program: &Program,
    cond: CondId,
    root: &Node,
) -> Result<FuncId, String> {
    let name = format!("cond{}", cond.0);
    let mut sig = module.make_signature();
    sig.params
        .push(AbiParam::new(module.target_config().pointer_type()));
    sig.returns.push(AbiParam::new(types::I8));
    let id = module
        .declare_function(&name, Linkage::Local, &sig)
        .map_err(|e| e.to_string())?;
    ctx.func.signature = sig;
    ctx.func.name = UserFuncName::user(0, id.as_u32());
    fill(ctx, fctx, module.isa(), program, root);
    module
        .define_function(id, ctx)
        .map_err(|e| format!("{e:?}"))?;
    module.clear_context(ctx);
    Ok(id)
}

/// Translates `root` into `ctx.func` (whose signature is set).
fn fill(
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    program: &Program,
    root: &Node,
) {
    let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let abi = b.block_params(entry)[0];
    let mut t = Translator {
        b: &mut b,
        program,
        ptr: isa.pointer_type(),
        call_conv: isa.default_call_conv(),
        abi,
        scratch: None,
    };
    t.body(root);
    b.seal_all_blocks();
    b.finalize(isa.frontend_config());
}

/// The Cranelift IR of condition `cond` (for `falcoc check --emit clif`).
pub fn clif(program: &Program, cond: CondId) -> Result<String, String> {
    let root = program
        .condition(cond)
        .ok_or_else(|| format!("no condition {}", cond.0))?;
    let isa = host_isa()?;
    let mut ctx = Context::new();
    let mut fctx = FunctionBuilderContext::new();
    ctx.func.signature.call_conv = isa.default_call_conv();
    ctx.func
        .signature
        .params
        .push(AbiParam::new(isa.pointer_type()));
    ctx.func.signature.returns.push(AbiParam::new(types::I8));
    ctx.func.name = UserFuncName::user(0, cond.0);
    fill(&mut ctx, &mut fctx, &*isa, program, root);
    Ok(ctx.func.display().to_string())
}
