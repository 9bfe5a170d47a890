//! `evt.*` fields (the `gen_event` and `event` classes).

use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::events::ParamName as P;
use falcoc_catalog::events::{
    ec, ef, native_to_ppm_sc, syscall_name, Direction, EventClass, ParamExtra, ParamType,
    PPME_GENERIC_X,
};
use falcoc_catalog::fields::{ids, FieldArg, FieldId, ResolvedField};

use super::params::{arg_text, cstr, param_strings};
use super::{s, Source};
use crate::event::value::decode_int;
use crate::event::Event;
use crate::field_value::FieldValue;
use crate::state::fd::{o, FdType};
use crate::state::path;
use crate::time::{self, TimeZone};

const NS: u64 = 1_000_000_000;
const AT_FDCWD: i64 = -100;
/// The ppm_sc code of a syscall the capture's libs could not name.
const PPM_SC_UNKNOWN: u16 = 0;

pub fn extract(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let ev = src.ev;
    let ts = ev.ts();
    let first = src.insp.first_ts().unwrap_or(0);
    let rel = ts.saturating_sub(first);
    let delta = src
        .insp
        .context()
        .prev_ts
        .map_or(0, |p| ts.saturating_sub(p));
    let flags = ev.info().flags;
    let b = FieldValue::Bool;
    Some(match f.info.id {
        ids::EVT_NUM => FieldValue::Uint(src.insp.context().num),
        ids::EVT_TIME | ids::EVT_OUTPUTTIME => return s(time::time_of_day(ts, TimeZone::Local)),
        ids::EVT_TIME_S => return s(time::time_of_day_s(ts, TimeZone::Local)),
        ids::EVT_TIME_ISO8601 => return s(time::iso8601_field(ts)),
        ids::EVT_DATETIME => return s(time::datetime(ts, TimeZone::Local)),
        ids::EVT_DATETIME_S => return s(time::datetime_s(ts, TimeZone::Local)),
        ids::EVT_RAWTIME => FieldValue::Uint(ts),
        ids::EVT_RAWTIME_S => FieldValue::Uint(ts / NS),
        ids::EVT_RAWTIME_NS => FieldValue::Uint(ts % NS),
        ids::EVT_RELTIME => FieldValue::Uint(rel),
        ids::EVT_RELTIME_S => FieldValue::Uint(rel / NS),
        ids::EVT_RELTIME_NS => FieldValue::Uint(rel % NS),
        ids::EVT_DELTATIME => FieldValue::Uint(delta),
        ids::EVT_DELTATIME_S => FieldValue::Uint(delta / NS),
        ids::EVT_DELTATIME_NS => FieldValue::Uint(delta % NS),
        ids::EVT_LATENCY | ids::EVT_LATENCY_S | ids::EVT_LATENCY_NS => FieldValue::Uint(0),
        ids::EVT_SOURCE => return s("syscall"),
        ids::EVT_IS_ASYNC => b(is_async(ev)),
        ids::EVT_ASYNCTYPE => return is_async(ev).then(|| FieldValue::Str(ev.name().into())),
        ids::EVT_HOSTNAME => {
            return src
                .insp
                .machine()
                .map(|m| FieldValue::Str(m.hostname.clone()))
        }
        ids::EVT_DIR => return s(ev.direction().as_char().to_string()),
        ids::EVT_TYPE => return s(type_name(ev)),
        ids::SYSCALL_TYPE => {
            return ev
                .info()
                .category
                .has(ec::SYSCALL)
                .then(|| FieldValue::Str(type_name(ev).into()))
        }
        ids::EVT_TYPE_IS => match &f.arg {
            FieldArg::EventTypes(set) => FieldValue::Uint(u64::from(set.contains(ev.code()))),
            _ => return None,
        },
        ids::EVT_CATEGORY => return s(category(src)),
        ids::EVT_CPU => FieldValue::Int(i64::from(ev.cpu())),
        ids::EVT_ARGS | ids::EVT_INFO if ev.code() == PPME_GENERIC_X => return s(""),
        ids::EVT_ARGS | ids::EVT_INFO => return s(args(src)),
        ids::EVT_ARG => return arg(src, f),
        ids::EVT_RAWARG => return rawarg(ev, f),
        ids::EVT_BUFFER => return data_param(ev).map(|b| FieldValue::Bytes(b.to_vec())),
        ids::EVT_BUFLEN => return buflen(src).map(FieldValue::Uint),
        ids::EVT_BUFLEN_IN
        | ids::EVT_BUFLEN_OUT
        | ids::EVT_BUFLEN_FILE
        | ids::EVT_BUFLEN_FILE_IN
        | ids::EVT_BUFLEN_FILE_OUT
        | ids::EVT_BUFLEN_NET
        | ids::EVT_BUFLEN_NET_IN
        | ids::EVT_BUFLEN_NET_OUT => return buflen_split(src, f).map(FieldValue::Uint),
        ids::EVT_RES => {
            let r = result(ev)?;
            return if r >= 0 {
                s("SUCCESS")
            } else {
                s(super::errno_name(r).map_or_else(|| r.to_string(), str::to_string))
            };
        }
        ids::EVT_RAWRES => FieldValue::Int(result(ev)?),
        ids::EVT_FAILED => b(result(ev)? < 0),
        ids::EVT_IS_IO => b(flags.0 & (ef::READS_FROM_FD | ef::WRITES_TO_FD) != 0),
        ids::EVT_IS_IO_READ => b(flags.has(ef::READS_FROM_FD)),
        ids::EVT_IS_IO_WRITE => b(flags.has(ef::WRITES_TO_FD)),
        ids::EVT_IO_DIR => {
            return if flags.has(ef::READS_FROM_FD) {
                s("read")
            } else if flags.has(ef::WRITES_TO_FD) {
                s("write")
            } else {
                None
            }
        }
        ids::EVT_IS_WAIT => b(flags.has(ef::WAITS)),
        ids::EVT_IS_SYSLOG => b(flags.has(ef::WRITES_TO_FD)
            && src
                .insp
                .event_fd(ev.tid())
                .is_some_and(|f| f.name == "/dev/log")),
        ids::EVT_COUNT => FieldValue::Uint(1),
        ids::EVT_COUNT_ERROR => return error_count(ev),
        ids::EVT_COUNT_ERROR_FILE
        | ids::EVT_COUNT_ERROR_NET
        | ids::EVT_COUNT_ERROR_MEMORY
        | ids::EVT_COUNT_ERROR_OTHER => {
            return counts_errors_as(src, f.info.id).then(|| error_count(ev))?
        }
        ids::EVT_COUNT_EXIT if ev.direction() == Direction::Exit => FieldValue::Uint(1),
        ids::EVT_COUNT_EXIT => return None,
        ids::EVT_COUNT_PROCINFO => FieldValue::Uint(u64::from(ev.kind() == K::Procinfo)),
        ids::EVT_ABSPATH => return abspath(src, f),
        ids::EVT_IS_OPEN_READ => b(open_flags(ev).is_some_and(|f| f & o::RDONLY != 0)),
        ids::EVT_IS_OPEN_WRITE => b(open_flags(ev).is_some_and(|f| f & o::WRONLY != 0)),
        ids::EVT_IS_OPEN_EXEC => b(open_flags(ev).is_some_and(|f| {
            f & o::CREAT != 0 && param_u64(ev, P::Mode).is_some_and(|m| m & 0o111 != 0)
        })),
        ids::EVT_IS_OPEN_CREATE => b(open_flags(ev).is_some_and(|f| f & o::F_CREATED != 0)),
        _ => return None,
    })
}

