//! `gen-demo-capture OUT`: writes `rules/demo.scap`, a small capture of our own made with
//! the runtime's capture writer. The story: an nginx worker serves a page, then a request
//! makes it spawn `sh -c "cat /etc/shadow"` (both built-in rules fire); logrotate writes a
//! log file and `unix_chkpwd` reads /etc/shadow as it is allowed to (no alert).
//!
//! Events are written as enter/exit pairs with the 2022 enter counts and full exit
//! parameter lists (the "hybrid" layout of `spec/scap-format.md` §12), so sysdig 0.29.3
//! and modern libs both read the file. The output is deterministic.

use std::collections::BTreeMap;

use falcoc_runtime::scap::{
    CaptureWriter, FdInfo, FdKind, Group, Interface, MachineInfo, Param, ThreadInfo, User,
    WriteError,
};

/// 2026-01-01T00:00:00Z in ns.
const T0: u64 = 1_767_225_600_000_000_000;
const O_RDONLY: u32 = 1;
const O_WRONLY: u32 = 1 << 1;
const O_CREAT: u32 = 1 << 2;
const O_CLOEXEC: u32 = 1 << 12;
const AT_FDCWD: i64 = -100;

/// What the story needs to know about a live process to fill clone/execve parameters.
#[derive(Clone)]
struct Proc {
    exe: &'static str,
    args: &'static [&'static str],
    comm: &'static str,
    uid: u32,
    ptid: i64,
}

/// A capture being written, with a clock and the live processes.
struct Story {
    w: CaptureWriter<Vec<u8>>,
    ts: u64,
    procs: BTreeMap<i64, Proc>,
}

impl Story {
    fn ev(&mut self, tid: i64, code: u16, params: &[Param<'_>]) -> Result<(), WriteError> {
        self.ts += 7_919;
        self.w.event(self.ts, tid, code, params)
    }

    fn pause(&mut self, ms: u64) {
        self.ts += ms * 1_000_000;
    }

    fn proc(&self, tid: i64) -> Proc {
        self.procs.get(&tid).cloned().unwrap_or(Proc {
            exe: "",
            args: &[],
            comm: "",
            uid: 0,
            ptid: 0,
        })
    }

    /// `parent` forks `child` (clone exit in the parent, then in the child).
    fn fork(&mut self, parent: i64, child: i64) -> Result<(), WriteError> {
        let p = self.proc(parent);
        self.ev(parent, 222, &[])?;
        self.ev(parent, 223, &clone_x(child, parent, p.ptid, &p))?;
        let c = Proc { ptid: parent, ..p };
        self.ev(child, 223, &clone_x(0, child, parent, &c))?;
        self.procs.insert(child, c);
        Ok(())
    }

    /// `tid` runs `exe` with `args` (execve enter and successful exit).
    fn exec(
        &mut self,
        tid: i64,
        exe: &'static str,
        args: &'static [&'static str],
    ) -> Result<(), WriteError> {
        let old = self.proc(tid);
        let comm = exe.rsplit('/').next().unwrap_or(exe);
        let p = Proc {
            exe,
            args,
            comm,
            ..old
        };
        self.ev(tid, 292, &[Param::str(exe)])?;
        let uid = Param::id(p.uid);
        let params = [
            Param::res(0),
            Param::str(exe),
            Param::List(args),
            Param::pid(tid),
            Param::pid(tid),
            Param::pid(p.ptid),
            Param::str("/"),
            Param::u64(1024),
            Param::u64(0),
            Param::u64(90),
            Param::Int(2_400),
            Param::Int(1_100),
            Param::Int(0),
            Param::str(comm),
            Param::List(&["cpuset=/"]),
            Param::List(&["PATH=/usr/local/bin:/usr/bin:/bin"]),
            Param::Int(0),
            Param::pid(tid),
            Param::id(u32::MAX),
            Param::flags(0),
            Param::u64(0),
            Param::u64(0),
            Param::u64(0),
            Param::u64(0),
            Param::u64(0),
            Param::u64(0),
            uid,
            Param::str(exe),
            Param::pid(tid),
            uid,
            Param::str(exe),
        ];
        self.ev(tid, 293, &params)?;
        self.procs.insert(tid, p);
        Ok(())
    }

