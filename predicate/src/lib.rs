//! falcoc's predicate layer: everything a back end needs to run rule conditions, and
//! nothing about events, captures or state.
//!
//! - [`lowered`]: the lowered predicate IR (explicit check shapes, constants pooled) and the
//!   lowering from the catalogue's typed IR;
//! - [`value`] and [`reader`]: the value ABI (borrowed values, the `#[repr(C)]` value
//!   record, the memoised field reader and its C view);
//! - [`slots`]: dense field slots;
//! - [`ops`] and [`transform`]: operator and transformer semantics as pure functions, the
//!   one definition the interpreter and the JIT's helpers share;
//! - [`backend`]: the `Backend` seam; [`interp`]: the reference interpreter.
//!
//! Arrows: depends on `falcoc-catalog` (and the grammar's small AST enums) only; the
//! runtime implements [`reader::FieldReader`] over events and state, and `codegen/` (the
//! JIT) implements [`backend::Backend`].

mod base64;

pub mod backend;
pub mod interp;
pub mod lowered;
pub mod ops;
pub mod reader;
pub mod slots;
pub mod transform;
pub mod value;