fn is_async(ev: &Event<'_>) -> bool {
    ev.info().category.has(ec::METAEVENT) || ev.tid() < 0 && !ev.info().category.has(ec::SYSCALL)
}

/// `evt.type`: the event name, or the syscall name of a generic event.
pub fn type_name(ev: &Event<'_>) -> &'static str {
    if ev.code() <= 1 {
        if let Some(n) = generic_syscall(ev).and_then(syscall_name) {
            return n;
        }
    }
    ev.name()
}

/// The ppm_sc code a generic event is named by: its `ID`, except that a generic exit whose
/// `ID` is `PPM_SC_UNKNOWN` (written by libs that did not know the syscall) is named by
/// its `nativeID` in the x86_64 table, as libsinsp does when it replays a capture.
fn generic_syscall(ev: &Event<'_>) -> Option<u16> {
    let id = ev.syscall_id()?;
    if id != PPM_SC_UNKNOWN || ev.code() != PPME_GENERIC_X {
        return Some(id);
    }
    let native = ev.param_index(P::Nativeid).and_then(|i| ev.as_u64(i));
    let native = native.and_then(|n| u32::try_from(n).ok());
    Some(native.map_or(id, native_to_ppm_sc))
}

fn category(src: &Source<'_, '_>) -> &'static str {
    let c = src.ev.info().category.0 & !(ec::SYSCALL | ec::TRACEPOINT | ec::PLUGIN | ec::METAEVENT);
    match c {
        ec::IO_READ | ec::IO_WRITE | ec::IO_OTHER => {
            match src.insp.event_fd(src.ev.tid()).map(|f| f.kind) {
                Some(FdType::File | FdType::FileV2 | FdType::Directory) => "file",
                Some(k) if k.is_ip_socket() => "net",
                Some(
                    FdType::Fifo
                    | FdType::UnixSock
                    | FdType::Event
                    | FdType::Signalfd
                    | FdType::Inotify,
                ) => "ipc",
                _ => "unknown",
            }
        }
        ec::OTHER => "other",
        ec::FILE => "file",
        ec::NET => "net",
        ec::IPC => "IPC",
        ec::MEMORY => "memory",
        ec::PROCESS => "process",
        ec::SLEEP => "sleep",
        ec::SYSTEM => "system",
        ec::SIGNAL => "signal",
        ec::USER => "user",
        ec::TIME => "time",
        ec::PROCESSING => "processing",
        ec::WAIT => "wait",
        ec::SCHEDULER => "scheduler",
        ec::INTERNAL => "internal",
        _ => "unknown",
    }
}

