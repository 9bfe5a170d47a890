//! `fd.*` and `fdlist.*` fields: the fd of an fd event (the one it used or created),
//! names of unknown fds as libsinsp gives them, and for poll-like events the listed fds.

use falcoc_catalog::events::ef;
use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::events::ParamName as P;
use falcoc_catalog::fields::{ids, FieldArg, FieldId, ResolvedField};

use super::sockfields::{self, client, server};
use super::{s, Source};
use crate::field_value::FieldValue;
use crate::state::fd::{o, Fd, FdType};
use crate::state::{Thread, HOST};

/// The kernel's `new_encode_dev` split: (major, minor).
fn dev_parts(dev: u32) -> (u32, u32) {
    ((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00))
}

/// Whether the event works on an fd (libsinsp extracts `fd.*` only then).
fn is_fd_event(src: &Source<'_, '_>) -> bool {
    src.ev.info().flags.0 & (ef::CREATES_FD | ef::USES_FD | ef::DESTROYS_FD) != 0
}

/// The fd an fd event works on, as its fields see it.
pub(crate) enum EventFd<'s> {
    /// The fd is in the thread's table.
    Known(&'s Fd),
    /// The fd is unknown (a failed call, or an fd opened before the capture); for the
    /// open family, the name and raw name its parameters give.
    Unknown(&'s Thread, Option<(&'s str, &'s str)>),
}

/// The event's thread and fd number, when the event works on an fd (libsinsp extracts
/// `fd.*` only then).
pub(crate) fn fd_event<'s>(src: &Source<'s, '_>) -> Option<(&'s Thread, i64)> {
    if !is_fd_event(src) {
        return None;
    }
    Some((src.thread()?, src.insp.context().fd.unwrap_or(-1)))
}

/// The fd of an fd event's thread `t` with number `num` (see [`fd_event`]).
pub(crate) fn event_fd<'s>(src: &Source<'s, '_>, t: &'s Thread, num: i64) -> EventFd<'s> {
    let ctx = src.insp.context();
    if let Some(tmp) = &ctx.fd_tmp {
        return EventFd::Unknown(t, Some((tmp.name.as_str(), tmp.name_raw.as_str())));
    }
    match src.insp.threads().fd(t.tid, num) {
        Some(fd) => EventFd::Known(fd),
        None => EventFd::Unknown(t, None),
    }
}

pub fn extract(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let id = f.info.id;
    if matches!(
        id,
        ids::FDLIST_NUMS
            | ids::FDLIST_NAMES
            | ids::FDLIST_CIPS
            | ids::FDLIST_SIPS
            | ids::FDLIST_CPORTS
            | ids::FDLIST_SPORTS
    ) {
        return fdlist(src, f);
    }
    let (t, num) = fd_event(src)?;
    match id {
        ids::FD_TYPES => return fd_types(src, f),
        ids::FD_NUM => return Some(FieldValue::Int(num)),
        ids::FD_UID => return s(format!("{}{num}", t.tid)),
        _ => {}
    }
    let fd = match event_fd(src, t, num) {
        EventFd::Known(fd) => fd,
        EventFd::Unknown(t, named) => return null_fd(src, id, named, table_container_id(t)),
    };
    if let Some(v) = sockfields::extract(id, fd, src.insp.interfaces()) {
        return Some(v);
    }
    let b = FieldValue::Bool;
    let text = |v: &str| FieldValue::Str(v.to_string());
    Some(match id {
        ids::FD_TYPE => text(known_type(fd)),
        ids::FD_TYPECHAR => FieldValue::Str(fd.kind.type_char().to_string()),
        ids::FD_NAME => text(&fd.name),
        ids::FD_NAMERAW => FieldValue::Str(single_slashes(&fd.name_raw)),
        ids::FD_CONTAINERNAME => FieldValue::Str(format!("{}:{}", table_container_id(t), fd.name)),
        ids::FD_DIRECTORY => text(directory(fd)?),
        ids::FD_CONTAINERDIRECTORY => {
            FieldValue::Str(format!("{}:{}", table_container_id(t), directory(fd)?))
        }
        ids::FD_FILENAME => text(known_filename(fd)?),
        ids::FD_CONNECTED => b(fd.connected),
        ids::FD_NAME_CHANGED => b(src.insp.context().name_changed),
        ids::FD_DEV => FieldValue::Int(i64::from(fd.dev as i32)),
        ids::FD_DEV_MAJOR => FieldValue::Int(i64::from(dev_parts(fd.dev).0)),
        ids::FD_DEV_MINOR => FieldValue::Int(i64::from(dev_parts(fd.dev).1)),
        ids::FD_INO => FieldValue::Int(i64::try_from(fd.ino).ok()?),
        ids::FD_IS_UPPER_LAYER => b(fd.flags & o::FD_UPPER_LAYER != 0),
        ids::FD_IS_LOWER_LAYER => b(fd.flags & o::FD_LOWER_LAYER != 0),
        _ => return None,
    })
}

