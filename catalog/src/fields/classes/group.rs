//! The `group` field class: fields of sinsp_filtercheck_group.cpp, in libsinsp order.
//! Names, types and flags follow the reference; descriptions are ours.

use super::prelude::*;

/// The fields of the class, in table order.
pub(in crate::fields) const FIELDS: [FieldInfo; 2] = classed(
    FieldClass::Group,
    [
        f(
            "group.gid",
            T::Uint32,
            0,
            F::Id,
            A::None,
            "Group ID of the thread's effective group.",
        ),
        f(
            "group.name",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "Name of the thread's effective group.",
        ),
    ],
);
