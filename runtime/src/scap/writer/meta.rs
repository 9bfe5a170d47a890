//! Bodies of the metadata blocks, in the newest layouts both sysdig 0.29.3 and modern libs
//! read: MI, IL_V2, UL_V2, PL_V9 (with the pre-0.10 tail unless a newer field is set) and
//! FDL_V2.

use crate::scap::meta::fds::{FdInfo, FdKind};
use crate::scap::meta::interfaces::Interface;
use crate::scap::meta::machine::MachineInfo;
use crate::scap::meta::threads::ThreadInfo;
use crate::scap::meta::users::{Group, User};

use super::encode::Buf;
use super::error::WriteError;

const MAX_PATH: usize = 1024;
const MAX_ARGS: usize = 4096;
const MAX_CRED: usize = 255;
const MAX_IFNAME: usize = 1023;
const MAX_HOSTNAME: usize = 127;

/// The 180-byte machine info struct.
pub(crate) fn machine(m: &MachineInfo) -> Result<Vec<u8>, WriteError> {
    if m.hostname.len() > MAX_HOSTNAME || m.hostname.contains('\0') {
        return Err(WriteError::TooLong {
            what: "hostname",
            len: m.hostname.len(),
            max: MAX_HOSTNAME,
        });
    }
    let mut b = Buf::default();
    b.u32(m.num_cpus);
    b.u64(m.memory_size_bytes);
    b.u64(m.max_pid);
    let mut host = [0u8; 128];
    if let Some(dst) = host.get_mut(..m.hostname.len()) {
        dst.copy_from_slice(m.hostname.as_bytes());
    }
    b.bytes(&host);
    b.u64(m.boot_ts_epoch);
    b.u64(m.flags);
    b.u64(0);
    b.u64(0);
    Ok(b.b)
}

/// IL_V2: each entry's length excludes its own 4 bytes. An interface without a link speed
/// is written with speed 0 (v2 entries always carry it).
pub(crate) fn interfaces(list: &[Interface]) -> Result<Vec<u8>, WriteError> {
    let mut b = Buf::default();
    for i in list {
        let name = i.name();
        if name.len() > MAX_IFNAME {
            return Err(WriteError::TooLong {
                what: "interface name",
                len: name.len(),
                max: MAX_IFNAME,
            });
        }
        let at = b.b.len();
        b.u32(0);
        let speed = match i {
            Interface::V4 {
                addr,
                netmask,
                bcast,
                linkspeed,
                ..
            } => {
                b.u16(1);
                b.u16(name.len() as u16);
                for a in [addr, netmask, bcast] {
                    b.bytes(a);
                }
                linkspeed
            }
            Interface::V6 {
                addr,
                netmask,
                bcast,
                linkspeed,
                ..
            } => {
                b.u16(2);
                b.u16(name.len() as u16);
                for a in [addr, netmask, bcast] {
                    b.bytes(a);
                }
                linkspeed
            }
        };
        b.u64(speed.unwrap_or(0));
        b.bytes(name.as_bytes());
        let len = (b.b.len() - at - 4) as u32;
        b.patch_u32(at, len);
    }
    Ok(b.b)
}

/// UL_V2: users first, then groups; entry lengths count their own 4 bytes.
pub(crate) fn users(users: &[User], groups: &[Group]) -> Result<Vec<u8>, WriteError> {
    let mut b = Buf::default();
    for u in users {
        let at = b.b.len();
        b.u32(0);
        b.u8(0);
        b.u32(u.uid);
        b.u32(u.gid);
        b.str16("user name", &u.name, MAX_CRED)?;
        b.str16("home directory", &u.home, MAX_CRED)?;
        b.str16("shell", &u.shell, MAX_CRED)?;
        let len = (b.b.len() - at) as u32;
        b.patch_u32(at, len);
    }
    for g in groups {
        let at = b.b.len();
        b.u32(0);
        b.u8(1);
        b.u32(g.gid);
        b.str16("group name", &g.name, MAX_CRED)?;
        let len = (b.b.len() - at) as u32;
        b.patch_u32(at, len);
    }
    Ok(b.b)
}

/// PL_V9: one entry per thread. Fields a [`ThreadInfo`] leaves `None` up to `root` are
/// written as 0, empty, or -1 for `vtid`/`vpid`.
pub(crate) fn threads(list: &[ThreadInfo]) -> Result<Vec<u8>, WriteError> {
    let mut b = Buf::default();
    for t in list {
        let at = b.b.len();
        b.u32(0);
        thread_fixed(&mut b, t)?;
        thread_tail(&mut b, t);
        let len = (b.b.len() - at) as u32;
        b.patch_u32(at, len);
    }
    Ok(b.b)
}

