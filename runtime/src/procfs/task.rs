//! One thread from `/proc/PID/task/TID` (and its process directory): ids, names, command
//! line, environment, cwd, credentials, limits, memory, cgroups, capabilities.

use std::path::Path;

use crate::scap::ThreadInfo;

/// libscap's limits: paths and names, and NUL-separated lists (args, env, cgroups).
pub(super) const MAX_PATH: usize = 1024;
const MAX_LIST: usize = 4096;

/// `PPM_CL_IS_MAIN_THREAD`.
const IS_MAIN_THREAD: u32 = 1 << 30;

/// The thread `tid` of process `pid`; `None` when it vanished.
pub(super) fn read_thread(pdir: &Path, tdir: &Path, pid: i64, tid: i64) -> Option<ThreadInfo> {
    let status = std::fs::read_to_string(tdir.join("status")).ok()?;
    let field = |name: &str| -> Option<&str> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
    };
    let nth = |name: &str, i: usize| -> Option<u64> {
        field(name)?.split_whitespace().nth(i)?.parse().ok()
    };
    let hex = |name: &str| field(name).and_then(|v| u64::from_str_radix(v, 16).ok());
    let last_ns =
        |name: &str| -> Option<i64> { field(name)?.split_whitespace().last()?.parse().ok() };
    let stat = std::fs::read_to_string(tdir.join("stat")).unwrap_or_default();
    // Fields after the parenthesised comm: state ppid pgrp session tty_nr ...
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let sf: Vec<&str> = after.split_whitespace().collect();
    let sfield = |i: usize| -> Option<i64> { sf.get(i)?.parse().ok() };
    let cmdline = std::fs::read(pdir.join("cmdline")).unwrap_or_default();
    let mut argv = split_nul(&cmdline);
    let comm = std::fs::read_to_string(tdir.join("comm"))
        .map(|s| s.trim_end_matches('\n').to_string())
        .unwrap_or_default();
    let exe = if argv.is_empty() {
        comm.clone()
    } else {
        argv.remove(0)
    };
    let link = |p: &str| {
        std::fs::read_link(pdir.join(p))
            .ok()
            .map(|l| l.to_string_lossy().to_string())
    };
    let exepath = link("exe");
    let (vm_size, vm_rss, vm_swap) = (nth("VmSize", 0), nth("VmRSS", 0), nth("VmSwap", 0));
    let exe_from_memfd = exepath.as_deref().map(|p| p.starts_with("/memfd:"));
    let t = ThreadInfo {
        tid,
        pid,
        ptid: nth("PPid", 0).map_or(0, |v| v as i64),
        sid: sfield(3),
        vpgid: sfield(2),
        pgid: sfield(2),
        comm,
        exe,
        exepath: exepath.map(|p| p.trim_end_matches(" (deleted)").to_string()),
        args: argv,
        cwd: link("cwd").unwrap_or_default(),
        fdlimit: fd_limit(pdir),
        flags: if tid == pid { IS_MAIN_THREAD } else { 0 },
        uid: nth("Uid", 1).unwrap_or(0) as u32,
        gid: nth("Gid", 1).unwrap_or(0) as u32,
        vmsize_kb: vm_size.map(|v| v as u32),
        vmrss_kb: vm_rss.map(|v| v as u32),
        vmswap_kb: vm_swap.map(|v| v as u32),
        pfmajor: sfield(9).map(|v| v as u64),
        pfminor: sfield(7).map(|v| v as u64),
        env: Some(split_nul(
            &std::fs::read(pdir.join("environ")).unwrap_or_default(),
        )),
        vtid: last_ns("NSpid").filter(|_| tid == pid).or(Some(tid)),
        vpid: last_ns("NSpid").or(Some(pid)),
        cgroups: Some(cgroups(pdir)),
        root: link("root"),
        tty: sfield(4).map(|v| v as u32),
        loginuid: std::fs::read_to_string(pdir.join("loginuid"))
            .ok()
            .and_then(|s| s.trim().parse().ok()),
        cap_inheritable: hex("CapInh"),
        cap_permitted: hex("CapPrm"),
        cap_effective: hex("CapEff"),
        exe_from_memfd,
        exe_writable: Some(false),
        exe_upper_layer: Some(false),
        exe_lower_layer: Some(false),
        ..ThreadInfo::default()
    };
    Some(clamp(t))
}

/// Cuts strings and lists to libscap's limits (as libscap reads at most that much).
fn clamp(mut t: ThreadInfo) -> ThreadInfo {
    for s in [&mut t.comm, &mut t.exe, &mut t.cwd] {
        clamp_str(s, MAX_PATH);
    }
    for s in [t.exepath.as_mut(), t.root.as_mut()].into_iter().flatten() {
        clamp_str(s, MAX_PATH);
    }
    clamp_list(&mut t.args, MAX_LIST);
    for l in [t.env.as_mut(), t.cgroups.as_mut()].into_iter().flatten() {
        clamp_list(l, MAX_LIST);
    }
    t
}

/// Truncates `s` to at most `max` bytes, on a character boundary.
pub(super) fn clamp_str(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// Keeps the items that fit in `max` bytes with their NULs, cutting the last one.
fn clamp_list(l: &mut Vec<String>, max: usize) {
    let mut used = 0;
    for i in 0..l.len() {
        let room = max.saturating_sub(used + 1);
        if l[i].len() > room {
            clamp_str(&mut l[i], room);
            l.truncate(if room == 0 { i } else { i + 1 });
            return;
        }
        used += l[i].len() + 1;
    }
}

fn split_nul(b: &[u8]) -> Vec<String> {
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    if b.is_empty() {
        return Vec::new();
    }
    b.split(|c| *c == 0)
        .map(|s| String::from_utf8_lossy(s).to_string())
        .collect()
}

/// The soft `Max open files` limit.
fn fd_limit(pdir: &Path) -> u64 {
    std::fs::read_to_string(pdir.join("limits"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3)?.parse().ok())
        })
        .unwrap_or(0)
}

/// `subsys=path` items from `/proc/PID/cgroup` (v2 lines name no subsystem: each enabled
/// controller gets the unified path, as libscap does).
fn cgroups(pdir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(pdir.join("cgroup")).unwrap_or_default();
    let mut out = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (_, subsys, path) = (parts.next(), parts.next(), parts.next());
        let (Some(subsys), Some(path)) = (subsys, path) else {
            continue;
        };
        if subsys.is_empty() {
            for c in ["cpuset", "cpu", "io", "memory", "pids"] {
                out.push(format!("{c}={path}"));
            }
        } else {
            for s in subsys.split(',') {
                out.push(format!("{s}={path}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_cut_to_the_limit() {
        let mut l = vec!["a".repeat(10), "b".repeat(10)];
        clamp_list(&mut l, 15);
        assert_eq!(l, vec!["a".repeat(10), "bbb".to_string()]);
        let mut s = "é".repeat(3);
        clamp_str(&mut s, 3);
        assert_eq!(s, "é");
    }
}
