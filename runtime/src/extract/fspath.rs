//! `fs.path.*`: the path, or the source and target paths, a successful filesystem event
//! acts on, as libsinsp's fspath check gives them.
//!
//! Falco's facts followed here:
//! * a field exists only on the events of its table and only when the event succeeded:
//!   `res == 0`, or for the open family the quirky `fd != -1` (a failure with another
//!   errno still counts);
//! * the path comes from one parameter (for `fchmod`/`fchown` from the fd's name); `link`
//!   and `linkat` name their new path the source and the old one the target, `symlink`
//!   names the link path the source and what it points at the target;
//! * the made-absolute forms join a relative path to the thread's cwd — never to a dirfd —
//!   and normalise every path; the raw forms give the parameter as passed.

use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::events::ParamName as P;
use falcoc_catalog::fields::{ids, ResolvedField};

use super::params::cstr;
use super::Source;
use crate::field_value::FieldValue;
use crate::state::path;

/// Which of the event's paths a field asks for.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Name,
    Source,
    Target,
}

/// Where an event keeps the path of one role.
#[derive(Clone, Copy)]
enum From {
    Param(P),
    FdName,
}

/// `fs.path.*` of the event, or `None` where Falco's field does not exist.
pub fn fs_path(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let (role, raw) = match f.info.id {
        ids::FS_PATH_NAME => (Role::Name, false),
        ids::FS_PATH_NAMERAW => (Role::Name, true),
        ids::FS_PATH_SOURCE => (Role::Source, false),
        ids::FS_PATH_SOURCERAW => (Role::Source, true),
        ids::FS_PATH_TARGET => (Role::Target, false),
        ids::FS_PATH_TARGETRAW => (Role::Target, true),
        _ => return None,
    };
    let kind = src.ev.kind();
    if !succeeded(src, kind)? {
        return None;
    }
    let given = path_of(src, location(kind, role)?)?;
    if raw {
        return Some(FieldValue::Str(given));
    }
    let cwd = src.main()?.cwd.to_string();
    let dir = if given.starts_with('/') { "" } else { &cwd };
    Some(FieldValue::Str(path::join(dir, &given)))
}

/// Whether the event passed its success check; `None` for events outside the table.
fn succeeded(src: &Source<'_, '_>, kind: K) -> Option<bool> {
    let ev = src.ev;
    match kind {
        K::Open | K::Openat | K::Openat2 => Some(ev.as_i64(ev.param_index(P::Fd)?)? != -1),
        K::Mkdir
        | K::Mkdirat
        | K::Rmdir
        | K::Unlink
        | K::Unlinkat
        | K::Fchmodat
        | K::Chmod
        | K::Fchmod
        | K::Chown
        | K::Lchown
        | K::Fchown
        | K::Fchownat
        | K::Quotactl
        | K::Rename
        | K::Renameat
        | K::Renameat2
        | K::Link
        | K::Linkat
        | K::Symlink
        | K::Symlinkat
        | K::Mount
        | K::Umount
        | K::Umount2 => Some(ev.as_i64(ev.param_index(P::Res)?)? == 0),
        _ => None,
    }
}

/// The parameter (or fd) holding the path of `role` on events of `kind`.
fn location(kind: K, role: Role) -> Option<From> {
    let param = match (role, kind) {
        (Role::Name, K::Mkdir | K::Mkdirat | K::Rmdir | K::Unlink) => P::Path,
        (Role::Name, K::Chown | K::Lchown) => P::Path,
        (Role::Name, K::Unlinkat | K::Open | K::Openat | K::Openat2) => P::Name,
        (Role::Name, K::Umount | K::Umount2) => P::Name,
        (Role::Name, K::Fchmodat | K::Chmod) => P::Filename,
        (Role::Name, K::Fchownat) => P::Pathname,
        (Role::Name, K::Quotactl) => P::Special,
        (Role::Name, K::Fchmod | K::Fchown) => return Some(From::FdName),
        (Role::Source, K::Rename | K::Renameat | K::Renameat2) => P::Oldpath,
        (Role::Target, K::Rename | K::Renameat | K::Renameat2) => P::Newpath,
        (Role::Source, K::Link | K::Linkat) => P::Newpath,
        (Role::Target, K::Link | K::Linkat) => P::Oldpath,
        (Role::Source, K::Symlink | K::Symlinkat) => P::Linkpath,
        (Role::Target, K::Symlink | K::Symlinkat) => P::Target,
        (Role::Source, K::Mount) => P::Dev,
        (Role::Target, K::Mount) => P::Dir,
        _ => return None,
    };
    Some(From::Param(param))
}

/// The path as the event (or the fd table) holds it.
fn path_of(src: &Source<'_, '_>, from: From) -> Option<String> {
    let ev = src.ev;
    match from {
        From::Param(name) => Some(cstr(ev.param(ev.param_index(name)?)?)),
        From::FdName => {
            let fd = ev.as_i64(ev.param_index(P::Fd)?)?;
            let name = &src.insp.threads().fd(ev.tid(), fd)?.name;
            Some(name.clone())
        }
    }
}
