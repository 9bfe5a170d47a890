//! The field tables, one file per field class, in lookup order.

pub(super) mod container;
pub(super) mod event;
pub(super) mod fd;
pub(super) mod fdlist;
pub(super) mod fspath;
pub(super) mod gen_event;
pub(super) mod group;
pub(super) mod thread;
pub(super) mod user;
pub(super) mod util;

/// What the class tables need in scope.
mod prelude {
    pub(super) use super::super::info::{classed, f, fl, ArgSpec as A, FieldClass, FieldInfo};
    pub(super) use crate::events::ParamFormat as F;
    pub(super) use crate::types::FieldType as T;
}