/// Whether the event has a syscall return value (libsinsp's `has_return_value`): a syscall
/// exit with at least one parameter, other than a generic syscall's exit.
pub fn has_result(ev: &Event<'_>) -> bool {
    ev.code() != PPME_GENERIC_X
        && ev.info().category.has(ec::SYSCALL)
        && ev.direction() == Direction::Exit
        && ev.nparams() > 0
}

/// The syscall's return value: the first parameter of a syscall exit, read as a 32- or
/// 64-bit signed integer by its length (0 for any other length, as libsinsp).
pub fn result(ev: &Event<'_>) -> Option<i64> {
    if !has_result(ev) {
        return None;
    }
    let raw = ev.param(0)?;
    Some(match raw.len() {
        4 => i64::from(i32::from_le_bytes(raw.try_into().ok()?)),
        8 => i64::from_le_bytes(raw.try_into().ok()?),
        _ => 0,
    })
}

/// Whether the `evt.count.error.*` field `id` counts the event's errors, as libsinsp files
/// them: `memory` for memory events; `file` and `net` by the kind of the event's fd (files
/// and directories; IP and unix sockets), or without an fd for the opens and for accept and
/// connect; `other` for the rest, memory events excepted. A memory event on a file (an
/// mmap of a file) counts under both `memory` and `file`.
fn counts_errors_as(src: &Source<'_, '_>, id: FieldId) -> bool {
    let ev = src.ev;
    let memory = ev.info().category.class() == EventClass::Memory;
    let (file, net) = match src.insp.event_fd(ev.tid()).map(|f| f.kind) {
        Some(k) => (k.is_file(), k.is_ip_socket() || k == FdType::UnixSock),
        None => (
            matches!(
                ev.kind(),
                K::Open | K::Creat | K::Openat | K::Openat2 | K::OpenByHandleAt
            ),
            matches!(ev.kind(), K::Accept | K::Accept4 | K::Connect),
        ),
    };
    match id {
        ids::EVT_COUNT_ERROR_MEMORY => memory,
        ids::EVT_COUNT_ERROR_FILE => file,
        ids::EVT_COUNT_ERROR_NET => net,
        _ => !memory && !file && !net,
    }
}

/// `evt.count.error*`: 1 for a failed syscall, 0 for a successful one, missing without a
/// return value.
fn error_count(ev: &Event<'_>) -> Option<FieldValue> {
    Some(FieldValue::Uint(u64::from(result(ev)? < 0)))
}