/// `fd.type` of a known fd.
pub(crate) fn known_type(fd: &Fd) -> &'static str {
    fd.kind.type_str().unwrap_or("<NA>")
}

/// `fd.filename` of a known fd: files only.
pub(crate) fn known_filename(fd: &Fd) -> Option<&str> {
    matches!(fd.kind, FdType::File | FdType::FileV2).then(|| file_part(&fd.name))
}

/// `fd.typechar` of an unknown fd: a letter guessed from the event type.
pub(crate) fn unknown_typechar(src: &Source<'_, '_>) -> char {
    match src.ev.kind() {
        // libsinsp's list (`sinsp_evt::extract_typechar`) leaves out `open`.
        K::Openat | K::Openat2 | K::Creat => 'f',
        K::Socket | K::Accept | K::Accept4 => '4',
        K::Pipe | K::Pipe2 => 'p',
        K::Eventfd | K::Eventfd2 => 'e',
        K::Signalfd | K::Signalfd4 => 's',
        K::TimerfdCreate => 't',
        K::InotifyInit | K::InotifyInit1 => 'i',
        _ => 'o',
    }
}

/// The container id `fd.containername`/`fd.containerdirectory` prefix: the container
/// plugin's table value, empty for the host (its `container.id` is `host`).
fn table_container_id(t: &Thread) -> &str {
    if &*t.container_id == HOST {
        ""
    } else {
        &t.container_id
    }
}

/// Fields of an fd event whose fd is unknown (a failed call, or an fd opened before the
/// capture): the name the parameters give for the open family, `""` otherwise, and a
/// type letter guessed from the event type.
fn null_fd(
    src: &Source<'_, '_>,
    id: FieldId,
    named: Option<(&str, &str)>,
    cid: &str,
) -> Option<FieldValue> {
    let (name, raw) = named.unwrap_or(("", ""));
    let text = |v: &str| FieldValue::Str(v.to_string());
    Some(match id {
        ids::FD_NAME => text(name),
        ids::FD_NAMERAW => FieldValue::Str(single_slashes(raw)),
        ids::FD_CONTAINERNAME => FieldValue::Str(format!("{cid}:{name}")),
        ids::FD_DIRECTORY => text(file_directory(name)),
        ids::FD_CONTAINERDIRECTORY => FieldValue::Str(format!("{cid}:{}", file_directory(name))),
        ids::FD_TYPECHAR => FieldValue::Str(unknown_typechar(src).to_string()),
        _ => return None,
    })
}

/// `fd.directory` of a file name: up to the last `/` (not counting a trailing one); `/`
/// when the only `/` is the first character or there is none.
pub(crate) fn file_directory(name: &str) -> &str {
    match name.rfind('/') {
        Some(pos) if pos != 0 && pos + 1 < name.len() => name.get(..pos).unwrap_or(name),
        Some(pos) if pos != 0 => name,
        _ => "/",
    }
}

/// `fd.filename` of a file name: after the last `/` (the whole name when it ends in
/// `/`); `/` when there is no `/`.
fn file_part(name: &str) -> &str {
    match name.rfind('/') {
        Some(pos) if pos + 1 < name.len() => name.get(pos + 1..).unwrap_or(""),
        Some(_) => name,
        None => "/",
    }
}

