//! The `user` field class: fields of sinsp_filtercheck_user.cpp, in libsinsp order.
//! Names, types and flags follow the reference; descriptions are ours.

use super::prelude::*;

/// The fields of the class, in table order.
pub(in crate::fields) const FIELDS: [FieldInfo; 6] = classed(
    FieldClass::User,
    [
        f(
            "user.uid",
            T::Uint32,
            0,
            F::Id,
            A::None,
            "User ID of the thread's effective user.",
        ),
        f(
            "user.name",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "Name of the thread's effective user.",
        ),
        f(
            "user.homedir",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "Home directory of the thread's effective user.",
        ),
        f(
            "user.shell",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "Login shell of the thread's effective user.",
        ),
        f(
            "user.loginuid",
            T::Int64,
            0,
            F::Id,
            A::None,
            "Audit login UID of the thread; -1 when not set.",
        ),
        f(
            "user.loginname",
            T::CharBuf,
            0,
            F::Na,
            A::None,
            "Name of the user behind user.loginuid.",
        ),
    ],
);
