//! Captures written by the test writer in the newest layouts (what Falco 0.44 writes:
//! PL_V9 with the full tail, FDL_V2 with new fd types, exit-only events, flagged and large
//! event blocks, gzip) and the oldest (v1 event headers, enter/exit pairs), read back.

mod common;

use common::writer::{block, event, event_block, shb, Body};
use falcoc_runtime::event::{SockAddr, SockTuple};
use falcoc_runtime::scap::{FdKind, Interface};
use falcoc_runtime::CaptureReader;

const NUL_STR: fn(&str) -> Vec<u8> = |s| {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
};

fn metadata() -> Vec<u8> {
    let mut out = shb();
    // MI
    let mut mi = Body::default();
    mi.u32(4).u64(1 << 33).u64(0);
    let mut host = [0u8; 128];
    host[..4].copy_from_slice(b"node");
    mi.bytes(&host)
        .u64(1_700_000_000_000_000_000)
        .u64(0)
        .u64(0)
        .u64(0);
    out.extend(block(0x201, &mi.0));
    // IL_V2: one IPv4 and one IPv6 entry; entry_len excludes its own 4 bytes.
    let mut il = Body::default();
    let mut e = Body::default();
    e.u16(1)
        .u16(2)
        .bytes(&[10, 0, 0, 1])
        .bytes(&[255, 0, 0, 0])
        .bytes(&[10, 255, 255, 255])
        .u64(1000)
        .bytes(b"lo");
    il.u32(e.0.len() as u32).bytes(&e.0);
    let mut e = Body::default();
    e.u16(2)
        .u16(3)
        .bytes(&[0; 15])
        .u8(1)
        .bytes(&[0xff; 16])
        .bytes(&[0; 16])
        .u64(0)
        .bytes(b"lo6");
    il.u32(e.0.len() as u32).bytes(&e.0);
    out.extend(block(0x219, &il.0));
    // UL_V2: a user and a group; entry_len includes its own 4 bytes.
    let mut ul = Body::default();
    let mut e = Body::default();
    e.u8(0)
        .u32(33)
        .u32(33)
        .str16("www-data")
        .str16("/var/www")
        .str16("/usr/sbin/nologin");
    ul.u32(e.0.len() as u32 + 4).bytes(&e.0);
    let mut e = Body::default();
    e.u8(1).u32(33).str16("www-data");
    ul.u32(e.0.len() as u32 + 4).bytes(&e.0);
    out.extend(block(0x220, &ul.0));
    // An unknown block type, skipped.
    out.extend(block(0x7777, &[1, 2, 3]));
    // PL_V9 with the full HEAD tail (pidns_init_start_ts first), plus 3 trailing bytes.
    let mut pl = Body::default();
    let mut e = Body::default();
    e.u64(100).u64(100).u64(1).u64(100).u64(100);
    e.str16("nginx").str16("nginx").str16("/usr/sbin/nginx");
    e.u16(10).bytes(b"-g\0daemon\0");
    e.str16("/").u64(1024).u32(0).u32(33).u32(33);
    e.u32(10).u32(20).u32(0).u64(1).u64(2);
    e.u16(8).bytes(b"A=1\0B=2\0");
    e.u64(100).u64(100);
    e.u16(12).bytes(b"cpuset=/ctr\0");
    e.str16("/");
    e.u64(12345)
        .u32(0)
        .u32(1000)
        .u8(1)
        .u64(7)
        .u64(8)
        .u64(9)
        .u8(0)
        .u64(42)
        .u64(43)
        .u64(44)
        .u8(0)
        .u8(1)
        .u64(100);
    e.bytes(&[9, 9, 9]);
    pl.u32(e.0.len() as u32 + 4).bytes(&e.0);
    out.extend(block(0x215, &pl.0));
    // FDL_V2 with FILE_V2 (+dev), IPv4 socket, and new types 17..21.
    let mut fdl = Body::default();
    fdl.u64(100);
    let mut e = Body::default();
    e.u64(3)
        .u64(77)
        .u8(16)
        .u32(1)
        .str16("/etc/passwd")
        .u32(0x801);
    fdl.u32(e.0.len() as u32 + 4).bytes(&e.0);
    let mut e = Body::default();
    e.u64(4)
        .u64(78)
        .u8(3)
        .bytes(&[127, 0, 0, 1])
        .bytes(&[127, 0, 0, 1])
        .u16(5000)
        .u16(80)
        .u8(2);
    fdl.u32(e.0.len() as u32 + 4).bytes(&e.0);
    for (fd, ty) in [(5u64, 17u8), (6, 18), (7, 19), (8, 20), (9, 21)] {
        let mut e = Body::default();
        e.u64(fd).u64(0).u8(ty).str16("anon");
        fdl.u32(e.0.len() as u32 + 4).bytes(&e.0);
    }
    let mut e = Body::default();
    e.u64(10).u64(0).u8(99).bytes(&[1, 2, 3]);
    fdl.u32(e.0.len() as u32 + 4).bytes(&e.0);
    out.extend(block(0x218, &fdl.0));
    out
}

