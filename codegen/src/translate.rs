//! Translation of one lowered condition into a Cranelift function
//! `predicate(abi: *mut ReaderAbi) -> u8`, and of a group of conditions into one fused
//! function `group(abi, first: u8, out: *mut usize) -> usize` (see [`Translator::group_body`]):
//!
//! - `and`/`or`/`not` become branches: every node jumps to a "true" or a "false" block, so
//!   `and` stops at the first false child and `or` at the first true one, left to right;
//! - a field is read inline from the reader's memo array when it is already loaded (cheap
//!   fields always are), else through the reader's `load` entry of the ABI;
//! - integer, unsigned, boolean and `exists` checks on a field are compared inline;
//! - every other check (strings, globs, sets, `pmatch`, CIDR, regexes, transformers,
//!   modifiers, `val()`, and a list where a scalar was expected) calls
//!   [`crate::native::check_helper`], the interpreter's check over the same operator
//!   functions;
//! - in a group function, a sub-condition shared by several conditions of the group
//!   ([`crate::share`]) is evaluated once per call: a flag byte per shared node (0 unknown,
//!   1 false, 2 true) in a stack slot zeroed on entry.

use crate::consts::{contains_runs, Consts};
use crate::native::check_helper;
use crate::share::{is_inline, NodeIds, SharedNodes};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::StackSlot;
use cranelift_codegen::ir::{
    types, AbiParam, Block, BlockArg, InstBuilder, MemFlagsData, Signature, StackSlotData,
    StackSlotKind, Value,
};
use cranelift_frontend::FunctionBuilder;
use cranelift_frontend::Variable;
use falcoc_predicate::lowered::{Check, CondId, Node, Operand, Order, Program, Test};
use falcoc_predicate::reader::ReaderAbi;
use falcoc_predicate::value::{RawValue, ValueTag};
use std::mem::{offset_of, size_of};

const ABI_CTX: i32 = offset_of!(ReaderAbi, ctx) as i32;
const ABI_LOAD: i32 = offset_of!(ReaderAbi, load) as i32;
const ABI_MEMO: i32 = offset_of!(ReaderAbi, memo) as i32;
const REC_TAG: i32 = offset_of!(RawValue, tag) as i32;
const REC_WORD: i32 = offset_of!(RawValue, payload) as i32;
const REC_SIZE: i64 = size_of::<RawValue>() as i64;

/// The state of translating one function.
pub struct Translator<'a, 'b> {
    pub b: &'a mut FunctionBuilder<'b>,
    pub program: &'a Program,
    pub ptr: types::Type,
    pub call_conv: cranelift_codegen::isa::CallConv,
    /// The predicate's `abi` argument.
    pub abi: Value,
    /// A 24-byte stack slot records are loaded into when not memoised.
    pub scratch: Option<cranelift_codegen::ir::StackSlot>,
    /// In a group function: the shared sub-conditions and their flags.
    pub shared: Option<Shared<'a>>,
    /// The precomputed structures of the string checks ([`crate::bytes`]).
    pub consts: &'a Consts,
}

/// The shared sub-conditions of a group function and the stack slot of their flags.
pub struct Shared<'a> {
    pub ids: &'a NodeIds,
    pub nodes: &'a SharedNodes,
    pub flags: Option<StackSlot>,
}

const FLAG_FALSE: i64 = 1;
const FLAG_TRUE: i64 = 2;

impl Translator<'_, '_> {
    /// Emits the whole function body for `root` (the entry block must be current, with
    /// `abi` its parameter).
    pub fn body(&mut self, root: &Node) {
        let yes = self.b.create_block();
        let no = self.b.create_block();
        self.node(root, yes, no);
        self.b.switch_to_block(yes);
        let one = self.b.ins().iconst(types::I8, 1);
        self.b.ins().return_(&[one]);
        self.b.switch_to_block(no);
        let zero = self.b.ins().iconst(types::I8, 0);
        self.b.ins().return_(&[zero]);
    }

