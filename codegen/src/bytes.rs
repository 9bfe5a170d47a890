//! Native string checks: a check of a field against a string constant, a set, a prefix
//! set or a regex, and a run of `contains` checks of one field under an `or`, is one call
//! of `crate::native::string_check` with its prepared descriptor ([`crate::consts`]): the
//! helper reads the field's record (the memo inline, else the reader's `load`) and tests a
//! string or buffer value directly on its bytes; any other value goes to the interpreter's
//! form of the check (a list is quantified there, a number probed against a set there).
//!
//! One call keeps the IR small (a descriptor address, the ABI pointer, the call), so
//! compiling many fused group functions stays cheap, while at run time the generic check
//! helper's dispatch (re-entering the reader, matching on the test) is skipped.

use crate::consts::StringCheck;
use crate::native;
use crate::translate::Translator;
use cranelift_codegen::ir::{Block, InstBuilder, Value};
use falcoc_predicate::lowered::Check;

impl Translator<'_, '_> {
    /// The check's result when it is a prepared string check, else `None`.
    pub(crate) fn bytes_check(&mut self, c: &Check) -> Option<Value> {
        let prepared = self.consts.check(c)?;
        Some(self.call_string_check(prepared))
    }

    /// A prepared `or` run of `contains` checks: one search, jumping to `yes` when some
    /// needle occurs and to `no` when none does.
    pub(crate) fn contains_run(&mut self, prepared: &StringCheck, yes: Block, no: Block) {
        let r = self.call_string_check(prepared);
        self.b.ins().brif(r, yes, &[], no, &[]);
    }

    fn call_string_check(&mut self, prepared: &StringCheck) -> Value {
        let desc = prepared as *const StringCheck as i64;
        let desc = self.b.ins().iconst(self.ptr, desc);
        let program = self.program as *const _ as i64;
        let program = self.b.ins().iconst(self.ptr, program);
        let helper = native::string_check as *const () as usize;
        self.call_native(helper, &[desc, program, self.abi])
    }

    /// A call of a native helper taking pointer-sized arguments and returning `u8`.
    fn call_native(&mut self, helper: usize, args: &[Value]) -> Value {
        let params = vec![self.ptr; args.len()];
        let sig = self.signature(&params, Some(cranelift_codegen::ir::types::I8));
        let sig = self.b.import_signature(sig);
        let callee = self.b.ins().iconst(self.ptr, helper as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }
}
