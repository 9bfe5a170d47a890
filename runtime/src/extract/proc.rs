//! `proc.*` and `thread.*` fields: the event's thread, its process (main thread), its
//! parent and ancestors, session and process-group leaders.

use falcoc_catalog::events::EventKind as K;
use falcoc_catalog::fields::{ids, FieldArg, FieldId, ResolvedField};

use super::names::caps_string;
use super::{s, Source};
use crate::field_value::FieldValue;
use crate::state::thread::cl;
use crate::state::Thread;

fn cmdline(t: &Thread) -> String {
    let mut out = t.comm.to_string();
    for a in t.args.iter() {
        out.push(' ');
        out.push_str(a);
    }
    out
}

/// `proc.exeline`: the exe, a space, then the arguments separated by spaces (so an exe
/// without arguments keeps the space, as libsinsp).
fn exeline(t: &Thread) -> String {
    let mut out = t.exe.to_string();
    out.push(' ');
    out.push_str(&t.args.join(" "));
    out
}

/// `proc.aargs` without an index: the arguments of every ancestor of the process,
/// nearest first, each ancestor's joined by spaces, a space before each ancestor once the
/// text is not empty (as libsinsp); missing when that is empty.
fn ancestors_args(src: &Source<'_, '_>) -> Option<FieldValue> {
    let main = src.main()?;
    let lineage = src.insp.threads().lineage(main.tid);
    let mut joined = String::new();
    for a in lineage.iter().skip(1) {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&a.args.join(" "));
    }
    (!joined.is_empty()).then_some(FieldValue::Str(joined))
}