fn new_capture() -> Vec<u8> {
    let mut out = metadata();
    let fd = 3i64.to_le_bytes();
    // openat exit (307) with its 7 HEAD parameters: fd, dirfd, name, flags, mode, dev, ino.
    let ev = event(
        1_000,
        100,
        307,
        &[
            &fd,
            &(-100i64).to_le_bytes(),
            &NUL_STR("/etc/passwd"),
            &1u32.to_le_bytes(),
            &0u32.to_le_bytes(),
            &0x801u32.to_le_bytes(),
            &77u64.to_le_bytes(),
        ],
        false,
        false,
    );
    out.extend(event_block(0x216, 1, None, &ev));
    // connect exit (23), flagged block with flags 0 (visible) on cpu 2.
    let mut tuple = vec![2u8];
    tuple.extend([127, 0, 0, 1]);
    tuple.extend(5000u16.to_le_bytes());
    tuple.extend([127, 0, 0, 1]);
    tuple.extend(80u16.to_le_bytes());
    let mut addr = vec![2u8];
    addr.extend([127, 0, 0, 1]);
    addr.extend(80u16.to_le_bytes());
    let ev = event(
        2_000,
        100,
        23,
        &[&0i64.to_le_bytes(), &tuple, &4i64.to_le_bytes(), &addr],
        false,
        false,
    );
    out.extend(event_block(0x217, 2, Some(0), &ev));
    // A state-only close exit (5).
    let ev = event(
        3_000,
        100,
        5,
        &[&0i64.to_le_bytes(), &3i64.to_le_bytes()],
        false,
        false,
    );
    out.extend(event_block(0x217, 0, Some(1), &ev));
    // A large container event (324, EF_LARGE_PAYLOAD: u32 lengths) in a large block.
    let json = NUL_STR(&format!("{{\"container\":\"{}\"}}", "x".repeat(70_000)));
    let ev = event(4_000, u64::MAX, 324, &[&json], false, true);
    out.extend(event_block(0x221, 0, None, &ev));
    // An event code beyond the table: skipped silently.
    let ev = event(5_000, 100, 9999, &[], false, false);
    out.extend(event_block(0x216, 0, None, &ev));
    // poll exit (81): res, fds (PT_FDLIST), timeout.
    let mut fds = Body::default();
    fds.u16(2).u64(4).u16(1).u64(7).u16(4);
    let ev = event(
        6_000,
        100,
        81,
        &[&1i64.to_le_bytes(), &fds.0, &500i64.to_le_bytes()],
        false,
        false,
    );
    out.extend(event_block(0x216, 0, None, &ev));
    out
}

#[test]
fn reads_newest_layouts() {
    check_new(&new_capture());
}

#[test]
fn reads_gzip_identically() {
    use std::io::Write;
    let plain = new_capture();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&plain).expect("gzip");
    let gz = enc.finish().expect("gzip");
    let r = CaptureReader::open(gz.as_slice()).expect("gzip capture opens");
    assert!(r.is_gzip());
    check_new(&gz);
    let (a, ea) = common::read_all(&plain, false);
    let (b, eb) = common::read_all(&gz, false);
    assert!(ea.is_none() && eb.is_none());
    assert_eq!(common::keys(&a), common::keys(&b));
}

