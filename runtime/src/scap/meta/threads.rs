//! The process list block (PL v1 to v9): one entry per thread, with the fields each
//! version added, and the v9 optional tail (old and new layouts).

use crate::scap::cursor::Cursor;
use crate::scap::error::ScapError;

use super::fds::FdInfo;

const MAX_PATH: usize = 1024;
const MAX_ARGS: usize = 4096;
/// Size of the pre-0.10 tail: loginuid, exe_writable and three capability sets.
const OLD_TAIL: usize = 4 + 1 + 8 + 8 + 8;

/// One thread of the capture's initial process table. Fields a block version does not
/// carry are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreadInfo {
    pub tid: i64,
    pub pid: i64,
    /// Parent thread id.
    pub ptid: i64,
    pub sid: Option<i64>,
    pub vpgid: Option<i64>,
    /// `proc.name`.
    pub comm: String,
    /// argv\[0\]: `proc.exe`.
    pub exe: String,
    /// The resolved executable path: `proc.exepath`.
    pub exepath: Option<String>,
    /// argv\[1..\].
    pub args: Vec<String>,
    pub cwd: String,
    pub fdlimit: u64,
    /// `PPM_CL_*` bits.
    pub flags: u32,
    pub uid: u32,
    pub gid: u32,
    pub vmsize_kb: Option<u32>,
    pub vmrss_kb: Option<u32>,
    pub vmswap_kb: Option<u32>,
    pub pfmajor: Option<u64>,
    pub pfminor: Option<u64>,
    pub env: Option<Vec<String>>,
    pub vtid: Option<i64>,
    pub vpid: Option<i64>,
    /// Items such as `cpuset=/docker/<id>`.
    pub cgroups: Option<Vec<String>>,
    pub root: Option<String>,
    pub pidns_init_start_ts: Option<u64>,
    pub tty: Option<u32>,
    /// `u32::MAX` means unset.
    pub loginuid: Option<u32>,
    pub exe_writable: Option<bool>,
    pub cap_inheritable: Option<u64>,
    pub cap_permitted: Option<u64>,
    pub cap_effective: Option<u64>,
    pub exe_upper_layer: Option<bool>,
    pub exe_ino: Option<u64>,
    pub exe_ino_ctime: Option<u64>,
    pub exe_ino_mtime: Option<u64>,
    pub exe_from_memfd: Option<bool>,
    pub exe_lower_layer: Option<bool>,
    pub pgid: Option<i64>,
    /// The fds from the capture's fd list blocks for this thread (filled for main threads).
    pub fds: Vec<FdInfo>,
}

/// Parses a PL body of `version` 1..=9 into `out`.
pub(crate) fn parse_threads(
    c: &mut Cursor<'_>,
    version: u8,
    id: u32,
    out: &mut Vec<ThreadInfo>,
) -> Result<(), ScapError> {
    while c.remaining() >= 4 {
        if version >= 9 {
            let at = c.offset();
            let len = c.u32("thread entry length")? as usize;
            let body_len = len
                .checked_sub(4)
                .ok_or_else(|| c.error(format!("thread entry length {len} below 4")))?;
            let body = c.bytes(body_len, "thread entry")?;
            let mut e = Cursor::new(body, at + 4, id);
            let mut t = parse_fixed(&mut e, version)?;
            parse_tail(&mut e, &mut t)?;
            out.push(t);
        } else {
            out.push(parse_fixed(c, version)?);
        }
    }
    Ok(())
}