    fn open(&mut self, tid: i64, path: &str, flags: u32, fd: i64) -> Result<(), WriteError> {
        let mode = if flags & O_CREAT != 0 { 0o640 } else { 0 };
        let (dirfd, name) = (Param::fd(AT_FDCWD), Param::str(path));
        let head = [dirfd, name, Param::flags(flags), Param::Int(mode)];
        self.ev(tid, 306, &head)?;
        let ino = 1_000 + path.len() as u64;
        let exit = [
            Param::fd(fd),
            dirfd,
            name,
            Param::flags(flags),
            Param::Int(mode),
        ];
        let tail = [Param::Int(0x801), Param::u64(ino)];
        self.ev(tid, 307, &[&exit[..], &tail[..]].concat())
    }

    fn read(&mut self, tid: i64, fd: i64, data: &[u8]) -> Result<(), WriteError> {
        self.io(tid, fd, data, 6)
    }

    fn write(&mut self, tid: i64, fd: i64, data: &[u8]) -> Result<(), WriteError> {
        self.io(tid, fd, data, 8)
    }

    fn io(&mut self, tid: i64, fd: i64, data: &[u8], enter: u16) -> Result<(), WriteError> {
        let size = Param::Int(4096);
        self.ev(tid, enter, &[Param::fd(fd), size])?;
        let res = Param::res(data.len() as i64);
        self.ev(
            tid,
            enter + 1,
            &[res, Param::Bytes(data), Param::fd(fd), size],
        )
    }

    fn close(&mut self, tid: i64, fd: i64) -> Result<(), WriteError> {
        self.ev(tid, 4, &[Param::fd(fd)])?;
        self.ev(tid, 5, &[Param::res(0), Param::fd(fd)])
    }

    fn exit(&mut self, tid: i64) -> Result<(), WriteError> {
        let p = self.proc(tid);
        let zero = Param::res(0);
        self.ev(
            tid,
            186,
            &[zero, zero, Param::Int(0), Param::Int(0), Param::pid(p.ptid)],
        )?;
        self.procs.remove(&tid);
        Ok(())
    }
}

fn clone_x(res: i64, tid: i64, ptid: i64, p: &Proc) -> Vec<Param<'static>> {
    vec![
        Param::pid(res),
        Param::str(p.exe),
        Param::List(p.args),
        Param::pid(tid),
        Param::pid(tid),
        Param::pid(ptid),
        Param::str("/"),
        Param::Int(1024),
        Param::u64(0),
        Param::u64(0),
        Param::Int(2_400),
        Param::Int(1_100),
        Param::Int(0),
        Param::str(p.comm),
        Param::List(&["cpuset=/"]),
        Param::flags(0),
        Param::id(p.uid),
        Param::id(p.uid),
        Param::pid(tid),
        Param::pid(tid),
        Param::u64(0),
    ]
}

/// The initial processes: (tid, ptid, exe, args, uid).
const PROCS: &[(i64, i64, &str, &[&str], u32)] = &[
    (1, 0, "/sbin/init", &[], 0),
    (410, 1, "/usr/sbin/sshd", &["-D"], 0),
    (980, 1, "/usr/sbin/nginx", &["-g", "daemon off;"], 0),
    (981, 980, "/usr/sbin/nginx", &["-g", "daemon off;"], 33),
    (1200, 1, "/usr/sbin/cron", &["-f"], 0),
    (
        1201,
        1200,
        "/usr/sbin/logrotate",
        &["/etc/logrotate.conf"],
        0,
    ),
    (1500, 410, "/sbin/unix_chkpwd", &["alice", "nullok"], 0),
];

fn threads() -> Vec<ThreadInfo> {
    PROCS
        .iter()
        .map(|&(tid, ptid, exe, args, uid)| ThreadInfo {
            tid,
            pid: tid,
            ptid,
            sid: Some(tid),
            vpgid: Some(tid),
            comm: exe.rsplit('/').next().unwrap_or(exe).into(),
            exe: exe.into(),
            exepath: Some(exe.into()),
            args: args.iter().map(|s| s.to_string()).collect(),
            cwd: "/".into(),
            fdlimit: 1024,
            uid,
            gid: uid,
            vtid: Some(tid),
            vpid: Some(tid),
            root: Some("/".into()),
            loginuid: Some(u32::MAX),
            exe_writable: Some(false),
            fds: if tid == 981 { worker_fds() } else { Vec::new() },
            ..ThreadInfo::default()
        })
        .collect()
}