fn thread_fixed(b: &mut Buf, t: &ThreadInfo) -> Result<(), WriteError> {
    b.i64(t.tid);
    b.i64(t.pid);
    b.i64(t.ptid);
    b.i64(t.sid.unwrap_or(0));
    b.i64(t.vpgid.unwrap_or(0));
    b.str16("comm", &t.comm, MAX_PATH)?;
    b.str16("exe", &t.exe, MAX_PATH)?;
    b.str16("exepath", t.exepath.as_deref().unwrap_or(""), MAX_PATH)?;
    b.strlist16("args", &t.args, MAX_ARGS)?;
    b.str16("cwd", &t.cwd, MAX_PATH)?;
    b.u64(t.fdlimit);
    b.u32(t.flags);
    b.u32(t.uid);
    b.u32(t.gid);
    b.u32(t.vmsize_kb.unwrap_or(0));
    b.u32(t.vmrss_kb.unwrap_or(0));
    b.u32(t.vmswap_kb.unwrap_or(0));
    b.u64(t.pfmajor.unwrap_or(0));
    b.u64(t.pfminor.unwrap_or(0));
    b.strlist16("env", t.env.as_deref().unwrap_or_default(), MAX_ARGS)?;
    b.i64(t.vtid.unwrap_or(-1));
    b.i64(t.vpid.unwrap_or(-1));
    b.strlist16(
        "cgroups",
        t.cgroups.as_deref().unwrap_or_default(),
        MAX_ARGS,
    )?;
    b.str16("root", t.root.as_deref().unwrap_or("/"), MAX_PATH)?;
    Ok(())
}

/// The optional tail. Without any field newer than libs 0.10 it is the pre-0.10 form
/// (loginuid, exe_writable, capabilities, stopping at the first unset one), which sysdig
/// 0.29.3 and HEAD read alike. Otherwise the HEAD order up to the last set field (sysdig
/// 0.29.3 misreads that form, see `spec/scap-format.md` §7).
fn thread_tail(b: &mut Buf, t: &ThreadInfo) {
    let newer = t.pidns_init_start_ts.is_some()
        || t.tty.is_some()
        || t.exe_upper_layer.is_some()
        || t.exe_ino.is_some()
        || t.exe_ino_ctime.is_some()
        || t.exe_ino_mtime.is_some()
        || t.exe_from_memfd.is_some()
        || t.exe_lower_layer.is_some()
        || t.pgid.is_some();
    if !newer {
        let Some(loginuid) = t.loginuid else { return };
        b.u32(loginuid);
        let Some(w) = t.exe_writable else { return };
        b.u8(u8::from(w));
        for cap in [t.cap_inheritable, t.cap_permitted, t.cap_effective] {
            let Some(c) = cap else { return };
            b.u64(c);
        }
        return;
    }
    b.u64(t.pidns_init_start_ts.unwrap_or(0));
    b.u32(t.tty.unwrap_or(0));
    b.u32(t.loginuid.unwrap_or(u32::MAX));
    b.u8(u8::from(t.exe_writable.unwrap_or(false)));
    b.u64(t.cap_inheritable.unwrap_or(0));
    b.u64(t.cap_permitted.unwrap_or(0));
    b.u64(t.cap_effective.unwrap_or(0));
    // Optional fields after the capabilities, written up to the last one set.
    let rest: [(Option<u64>, usize); 7] = [
        (t.exe_upper_layer.map(u64::from), 1),
        (t.exe_ino, 8),
        (t.exe_ino_ctime, 8),
        (t.exe_ino_mtime, 8),
        (t.exe_from_memfd.map(u64::from), 1),
        (t.exe_lower_layer.map(u64::from), 1),
        (t.pgid.map(|p| p as u64), 8),
    ];
    let last = rest.iter().rposition(|(v, _)| v.is_some());
    for (v, size) in rest.iter().take(last.map_or(0, |l| l + 1)) {
        let v = v.unwrap_or(0);
        if *size == 1 {
            b.u8(v as u8);
        } else {
            b.u64(v);
        }
    }
}

/// FDL_V2 for thread `tid`.
pub(crate) fn fds(tid: i64, list: &[FdInfo]) -> Result<Vec<u8>, WriteError> {
    let mut b = Buf::default();
    b.i64(tid);
    for f in list {
        let at = b.b.len();
        b.u32(0);
        b.i64(f.fd);
        b.u64(f.ino);
        b.u8(f.fd_type);
        fd_data(&mut b, &f.kind)?;
        let len = (b.b.len() - at) as u32;
        b.patch_u32(at, len);
    }
    Ok(b.b)
}

fn fd_data(b: &mut Buf, k: &FdKind) -> Result<(), WriteError> {
    match k {
        FdKind::Named { name } => b.str16("fd name", name, MAX_PATH)?,
        FdKind::File {
            open_flags,
            name,
            dev,
        } => {
            b.u32(*open_flags);
            b.str16("fd name", name, MAX_PATH)?;
            if let Some(d) = dev {
                b.u32(*d);
            }
        }
        FdKind::Ipv4 {
            sip,
            dip,
            sport,
            dport,
            l4proto,
        } => {
            b.bytes(sip);
            b.bytes(dip);
            b.u16(*sport);
            b.u16(*dport);
            b.u8(*l4proto);
        }
        FdKind::Ipv4Server { ip, port, l4proto } => {
            b.bytes(ip);
            b.u16(*port);
            b.u8(*l4proto);
        }
        FdKind::Ipv6 {
            sip,
            dip,
            sport,
            dport,
            l4proto,
        } => {
            b.bytes(sip);
            b.bytes(dip);
            b.u16(*sport);
            b.u16(*dport);
            b.u8(*l4proto);
        }
        FdKind::Ipv6Server { ip, port, l4proto } => {
            b.bytes(ip);
            b.u16(*port);
            b.u8(*l4proto);
        }
        FdKind::Unix { source, dest, name } => {
            b.u64(*source);
            b.u64(*dest);
            b.str16("fd name", name, MAX_PATH)?;
        }
        FdKind::Unknown => {}
    }
    Ok(())
}