    /// Emits the body of a group function over `conds` (the entry block current, its
    /// parameters `abi`, `first` and `out`): each condition in order; the position of
    /// each that holds is written to `out[count]` and `count` incremented, returning at
    /// once after the first when `first` is set; returns `count`. Each condition writes at
    /// most once, so `count` never exceeds `conds.len()`, the length of `out`.
    pub fn group_body(&mut self, conds: &[CondId], first: Value, out: Value) {
        self.zero_flags();
        let count = self.b.declare_var(self.ptr);
        let zero = self.b.ins().iconst(self.ptr, 0);
        self.b.def_var(count, zero);
        let ret = self.b.create_block();
        for (pos, cond) in conds.iter().enumerate() {
            let next = self.b.create_block();
            let Some(root) = self.program.condition(*cond) else {
                self.b.ins().jump(next, &[]);
                self.b.switch_to_block(next);
                continue;
            };
            let hit = self.b.create_block();
            self.node(root, hit, next);
            self.b.switch_to_block(hit);
            self.record_hit(count, out, pos);
            self.b.ins().brif(first, ret, &[], next, &[]);
            self.b.switch_to_block(next);
        }
        self.b.ins().jump(ret, &[]);
        self.b.switch_to_block(ret);
        let n = self.b.use_var(count);
        self.b.ins().return_(&[n]);
    }

    /// `out[count] = pos; count += 1`.
    fn record_hit(&mut self, count: Variable, out: Value, pos: usize) {
        let n = self.b.use_var(count);
        let width = i64::from(self.ptr.bytes());
        let offset = self.b.ins().imul_imm_s(n, width);
        let addr = self.b.ins().iadd(out, offset);
        let pos = self.b.ins().iconst(self.ptr, pos as i64);
        self.b.ins().store(MemFlagsData::trusted(), pos, addr, 0);
        let n1 = self.b.ins().iadd_imm_s(n, 1);
        self.b.def_var(count, n1);
    }

