//! `fs.path.*` as modern Falco (libsinsp's fspath check) gives them, on a capture written
//! with the capture writer in Falco 0.44's layout: the field exists only when the event
//! succeeded (for the open family: `fd != -1`, so another errno still counts), a relative
//! path is joined to the cwd (never to the dirfd) and normalised, and `linkat` names its
//! new path the source and its old path the target.

use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::scap::{CaptureWriter, Param, ThreadInfo};
use falcoc_runtime::{CaptureReader, Inspector};

const UNLINKAT_X: u16 = 303;
const MKDIRAT_X: u16 = 305;
const OPENAT_X: u16 = 307;
const LINKAT_X: u16 = 311;
const T0: u64 = 1_700_000_000_000_000_000;
const TID: i64 = 100;

fn shell() -> ThreadInfo {
    ThreadInfo {
        tid: TID,
        pid: TID,
        ptid: 1,
        comm: "bash".into(),
        exe: "/usr/bin/bash".into(),
        cwd: "/home/user/".into(),
        fdlimit: 1024,
        ..ThreadInfo::default()
    }
}

/// The shell's events, in order: a relative `mkdirat` under a dirfd; `openat` failing
/// with ENOENT (-2) and with EPERM (-1); a failed `unlinkat`; a relative `linkat`.
fn capture() -> Vec<u8> {
    let mut w = CaptureWriter::new(Vec::new()).expect("header");
    w.threads(&[shell()]).expect("process list");
    let events: [(u16, Vec<Param>); 5] = [
        (
            MKDIRAT_X,
            vec![
                Param::res(0),
                Param::fd(3),
                Param::str("new/./dir//"),
                Param::flags(0o755),
            ],
        ),
        (OPENAT_X, open_exit(-2, "../missing")),
        (OPENAT_X, open_exit(-1, "/etc/shadow")),
        (
            UNLINKAT_X,
            vec![
                Param::res(-2),
                Param::fd(-100),
                Param::str("gone"),
                Param::flags(0),
            ],
        ),
        (
            LINKAT_X,
            vec![
                Param::res(0),
                Param::fd(-100),
                Param::str("old.txt"),
                Param::fd(-100),
                Param::str("/tmp/../tmp/new.txt"),
                Param::flags(0),
            ],
        ),
    ];
    for (i, (code, params)) in events.iter().enumerate() {
        w.event(T0 + i as u64, TID, *code, params).expect("event");
    }
    w.finish().expect("finish")
}

fn open_exit(fd: i64, name: &str) -> Vec<Param<'_>> {
    vec![
        Param::fd(fd),
        Param::fd(-100),
        Param::str(name),
        Param::flags(1),
        Param::flags(0),
        Param::flags(0),
        Param::u64(0),
    ]
}

/// The `fs.path.*` fields of every event, as strings (`None` where the field is missing).
fn fs_paths() -> Vec<Vec<Option<String>>> {
    let names = [
        "name",
        "nameraw",
        "source",
        "sourceraw",
        "target",
        "targetraw",
    ];
    let fields: Vec<_> = names
        .iter()
        .map(|n| resolve_field(&format!("fs.path.{n}"), None).expect("field"))
        .collect();
    let bytes = capture();
    let mut r = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut rows = Vec::new();
    while let Some(ev) = r.next_event().expect("event") {
        insp.process(&ev);
        let mut src = insp.source(&ev);
        let row = fields.iter().map(|f| src.extract(f).map(text)).collect();
        rows.push(row);
    }
    rows
}

fn text(v: FieldValue) -> String {
    match v {
        FieldValue::Str(s) => s,
        other => panic!("fs.path.* is a string, got {other:?}"),
    }
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn relative_paths_join_the_cwd_not_the_dirfd() {
    let rows = fs_paths();
    assert_eq!(rows[0][0], some("/home/user/new/dir"));
    assert_eq!(rows[0][1], some("new/./dir//"));
    assert_eq!(rows[0][2], None, "mkdirat has no source");
}

#[test]
fn the_open_family_succeeds_unless_fd_is_minus_one() {
    let rows = fs_paths();
    assert_eq!(rows[1][0], some("/home/missing"), "ENOENT still counts");
    assert_eq!(rows[1][1], some("../missing"));
    assert_eq!(rows[2][0], None, "fd -1 is Falco's failure");
    assert_eq!(rows[2][1], None);
}

#[test]
fn failed_events_have_no_path() {
    let rows = fs_paths();
    assert!(rows[3].iter().all(Option::is_none), "{:?}", rows[3]);
}

#[test]
fn linkat_names_the_new_path_the_source() {
    let rows = fs_paths();
    assert_eq!(rows[4][0], None, "linkat has no single path");
    assert_eq!(rows[4][2], some("/tmp/new.txt"));
    assert_eq!(rows[4][3], some("/tmp/../tmp/new.txt"));
    assert_eq!(rows[4][4], some("/home/user/old.txt"));
    assert_eq!(rows[4][5], some("old.txt"));
}