/// `fd.directory`: the directory part for files, the name itself for directories.
pub(crate) fn directory(fd: &Fd) -> Option<&str> {
    match fd.kind {
        FdType::Directory => Some(&fd.name),
        FdType::File | FdType::FileV2 => Some(file_directory(&fd.name)),
        _ => None,
    }
}

/// A path with runs of `/` collapsed (`fd.nameraw`).
fn single_slashes(p: &str) -> String {
    let mut out = Vec::with_capacity(p.len());
    push_single_slashes(p, &mut out);
    // Only ASCII `/` bytes were left out of valid UTF-8, so it stays valid.
    String::from_utf8(out).unwrap_or_default()
}

/// [`single_slashes`] appended to `out` (a UTF-8 continuation byte is never `/`). Most
/// names have no run and are copied whole.
pub(crate) fn push_single_slashes(p: &str, out: &mut Vec<u8>) {
    if !p.contains("//") {
        out.extend_from_slice(p.as_bytes());
        return;
    }
    let mut last = None;
    for &b in p.as_bytes() {
        if !(b == b'/' && last == Some(b'/')) {
            out.push(b);
        }
        last = Some(b);
    }
}

/// `fd.nameraw`'s source: the raw name of a known fd, or the unknown fd's parameters.
pub(crate) fn raw_name<'s>(fd: &EventFd<'s>) -> &'s str {
    match fd {
        EventFd::Known(fd) => &fd.name_raw,
        EventFd::Unknown(_, named) => named.map_or("", |(_, raw)| raw),
    }
}

/// `fd.types`: the distinct types of all the process's fds; `fd.types[N]` the type of fd N.
fn fd_types(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let fds = src.insp.threads().fds(src.ev.tid())?;
    let type_of = |fd: &Fd| FieldValue::Str(known_type(fd).to_string());
    if let FieldArg::Index(n) = f.arg {
        let fd = fds.get(&i64::try_from(n).ok()?)?;
        return Some(FieldValue::List(vec![type_of(fd)]));
    }
    let mut nums: Vec<&i64> = fds.keys().collect();
    nums.sort_unstable();
    let mut types: Vec<FieldValue> = Vec::new();
    for n in nums {
        let t = fds.get(n).map(type_of)?;
        if !types.contains(&t) {
            types.push(t);
        }
    }
    if types.is_empty() {
        None
    } else {
        Some(FieldValue::List(types))
    }
}

/// `fdlist.*`: comma-separated values over the fds of the event's fd-list parameter.
fn fdlist(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let ev = src.ev;
    let i = ev.param_index(P::Fds)?;
    let list = ev.as_fdlist(i)?;
    let mut items = Vec::new();
    for (num, _) in list.iter() {
        let fd = src.insp.threads().fd(ev.tid(), num);
        let item = match f.info.id {
            ids::FDLIST_NUMS => Some(num.to_string()),
            ids::FDLIST_NAMES => fd.map(|f| f.name.clone()),
            ids::FDLIST_CIPS => fd.and_then(client).map(|(a, _)| a.to_string()),
            ids::FDLIST_SIPS => fd.and_then(server).map(|(a, _)| a.to_string()),
            ids::FDLIST_CPORTS => fd.and_then(client).map(|(_, p)| p.to_string()),
            _ => fd.and_then(server).map(|(_, p)| p.to_string()),
        };
        if let Some(item) = item.filter(|i| !i.is_empty()) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return None;
    }
    s(items.join(","))
}

#[cfg(test)]
mod tests {
    use super::single_slashes;

    #[test]
    fn slash_runs_collapse_in_any_text() {
        assert_eq!(single_slashes("/a//b///c/"), "/a/b/c/");
        assert_eq!(single_slashes("//é//ü"), "/é/ü");
        assert_eq!(single_slashes(""), "");
        assert_eq!(single_slashes("/etc/hostname"), "/etc/hostname");
        assert_eq!(single_slashes("//etc///x/../é//y/"), "/etc/x/../é/y/");
        assert_eq!(single_slashes("a//"), "a/");
    }
}
