//! Shared helpers of the tests that write their own captures: seeded threads, the
//! parameters of the events they use, and a replay of the written bytes through a session.

#![allow(dead_code)]

use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::output::{AlertFormatter, OutputOptions};
use falcoc_runtime::scap::{CaptureWriter, FdInfo, FdKind, Param, ThreadInfo};
use falcoc_runtime::session::{AlertCollector, Rules, SessionStats};
use falcoc_runtime::{CaptureReader, Session};

use crate::eval_support::{engine_with, load_rules, same_under_every_backend};
use falcoc_runtime::predicate::backend::Backend;
use falcoc_runtime::predicate::interp::Interpreter;

pub const T0: u64 = 1_700_000_000_000_000_000;
pub const OPENAT_X: u16 = 307;
pub const READ_X: u16 = 7;

/// A main thread `tid` named `comm`, with `files` open as (fd, path).
pub fn thread(tid: i64, comm: &str, files: &[(i64, &str)]) -> ThreadInfo {
    ThreadInfo {
        tid,
        pid: tid,
        ptid: 1,
        comm: comm.into(),
        exe: format!("/usr/sbin/{comm}"),
        cwd: "/".into(),
        fdlimit: 1024,
        fds: files
            .iter()
            .map(|(fd, name)| FdInfo {
                fd: *fd,
                ino: 0,
                fd_type: 16,
                kind: FdKind::File {
                    open_flags: 1,
                    name: (*name).into(),
                    dev: None,
                },
            })
            .collect(),
        ..ThreadInfo::default()
    }
}

/// The parameters of an openat exit that opened `path` as `fd`.
pub fn openat_x(fd: i64, path: &str) -> Vec<Param<'_>> {
    vec![
        Param::fd(fd),
        Param::fd(-100),
        Param::str(path),
        Param::flags(1),
        Param::Int(0),
        Param::Int(0),
        Param::u64(0),
    ]
}

/// The parameters of a read exit of four bytes on `fd`.
pub fn read_x(fd: i64) -> Vec<Param<'static>> {
    vec![
        Param::res(4),
        Param::Bytes(b"root"),
        Param::fd(fd),
        Param::Int(4),
    ]
}

/// An engine of `rules` matching every rule per event, run by the interpreter.
pub fn engine(rules: &str) -> Engine {
    engine_on(&Interpreter, rules)
}

/// An engine of `rules` matching every rule per event, run by `backend`.
pub fn engine_on(backend: &dyn Backend, rules: &str) -> Engine {
    let options = EngineOptions {
        rule_matching: RuleMatching::All,
        ..EngineOptions::default()
    };
    engine_with(backend, load_rules(rules), options)
}

/// Alerts formatted as Falco's defaults.
pub fn formatter() -> AlertFormatter {
    AlertFormatter::new(OutputOptions::default())
}

/// The alert messages of replaying `bytes` with `rules` through a session, and its
/// counters, the same under every back end.
pub fn replay(rules: &str, bytes: &[u8]) -> (Vec<String>, SessionStats) {
    same_under_every_backend(|backend| replay_on(backend, rules, bytes))
}

/// [`replay`] under one back end.
pub fn replay_on(backend: &dyn Backend, rules: &str, bytes: &[u8]) -> (Vec<String>, SessionStats) {
    let mut reader = CaptureReader::open(bytes).expect("capture opens");
    replay_reader_on(backend, rules, &mut reader)
}

/// [`replay`] of `bytes` read `passes` times over ([`CaptureReader::open_repeated`]).
pub fn replay_repeated(rules: &str, bytes: &[u8], passes: u64) -> (Vec<String>, SessionStats) {
    same_under_every_backend(|backend| {
        let mut reader = CaptureReader::open_repeated(bytes, passes).expect("capture opens");
        replay_reader_on(backend, rules, &mut reader)
    })
}

/// The alert messages and counters of replaying what `reader` reads under `backend`.
pub fn replay_reader_on(
    backend: &dyn Backend,
    rules: &str,
    reader: &mut CaptureReader<impl std::io::Read>,
) -> (Vec<String>, SessionStats) {
    let engine = engine_on(backend, rules);
    let mut session = Session::new(Rules::new(&engine, formatter(), AlertCollector::default()));
    let stats = session.run(reader).expect("capture replays");
    let alerts = session.into_handler().into_sink().alerts;
    (alerts.into_iter().map(|a| a.message).collect(), stats)
}

/// A one-section capture where `comm` (tid 100) reads fd 7 before and after opening
/// /etc/shadow on it, and reads /etc/passwd on its seeded fd 5.
pub fn shadow_section(comm: &str) -> Vec<u8> {
    let threads = [
        thread(100, comm, &[(5, "/etc/passwd")]),
        thread(1, "init", &[]),
    ];
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    w.threads(&threads).expect("process list");
    let events = [
        (READ_X, read_x(7)),
        (OPENAT_X, openat_x(7, "/etc/shadow")),
        (READ_X, read_x(7)),
        (READ_X, read_x(5)),
    ];
    for (i, (code, params)) in events.iter().enumerate() {
        w.event(T0 + i as u64, 100, *code, params).expect("event");
    }
    w.finish().expect("capture written")
}

/// Rules that alert on [`shadow_section`]'s open of /etc/shadow and its reads of /etc files.
pub const SHADOW_RULES: &str = r#"
- rule: shadow opened
  desc: an open of /etc/shadow
  condition: evt.type = openat and fd.name = /etc/shadow
  output: "opened %fd.name by %proc.name"
  priority: WARNING
- rule: file read
  desc: a read of a known file
  condition: evt.type = read and fd.name startswith /etc/
  output: "read %fd.name by %proc.name num=%evt.num"
  priority: WARNING
"#;