    /// Allocates the flags of the shared nodes and zeroes them (unknown).
    fn zero_flags(&mut self) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let n = shared.nodes.len();
        if n == 0 {
            return;
        }
        let words = n.div_ceil(8);
        let data = StackSlotData::new(StackSlotKind::ExplicitSlot, (words * 8) as u32, 3);
        let ss = self.b.create_sized_stack_slot(data);
        shared.flags = Some(ss);
        let zero = self.b.ins().iconst(types::I64, 0);
        for w in 0..words {
            self.b.ins().stack_store(self.ptr, zero, ss, (w * 8) as i32);
        }
    }

    /// The flag slot and index of `n` when it is a shared node of this group.
    fn shared_flag(&self, n: &Node) -> Option<(StackSlot, i32)> {
        let shared = self.shared.as_ref()?;
        let flag = shared.nodes.flag(shared.ids, n)?;
        Some((shared.flags?, flag as i32))
    }

    /// Emits `n` in the current block, ending in a jump to `yes` or `no`; a shared node
    /// is evaluated once per call and its flag read afterwards.
    fn node(&mut self, n: &Node, yes: Block, no: Block) {
        let Some((ss, flag)) = self.shared_flag(n) else {
            return self.node_once(n, yes, no);
        };
        let state = self.b.ins().stack_load(self.ptr, types::I8, ss, flag);
        let known = self.b.create_block();
        let compute = self.b.create_block();
        self.b.ins().brif(state, known, &[], compute, &[]);
        self.b.switch_to_block(known);
        let is_true = self.b.ins().icmp_imm_s(IntCC::Equal, state, FLAG_TRUE);
        self.b.ins().brif(is_true, yes, &[], no, &[]);
        self.b.switch_to_block(compute);
        let set_true = self.b.create_block();
        let set_false = self.b.create_block();
        self.node_once(n, set_true, set_false);
        for (block, value, target) in [(set_true, FLAG_TRUE, yes), (set_false, FLAG_FALSE, no)] {
            self.b.switch_to_block(block);
            let v = self.b.ins().iconst(types::I8, value);
            self.b.ins().stack_store(self.ptr, v, ss, flag);
            self.b.ins().jump(target, &[]);
        }
    }

    /// [`Translator::node`] without the shared-node flag of `n` itself.
    fn node_once(&mut self, n: &Node, yes: Block, no: Block) {
        match n {
            Node::And(children) | Node::Or(children) if children.is_empty() => {
                let target = if matches!(n, Node::And(_)) { yes } else { no };
                self.b.ins().jump(target, &[]);
            }
            Node::And(children) => self.and_chain(children, yes, no),
            Node::Or(children) => self.or_chain(children, yes, no),
            Node::Not(inner) => self.node(inner, no, yes),
            Node::Check(c) => {
                let v = self.check(c);
                self.b.ins().brif(v, yes, &[], no, &[]);
            }
        }
    }

    /// `and` over `children`, left to right, stopping at the first false.
    fn and_chain(&mut self, children: &[Node], yes: Block, no: Block) {
        let last = children.len() - 1;
        for (i, child) in children.iter().enumerate() {
            if i == last {
                return self.node(child, yes, no);
            }
            let next = self.b.create_block();
            self.node(child, next, no);
            self.b.switch_to_block(next);
        }
    }

    /// `or` over `children`, left to right, stopping at the first true; a prepared run of
    /// `contains` checks of one field is one search ([`Translator::contains_run`]).
    fn or_chain(&mut self, children: &[Node], yes: Block, no: Block) {
        let runs = contains_runs(children);
        let consts = self.consts;
        let mut i = 0;
        while let Some(child) = children.get(i) {
            let run = runs.iter().find(|r| r.start == i);
            let prepared = run.and_then(|r| Some((r.needles.len(), consts.run(child)?)));
            let width = prepared.map_or(1, |(w, _)| w);
            let last = i + width >= children.len();
            let next = if last { no } else { self.b.create_block() };
            match prepared {
                Some((_, p)) => self.contains_run(p, yes, next),
                None => self.node(child, yes, next),
            }
            if last {
                return;
            }
            self.b.switch_to_block(next);
            i += width;
        }
    }

    /// The check's result as an `i8` (0 or 1); the current block continues after it.
    fn check(&mut self, c: &Check) -> Value {
        let Operand::Field(slot) = c.lhs else {
            return self.helper(c);
        };
        if !is_inline(c) {
            return match self.bytes_check(c) {
                Some(v) => v,
                None => self.helper(c),
            };
        }
        let rec = self.load_record(slot.0);
        let tag = self
            .b
            .ins()
            .uload8(types::I32, MemFlagsData::trusted(), rec, REC_TAG);
        if let Test::Exists = c.test {
            let present = self.b.ins().icmp_imm_u(
                IntCC::UnsignedGreaterThan,
                tag,
                i64::from(ValueTag::Missing as u8),
            );
            return present;
        }
        let word = self
            .b
            .ins()
            .load(types::I64, MemFlagsData::trusted(), rec, REC_WORD);
        self.scalar_test(c, tag, word)
    }

    /// An inline integer/boolean test on a loaded record: the test's own kind (`Int` for
    /// an `Int` test, `Uint` for a `Uint` test, `Bool`) is compared inline; every other
    /// record (a missing value, the other signedness, a list to quantify) goes to the
    /// helper, the interpreter's check. One fast path keeps the IR small.
    fn scalar_test(&mut self, c: &Check, tag: Value, word: Value) -> Value {
        let done = self.b.create_block();
        self.b.append_block_param(done, types::I8);
        let fast = self.b.create_block();
        let other = self.b.create_block();
        let kind = match c.test {
            Test::Bool { .. } => ValueTag::Bool,
            Test::Int { .. } => ValueTag::Int,
            _ => ValueTag::Uint,
        };
        self.on_tag(tag, kind, fast, other);
        self.b.switch_to_block(fast);
        let r = match c.test {
            Test::Bool { ne, rhs } => {
                let set = self.b.ins().icmp_imm_u(IntCC::NotEqual, word, 0);
                let want = i64::from(rhs != ne);
                self.b.ins().icmp_imm_u(IntCC::Equal, set, want)
            }
            Test::Int { op, rhs } => self.b.ins().icmp_imm_s(int_cc(op, true), word, rhs),
            Test::Uint { op, rhs } => self.b.ins().icmp_imm_u(int_cc(op, false), word, rhs as i64),
            _ => unreachable!("scalar_test is only called for inline tests"),
        };
        self.b.ins().jump(done, &[BlockArg::Value(r)]);
        self.b.switch_to_block(other);
        let r = self.helper(c);
        self.b.ins().jump(done, &[BlockArg::Value(r)]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    fn on_tag(&mut self, tag: Value, want: ValueTag, yes: Block, no: Block) {
        let is = self
            .b
            .ins()
            .icmp_imm_u(IntCC::Equal, tag, i64::from(want as u8));
        self.b.ins().brif(is, yes, &[], no, &[]);
    }

    /// The address of `slot`'s record: the memo entry when loaded, else the scratch slot
    /// filled by the reader's `load`.
    pub(crate) fn load_record(&mut self, slot: u32) -> Value {
        let flags = MemFlagsData::trusted();
        let memo = self.b.ins().load(self.ptr, flags, self.abi, ABI_MEMO);
        let probe = self.b.create_block();
        let call = self.b.create_block();
        let have = self.b.create_block();
        self.b.append_block_param(have, self.ptr);
        self.b.ins().brif(memo, probe, &[], call, &[]);

        self.b.switch_to_block(probe);
        let rec = self.b.ins().iadd_imm_u(memo, i64::from(slot) * REC_SIZE);
        let tag = self.b.ins().uload8(types::I32, flags, rec, REC_TAG);
        self.b
            .ins()
            .brif(tag, have, &[BlockArg::Value(rec)], call, &[]);

        self.b.switch_to_block(call);
        let ss = self.scratch_slot();
        let out = self.b.ins().stack_addr(self.ptr, ss, 0);
        let ctx = self.b.ins().load(self.ptr, flags, self.abi, ABI_CTX);
        let load = self.b.ins().load(self.ptr, flags, self.abi, ABI_LOAD);
        let slot_v = self.b.ins().iconst(types::I32, i64::from(slot));
        let sig = self.signature(&[self.ptr, types::I32, self.ptr], None);
        let sig = self.b.import_signature(sig);
        self.b.ins().call_indirect(sig, load, &[ctx, slot_v, out]);
        self.b.ins().jump(have, &[BlockArg::Value(out)]);

        self.b.switch_to_block(have);
        self.b.block_params(have)[0]
    }

    fn scratch_slot(&mut self) -> cranelift_codegen::ir::StackSlot {
        if let Some(ss) = self.scratch {
            return ss;
        }
        let data = StackSlotData::new(StackSlotKind::ExplicitSlot, REC_SIZE as u32, 3);
        let ss = self.b.create_sized_stack_slot(data);
        self.scratch = Some(ss);
        ss
    }

    /// A call of the check helper for `c`.
    pub(crate) fn helper(&mut self, c: &Check) -> Value {
        let program = self
            .b
            .ins()
            .iconst(self.ptr, self.program as *const Program as i64);
        let check = self.b.ins().iconst(self.ptr, c as *const Check as i64);
        let callee = check_helper as *const () as usize as i64;
        let callee = self.b.ins().iconst(self.ptr, callee);
        let sig = self.signature(&[self.ptr, self.ptr, self.ptr], Some(types::I8));
        let sig = self.b.import_signature(sig);
        let call = self
            .b
            .ins()
            .call_indirect(sig, callee, &[program, check, self.abi]);
        self.b.inst_results(call)[0]
    }

    pub(crate) fn signature(&self, params: &[types::Type], ret: Option<types::Type>) -> Signature {
        let mut sig = Signature::new(self.call_conv);
        sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        sig.returns.extend(ret.map(AbiParam::new));
        sig
    }
}

fn int_cc(op: Order, signed: bool) -> IntCC {
    match (op, signed) {
        (Order::Eq, _) => IntCC::Equal,
        (Order::Ne, _) => IntCC::NotEqual,
        (Order::Lt, true) => IntCC::SignedLessThan,
        (Order::Le, true) => IntCC::SignedLessThanOrEqual,
        (Order::Gt, true) => IntCC::SignedGreaterThan,
        (Order::Ge, true) => IntCC::SignedGreaterThanOrEqual,
        (Order::Lt, false) => IntCC::UnsignedLessThan,
        (Order::Le, false) => IntCC::UnsignedLessThanOrEqual,
        (Order::Gt, false) => IntCC::UnsignedGreaterThan,
        (Order::Ge, false) => IntCC::UnsignedGreaterThanOrEqual,
    }
}
