//! One thread from `/proc/PID/task/TID` (and its process directory): ids, names, command
//! line, environment, cwd, credentials, limits, memory, cgroups, capabilities.

use std::path::Path;

use crate::scap::ThreadInfo;

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
    Some(ThreadInfo {
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
    })
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