fn env_value(env: &[String], key: &str) -> Option<String> {
    env.iter().find_map(|e| {
        let (k, v) = e.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

/// One value of a thread for the ancestor fields (`proc.aname`, `proc.aexe`…).
fn ancestor_value(id: FieldId, t: &Thread) -> Option<FieldValue> {
    Some(match id {
        ids::PROC_ANAME => FieldValue::Str(t.comm.to_string()),
        ids::PROC_AEXE => FieldValue::Str(t.exe.to_string()),
        ids::PROC_AEXEPATH => FieldValue::Str(t.exepath.to_string()),
        ids::PROC_APID => FieldValue::Int(t.pid),
        ids::PROC_ACMDLINE => FieldValue::Str(cmdline(t)),
        ids::PROC_AARGS => FieldValue::Str(t.args.join(" ")),
        _ => return None,
    })
}

fn ancestors(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let lineage = src.insp.threads().lineage(src.ev.tid());
    match f.arg {
        FieldArg::Index(n) => ancestor_value(f.info.id, lineage.get(usize::try_from(n).ok()?)?),
        _ => {
            let items: Vec<FieldValue> = lineage
                .iter()
                .skip(1)
                .filter_map(|t| ancestor_value(f.info.id, t))
                .collect();
            if items.is_empty() {
                None
            } else {
                Some(FieldValue::List(items))
            }
        }
    }
}

/// The leader of the session or process group `id` of `t`: the thread `id` itself when
/// ids are not namespaced (or the process is in the host pid namespace) and it is known;
/// otherwise the oldest of the consecutive ancestors (parent first) that share the id.
fn leader<'a>(
    src: &Source<'a, '_>,
    t: &'a Thread,
    id: i64,
    virtual_id: bool,
    same: fn(&Thread, i64) -> bool,
) -> Option<&'a Thread> {
    if id == -1 {
        return None;
    }
    let in_pidns = t.vtid != t.tid || t.flags & cl::CHILD_IN_PIDNS != 0;
    if !virtual_id || !in_pidns {
        if let Some(l) = src.insp.threads().get(id) {
            return Some(l);
        }
    }
    let lineage = src.insp.threads().lineage(t.tid);
    lineage
        .iter()
        .copied()
        .skip(1)
        .take_while(|a| same(a, id))
        .last()
}

fn leader_field(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let t = src.thread()?;
    let l = match f.info.id {
        ids::PROC_SNAME | ids::PROC_SID_EXE | ids::PROC_SID_EXEPATH => {
            leader(src, t, t.sid, true, |a, id| a.sid == id)
        }
        ids::PROC_VPGID_NAME | ids::PROC_VPGID_EXE | ids::PROC_VPGID_EXEPATH => {
            leader(src, t, t.vpgid, true, |a, id| a.vpgid == id)
        }
        _ => leader(src, t, t.pgid, false, |a, id| a.pgid == id),
    };
    // Without a leader libsinsp gives the empty string.
    let Some(l) = l else { return s("") };
    match f.info.id {
        ids::PROC_SNAME | ids::PROC_VPGID_NAME | ids::PROC_PGID_NAME => s(l.comm.to_string()),
        ids::PROC_SID_EXE | ids::PROC_VPGID_EXE | ids::PROC_PGID_EXE => s(l.exe.to_string()),
        _ => s(l.exepath.to_string()),
    }
}

fn std_fd(src: &Source<'_, '_>, fd: i64, name: bool) -> Option<FieldValue> {
    let f = src.insp.threads().fd(src.ev.tid(), fd)?;
    if name {
        s(f.name.clone())
    } else {
        f.kind.type_str().map(|t| FieldValue::Str(t.to_string()))
    }
}

pub fn extract(src: &Source<'_, '_>, f: &ResolvedField) -> Option<FieldValue> {
    let id = f.info.id;
    match id {
        ids::THREAD_TID => return Some(FieldValue::Int(src.ev.tid())),
        ids::PROC_ANAME
        | ids::PROC_AEXE
        | ids::PROC_AEXEPATH
        | ids::PROC_APID
        | ids::PROC_ACMDLINE => return ancestors(src, f),
        ids::PROC_AARGS => {
            return match f.arg {
                FieldArg::Index(_) => ancestors(src, f),
                _ => ancestors_args(src),
            }
        }
        ids::PROC_SNAME
        | ids::PROC_SID_EXE
        | ids::PROC_SID_EXEPATH
        | ids::PROC_VPGID_NAME
        | ids::PROC_VPGID_EXE
        | ids::PROC_VPGID_EXEPATH
        | ids::PROC_PGID_NAME
        | ids::PROC_PGID_EXE
        | ids::PROC_PGID_EXEPATH => return leader_field(src, f),
        ids::PROC_STDIN_TYPE => return std_fd(src, 0, false),
        ids::PROC_STDOUT_TYPE => return std_fd(src, 1, false),
        ids::PROC_STDERR_TYPE => return std_fd(src, 2, false),
        ids::PROC_STDIN_NAME => return std_fd(src, 0, true),
        ids::PROC_STDOUT_NAME => return std_fd(src, 1, true),
        ids::PROC_STDERR_NAME => return std_fd(src, 2, true),
        // The time the thread ran before this switch, even for an unknown thread.
        ids::THREAD_EXECTIME => return Some(FieldValue::Uint(src.insp.context().exectime)),
        _ => {}
    }
    let t = src.thread()?;
    if t.pid == -1 {
        if let Some(v) = without_main(id) {
            return Some(v);
        }
    }
    let main = src.main().unwrap_or(t);
    let parent = src.insp.threads().parent_of(t.tid);
    let ts = src.ev.ts();
    let b = FieldValue::Bool;
    Some(match id {
        ids::PROC_EXE => FieldValue::Str(t.exe.to_string()),
        ids::PROC_EXEPATH => FieldValue::Str(t.exepath.to_string()),
        ids::PROC_NAME => FieldValue::Str(t.comm.to_string()),
        ids::PROC_ARGS => match f.arg {
            FieldArg::Index(n) => FieldValue::Str(t.args.get(usize::try_from(n).ok()?)?.clone()),
            _ => FieldValue::Str(t.args.join(" ")),
        },
        ids::PROC_CMDLINE => FieldValue::Str(cmdline(t)),
        ids::PROC_EXELINE => FieldValue::Str(exeline(t)),
        ids::PROC_CMDNARGS => FieldValue::Uint(t.args.len() as u64),
        ids::PROC_CMDLENARGS => FieldValue::Uint(t.args.iter().map(|a| a.len() as u64).sum()),
        ids::PROC_PEXE => FieldValue::Str(parent?.exe.to_string()),
        ids::PROC_PEXEPATH => FieldValue::Str(parent?.exepath.to_string()),
        ids::PROC_PNAME => FieldValue::Str(parent?.comm.to_string()),
        ids::PROC_PCMDLINE => FieldValue::Str(cmdline(parent?)),
        ids::PROC_ENV => match &f.arg {
            FieldArg::Key(k) => FieldValue::Str(env_value(&main.env, k)?),
            FieldArg::Index(n) => FieldValue::Str(main.env.get(usize::try_from(*n).ok()?)?.clone()),
            _ => FieldValue::Str(main.env.join(" ")),
        },
        ids::PROC_AENV => match &f.arg {
            FieldArg::Key(k) => {
                let lineage = src.insp.threads().lineage(t.tid);
                FieldValue::Str(lineage.iter().skip(1).find_map(|a| env_value(&a.env, k))?)
            }
            FieldArg::Index(n) => {
                let lineage = src.insp.threads().lineage(t.tid);
                FieldValue::Str(lineage.get(usize::try_from(*n).ok()?)?.env.join(" "))
            }
            _ => FieldValue::Str(main.env.join(" ")),
        },
        ids::PROC_CWD => FieldValue::Str(main.cwd.to_string()),
        // The oldest process in the lineage whose name ends in `sh` (libsinsp's shell test).
        ids::PROC_LOGINSHELLID => {
            let lineage = src.insp.threads().lineage(t.tid);
            let pid = lineage
                .iter()
                .rev()
                .find(|a| a.comm.ends_with("sh"))
                .map(|a| a.pid);
            FieldValue::Int(pid?)
        }
        ids::PROC_TTY => FieldValue::Uint(u64::from(t.tty)),
        ids::PROC_PID => FieldValue::Int(t.pid),
        ids::PROC_PPID => FieldValue::Int(parent?.pid),
        ids::PROC_VPID if t.vpid == -1 => return None,
        ids::PROC_VPID => FieldValue::Int(t.vpid),
        ids::PROC_PVPID => FieldValue::Int(parent?.vpid),
        ids::PROC_SID => FieldValue::Int(t.sid),
        ids::PROC_VPGID => FieldValue::Int(t.vpgid),
        ids::PROC_PGID => FieldValue::Int(t.pgid),
        ids::PROC_DURATION => FieldValue::Uint(since(ts, t.clone_ts)?),
        // Without the parent's clone time libsinsp falls through to the next field of its
        // switch and gives the thread's open fd count.
        ids::PROC_PPID_DURATION => match parent?.clone_ts {
            0 => FieldValue::Uint(main.fds.len() as u64),
            clone_ts => FieldValue::Uint(ts.wrapping_sub(clone_ts)),
        },
        ids::PROC_PID_TS => FieldValue::Uint(nonzero(t.clone_ts)?),
        // The clone time of the thread's own parent thread, 0 when unknown.
        ids::PROC_PPID_TS => FieldValue::Uint(src.insp.threads().get(t.ptid)?.clone_ts),
        ids::PROC_IS_EXE_WRITABLE => b(t.exe_writable),
        ids::PROC_IS_EXE_UPPER_LAYER => b(t.exe_upper_layer),
        ids::PROC_IS_EXE_LOWER_LAYER => b(t.exe_lower_layer),
        ids::PROC_IS_EXE_FROM_MEMFD => b(t.exe_from_memfd),
        ids::PROC_IS_SID_LEADER => b(t.sid == t.vpid),
        ids::PROC_IS_VPGID_LEADER => b(t.vpgid == t.vpid),
        ids::PROC_IS_PGID_LEADER => b(t.pgid == t.pid),
        ids::PROC_EXE_INO => FieldValue::Int(i64::try_from(nonzero(t.exe_ino)?).ok()?),
        ids::PROC_EXE_INO_CTIME => FieldValue::Uint(nonzero(t.exe_ino_ctime)?),
        ids::PROC_EXE_INO_MTIME => FieldValue::Uint(nonzero(t.exe_ino_mtime)?),
        ids::PROC_EXE_INO_CTIME_DURATION_PROC_START => {
            FieldValue::Uint(since(nonzero(main.clone_ts)?, nonzero(t.exe_ino_ctime)?)?)
        }
        ids::PROC_EXE_INO_CTIME_DURATION_PIDNS_START => FieldValue::Uint(since(
            nonzero(t.exe_ino_ctime)?,
            nonzero(t.pidns_init_start_ts)?,
        )?),
        ids::PROC_PIDNS_INIT_START_TS => FieldValue::Uint(nonzero(t.pidns_init_start_ts)?),
        ids::THREAD_CAP_PERMITTED => FieldValue::Str(caps_string(t.cap_permitted)),
        ids::THREAD_CAP_INHERITABLE => FieldValue::Str(caps_string(t.cap_inheritable)),
        ids::THREAD_CAP_EFFECTIVE => FieldValue::Str(caps_string(t.cap_effective)),
        ids::PROC_FDOPENCOUNT => FieldValue::Uint(main.fds.len() as u64),
        ids::PROC_FDLIMIT => FieldValue::Int(main.fdlimit),
        ids::PROC_FDUSAGE => {
            if main.fdlimit <= 0 {
                return None;
            }
            FieldValue::Double(main.fds.len() as f64 * 100.0 / main.fdlimit as f64)
        }
        ids::PROC_VMSIZE => FieldValue::Uint(u64::from(t.vmsize_kb)),
        ids::PROC_VMRSS => FieldValue::Uint(u64::from(t.vmrss_kb)),
        ids::PROC_VMSWAP => FieldValue::Uint(u64::from(t.vmswap_kb)),
        ids::THREAD_PFMAJOR => FieldValue::Uint(t.pfmajor),
        ids::THREAD_PFMINOR => FieldValue::Uint(t.pfminor),
        ids::THREAD_ISMAIN => b(t.is_main()),
        ids::THREAD_VTID if t.vtid == -1 => return None,
        ids::THREAD_VTID => FieldValue::Int(t.vtid),
        ids::THREAD_TOTEXECTIME if src.ev.kind() == K::Switch => FieldValue::Uint(t.totexectime),
        ids::THREAD_TOTEXECTIME => FieldValue::Uint(0),
        ids::THREAD_NAMETID => FieldValue::Str(format!("{}{}", t.comm, t.tid)),
        ids::THREAD_CGROUPS if t.cgroups.is_empty() => return None,
        ids::THREAD_CGROUPS => FieldValue::Str(t.cgroups.join(" ")),
        ids::THREAD_CGROUP => match &f.arg {
            FieldArg::Key(k) => FieldValue::Str(t.cgroups.iter().find_map(|c| {
                let (sub, path) = c.split_once('=')?;
                (sub == k).then(|| path.to_string())
            })?),
            _ => return None,
        },
        ids::PROC_NTHREADS if t.pid > 0 => FieldValue::Uint(live_threads(src, t.pid)),
        ids::PROC_NCHILDS if t.pid > 0 => {
            FieldValue::Uint(live_threads(src, t.pid).saturating_sub(1))
        }
        ids::THREAD_VMSIZE | ids::THREAD_VMSIZE_B => {
            let kb = if t.is_main() {
                u64::from(t.vmsize_kb)
            } else {
                0
            };
            FieldValue::Uint(if id == ids::THREAD_VMSIZE_B {
                kb * 1024
            } else {
                kb
            })
        }
        ids::THREAD_VMRSS | ids::THREAD_VMRSS_B => {
            let kb = if t.is_main() {
                u64::from(t.vmrss_kb)
            } else {
                0
            };
            FieldValue::Uint(if id == ids::THREAD_VMRSS_B {
                kb * 1024
            } else {
                kb
            })
        }
        _ => return None,
    })
}

/// The process fields of a thread without a process (libsinsp's placeholder for an
/// unknown tid, pid -1), which libsinsp reads from a main thread it does not find: its
/// defaults.
fn without_main(id: FieldId) -> Option<FieldValue> {
    Some(match id {
        ids::PROC_CWD => FieldValue::Str("./".into()),
        ids::PROC_FDLIMIT => FieldValue::Int(0),
        ids::PROC_FDUSAGE => FieldValue::Double(0.0),
        ids::PROC_FDOPENCOUNT | ids::PROC_NTHREADS | ids::PROC_NCHILDS => FieldValue::Uint(0),
        _ => return None,
    })
}

fn nonzero(v: u64) -> Option<u64> {
    (v != 0).then_some(v)
}

fn since(now: u64, then: u64) -> Option<u64> {
    if then == 0 {
        return None;
    }
    now.checked_sub(then)
}

fn live_threads(src: &Source<'_, '_>, pid: i64) -> u64 {
    src.insp.threads().live_in_group(pid) as u64
}
