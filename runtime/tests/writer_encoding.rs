//! The writer encodes every parameter type of every event in the table so that the reader
//! decodes the same values, and it picks the large block and u32 lengths when needed.

use falcoc_compiler::catalog::events::{event_table, ParamType};
use falcoc_runtime::event::{SockAddr, SockTuple};
use falcoc_runtime::scap::{CaptureWriter, Param, ThreadInfo};
use falcoc_runtime::CaptureReader;

/// A value for a parameter of type `t`, varied by `seed`, and the bytes it must read back as.
fn sample(t: ParamType, seed: i64) -> (Param<'static>, Vec<u8>) {
    use ParamType as T;
    const ADDR: SockAddr<'static> = SockAddr::V4 {
        addr: [192, 0, 2, 1],
        port: 8080,
    };
    const TUPLE: SockTuple<'static> = SockTuple::Unix {
        source: 1,
        dest: 2,
        path: b"/run/x.sock",
    };
    let int = |w: usize, v: i64| (Param::Int(v), v.to_le_bytes()[..w].to_vec());
    match t {
        T::Int8 => int(1, -(seed % 100)),
        T::Uint8 | T::Flags8 | T::EnumFlags8 | T::SigType | T::L4Proto | T::SockFamily => {
            int(1, seed % 200)
        }
        T::Int16 => int(2, -seed),
        T::Uint16 | T::Flags16 | T::EnumFlags16 | T::SyscallId | T::Port => int(2, seed),
        T::Int32 | T::Fd32 | T::Pid32 => int(4, -seed),
        T::Uint32 | T::Flags32 | T::EnumFlags32 | T::Uid | T::Gid | T::Mode | T::SigSet => {
            int(4, 4_000_000_000 - seed)
        }
        T::Bool => int(4, seed % 2),
        T::Int64 | T::Errno | T::Fd | T::Pid => int(8, -seed * 1_000_000_007),
        T::Uint64 | T::RelTime | T::AbsTime => int(8, seed << 40),
        T::CharBuf | T::FsPath | T::FsRelPath => {
            (Param::Str("/etc/päth"), b"/etc/p\xc3\xa4th\0".to_vec())
        }
        T::ByteBuf => (
            Param::Bytes(b"\0\x01bytes\xff"),
            b"\0\x01bytes\xff".to_vec(),
        ),
        T::CharBufArray => (Param::List(&["a", "bc"]), b"a\0bc\0".to_vec()),
        T::SockAddr => (Param::SockAddr(ADDR), vec![2, 192, 0, 2, 1, 0x90, 0x1f]),
        T::SockTuple => {
            let mut b = vec![1];
            b.extend_from_slice(&1u64.to_le_bytes());
            b.extend_from_slice(&2u64.to_le_bytes());
            b.extend_from_slice(b"/run/x.sock\0");
            (Param::SockTuple(TUPLE), b)
        }
        T::Ipv4Addr => (Param::Raw(&[10, 1, 2, 3]), vec![10, 1, 2, 3]),
        T::Ipv6Addr => (Param::Raw(&[7; 16]), vec![7; 16]),
        T::FdList => (
            Param::Raw(&[1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
            vec![1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        ),
        T::Dyn => (
            Param::Raw(&[0, 5, 0, 0, 0, 0, 0, 0, 0]),
            vec![0, 5, 0, 0, 0, 0, 0, 0, 0],
        ),
        _ => (Param::Empty, Vec::new()),
    }
}

#[test]
fn every_event_type_round_trips() {
    let table = event_table();
    let mut w = CaptureWriter::new(Vec::new()).expect("header");
    let mut want = Vec::new();
    for (n, info) in table.iter().enumerate().filter(|(_, i)| !i.is_unused()) {
        let (params, bytes): (Vec<_>, Vec<_>) = info
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| sample(p.ptype, (n * 31 + i) as i64 + 1))
            .unzip();
        w.event(1_000 + n as u64, n as i64, info.code, &params)
            .unwrap_or_else(|e| panic!("{} ({}): {e}", info.name, info.code));
        want.push((info.code, bytes));
    }
    let bytes = w.finish().expect("finish");
    let mut r = CaptureReader::open(bytes.as_slice()).expect("opens");
    r.set_raw(true);
    let mut got = Vec::new();
    while let Some(e) = r.next_event().expect("event") {
        let params: Vec<Vec<u8>> = (0..e.nparams())
            .map(|i| e.param(i).unwrap_or_default().to_vec())
            .collect();
        got.push((e.code(), params));
    }
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "event code {}", w.0);
    }
}

#[test]
fn large_events_round_trip() {
    let big = vec![0xabu8; 100_000];
    let mut w = CaptureWriter::new(Vec::new()).expect("header");
    w.threads(&[ThreadInfo {
        tid: 7,
        pid: 7,
        comm: "dd".into(),
        ..ThreadInfo::default()
    }])
    .expect("threads");
    // A write exit over 64 KiB: an EV_V2_LARGE block, but u16 lengths are too small.
    let err = w
        .event(1, 7, 9, &[Param::res(100_000), Param::Bytes(&big)])
        .expect_err("u16 length overflow");
    assert_eq!(
        err.to_string(),
        "event parameter is too long (100000 bytes, at most 65535)"
    );
    // A plugin event has EF_LARGE_PAYLOAD: u32 lengths, and a large block.
    w.event(2, 7, 322, &[Param::Int(999), Param::Bytes(&big)])
        .expect("plugin event");
    w.event(3, 7, 9, &[Param::res(10), Param::Bytes(&big[..60_000])])
        .expect("write exit");
    let bytes = w.finish().expect("finish");
    let large_id = 0x221u32.to_le_bytes();
    assert!(bytes.windows(4).any(|b| b == large_id), "large block used");
    let mut r = CaptureReader::open(bytes.as_slice()).expect("opens");
    r.set_raw(true);
    let e = r.next_event().expect("read").expect("plugin event");
    assert_eq!(
        (e.code(), e.as_u64(0), e.as_bytes(1)),
        (322, Some(999), Some(&big[..]))
    );
    let e = r.next_event().expect("read").expect("write exit");
    assert_eq!((e.code(), e.as_bytes(1)), (9, Some(&big[..60_000])));
    assert!(r.next_event().expect("end").is_none());
}

#[test]
fn unset_thread_fields_read_back_as_the_written_defaults() {
    let t = ThreadInfo {
        tid: 5,
        pid: 5,
        ptid: 1,
        comm: "x".into(),
        ..ThreadInfo::default()
    };
    let mut w = CaptureWriter::new(Vec::new()).expect("header");
    w.threads(std::slice::from_ref(&t)).expect("threads");
    w.event(1, 5, 4, &[Param::fd(1)]).expect("event");
    let bytes = w.finish().expect("finish");
    let r = CaptureReader::open(bytes.as_slice()).expect("opens");
    let got = r.tables().thread(5).expect("thread 5").clone();
    let want = ThreadInfo {
        sid: Some(0),
        vpgid: Some(0),
        exepath: Some(String::new()),
        vmsize_kb: Some(0),
        vmrss_kb: Some(0),
        vmswap_kb: Some(0),
        pfmajor: Some(0),
        pfminor: Some(0),
        env: Some(Vec::new()),
        vtid: Some(-1),
        vpid: Some(-1),
        cgroups: Some(Vec::new()),
        root: Some("/".into()),
        ..t
    };
    assert_eq!(got, want);
}
