//! State and extraction on a capture written by the test writer: a shell forks a child
//! that execs, changes directory, opens, duplicates, closes, connects and exits. Each
//! step is checked through the field interface, as rules see it.

mod common;

use std::net::{IpAddr, Ipv4Addr};

use common::writer::{block, event, event_block, shb, Body};
use falcoc_compiler::catalog::events::event_table;
use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::{CaptureReader, Inspector};

fn nul(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

fn list(items: &[&str]) -> Vec<u8> {
    items.iter().flat_map(|s| nul(s)).collect()
}

/// One PL_V9 entry: tid, pid, ptid, comm, exe, args, cwd, uid, cgroups.
fn pl_entry(
    tid: u64,
    pid: u64,
    ptid: u64,
    comm: &str,
    args: &[&str],
    cwd: &str,
    cgroup: &str,
) -> Vec<u8> {
    let mut e = Body::default();
    e.u64(tid).u64(pid).u64(ptid).u64(tid).u64(tid);
    e.str16(comm).str16(comm).str16(&format!("/usr/bin/{comm}"));
    let a = list(args);
    e.u16(a.len() as u16).bytes(&a);
    e.str16(cwd).u64(1024).u32(0).u32(0).u32(0);
    e.u32(10).u32(20).u32(0).u64(1).u64(2);
    e.u16(0);
    e.u64(tid).u64(pid);
    let c = nul(cgroup);
    e.u16(c.len() as u16).bytes(&c);
    e.str16("/");
    e.u64(0).u32(34816).u32(1000).u8(0).u64(0).u64(0).u64(0x3);
    let mut out = Body::default();
    out.u32(e.0.len() as u32 + 4).bytes(&e.0);
    out.0
}

fn metadata() -> Vec<u8> {
    let mut out = shb();
    let mut pl = Body::default();
    pl.bytes(&pl_entry(1, 1, 0, "systemd", &[], "/", "cpuset=/"));
    pl.bytes(&pl_entry(10, 10, 1, "bash", &["-i"], "/home/u", "cpuset=/"));
    out.extend(block(0x215, &pl.0));
    let mut fdl = Body::default();
    fdl.u64(10);
    let mut e = Body::default();
    e.u64(0).u64(5).u8(16).u32(3).str16("/dev/pts/0").u32(0x88);
    fdl.u32(e.0.len() as u32 + 4).bytes(&e.0);
    out.extend(block(0x218, &fdl.0));
    out
}

/// An exit-only event of type `ppme` with the named parameters; the others are empty
/// (variable-size) or zero (fixed-size).
fn ev(ts: u64, tid: u64, ppme: &str, given: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let info = event_table()
        .iter()
        .find(|e| e.ppme == ppme)
        .expect("known event");
    let params: Vec<Vec<u8>> = info
        .params
        .iter()
        .map(|p| match given.iter().find(|(n, _)| *n == p.name) {
            Some((_, v)) => v.clone(),
            None => vec![0; p.ptype.fixed_width().unwrap_or(0)],
        })
        .collect();
    let refs: Vec<&[u8]> = params.iter().map(Vec::as_slice).collect();
    event_block(
        0x216,
        0,
        None,
        &event(ts, tid, info.code, &refs, false, false),
    )
}

fn i64b(v: i64) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn u32b(v: u32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn tuple4(sip: [u8; 4], sport: u16, dip: [u8; 4], dport: u16) -> Vec<u8> {
    let mut b = vec![2u8];
    b.extend_from_slice(&sip);
    b.extend_from_slice(&sport.to_le_bytes());
    b.extend_from_slice(&dip);
    b.extend_from_slice(&dport.to_le_bytes());
    b
}

fn capture() -> Vec<u8> {
    let mut out = metadata();
    let clone = |ts, tid, res: i64| {
        ev(
            ts,
            tid,
            "PPME_SYSCALL_CLONE_20_X",
            &[
                ("res", i64b(res)),
                ("exe", nul("bash")),
                ("args", list(&["-i"])),
                ("tid", i64b(tid as i64)),
                ("pid", i64b(if res == 0 { 20 } else { 10 })),
                ("ptid", i64b(if res == 0 { 10 } else { 1 })),
                ("cwd", nul("/wrong")),
                ("comm", nul("bash")),
                ("cgroups", list(&["cpuset=/"])),
                ("vtid", i64b(tid as i64)),
                ("vpid", i64b(tid as i64)),
            ],
        )
    };
    out.extend(clone(1_000, 10, 20));
    out.extend(clone(2_000, 20, 0));
    out.extend(ev(3_000, 20, "PPME_SYSCALL_EXECVE_19_X", &[
        ("res", i64b(0)),
        ("exe", nul("cat")),
        ("args", list(&["/etc/shadow"])),
        ("tid", i64b(20)),
        ("pid", i64b(20)),
        ("ptid", i64b(10)),
        ("cwd", nul("/home/u")),
        ("fdlimit", 4096u64.to_le_bytes().to_vec()),
        ("comm", nul("cat")),
        ("cgroups", list(&["cpuset=/docker/3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e"])),
        ("env", list(&["A=1", "HOME=/root"])),
        ("loginuid", u32b(1000)),
        ("uid", u32b(33)),
        ("trusted_exepath", nul("/usr/bin/cat")),
    ]));
    out.extend(ev(
        4_000,
        20,
        "PPME_SYSCALL_CHDIR_X",
        &[("res", i64b(0)), ("path", nul("../tmp"))],
    ));
    out.extend(ev(
        5_000,
        20,
        "PPME_SYSCALL_OPENAT_2_X",
        &[
            ("fd", i64b(3)),
            ("dirfd", i64b(-100)),
            ("name", nul("x/../f.txt")),
            ("flags", u32b(1 | (1 << 12))),
        ],
    ));
    out.extend(ev(
        6_000,
        20,
        "PPME_SYSCALL_DUP2_X",
        &[("res", i64b(1)), ("oldfd", i64b(3)), ("newfd", i64b(1))],
    ));
    out.extend(ev(
        7_000,
        20,
        "PPME_SYSCALL_WRITE_X",
        &[
            ("res", i64b(5)),
            ("data", b"hello".to_vec()),
            ("fd", i64b(1)),
            ("size", u32b(5)),
        ],
    ));
    out.extend(ev(
        8_000,
        20,
        "PPME_SYSCALL_CLOSE_X",
        &[("res", i64b(0)), ("fd", i64b(3))],
    ));
    out.extend(ev(
        9_000,
        20,
        "PPME_SYSCALL_FSTAT_X",
        &[("res", i64b(0)), ("fd", i64b(3))],
    ));
    out.extend(ev(
        10_000,
        20,
        "PPME_SOCKET_SOCKET_X",
        &[
            ("fd", i64b(4)),
            ("domain", u32b(2)),
            ("type", u32b(1)),
            ("proto", u32b(0)),
        ],
    ));
    out.extend(ev(
        11_000,
        20,
        "PPME_SOCKET_CONNECT_X",
        &[
            ("res", i64b(0)),
            ("tuple", tuple4([10, 0, 0, 1], 5555, [1, 2, 3, 4], 80)),
            ("fd", i64b(4)),
        ],
    ));
    out.extend(ev(
        12_000,
        20,
        "PPME_SYSCALL_OPENAT_2_X",
        &[
            ("fd", i64b(-2)),
            ("dirfd", i64b(-100)),
            ("name", nul("missing")),
            ("flags", u32b(2)),
        ],
    ));
    out.extend(ev(13_000, 20, "PPME_PROCEXIT_1_E", &[("status", i64b(0))]));
    out.extend(ev(
        14_000,
        20,
        "PPME_SYSCALL_FSTAT_X",
        &[("res", i64b(0)), ("fd", i64b(1))],
    ));
    out
}

/// The values of `fields` on each event, in order.
fn run(fields: &[&str]) -> Vec<Vec<Option<FieldValue>>> {
    let bytes = capture();
    let mut r = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let resolved: Vec<_> = fields
        .iter()
        .map(|f| {
            let (b, a) = match f.split_once('[') {
                Some((b, a)) => (b, Some(a.trim_end_matches(']'))),
                None => (*f, None),
            };
            resolve_field(b, a).expect("field resolves")
        })
        .collect();
    let mut out = Vec::new();
    while let Ok(Some(e)) = r.next_event() {
        insp.process(&e);
        let mut src = insp.source(&e);
        out.push(resolved.iter().map(|f| src.extract(f)).collect());
    }
    out
}

fn s(v: &str) -> Option<FieldValue> {
    Some(FieldValue::Str(v.to_string()))
}

fn int(v: i64) -> Option<FieldValue> {
    Some(FieldValue::Int(v))
}

fn ip(a: [u8; 4]) -> FieldValue {
    FieldValue::Ip(IpAddr::V4(Ipv4Addr::from(a)))
}

/// Event index by timestamp / 1000 - 1.
fn at(rows: &[Vec<Option<FieldValue>>], n: usize) -> &[Option<FieldValue>] {
    rows.get(n).map(Vec::as_slice).expect("event present")
}

#[test]
fn fork_exec_lineage_and_process_fields() {
    let rows = run(&[
        "proc.name",
        "proc.cmdline",
        "proc.pname",
        "proc.aname[2]",
        "proc.aname",
        "proc.exepath",
        "proc.env[A]",
        "proc.cwd",
        "proc.pid",
        "proc.ppid",
        "container.id",
        "user.uid",
        "user.loginuid",
        "proc.fdlimit",
    ]);
    assert_eq!(rows.len(), 14);
    // The child exists from the parent's clone exit, inheriting the shell's cwd.
    let child_clone = at(&rows, 1);
    assert_eq!(child_clone[0], s("bash"));
    assert_eq!(child_clone[7], s("/home/u/"));
    assert_eq!(child_clone[8], int(20));
    assert_eq!(child_clone[9], int(10));
    let exec = at(&rows, 2);
    assert_eq!(exec[0], s("cat"));
    assert_eq!(exec[1], s("cat /etc/shadow"));
    assert_eq!(exec[2], s("bash"));
    assert_eq!(exec[3], s("systemd"));
    assert_eq!(
        exec[4],
        Some(FieldValue::List(vec![
            FieldValue::Str("bash".into()),
            FieldValue::Str("systemd".into())
        ]))
    );
    assert_eq!(exec[5], s("/usr/bin/cat"));
    assert_eq!(exec[6], s("1"));
    assert_eq!(exec[10], s("3ad7b26ded6d"));
    assert_eq!(exec[11], Some(FieldValue::Uint(33)));
    assert_eq!(exec[12], int(1000));
    assert_eq!(exec[13], int(4096));
    // The shell itself is a host process.
    assert_eq!(at(&rows, 0)[10], s("host"));
    // chdir ../tmp from /home/u/.
    assert_eq!(at(&rows, 3)[7], s("/home/tmp/"));
}

#[test]
fn fd_table_follows_open_dup_close_and_connect() {
    let rows = run(&[
        "fd.num",
        "fd.name",
        "fd.directory",
        "fd.filename",
        "fd.typechar",
        "fd.nameraw",
        "evt.is_open_read",
        "evt.arg.flags",
        "fd.sip",
        "fd.cport",
        "fd.l4proto",
        "fd.ip",
        "evt.res",
        "evt.failed",
        "fd.is_server",
        "evt.arg.fd",
    ]);
    let open = at(&rows, 4);
    assert_eq!(open[0], int(3));
    assert_eq!(open[1], s("/home/tmp/f.txt"));
    assert_eq!(open[2], s("/home/tmp"));
    assert_eq!(open[3], s("f.txt"));
    assert_eq!(open[4], s("f"));
    assert_eq!(open[5], s("x/../f.txt"));
    assert_eq!(open[6], Some(FieldValue::Bool(true)));
    assert_eq!(open[7], s("O_RDONLY|O_CLOEXEC"));
    // dup2 made fd 1 the file (without close-on-exec); the write sees it.
    assert_eq!(at(&rows, 6)[1], s("/home/tmp/f.txt"));
    assert_eq!(at(&rows, 6)[15], s("<f>/home/tmp/f.txt"));
    // close still shows the fd; the next event no longer finds it (an fd event on an
    // unknown fd has the empty name, as in libsinsp).
    assert_eq!(at(&rows, 7)[1], s("/home/tmp/f.txt"));
    assert_eq!(at(&rows, 8)[0], int(3));
    assert_eq!(at(&rows, 8)[1], s(""));
    let connect = at(&rows, 10);
    assert_eq!(connect[1], s("10.0.0.1:5555->1.2.3.4:80"));
    assert_eq!(connect[8], Some(ip([1, 2, 3, 4])));
    assert_eq!(connect[9], Some(FieldValue::Uint(5555)));
    assert_eq!(connect[10], s("tcp"));
    assert_eq!(
        connect[11],
        Some(FieldValue::List(vec![ip([10, 0, 0, 1]), ip([1, 2, 3, 4])]))
    );
    assert_eq!(connect[14], Some(FieldValue::Bool(false)));
    // A failed open names its file but has no fd.
    let failed = at(&rows, 11);
    assert_eq!(failed[0], int(-1));
    assert_eq!(failed[1], s("/home/tmp/missing"));
    assert_eq!(failed[12], s("ENOENT"));
    assert_eq!(failed[13], Some(FieldValue::Bool(true)));
    assert_eq!(failed[14], None);
}

#[test]
fn exited_threads_are_removed_after_their_procexit() {
    let rows = run(&["proc.name", "fd.name"]);
    assert_eq!(at(&rows, 12)[0], s("cat"));
    // The next event of the same tid finds a fresh placeholder with no fds.
    assert_eq!(at(&rows, 13)[0], s("<NA>"));
    assert_eq!(at(&rows, 13)[1], s(""));
}

#[test]
fn exited_processes_do_not_accumulate() {
    let mut bytes = metadata();
    for i in 0..2_000u64 {
        let child = 100 + i;
        let ts = 1_000 + i * 10;
        bytes.extend(ev(
            ts,
            10,
            "PPME_SYSCALL_CLONE_20_X",
            &[
                ("res", i64b(child as i64)),
                ("exe", nul("bash")),
                ("tid", i64b(10)),
                ("pid", i64b(10)),
                ("ptid", i64b(1)),
                ("comm", nul("bash")),
            ],
        ));
        bytes.extend(ev(
            ts + 1,
            child,
            "PPME_SYSCALL_OPENAT_2_X",
            &[
                ("fd", i64b(5)),
                ("dirfd", i64b(-100)),
                ("name", nul("/etc/hosts")),
            ],
        ));
        bytes.extend(ev(
            ts + 2,
            child,
            "PPME_PROCEXIT_1_E",
            &[("status", i64b(0))],
        ));
    }
    bytes.extend(ev(
        1_000_000,
        10,
        "PPME_SYSCALL_FSTAT_X",
        &[("res", i64b(0)), ("fd", i64b(0))],
    ));
    let mut r = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut most = 0;
    while let Ok(Some(e)) = r.next_event() {
        insp.process(&e);
        most = most.max(insp.threads().len());
    }
    assert!(most <= 4, "the thread table grew to {most}");
    assert_eq!(insp.threads().len(), 2);
}

#[test]
fn close_on_exec_close_range_and_limits() {
    let mut bytes = metadata();
    let open = |ts, fd: i64, name: &str, flags: u32| {
        ev(
            ts,
            10,
            "PPME_SYSCALL_OPENAT_2_X",
            &[
                ("fd", i64b(fd)),
                ("dirfd", i64b(-100)),
                ("name", nul(name)),
                ("flags", u32b(flags)),
            ],
        )
    };
    let fstat = |ts, fd: i64| {
        ev(
            ts,
            10,
            "PPME_SYSCALL_FSTAT_X",
            &[("res", i64b(0)), ("fd", i64b(fd))],
        )
    };
    bytes.extend(open(1, 5, "/a", 1));
    bytes.extend(open(2, 6, "/b", 1));
    bytes.extend(open(3, 7, "/c", 1 | (1 << 12)));
    bytes.extend(ev(
        4,
        10,
        "PPME_SYSCALL_FCNTL_X",
        &[
            ("res", i64b(0)),
            ("fd", i64b(5)),
            ("cmd", vec![3]),
            ("arg", 1u64.to_le_bytes().to_vec()),
        ],
    ));
    bytes.extend(ev(
        5,
        10,
        "PPME_SYSCALL_CLOSE_RANGE_X",
        &[("res", i64b(0)), ("first", u32b(6)), ("last", u32b(6))],
    ));
    bytes.extend(fstat(6, 6));
    bytes.extend(ev(
        7,
        10,
        "PPME_SYSCALL_GETRLIMIT_X",
        &[
            ("res", i64b(0)),
            ("cur", i64b(2048)),
            ("max", i64b(4096)),
            ("resource", vec![7]),
        ],
    ));
    bytes.extend(ev(
        8,
        10,
        "PPME_SYSCALL_EXECVE_19_X",
        &[("res", i64b(0)), ("exe", nul("ls")), ("comm", nul("ls"))],
    ));
    for (i, fd) in [0, 5, 7].into_iter().enumerate() {
        bytes.extend(fstat(9 + i as u64, fd));
    }
    let fields =
        ["fd.name", "proc.fdlimit", "proc.name"].map(|f| resolve_field(f, None).expect("field"));
    let mut r = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut rows = Vec::new();
    while let Ok(Some(e)) = r.next_event() {
        insp.process(&e);
        let mut src = insp.source(&e);
        rows.push(fields.iter().map(|f| src.extract(f)).collect::<Vec<_>>());
    }
    assert_eq!(rows.len(), 11);
    // close_range removed fd 6 after its event.
    assert_eq!(rows[4][0], None);
    assert_eq!(rows[5][0], s(""));
    assert_eq!(rows[6][1], int(2048));
    // After exec: stdin stays; fd 5 (set close-on-exec by fcntl) and fd 7 (opened with
    // O_CLOEXEC) are gone.
    assert_eq!(rows[8][2], s("ls"));
    assert_eq!(rows[8][0], s("/dev/pts/0"));
    assert_eq!(rows[9][0], s(""));
    assert_eq!(rows[10][0], s(""));
}

#[test]
fn user_meta_events_edit_the_user_table() {
    let mut bytes = metadata();
    bytes.extend(ev(
        1,
        10,
        "PPME_USER_ADDED_E",
        &[
            ("uid", u32b(1234)),
            ("gid", u32b(1234)),
            ("name", nul("bob")),
            ("home", nul("/home/bob")),
            ("shell", nul("/bin/zsh")),
        ],
    ));
    bytes.extend(ev(
        2,
        10,
        "PPME_GROUP_ADDED_E",
        &[("gid", u32b(77)), ("name", nul("staff"))],
    ));
    bytes.extend(ev(
        3,
        10,
        "PPME_SYSCALL_SETUID_X",
        &[("res", i64b(0)), ("uid", u32b(1234))],
    ));
    bytes.extend(ev(
        4,
        10,
        "PPME_SYSCALL_SETGID_X",
        &[("res", i64b(0)), ("gid", u32b(77))],
    ));
    bytes.extend(ev(
        5,
        10,
        "PPME_USER_DELETED_E",
        &[("uid", u32b(1234)), ("gid", u32b(1234))],
    ));
    bytes.extend(ev(
        6,
        10,
        "PPME_SYSCALL_GETCWD_X",
        &[("res", i64b(0)), ("path", nul("/srv"))],
    ));
    let fields = [
        "user.name",
        "user.homedir",
        "user.shell",
        "group.name",
        "proc.cwd",
    ]
    .map(|f| resolve_field(f, None).expect("field"));
    let mut r = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut rows = Vec::new();
    while let Ok(Some(e)) = r.next_event() {
        insp.process(&e);
        let mut src = insp.source(&e);
        rows.push(fields.iter().map(|f| src.extract(f)).collect::<Vec<_>>());
    }
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[3][0], s("bob"));
    assert_eq!(rows[3][1], s("/home/bob"));
    assert_eq!(rows[3][2], s("/bin/zsh"));
    assert_eq!(rows[3][3], s("staff"));
    // After userdeleted the uid has no name: `<NA>`, as libsinsp (falco-fields oracle).
    assert_eq!(rows[5][0], s("<NA>"));
    assert_eq!(rows[5][4], s("/srv/"));
}