fn check_new(bytes: &[u8]) {
    let mut r = CaptureReader::open(bytes).expect("opens");
    let t = r.tables().clone();
    let m = t.machine.as_ref().expect("machine");
    assert_eq!(
        (m.num_cpus, m.hostname.as_str(), m.boot_ts_epoch),
        (4, "node", 1_700_000_000_000_000_000)
    );
    assert_eq!(t.interfaces.len(), 2);
    assert!(
        matches!(&t.interfaces[0], Interface::V4 { name, addr: [10, 0, 0, 1], linkspeed: Some(1000), .. } if name == "lo")
    );
    assert!(matches!(&t.interfaces[1], Interface::V6 { name, .. } if name == "lo6"));
    assert_eq!(
        t.user(33).map(|u| u.shell.as_str()),
        Some("/usr/sbin/nologin")
    );
    assert_eq!(t.group(33).map(|g| g.name.as_str()), Some("www-data"));
    assert_eq!(t.skipped_blocks.len(), 1);
    let th = t.thread(100).expect("thread 100");
    assert_eq!(
        (th.comm.as_str(), th.exepath.as_deref()),
        ("nginx", Some("/usr/sbin/nginx"))
    );
    assert_eq!(th.args, vec!["-g", "daemon"]);
    assert_eq!(
        th.env.as_deref(),
        Some(&["A=1".to_owned(), "B=2".to_owned()][..])
    );
    assert_eq!(th.cgroups.as_deref(), Some(&["cpuset=/ctr".to_owned()][..]));
    assert_eq!(
        (th.pidns_init_start_ts, th.tty, th.loginuid),
        (Some(12345), Some(0), Some(1000))
    );
    assert_eq!(
        (th.exe_writable, th.cap_effective, th.exe_ino_mtime),
        (Some(true), Some(9), Some(44))
    );
    assert_eq!((th.exe_lower_layer, th.pgid), (Some(true), Some(100)));
    assert_eq!(th.fds.len(), 8);
    assert!(
        matches!(&th.fds[0].kind, FdKind::File { name, dev: Some(0x801), open_flags: 1 } if name == "/etc/passwd")
    );
    assert!(matches!(
        th.fds[1].kind,
        FdKind::Ipv4 {
            sport: 5000,
            dport: 80,
            l4proto: 2,
            ..
        }
    ));
    assert!(th.fds[2..7]
        .iter()
        .all(|f| matches!(&f.kind, FdKind::Named { name } if name == "anon")));
    assert_eq!((th.fds[7].fd_type, &th.fds[7].kind), (99, &FdKind::Unknown));

    let ev = r.next_event().expect("ok").expect("openat");
    assert_eq!(
        (ev.ts(), ev.tid(), ev.cpu(), ev.name(), ev.nparams()),
        (1_000, 100, 1, "openat", 7)
    );
    assert_eq!(
        (ev.as_i64(0), ev.as_i64(1), ev.as_path(2)),
        (Some(3), Some(-100), Some("/etc/passwd"))
    );
    assert_eq!((ev.as_u64(5), ev.as_u64(6)), (Some(0x801), Some(77)));
    assert_eq!(ev.dirfd_param(2), Some(1));
    let ev = r.next_event().expect("ok").expect("connect");
    assert_eq!(
        (ev.cpu(), ev.name(), ev.is_state_only()),
        (2, "connect", false)
    );
    assert_eq!(
        ev.as_socktuple(1),
        Some(SockTuple::V4 {
            sip: [127, 0, 0, 1],
            sport: 5000,
            dip: [127, 0, 0, 1],
            dport: 80
        })
    );
    assert_eq!(
        ev.as_sockaddr(3),
        Some(SockAddr::V4 {
            addr: [127, 0, 0, 1],
            port: 80
        })
    );
    let ev = r.next_event().expect("ok").expect("close");
    assert!(ev.is_state_only() && ev.name() == "close");
    let ev = r.next_event().expect("ok").expect("container");
    assert!(ev.is_large_payload());
    assert_eq!((ev.tid(), ev.name()), (-1, "container"));
    assert_eq!(ev.as_str(0).map(str::len), Some(70_016));
    let ev = r.next_event().expect("ok").expect("poll");
    let fds: Vec<(i64, u16)> = ev.as_fdlist(1).expect("fdlist").iter().collect();
    assert_eq!(fds, vec![(4, 1), (7, 4)]);
    assert!(r.next_event().expect("ok").is_none());
}

