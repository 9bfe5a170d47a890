//! The capture writer: a written capture (plain and gzip) reads back into the same tables
//! and the same event parameters, and sysdig 0.29.3 reads it too.

use std::process::Command;

use falcoc_compiler::catalog::events::{event_info, ParamType};
use falcoc_runtime::event::{SockAddr, SockTuple};
use falcoc_runtime::scap::{
    CaptureWriter, FdInfo, FdKind, Group, Interface, MachineInfo, Param, ThreadInfo, User,
    WriteError,
};
use falcoc_runtime::{CaptureReader, Event};

const T0: u64 = 1_700_000_000_000_000_000;

fn thread(tid: i64, ptid: i64, comm: &str, exe: &str, args: &[&str], uid: u32) -> ThreadInfo {
    ThreadInfo {
        tid,
        pid: tid,
        ptid,
        sid: Some(1),
        vpgid: Some(tid),
        comm: comm.into(),
        exe: exe.into(),
        exepath: Some(exe.into()),
        args: args.iter().map(|s| s.to_string()).collect(),
        cwd: "/".into(),
        fdlimit: 1024,
        flags: 0,
        uid,
        gid: uid,
        vmsize_kb: Some(1000),
        vmrss_kb: Some(500),
        vmswap_kb: Some(0),
        pfmajor: Some(1),
        pfminor: Some(2),
        env: Some(vec!["PATH=/usr/bin".into()]),
        vtid: Some(tid),
        vpid: Some(tid),
        cgroups: Some(vec!["cpuset=/".into()]),
        root: Some("/".into()),
        loginuid: Some(u32::MAX),
        exe_writable: Some(false),
        cap_inheritable: Some(0),
        cap_permitted: Some(0x1ff),
        cap_effective: Some(0x1ff),
        ..ThreadInfo::default()
    }
}

fn threads() -> Vec<ThreadInfo> {
    let mut nginx = thread(
        100,
        1,
        "nginx",
        "/usr/sbin/nginx",
        &["-g", "daemon off;"],
        33,
    );
    nginx.fds = vec![
        FdInfo {
            fd: 3,
            ino: 77,
            fd_type: 16,
            kind: FdKind::File {
                open_flags: 1,
                name: "/var/log/nginx/access.log".into(),
                dev: Some(0x801),
            },
        },
        FdInfo {
            fd: 6,
            ino: 0,
            fd_type: 5,
            kind: FdKind::Ipv4Server {
                ip: [0, 0, 0, 0],
                port: 80,
                l4proto: 2,
            },
        },
        FdInfo {
            fd: 7,
            ino: 0,
            fd_type: 3,
            kind: FdKind::Ipv4 {
                sip: [10, 0, 0, 2],
                dip: [10, 0, 0, 5],
                sport: 80,
                dport: 40000,
                l4proto: 2,
            },
        },
        FdInfo {
            fd: 8,
            ino: 0,
            fd_type: 8,
            kind: FdKind::Unix {
                source: 0xffff_0001,
                dest: 0xffff_0002,
                name: "/run/php.sock".into(),
            },
        },
    ];
    let mut newer = thread(300, 1, "cron", "/usr/sbin/cron", &[], 0);
    newer.pidns_init_start_ts = Some(5);
    newer.tty = Some(34816);
    newer.exe_upper_layer = Some(false);
    newer.exe_ino = Some(99);
    newer.pgid = Some(300);
    newer.exe_ino_ctime = Some(1);
    newer.exe_ino_mtime = Some(2);
    newer.exe_from_memfd = Some(false);
    newer.exe_lower_layer = Some(true);
    vec![thread(1, 0, "systemd", "/sbin/init", &[], 0), nginx, newer]
}

fn users() -> (Vec<User>, Vec<Group>) {
    let user = |uid: u32, name: &str| User {
        uid,
        gid: uid,
        name: name.into(),
        home: format!("/home/{name}"),
        shell: "/bin/sh".into(),
    };
    (
        vec![user(0, "root"), user(33, "www-data")],
        vec![
            Group {
                gid: 0,
                name: "root".into(),
            },
            Group {
                gid: 33,
                name: "www-data".into(),
            },
        ],
    )
}

fn interfaces() -> Vec<Interface> {
    vec![
        Interface::V4 {
            name: "eth0".into(),
            addr: [10, 0, 0, 2],
            netmask: [255, 255, 255, 0],
            bcast: [10, 0, 0, 255],
            linkspeed: Some(1000),
        },
        Interface::V6 {
            name: "lo".into(),
            addr: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            netmask: [0xff; 16],
            bcast: [0; 16],
            linkspeed: Some(0),
        },
    ]
}

fn machine() -> MachineInfo {
    MachineInfo {
        num_cpus: 4,
        memory_size_bytes: 8 << 30,
        max_pid: 0,
        hostname: "web-1".into(),
        boot_ts_epoch: T0 - 1_000_000_000,
        flags: 0,
    }
}

