//! The events Falco counts on a replay (its "Captured Events"), on captures laid out as
//! Falco 0.44's capture writer lays them out: process list, then one `useradded` /
//! `groupadded` record per user and group of the host (and a `container` record per
//! container), then the syscall events. libsinsp consumes that leading run of
//! initial-state records as the capture (or a later section) opens: it numbers them and
//! applies them to state, but never returns them, so Falco neither counts them nor shows
//! them to rules. State-only events are not counted either. The same records later in the
//! stream are returned, and counted.

mod eval_support;
mod written;

use falcoc_runtime::event::DF_STATE_ONLY;
use falcoc_runtime::scap::{CaptureWriter, Param, ThreadInfo};
use written::{openat_x, read_x, thread, OPENAT_X, READ_X, T0};

const USER_ADDED_E: u16 = 354;
const GROUP_ADDED_E: u16 = 358;
const CONTAINER_JSON_2_E: u16 = 324;

const RULES: &str = r#"
- rule: passwd read
  desc: a read of /etc/passwd, naming the reader's user
  condition: evt.type = read and fd.name = /etc/passwd
  output: "read by %user.name num=%evt.num"
  priority: NOTICE
- rule: container record
  desc: a container record reaching rules
  condition: evt.type = container
  output: "container record num=%evt.num"
  priority: NOTICE
"#;

/// One event of a written section: (ts offset, tid, code, dump flags, params).
type Written<'a> = (u64, i64, u16, u32, Vec<Param<'a>>);

fn section(threads: &[ThreadInfo], events: &[Written<'_>]) -> Vec<u8> {
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    w.threads(threads).expect("process list");
    for (dt, tid, code, flags, params) in events {
        w.set_flags(*flags);
        w.event(T0 + dt, *tid, *code, params).expect("event");
    }
    w.finish().expect("capture written")
}

/// A `useradded` record as the dumper writes it (tid -1, at the dump's start time).
fn user(uid: u32, name: &str) -> Written<'_> {
    let params = vec![
        Param::id(uid),
        Param::id(uid),
        Param::str(name),
        Param::str("/home"),
        Param::str("/bin/sh"),
        Param::str(""),
    ];
    (0, -1, USER_ADDED_E, 0, params)
}

fn group(gid: u32, name: &str) -> Written<'_> {
    (
        0,
        -1,
        GROUP_ADDED_E,
        0,
        vec![Param::id(gid), Param::str(name), Param::str("")],
    )
}

fn container(dt: u64) -> Written<'static> {
    (
        dt,
        -1,
        CONTAINER_JSON_2_E,
        0,
        vec![Param::str(r#"{"container":{"id":"abc"}}"#)],
    )
}

/// A main thread of user `uid`.
fn thread_of(tid: i64, comm: &str, uid: u32, files: &[(i64, &str)]) -> ThreadInfo {
    ThreadInfo {
        uid,
        ..thread(tid, comm, files)
    }
}

#[test]
fn the_opening_records_are_state_only_and_not_counted() {
    let bytes = section(
        &[thread_of(100, "cat", 1000, &[(5, "/etc/passwd")])],
        &[
            user(0, "root"),
            user(1000, "alice"),
            group(0, "root"),
            group(1000, "alice"),
            group(27, "sudo"),
            container(0),
            (1, 100, READ_X, 0, read_x(5)),
            (2, 100, OPENAT_X, DF_STATE_ONLY, openat_x(6, "/etc/shadow")),
            (3, 100, READ_X, 0, read_x(5)),
        ],
    );
    let (alerts, stats) = written::replay(RULES, &bytes);
    // The reader's user came from a consumed record; the six records are numbered.
    assert_eq!(alerts, ["read by alice num=7", "read by alice num=9"]);
    assert_eq!(stats.events, 9);
    assert_eq!(stats.initial_state, 6);
    assert_eq!(stats.hidden, 7);
    // Falco counts the two reads only.
    assert_eq!(stats.captured, 2);
}

#[test]
fn the_same_records_later_in_the_stream_are_counted() {
    let bytes = section(
        &[thread_of(100, "cat", 1000, &[(5, "/etc/passwd")])],
        &[
            user(0, "root"),
            (1, 100, READ_X, 0, read_x(5)),
            user(1000, "bob"),
            container(2),
            (3, 100, READ_X, 0, read_x(5)),
        ],
    );
    let (alerts, stats) = written::replay(RULES, &bytes);
    // The later user record is state for the later read; the later container record
    // reaches rules. Users and groups never reach rules in modern Falco, but are counted.
    assert_eq!(
        alerts,
        [
            "read by <NA> num=2",
            "container record num=4",
            "read by bob num=5"
        ]
    );
    assert_eq!(stats.initial_state, 1);
    assert_eq!(stats.captured, 4);
}

#[test]
fn every_section_opens_with_its_own_records() {
    let mut bytes = section(
        &[thread_of(100, "cat", 1000, &[(5, "/etc/passwd")])],
        &[
            user(1000, "alice"),
            group(1000, "alice"),
            (1, 100, READ_X, 0, read_x(5)),
        ],
    );
    bytes.extend(section(
        &[thread_of(100, "cat", 1001, &[(5, "/etc/passwd")])],
        &[
            user(1001, "carol"),
            group(1001, "carol"),
            group(1002, "staff"),
            (2, 100, READ_X, 0, read_x(5)),
        ],
    ));
    let (alerts, stats) = written::replay(RULES, &bytes);
    assert_eq!(alerts, ["read by alice num=3", "read by carol num=7"]);
    assert_eq!(stats.seeded, 2);
    assert_eq!(stats.events, 7);
    assert_eq!(stats.initial_state, 5);
    assert_eq!(stats.captured, 2);
}

#[test]
fn a_capture_of_only_records_counts_nothing() {
    let bytes = section(&[], &[user(0, "root"), group(0, "root")]);
    let (alerts, stats) = written::replay(RULES, &bytes);
    assert!(alerts.is_empty());
    assert_eq!((stats.events, stats.captured), (2, 0));
}