/// The nginx worker's listening socket and one accepted connection.
fn worker_fds() -> Vec<FdInfo> {
    vec![
        FdInfo {
            fd: 6,
            ino: 31_337,
            fd_type: 5,
            kind: FdKind::Ipv4Server {
                ip: [0, 0, 0, 0],
                port: 80,
                l4proto: 2,
            },
        },
        FdInfo {
            fd: 12,
            ino: 31_340,
            fd_type: 3,
            kind: FdKind::Ipv4 {
                sip: [203, 0, 113, 9],
                dip: [10, 0, 0, 2],
                sport: 51_514,
                dport: 80,
                l4proto: 2,
            },
        },
    ]
}

fn metadata(w: &mut CaptureWriter<Vec<u8>>) -> Result<(), WriteError> {
    w.machine(&MachineInfo {
        num_cpus: 2,
        memory_size_bytes: 4 << 30,
        max_pid: 0,
        hostname: "web-1".into(),
        boot_ts_epoch: T0 - 86_400_000_000_000,
        flags: 0,
    })?;
    w.interfaces(&[Interface::V4 {
        name: "eth0".into(),
        addr: [10, 0, 0, 2],
        netmask: [255, 255, 255, 0],
        bcast: [10, 0, 0, 255],
        linkspeed: Some(1000),
    }])?;
    let user = |uid: u32, name: &str, home: &str, shell: &str| User {
        uid,
        gid: uid,
        name: name.into(),
        home: home.into(),
        shell: shell.into(),
    };
    let group = |gid: u32, name: &str| Group {
        gid,
        name: name.into(),
    };
    w.users(
        &[
            user(0, "root", "/root", "/bin/bash"),
            user(33, "www-data", "/var/www", "/usr/sbin/nologin"),
        ],
        &[group(0, "root"), group(33, "www-data")],
    )?;
    w.threads(&threads())
}

/// The demo capture's bytes.
pub fn demo_capture() -> Result<Vec<u8>, WriteError> {
    let mut w = CaptureWriter::new(Vec::new())?;
    metadata(&mut w)?;
    let mut s = Story {
        w,
        ts: T0,
        procs: BTreeMap::new(),
    };
    for &(tid, ptid, exe, args, uid) in PROCS {
        let comm = exe.rsplit('/').next().unwrap_or(exe);
        let p = Proc {
            exe,
            args,
            comm,
            uid,
            ptid,
        };
        s.procs.insert(tid, p);
    }
    // An ordinary request: the worker serves a page.
    s.read(981, 12, b"GET / HTTP/1.1\r\nHost: web-1\r\n\r\n")?;
    s.open(981, "/var/www/html/index.html", O_RDONLY | O_CLOEXEC, 13)?;
    s.read(981, 13, b"<html><body>hello</body></html>\n")?;
    s.close(981, 13)?;
    s.write(981, 12, b"HTTP/1.1 200 OK\r\nContent-Length: 33\r\n\r\n")?;
    // Log rotation writes a file (no rule is about writes).
    s.pause(40);
    s.open(1201, "/var/log/nginx/access.log.1", O_WRONLY | O_CREAT, 5)?;
    s.write(1201, 5, b"203.0.113.9 - - \"GET / HTTP/1.1\" 200 33\n")?;
    s.close(1201, 5)?;
    // unix_chkpwd reads the shadow file, as it is allowed to.
    s.open(1500, "/etc/shadow", O_RDONLY | O_CLOEXEC, 3)?;
    s.read(1500, 3, b"alice:$6$salt$hash:19000:0:99999:7:::\n")?;
    s.close(1500, 3)?;
    s.exit(1500)?;
    // The attack: a crafted request makes the worker run a shell that reads the file.
    s.pause(120);
    s.read(
        981,
        12,
        b"GET /cgi-bin/x?cmd=cat%20/etc/shadow HTTP/1.1\r\n\r\n",
    )?;
    s.fork(981, 2001)?;
    s.exec(2001, "/bin/sh", &["-c", "cat /etc/shadow"])?;
    s.fork(2001, 2002)?;
    s.exec(2002, "/bin/cat", &["/etc/shadow"])?;
    s.open(2002, "/etc/shadow", O_RDONLY | O_CLOEXEC, 3)?;
    s.read(2002, 3, b"root:$6$salt$hash:19000:0:99999:7:::\n")?;
    s.close(2002, 3)?;
    s.exit(2002)?;
    s.exit(2001)?;
    s.w.finish()
}

/// Writes the demo capture to `out`.
pub fn generate(out: &std::path::Path) -> Result<(), String> {
    let bytes = demo_capture().map_err(|e| format!("cannot build the demo capture: {e}"))?;
    std::fs::write(out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))
}
