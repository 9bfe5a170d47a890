//! The `utils` field class: fields of sinsp_filtercheck_utils.cpp, in libsinsp order.
//! Names, types and flags follow the reference; descriptions are ours.

use super::prelude::*;

/// The fields of the class, in table order.
pub(in crate::fields) const FIELDS: [FieldInfo; 1] = classed(
    FieldClass::Util,
    [f(
        "util.cnt",
        T::Uint64,
        0,
        F::Id,
        A::None,
        "Always 1; counts events in aggregations.",
    )],
);