/// An old-style stream: v1 event headers (nparams inferred), enter/exit pairs merged.
#[test]
fn merges_v1_enter_exit_pairs() {
    let mut out = shb();
    // read enter (6): fd, size; read exit (7): res, data (2022 layout).
    let e = event(
        10,
        7,
        6,
        &[&5i64.to_le_bytes(), &64u32.to_le_bytes()],
        true,
        false,
    );
    out.extend(event_block(0x204, 0, None, &e));
    let x = event(11, 7, 7, &[&3i64.to_le_bytes(), b"abc"], true, false);
    out.extend(event_block(0x204, 0, None, &x));
    // An exit without an enter on another thread: size is the default 0, fd default 0.
    let x = event(12, 8, 7, &[&(-11i64).to_le_bytes(), b""], true, false);
    out.extend(event_block(0x204, 0, None, &x));
    // execve enter (old 0-parameter version 12) and its 8-parameter exit (13).
    out.extend(event_block(
        0x204,
        0,
        None,
        &event(13, 7, 12, &[], true, false),
    ));
    let x = event(
        14,
        7,
        13,
        &[
            &0i64.to_le_bytes(),
            &NUL_STR("/bin/ls"),
            b"-l\0",
            &7i64.to_le_bytes(),
            &7i64.to_le_bytes(),
            &1i64.to_le_bytes(),
            &NUL_STR("/"),
            &1024u64.to_le_bytes(),
        ],
        true,
        false,
    );
    out.extend(event_block(0x204, 0, None, &x));
    let (evs, err) = common::read_all(&out, false);
    assert!(err.is_none(), "{err:?}");
    let evs: Vec<_> = evs.iter().map(|e| e.view()).collect();
    assert_eq!(evs.len(), 3, "enter events are not delivered");
    let r = &evs[0];
    assert_eq!((r.ts(), r.name(), r.nparams()), (11, "read", 4));
    assert_eq!(
        (r.as_i64(0), r.as_bytes(1), r.as_i64(2), r.as_u64(3)),
        (Some(3), Some(&b"abc"[..]), Some(5), Some(64))
    );
    let r = &evs[1];
    assert_eq!(
        (r.tid(), r.as_i64(0), r.as_i64(2), r.as_u64(3)),
        (8, Some(-11), Some(0), Some(0))
    );
    let x = &evs[2];
    assert_eq!((x.code(), x.name(), x.nparams()), (293, "execve", 31));
    assert_eq!(
        (x.as_str(1), x.as_i64(3), x.as_str(6)),
        (Some("/bin/ls"), Some(7), Some("/"))
    );
    assert_eq!(x.param(13).map(<[u8]>::len), Some(0), "comm added empty");
    let args: Vec<&[u8]> = x.as_strlist(2).expect("args").collect();
    assert_eq!(args, vec![&b"-l"[..]]);

    // Raw mode delivers all five events unchanged.
    let (raw, _) = common::read_all(&out, true);
    assert_eq!(raw.len(), 5);
}

/// Two captures appended to each other (libs' "concatenated files"): the second section
/// header restarts the metadata, and the events of both sections are delivered.
#[test]
fn reads_concatenated_sections() {
    let one = new_capture();
    let mut two = one.clone();
    two.extend_from_slice(&one);
    let (a, ea) = common::read_all(&one, false);
    let (b, eb) = common::read_all(&two, false);
    assert!(ea.is_none() && eb.is_none(), "{eb:?}");
    assert_eq!(b.len(), 2 * a.len());
    let mut r = CaptureReader::open(two.as_slice()).expect("opens");
    let first = r.take_tables();
    assert_eq!(first.threads.len(), 1);
    assert!(r.tables().threads.is_empty());
    while r.next_event().expect("reads").is_some() {}
    // The second section's process list arrived after the first section's events.
    assert_eq!(r.tables().thread(100).map(|t| t.fds.len()), Some(8));
}
