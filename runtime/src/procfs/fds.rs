//! The open fds of one process from `/proc/PID/fd` and `/proc/PID/fdinfo`.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::scap::{FdInfo, FdKind};

const FILE_V2: u8 = 16;
const DIRECTORY: u8 = 2;
const FIFO: u8 = 7;
const EVENT: u8 = 9;
const UNSUPPORTED: u8 = 10;
const SIGNALFD: u8 = 11;
const EVENTPOLL: u8 = 12;
const INOTIFY: u8 = 13;
const TIMERFD: u8 = 14;
const BPF: u8 = 17;
const MEMFD: u8 = 20;

pub(super) fn open_fds(pdir: &Path, sockets: &HashMap<u64, (u8, FdKind)>) -> Vec<FdInfo> {
    let Ok(rd) = std::fs::read_dir(pdir.join("fd")) else {
        return Vec::new();
    };
    let mut out: Vec<FdInfo> = rd
        .filter_map(|e| {
            let e = e.ok()?;
            let fd: i64 = e.file_name().to_str()?.parse().ok()?;
            let target = std::fs::read_link(e.path()).ok()?;
            let mut name = target.to_string_lossy().to_string();
            super::task::clamp_str(&mut name, super::task::MAX_PATH);
            Some(fd_info(pdir, fd, &name, sockets))
        })
        .collect();
    out.sort_by_key(|f| f.fd);
    out
}

fn fd_info(pdir: &Path, fd: i64, target: &str, sockets: &HashMap<u64, (u8, FdKind)>) -> FdInfo {
    let bracket = |prefix: &str| {
        target
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('['))
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse::<u64>().ok())
    };
    if let Some(ino) = bracket("socket:") {
        let (fd_type, kind) = sockets
            .get(&ino)
            .cloned()
            .unwrap_or((UNSUPPORTED, FdKind::Unknown));
        return FdInfo {
            fd,
            ino,
            fd_type,
            kind,
        };
    }
    if let Some(ino) = bracket("pipe:") {
        return named(fd, ino, FIFO, "");
    }
    if let Some(anon) = target.strip_prefix("anon_inode:") {
        let t = match anon.trim_matches(|c| c == '[' || c == ']') {
            "eventfd" => EVENT,
            "eventpoll" => EVENTPOLL,
            "inotify" => INOTIFY,
            "signalfd" => SIGNALFD,
            "timerfd" => TIMERFD,
            a if a.starts_with("bpf") => BPF,
            _ => UNSUPPORTED,
        };
        return named(fd, 0, t, "");
    }
    let meta = std::fs::metadata(pdir.join("fd").join(fd.to_string())).ok();
    let ino = meta.as_ref().map_or(0, |m| m.ino());
    if meta.as_ref().is_some_and(|m| m.is_dir()) {
        return named(fd, ino, DIRECTORY, target);
    }
    if target.starts_with("/memfd:") {
        return named(fd, ino, MEMFD, target);
    }
    let flags = std::fs::read_to_string(pdir.join("fdinfo").join(fd.to_string()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0);
    FdInfo {
        fd,
        ino,
        fd_type: FILE_V2,
        kind: FdKind::File {
            open_flags: open_flags_to_ppm(flags),
            name: target.to_string(),
            dev: meta.map(|m| encode_dev(m.dev())),
        },
    }
}

fn named(fd: i64, ino: u64, fd_type: u8, name: &str) -> FdInfo {
    FdInfo {
        fd,
        ino,
        fd_type,
        kind: FdKind::Named {
            name: name.to_string(),
        },
    }
}

/// The kernel's `new_encode_dev` of a userspace `dev_t`.
fn encode_dev(dev: u64) -> u32 {
    let major = ((dev >> 8) & 0xfff) as u32;
    let minor = ((dev & 0xff) | ((dev >> 12) & 0xfff00)) as u32;
    (minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)
}

/// Linux `O_*` open flags to `PPM_O_*`.
pub(crate) fn open_flags_to_ppm(f: u32) -> u32 {
    let mut r = match f & 3 {
        0 => 1,
        1 => 2,
        _ => 3,
    };
    for (linux, ppm) in [
        (0o100, 1 << 2),
        (0o2000, 1 << 3),
        (0o10000, 1 << 4),
        (0o200, 1 << 5),
        (0o4000, 1 << 6),
        (0o4000000, 1 << 7),
        (0o1000, 1 << 8),
        (0o40000, 1 << 9),
        (0o200000, 1 << 10),
        (0o100000, 1 << 11),
        (0o2000000, 1 << 12),
        (0o20000000, 1 << 13),
    ] {
        if f & linux != 0 {
            r |= ppm;
        }
    }
    r
}