fn param_u64(ev: &Event<'_>, name: P) -> Option<u64> {
    ev.as_u64(ev.param_index(name)?)
}

fn open_flags(ev: &Event<'_>) -> Option<u32> {
    if !matches!(
        ev.kind(),
        K::Open | K::Openat | K::Openat2 | K::OpenByHandleAt
    ) || ev.direction() != Direction::Exit
    {
        return None;
    }
    param_u64(ev, P::Flags).map(|v| v as u32)
}

fn data_param<'a>(ev: &Event<'a>) -> Option<&'a [u8]> {
    if ev.direction() != Direction::Exit {
        return None;
    }
    ev.param(ev.param_index(P::Data)?)
}

/// `evt.buflen`: the byte count an I/O exit returned, when its fd is known.
fn buflen(src: &Source<'_, '_>) -> Option<u64> {
    let ev = src.ev;
    let io = matches!(
        ev.info().category.class(),
        EventClass::IoRead | EventClass::IoWrite | EventClass::IoOther
    );
    if ev.direction() != Direction::Exit || !io {
        return None;
    }
    src.insp.event_fd(ev.tid())?;
    result(ev).and_then(|r| u64::try_from(r).ok())
}

/// The `evt.buflen.*` table fields: `evt.buflen` restricted by direction and category.
fn buflen_split(src: &Source<'_, '_>, f: &ResolvedField) -> Option<u64> {
    let flags = src.ev.info().flags;
    let (dir, cat) = match f.info.id {
        ids::EVT_BUFLEN_IN => (Some(ef::READS_FROM_FD), None),
        ids::EVT_BUFLEN_OUT => (Some(ef::WRITES_TO_FD), None),
        ids::EVT_BUFLEN_FILE => (None, Some("file")),
        ids::EVT_BUFLEN_FILE_IN => (Some(ef::READS_FROM_FD), Some("file")),
        ids::EVT_BUFLEN_FILE_OUT => (Some(ef::WRITES_TO_FD), Some("file")),
        ids::EVT_BUFLEN_NET => (None, Some("net")),
        ids::EVT_BUFLEN_NET_IN => (Some(ef::READS_FROM_FD), Some("net")),
        _ => (Some(ef::WRITES_TO_FD), Some("net")),
    };
    if dir.is_some_and(|d| !flags.has(d)) || cat.is_some_and(|c| category(src) != c) {
        return None;
    }
    buflen(src)
}

/// `evt.args`: `name=value(resolved) ` for every parameter.
fn args(src: &Source<'_, '_>) -> String {
    let mut out = String::new();
    for (i, p) in src.ev.info().params.iter().enumerate() {
        let Some((v, r)) = param_strings(src.insp, src.ev, i) else {
            break;
        };
        out.push_str(p.name);
        out.push('=');
        out.push_str(&v);
        if !r.is_empty() && r != v {
            out.push('(');
            out.push_str(&r);
            out.push(')');
        }
        out.push(' ');
    }
    out.pop();
    out
}

fn arg_index(ev: &Event<'_>, f: &ResolvedField) -> Option<usize> {
    match &f.arg {
        FieldArg::Param { name, .. } => ev.param_index(*name),
        FieldArg::Index(n) => usize::try_from(*n).ok().filter(|n| *n < ev.nparams()),
        _ => None,
    }
}

/// `evt.arg.X` / `evt.arg[N]`: the resolved string when there is one, else the value.
fn arg(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let mut out = String::new();
    arg_into(src, f, &mut out)?;
    Some(FieldValue::Str(out))
}

/// `evt.arg.X` / `evt.arg[N]` appended to `out`; `None` when the event has no such
/// parameter.
pub(crate) fn arg_into(src: &Source<'_, '_>, f: &ResolvedField, out: &mut String) -> Option<()> {
    arg_text(src.insp, src.ev, arg_index(src.ev, f)?, out)
}