/// One event to write: (ts offset, tid, code, params).
type Ev = (u64, i64, u16, Vec<Param<'static>>);

const SH_ARGS: &[&str] = &["-c", "cat /etc/shadow"];

fn execve_x(
    tid: i64,
    ptid: i64,
    exe: &'static str,
    args: &'static [&'static str],
) -> Vec<Param<'static>> {
    let comm = exe.rsplit('/').next().unwrap_or(exe);
    vec![
        Param::res(0),
        Param::str(exe),
        Param::List(args),
        Param::pid(tid),
        Param::pid(tid),
        Param::pid(ptid),
        Param::str("/"),
        Param::u64(1024),
        Param::u64(0),
        Param::u64(12),
        Param::Int(2000),
        Param::Int(800),
        Param::Int(0),
        Param::str(comm),
        Param::List(&["cpuset=/"]),
        Param::List(&["PATH=/usr/bin"]),
        Param::Int(0),
        Param::pid(tid),
        Param::id(33),
        Param::flags(0),
        Param::u64(0),
        Param::u64(0),
        Param::u64(0),
        Param::u64(1234),
        Param::u64(T0),
        Param::u64(T0),
        Param::id(33),
        Param::str(exe),
        Param::pid(tid),
        Param::id(33),
        Param::str(exe),
    ]
}

fn clone_x(res: i64, tid: i64, ptid: i64) -> Vec<Param<'static>> {
    vec![
        Param::pid(res),
        Param::str("/usr/sbin/nginx"),
        Param::List(&["-g", "daemon off;"]),
        Param::pid(tid),
        Param::pid(tid),
        Param::pid(ptid),
        Param::str("/"),
        Param::Int(1024),
        Param::u64(0),
        Param::u64(0),
        Param::Int(1000),
        Param::Int(500),
        Param::Int(0),
        Param::str("nginx"),
        Param::List(&["cpuset=/"]),
        Param::flags(0),
        Param::id(33),
        Param::id(33),
        Param::pid(tid),
        Param::pid(tid),
        Param::u64(0),
    ]
}

