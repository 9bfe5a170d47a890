//! Machine code for many functions, compiled on worker threads.
//!
//! Translating and compiling a function (Cranelift's lowering, register allocation and
//! emission) needs only the ISA, the immutable program and a context of its own, so the
//! groups of a program are compiled concurrently, each worker taking the next unit from a
//! shared counter (groups differ much in size). The JIT module is not shared: the workers
//! hand back position-independent bytes, which the caller defines in the module in order.
//! The code has no relocations (helpers and the program's structures are addressed by
//! immediates), which is checked: a function with one is reported as not compiled.

use crate::compile::{fill, signature, Unit};
use crate::consts::Consts;
use crate::share::NodeIds;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use falcoc_predicate::lowered::{CondId, Program};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A function to compile: its unit and, for a group shape, its conditions in order.
pub struct Job<'c> {
    pub unit: Unit,
    pub conds: &'c [CondId],
}

impl<'c> Job<'c> {
    pub fn new(unit: Unit, conds: &'c [CondId]) -> Job<'c> {
        Job { unit, conds }
    }
}

/// One function's machine code: its bytes and their alignment.
pub struct MachineCode {
    pub alignment: u64,
    pub bytes: Vec<u8>,
}

/// Below this many units, threads cost more than they save.
const MIN_UNITS_PER_THREAD: usize = 4;

/// The machine code of every unit, in order (an error names the reason).
pub fn compile_all(
    isa: &dyn TargetIsa,
    (program, consts): (&Program, &Consts),
    ids: &NodeIds,
    units: &[Job],
) -> Vec<Result<MachineCode, String>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(units.len() / MIN_UNITS_PER_THREAD).max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<MachineCode, String>>>> =
        Mutex::new(units.iter().map(|_| None).collect());
    let work = || {
        let mut worker = Worker::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = units.get(i) else { break };
            let code = worker.compile(isa, (program, consts), ids, job, i as u32);
            results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(code);
        }
    };
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 1..threads {
                s.spawn(work);
            }
            work();
        });
    }
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not compiled (a worker stopped)".to_string())))
        .collect()
}

/// One worker's reusable contexts.
struct Worker {
    ctx: Context,
    fctx: FunctionBuilderContext,
}

impl Worker {
    fn new() -> Worker {
        Worker {
            ctx: Context::new(),
            fctx: FunctionBuilderContext::new(),
        }
    }

    fn compile(
        &mut self,
        isa: &dyn TargetIsa,
        program: (&Program, &Consts),
        ids: &NodeIds,
        job: &Job,
        name: u32,
    ) -> Result<MachineCode, String> {
        self.ctx.clear();
        self.ctx.func.signature = signature(isa, job.unit.shape());
        self.ctx.func.name = UserFuncName::user(0, name);
        fill(
            &mut self.ctx,
            &mut self.fctx,
            isa,
            program,
            ids,
            job.unit,
            job.conds,
        )?;
        let compiled = self
            .ctx
            .compile(isa, &mut ControlPlane::default())
            .map_err(|e| format!("{:?}", e.inner))?;
        if !compiled.buffer.relocs().is_empty() {
            return Err("the machine code needs relocations".to_string());
        }
        Ok(MachineCode {
            alignment: u64::from(compiled.buffer.alignment),
            bytes: compiled.code_buffer().to_vec(),
        })
    }
}