/// `evt.rawarg.X`: the parameter as its typed value.
fn rawarg(ev: &Event<'_>, f: &ResolvedField) -> Option<FieldValue> {
    let i = arg_index(ev, f)?;
    let own = ev.param_type(i)?;
    let b = ev.param(i)?;
    if b.is_empty() {
        return None;
    }
    // The value takes the field's type (the first parameter of that name in the event
    // table), decoded with this event's own encoding of the parameter.
    let int = || decode_int(b, own.is_signed());
    Some(match f.ftype {
        ParamType::Int8
        | ParamType::Int16
        | ParamType::Int32
        | ParamType::Int64
        | ParamType::Errno
        | ParamType::Fd
        | ParamType::Pid
        | ParamType::Fd32
        | ParamType::Pid32 => FieldValue::Int(int()?),
        ParamType::CharBuf | ParamType::FsPath | ParamType::FsRelPath => FieldValue::Str(cstr(b)),
        ParamType::ByteBuf
        | ParamType::SockAddr
        | ParamType::SockTuple
        | ParamType::FdList
        | ParamType::CharBufArray
        | ParamType::CharBufPairArray
        | ParamType::Dyn => FieldValue::Bytes(b.to_vec()),
        ParamType::Bool => FieldValue::Bool(int()? != 0),
        ParamType::Double => FieldValue::Double(f64::from_le_bytes(b.try_into().ok()?)),
        ParamType::Ipv4Addr | ParamType::Ipv4Net => FieldValue::Ip(std::net::IpAddr::V4(
            <[u8; 4]>::try_from(b.get(..4)?).ok()?.into(),
        )),
        ParamType::Ipv6Addr | ParamType::Ipv6Net => FieldValue::Ip(std::net::IpAddr::V6(
            <[u8; 16]>::try_from(b.get(..16)?).ok()?.into(),
        )),
        ParamType::IpAddr | ParamType::IpNet => match b.len() {
            4 | 5 => FieldValue::Ip(std::net::IpAddr::V4(
                <[u8; 4]>::try_from(b.get(..4)?).ok()?.into(),
            )),
            _ => FieldValue::Ip(std::net::IpAddr::V6(
                <[u8; 16]>::try_from(b.get(..16)?).ok()?.into(),
            )),
        },
        _ => FieldValue::Uint(int()? as u64),
    })
}

/// The directory a path with dirfd parameter `dirfd` is relative to.
fn dir_for(src: &Source<'_, '_>, dirfd: Option<usize>) -> Option<String> {
    let cwd = src.main().map(|t| t.cwd.to_string()).unwrap_or_default();
    match dirfd.and_then(|d| src.ev.as_i64(d)) {
        None | Some(AT_FDCWD) => Some(cwd),
        Some(fd) => src
            .insp
            .threads()
            .fd(src.ev.tid(), fd)
            .map(|f| format!("{}/", f.name)),
    }
}

/// A path parameter made absolute against its dirfd (or cwd).
fn absolute(src: &Source<'_, '_>, path_param: usize, dirfd: Option<usize>) -> Option<String> {
    let p = src.ev.as_cstr_bytes(path_param)?;
    let p = String::from_utf8_lossy(p).into_owned();
    if p.starts_with('/') {
        return Some(path::normalize(&p));
    }
    Some(path::join(&dir_for(src, dirfd)?, &p))
}

/// The relative-path parameters of the event with their dirfd parameters.
fn rel_paths(ev: &Event<'_>) -> Vec<(usize, P, Option<usize>)> {
    ev.info()
        .params
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p.extra {
            ParamExtra::DirFd(d) => Some((i, p.name_id, Some(usize::from(d)))),
            _ => None,
        })
        .collect()
}

fn abspath(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let paths = rel_paths(src.ev);
    let pick = match &f.arg {
        FieldArg::Key(k) if k == "src" => paths
            .iter()
            .find(|(_, n, _)| matches!(n, P::Oldpath | P::Target)),
        FieldArg::Key(k) if k == "dst" => paths
            .iter()
            .find(|(_, n, _)| matches!(n, P::Newpath | P::Linkpath)),
        _ => paths
            .iter()
            .find(|(_, n, _)| !matches!(n, P::Oldpath | P::Newpath | P::Target | P::Linkpath)),
    };
    let (i, _, d) = pick?;
    absolute(src, *i, *d).map(FieldValue::Str)
}
