//! The `fdlist` field class: fields of sinsp_filtercheck_fdlist.cpp, in libsinsp order.
//! Names, types and flags follow the reference; descriptions are ours.

use super::prelude::*;

/// The fields of the class, in table order.
pub(in crate::fields) const FIELDS: [FieldInfo; 6] = classed(
    FieldClass::FdList,
    [
        f(
            "fdlist.nums",
            T::CharBuf,
            0,
            F::Id,
            A::None,
            "For poll events, the comma-separated numbers of the polled descriptors.",
        ),
        f(
            "fdlist.names",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "For poll events, the comma-separated names of the polled descriptors.",
        ),
        f(
            "fdlist.cips",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "For poll events, the comma-separated client IP addresses of the polled descriptors.",
        ),
        f(
            "fdlist.sips",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "For poll events, the comma-separated server IP addresses of the polled descriptors.",
        ),
        f(
            "fdlist.cports",
            T::CharBuf,
            0,
            F::Dec,
            A::None,
            "For poll events, the comma-separated client ports of the polled descriptors.",
        ),
        f(
            "fdlist.sports",
            T::CharBuf,
            0,
            F::Dec,
            A::None,
            "For poll events, the comma-separated server ports of the polled descriptors.",
        ),
    ],
);