/// nginx (100) forks 200, which runs `sh -c "cat /etc/shadow"`, opens and reads the
/// file, connects somewhere, closes and exits.
fn events() -> Vec<Ev> {
    vec![
        (1, 100, 222, vec![]),
        (2, 100, 223, clone_x(200, 100, 1)),
        (3, 200, 223, clone_x(0, 200, 100)),
        (4, 200, 292, vec![Param::str("/bin/sh")]),
        (5, 200, 293, execve_x(200, 100, "/bin/sh", SH_ARGS)),
        (
            6,
            200,
            306,
            vec![
                Param::fd(-100),
                Param::str("/etc/shadow"),
                Param::flags(1),
                Param::Int(0),
            ],
        ),
        (
            7,
            200,
            307,
            vec![
                Param::fd(4),
                Param::fd(-100),
                Param::str("/etc/shadow"),
                Param::flags(1),
                Param::Int(0),
                Param::Int(0x801),
                Param::u64(4242),
            ],
        ),
        (8, 200, 6, vec![Param::fd(4), Param::Int(4096)]),
        (
            9,
            200,
            7,
            vec![
                Param::res(10),
                Param::Bytes(b"root:x:0:0"),
                Param::fd(4),
                Param::Int(4096),
            ],
        ),
        (
            10,
            200,
            22,
            vec![
                Param::fd(7),
                Param::SockAddr(SockAddr::V4 {
                    addr: [93, 184, 216, 34],
                    port: 443,
                }),
            ],
        ),
        (
            11,
            200,
            23,
            vec![
                Param::res(0),
                Param::SockTuple(SockTuple::V4 {
                    sip: [10, 0, 0, 2],
                    sport: 51000,
                    dip: [93, 184, 216, 34],
                    dport: 443,
                }),
                Param::fd(7),
                Param::SockAddr(SockAddr::V6 {
                    addr: [0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                    port: 443,
                }),
            ],
        ),
        (12, 200, 4, vec![Param::fd(4)]),
        (13, 200, 5, vec![Param::res(0), Param::fd(4)]),
        (
            14,
            200,
            186,
            vec![
                Param::res(0),
                Param::res(0),
                Param::Int(0),
                Param::Int(0),
                Param::pid(1),
            ],
        ),
    ]
}

fn write(gzip: bool) -> Vec<u8> {
    let mut w = if gzip {
        CaptureWriter::gzip(Vec::new())
    } else {
        CaptureWriter::new(Vec::new())
    }
    .expect("header");
    let (us, gs) = users();
    w.machine(&machine()).expect("machine");
    w.interfaces(&interfaces()).expect("interfaces");
    w.users(&us, &gs).expect("users");
    w.threads(&threads()).expect("threads");
    for (dt, tid, code, params) in events() {
        w.event(T0 + dt * 1000, tid, code, &params).expect("event");
    }
    w.finish().expect("finish")
}

/// Asserts that parameter `i` of `e` decodes to `p`.
fn check_param(e: &Event<'_>, i: usize, p: &Param<'_>) {
    let what = format!("{} param {i}", e.name());
    let ptype = e.param_type(i).expect("param type");
    match p {
        Param::Int(n) => {
            let got = match ptype {
                ParamType::Int64 | ParamType::Errno | ParamType::Fd | ParamType::Pid => e.as_i64(i),
                _ => e.as_u64(i).map(|v| v as i64),
            };
            assert_eq!(got, Some(*n), "{what}");
        }
        Param::Str(s) => assert_eq!(e.as_str(i), Some(*s), "{what}"),
        Param::Bytes(b) | Param::Raw(b) => assert_eq!(e.as_bytes(i), Some(*b), "{what}"),
        Param::List(items) => {
            let got: Vec<&[u8]> = e.as_strlist(i).expect("list").collect();
            let want: Vec<&[u8]> = items.iter().map(|s| s.as_bytes()).collect();
            assert_eq!(got, want, "{what}");
        }
        Param::SockAddr(a) => assert_eq!(e.as_sockaddr(i).as_ref(), Some(a), "{what}"),
        Param::SockTuple(t) => assert_eq!(e.as_socktuple(i).as_ref(), Some(t), "{what}"),
        Param::Empty => assert_eq!(e.param(i), Some(&[][..]), "{what}"),
    }
}

fn check_round_trip(bytes: &[u8], gzip: bool) {
    let mut r = CaptureReader::open(bytes).expect("written capture opens");
    assert_eq!(r.is_gzip(), gzip);
    let t = r.tables();
    let s = t.section.expect("section");
    assert_eq!((s.major, s.minor, s.section_length), (1, 2, u64::MAX));
    assert_eq!(t.machine.as_ref(), Some(&machine()));
    assert_eq!(t.interfaces, interfaces());
    let (us, gs) = users();
    assert_eq!((&t.users, &t.groups), (&us, &gs));
    assert_eq!(t.threads, threads());
    assert!(t.unattached_fds.is_empty() && t.skipped_blocks.is_empty());
    r.set_raw(true);
    let want = events();
    let mut n = 0;
    while let Some(e) = r.next_event().expect("event") {
        let (dt, tid, code, params) = want.get(n).expect("no extra event");
        assert_eq!((e.ts(), e.tid(), e.code()), (T0 + dt * 1000, *tid, *code));
        assert_eq!(e.nparams(), params.len(), "{}", e.name());
        for (i, p) in params.iter().enumerate() {
            check_param(&e, i, p);
        }
        n += 1;
    }
    assert_eq!(n, want.len());
}

#[test]
fn written_capture_reads_back_identically() {
    check_round_trip(&write(false), false);
}

#[test]
fn gzip_capture_reads_back_identically() {
    let bytes = write(true);
    assert_eq!(bytes.get(..2), Some(&[0x1f, 0x8b][..]));
    check_round_trip(&bytes, true);
}

#[test]
fn every_param_of_an_execve_exit_has_the_table_type() {
    let info = event_info(293).expect("execve exit");
    assert_eq!(info.params.len(), execve_x(1, 1, "/bin/sh", SH_ARGS).len());
}

#[test]
fn bad_values_are_refused() {
    let mut w = CaptureWriter::new(Vec::new()).expect("header");
    let err = |r: Result<(), WriteError>| r.expect_err("refused").to_string();
    assert_eq!(
        err(w.event(T0, 1, 5, &[Param::res(0), Param::fd(1), Param::fd(2)])),
        "event `close` (code 5) has 2 parameters, 3 given"
    );
    assert_eq!(
        err(w.event(T0, 1, 5, &[Param::str("x")])),
        "parameter `res` of event `close` is PT_ERRNO: the value given is of another kind"
    );
    assert_eq!(
        err(w.event(T0, 1, 5, &[Param::res(0), Param::Empty])),
        "parameter `fd` of event `close` is PT_FD: a fixed-size value cannot be empty"
    );
    assert_eq!(
        err(w.event(T0, 1, 8, &[Param::fd(1), Param::Int(1 << 40)])),
        "parameter `size` of event `write` is PT_UINT32: the integer does not fit its width"
    );
    assert!(err(w.event(T0, 1, u16::MAX, &[])).contains("unknown event type code"));
    w.event(T0, 1, 4, &[Param::fd(3)]).expect("close enter");
    assert_eq!(
        err(w.users(&[], &[])),
        "metadata blocks cannot follow events in a capture section"
    );
}

#[test]
fn sysdig_reads_the_written_capture() {
    if !falcoc_testkit::sysdig::available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("falcoc-writer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("written.scap");
    std::fs::write(&path, write(true)).expect("write capture");
    let out = Command::new("sysdig")
        .arg("-r")
        .arg(&path)
        .args(["-p", "%evt.type %proc.name %fd.name"])
        .output()
        .expect("sysdig runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    let lines: Vec<&str> = text.lines().collect();
    // sysdig prints only events whose every field resolves: the fd events of `sh`, with
    // fd 7 inherited from nginx's fd list through the clone.
    assert_eq!(
        lines,
        [
            "openat sh /etc/shadow",
            "read sh /etc/shadow",
            "read sh /etc/shadow",
            "connect sh 10.0.0.5:40000->10.0.0.2:80",
            "connect sh 10.0.0.2:51000->93.184.216.34:443",
            "close sh /etc/shadow",
            "close sh /etc/shadow",
        ]
    );
}