/// The fields every version lays out in the same order, up to `root`.
fn parse_fixed(c: &mut Cursor<'_>, v: u8) -> Result<ThreadInfo, ScapError> {
    let mut t = ThreadInfo {
        tid: c.i64("tid")?,
        pid: c.i64("pid")?,
        ptid: c.i64("ptid")?,
        ..ThreadInfo::default()
    };
    if v >= 6 {
        t.sid = Some(c.i64("sid")?);
    }
    if v >= 8 {
        t.vpgid = Some(c.i64("vpgid")?);
    }
    t.comm = c.str16("comm", MAX_PATH)?;
    t.exe = c.str16("exe", MAX_PATH)?;
    if v >= 7 {
        t.exepath = Some(c.str16("exepath", MAX_PATH)?);
    }
    t.args = c.strlist16("args", MAX_ARGS)?;
    t.cwd = c.str16("cwd", MAX_PATH)?;
    t.fdlimit = c.u64("fdlimit")?;
    t.flags = c.u32("flags")?;
    t.uid = c.u32("uid")?;
    t.gid = c.u32("gid")?;
    if v >= 2 {
        t.vmsize_kb = Some(c.u32("vmsize_kb")?);
        t.vmrss_kb = Some(c.u32("vmrss_kb")?);
        t.vmswap_kb = Some(c.u32("vmswap_kb")?);
        t.pfmajor = Some(c.u64("pfmajor")?);
        t.pfminor = Some(c.u64("pfminor")?);
    }
    if v >= 3 {
        t.env = Some(c.strlist16("env", MAX_ARGS)?);
    }
    if v >= 4 {
        t.vtid = Some(c.i64("vtid")?);
        t.vpid = Some(c.i64("vpid")?);
        t.cgroups = Some(c.strlist16("cgroups", MAX_ARGS)?);
    }
    if v >= 5 {
        t.root = Some(c.str16("root", MAX_PATH)?);
    }
    Ok(t)
}

/// The v9 optional tail: each field only while the entry has room for it. Up to 29 bytes
/// left means the pre-0.10 order (loginuid, exe_writable, capabilities).
fn parse_tail(c: &mut Cursor<'_>, t: &mut ThreadInfo) -> Result<(), ScapError> {
    let fits = |c: &Cursor<'_>, n: usize| c.remaining() >= n;
    if c.remaining() <= OLD_TAIL {
        if fits(c, 4) {
            t.loginuid = Some(c.u32("loginuid")?);
        }
        if fits(c, 1) {
            t.exe_writable = Some(c.u8("exe_writable")? != 0);
        }
        read_caps(c, t)?;
        return Ok(());
    }
    t.pidns_init_start_ts = Some(c.u64("pidns_init_start_ts")?);
    if fits(c, 4) {
        t.tty = Some(c.u32("tty")?);
    }
    if fits(c, 4) {
        t.loginuid = Some(c.u32("loginuid")?);
    }
    if fits(c, 1) {
        t.exe_writable = Some(c.u8("exe_writable")? != 0);
    }
    read_caps(c, t)?;
    if fits(c, 1) {
        t.exe_upper_layer = Some(c.u8("exe_upper_layer")? != 0);
    }
    if fits(c, 8) {
        t.exe_ino = Some(c.u64("exe_ino")?);
    }
    if fits(c, 8) {
        t.exe_ino_ctime = Some(c.u64("exe_ino_ctime")?);
    }
    if fits(c, 8) {
        t.exe_ino_mtime = Some(c.u64("exe_ino_mtime")?);
    }
    if fits(c, 1) {
        t.exe_from_memfd = Some(c.u8("exe_from_memfd")? != 0);
    }
    if fits(c, 1) {
        t.exe_lower_layer = Some(c.u8("exe_lower_layer")? != 0);
    }
    if fits(c, 8) {
        t.pgid = Some(c.i64("pgid")?);
    }
    Ok(())
}

fn read_caps(c: &mut Cursor<'_>, t: &mut ThreadInfo) -> Result<(), ScapError> {
    if c.remaining() >= 8 {
        t.cap_inheritable = Some(c.u64("cap_inheritable")?);
    }
    if c.remaining() >= 8 {
        t.cap_permitted = Some(c.u64("cap_permitted")?);
    }
    if c.remaining() >= 8 {
        t.cap_effective = Some(c.u64("cap_effective")?);
    }
    Ok(())
}
