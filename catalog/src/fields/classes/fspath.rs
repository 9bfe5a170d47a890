//! The `fspath` field class: fields of sinsp_filtercheck_fspath.cpp, in libsinsp order.
//! Names, types and flags follow the reference; descriptions are ours.

use super::prelude::*;

/// The fields of the class, in table order.
pub(in crate::fields) const FIELDS: [FieldInfo; 6] = classed(
    FieldClass::FsPath,
    [
        f("fs.path.name", T::CharBuf, 0, F::Na, A::None, "Path a filesystem-changing event acts on (mkdir, rmdir, unlink, etc.), made absolute."),
        f("fs.path.nameraw", T::CharBuf, 0, F::Na, A::None, "fs.path.name as passed to the syscall, not made absolute."),
        f("fs.path.source", T::CharBuf, 0, F::Na, A::None, "Source path of a filesystem-changing event with two paths (rename, link, symlink), made absolute."),
        f("fs.path.sourceraw", T::CharBuf, 0, F::Na, A::None, "fs.path.source as passed to the syscall, not made absolute."),
        f("fs.path.target", T::CharBuf, 0, F::Na, A::None, "Target path of a filesystem-changing event with two paths (rename, link, symlink), made absolute."),
        f("fs.path.targetraw", T::CharBuf, 0, F::Na, A::None, "fs.path.target as passed to the syscall, not made absolute."),
    ],
);
