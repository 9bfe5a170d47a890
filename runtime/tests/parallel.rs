//! The multi-core runtime (`falcoc_runtime::parallel`) against one session: the same alert
//! lines, in the same order, for every shared capture and for forks across partitions,
//! with any worker count, tiny queues and random worker pauses; a child forked into
//! another partition than its parent shows its parent's and grandparent's names and the
//! fds it inherited as they were at the fork, not before or after, also in the upstream
//! "Read sensitive file untrusted" alert it raises at once.

mod eval_support;

use std::io::Read;

use eval_support::load_rules;
use falcoc_runtime::engine::{Engine, EngineOptions, RuleMatching};
use falcoc_runtime::output::{AlertFormatter, OutputOptions};
use falcoc_runtime::parallel::output::{alert_queue, write_ordered, QueueSink};
use falcoc_runtime::parallel::{partition_of, run_partitioned, InheritanceCounts, ParallelOptions};
use falcoc_runtime::scap::{CaptureWriter, FdInfo, FdKind, Param, ThreadInfo};
use falcoc_runtime::session::{AlertWriter, Rules};
use falcoc_runtime::{CaptureReader, Session};

/// Every event, with the fields that read other processes' state and the stream context,
/// the fds the event names, and `more` (so that, without a field of a whole fd table, a
/// forked child in another partition than its parent runs before its inherited fds
/// arrive, and takes them when it needs them).
fn every_event(more: &str) -> String {
    format!(
        r#"
- rule: Every event
  desc: every event with fields read across partitions
  condition: evt.num > 0
  output: "n=%evt.num dt=%evt.deltatime rt=%evt.reltime tid=%thread.tid name=%proc.name
    pname=%proc.pname a2=%proc.aname[2] a3=%proc.aname[3] ap2=%proc.apid[2]
    ax2=%proc.aexepath[2] pexe=%proc.pexepath pcmd=%proc.pcmdline exepath=%proc.exepath
    cwd=%proc.cwd fd=%fd.name fdn=%fd.num args=%evt.args sname=%proc.sname
    vpgid=%proc.vpgid.name user=%user.name env=%proc.aenv[HOME]{more}"
  priority: NOTICE
"#
    )
}

/// [`every_event`] and `proc.ppid.duration`, which can read a whole fd table (so a child in
/// another partition than its parent waits for its inherited fds at the fork).
fn every_event_and_fd_count() -> String {
    every_event(" ppid_dur=%proc.ppid.duration")
}

/// An engine of `rules` per back end of [`eval_support::backends`], the interpreter first.
fn engines(rules: &str) -> Vec<Engine> {
    let options = EngineOptions {
        rule_matching: RuleMatching::All,
        ..EngineOptions::default()
    };
    eval_support::backends()
        .into_iter()
        .map(|b| eval_support::engine_with(b, load_rules(rules), options))
        .collect()
}

fn formatter() -> AlertFormatter {
    AlertFormatter::new(OutputOptions::default())
}

/// The alert lines of one session over `capture`.
fn single(engine: &Engine, capture: &[u8]) -> Vec<String> {
    let sink = AlertWriter::new(Vec::new(), formatter(), false);
    let mut session = Session::new(Rules::new(engine, formatter(), sink));
    let mut reader = CaptureReader::open(capture).expect("capture opens");
    session.run(&mut reader).expect("replay");
    let out = session.into_handler().into_sink().into_inner();
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(String::from)
        .collect()
}

/// The alert lines of a partitioned run over `capture`.
fn partitioned(engine: &Engine, capture: &[u8], opts: &ParallelOptions) -> Vec<String> {
    partitioned_counted(engine, capture, opts).0
}

/// The alert lines of a partitioned run over `capture`, the events the workers counted as
/// Falco does, summed, and how its cross-partition forks took their parents' state.
fn partitioned_counted(
    engine: &Engine,
    capture: &[u8],
    opts: &ParallelOptions,
) -> (Vec<String>, u64, InheritanceCounts) {
    let (queue, alerts) = alert_queue(2);
    let n = opts.workers;
    let (out, captured, inheritance) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_ordered(alerts, n, Vec::new()));
        let run = run_partitioned(
            opts,
            |w| {
                Rules::new(
                    engine,
                    formatter(),
                    QueueSink::new(queue.clone(), w, formatter(), false),
                )
            },
            |d| {
                let mut reader = CaptureReader::open(capture).expect("capture opens");
                d.feed(&mut reader).map_err(|e| e.to_string())
            },
        );
        let inheritance = run.inheritance;
        let (fed, sessions) = run.into_result().expect("no write error");
        fed.expect("capture read");
        let captured = sessions.iter().map(|s| s.stats().captured).sum::<u64>();
        drop(sessions);
        drop(queue);
        let out = writer.join().expect("writer").expect("written");
        (out, captured, inheritance)
    });
    let lines = String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(String::from)
        .collect();
    (lines, captured, inheritance)
}

fn plain(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .expect("capture")
        .read_to_end(&mut bytes)
        .expect("read");
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .expect("gunzip");
        return out;
    }
    bytes
}

/// Every configuration a capture is checked under: worker counts, and tiny batches and
/// queues with random pauses, so the workers interleave differently on every run; forked
/// children taking their inherited fds when they need them (the default) and at the fork.
fn configurations() -> Vec<ParallelOptions> {
    let mut all: Vec<ParallelOptions> = [2, 3, 8].map(ParallelOptions::new).to_vec();
    all.push(ParallelOptions {
        lazy_inheritance: false,
        ..ParallelOptions::new(2)
    });
    for (workers, seed) in [(2, 11), (3, 12), (8, 13), (2, 14)] {
        all.push(ParallelOptions {
            workers,
            queue_batches: 1,
            batch_events: 1 + (seed as usize % 3),
            jitter_seed: Some(seed),
            lazy_inheritance: seed % 2 == 1,
        });
    }
    all
}

/// Every back end's single session gives the interpreter's lines, and so does every
/// partitioned configuration (run by the back ends in turn, to keep the test's time).
fn same_alerts(name: &str, engines: &[Engine], capture: &[u8]) {
    let want = single(&engines[0], capture);
    for engine in &engines[1..] {
        assert_eq!(
            single(engine, capture),
            want,
            "{name}: a single session per back end"
        );
    }
    for (i, opts) in configurations().iter().enumerate() {
        let got = partitioned(&engines[i % engines.len()], capture, opts);
        assert_eq!(got, want, "{name} under {opts:?}");
    }
}

#[test]
fn every_shared_capture_gives_the_single_worker_lines() {
    let Some(shared) = eval_support::shared() else {
        return;
    };
    let engines = engines(&every_event(""));
    let mut seen = 0;
    for path in falcoc_testkit::captures() {
        let bytes = plain(&path);
        same_alerts(&path.display().to_string(), &engines, &bytes);
        seen += 1;
    }
    assert!(seen >= 10, "captures under {}", shared.display());
}

const PARENT_CHILD_RULES: &str = r#"
- rule: Shadow read by a child
  desc: the child's first act
  condition: evt.type=openat and evt.dir=< and fd.name=/etc/shadow
  output: "shadow pname=%proc.pname a2=%proc.aname[2] a3=%proc.aname[3] ppid=%proc.ppid cwd=%proc.cwd"
  priority: WARNING
- rule: Write by a child
  desc: writes through inherited fds
  condition: evt.type=write and evt.dir=< and proc.name=bash
  output: "write fd=%fd.num name=%fd.name pname=%proc.pname tid=%thread.tid"
  priority: NOTICE
"#;

const T0: u64 = 1_767_225_600_000_000_000;
const CLONE_X: u16 = 223;
const EXECVE_X: u16 = 293;
const OPENAT_X: u16 = 307;
const WRITE_X: u16 = 9;
const CLOSE_X: u16 = 5;
const PROCEXIT_E: u16 = 186;

fn file(fd: i64, name: &str) -> FdInfo {
    FdInfo {
        fd,
        ino: 0,
        fd_type: 16,
        kind: FdKind::File {
            open_flags: 1,
            name: name.into(),
            dev: None,
        },
    }
}

fn proc_info(tid: i64, ptid: i64, exe: &str, fds: Vec<FdInfo>) -> ThreadInfo {
    ThreadInfo {
        tid,
        pid: tid,
        ptid,
        comm: exe.rsplit('/').next().unwrap_or(exe).into(),
        exe: exe.into(),
        exepath: Some(exe.into()),
        cwd: "/srv/".into(),
        fdlimit: 1024,
        fds,
        ..ThreadInfo::default()
    }
}

fn clone_x<'a>(res: i64, tid: i64, ptid: i64, comm: &'a str, flags: u32) -> Vec<Param<'a>> {
    vec![
        Param::pid(res),
        Param::str(comm),
        Param::List(&[]),
        Param::pid(tid),
        Param::pid(tid),
        Param::pid(ptid),
        Param::str(""),
        Param::Int(1024),
        Param::u64(0),
        Param::u64(0),
        Param::Int(2_400),
        Param::Int(1_100),
        Param::Int(0),
        Param::str(comm),
        Param::List(&["cpuset=/"]),
        Param::flags(flags),
        Param::id(0),
        Param::id(0),
        Param::pid(tid),
        Param::pid(tid),
        Param::u64(0),
    ]
}

fn execve_x<'a>(tid: i64, ptid: i64, exe: &'a str, comm: &'a str) -> Vec<Param<'a>> {
    vec![
        Param::res(0),
        Param::str(exe),
        Param::List(&[]),
        Param::pid(tid),
        Param::pid(tid),
        Param::pid(ptid),
        Param::str(""),
        Param::u64(1024),
        Param::u64(0),
        Param::u64(90),
        Param::Int(2_400),
        Param::Int(1_100),
        Param::Int(0),
        Param::str(comm),
        Param::List(&["cpuset=/"]),
        Param::List(&["HOME=/root"]),
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
        Param::id(0),
        Param::str(exe),
        Param::pid(tid),
        Param::id(0),
        Param::str(exe),
    ]
}

fn openat_x(fd: i64, path: &str) -> Vec<Param<'_>> {
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

/// Alert lines without their time and priority.
fn messages(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .map(|l| l.split_once(": ").map_or(l.as_str(), |(_, m)| m))
        .map(|m| m.split_once(' ').map_or(m, |(_, m)| m))
        .collect()
}

/// A plain exit (status 0, no signal, no core, no reaper).
fn procexit_e() -> [Param<'static>; 5] {
    [
        Param::Int(0),
        Param::Int(0),
        Param::u64(0),
        Param::u64(0),
        Param::pid(0),
    ]
}

fn write_x(fd: i64) -> Vec<Param<'static>> {
    vec![
        Param::res(4),
        Param::Bytes(b"data"),
        Param::fd(fd),
        Param::Int(4),
    ]
}

/// A pid above `from` whose partition among 2 workers is not `not`.
fn pid_elsewhere(from: i64, not: usize) -> i64 {
    (from..)
        .find(|p| partition_of(*p, 2) != not)
        .expect("a pid")
}

/// sshd (grandparent) → bash `parent`, which has /var/log/app.log on fd 5 and closes fd 6
/// just before forking `child` into the other partition; the child reads /etc/shadow and
/// writes to fds 5 and 6 at once, then the parent execs python3 (after the child's acts).
/// `child_first`: the child's clone exit comes before the parent's.
fn fork_capture(parent: i64, child: i64, child_first: bool) -> Vec<u8> {
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    w.threads(&[
        proc_info(1, 0, "/sbin/init", vec![]),
        proc_info(400, 1, "/usr/sbin/sshd", vec![]),
        proc_info(
            parent,
            400,
            "/usr/bin/bash",
            vec![file(5, "/var/log/app.log"), file(6, "/tmp/secret")],
        ),
    ])
    .expect("process list");
    let mut ts = T0;
    let mut ev = |tid: i64, code: u16, params: &[Param<'_>]| {
        ts += 1_000;
        w.event(ts, tid, code, params).expect("event");
    };
    ev(parent, CLOSE_X, &[Param::res(0), Param::fd(6)]);
    let parent_side = clone_x(child, parent, 400, "bash", 0);
    let child_side = clone_x(0, child, parent, "bash", 0);
    if child_first {
        ev(child, CLONE_X, &child_side);
        ev(parent, CLONE_X, &parent_side);
    } else {
        ev(parent, CLONE_X, &parent_side);
        ev(child, CLONE_X, &child_side);
    }
    ev(child, OPENAT_X, &openat_x(3, "/etc/shadow"));
    ev(child, WRITE_X, &write_x(5));
    ev(child, WRITE_X, &write_x(6));
    ev(
        parent,
        EXECVE_X,
        &execve_x(parent, 400, "/usr/bin/python3", "python3"),
    );
    ev(child, WRITE_X, &write_x(5));
    w.finish().expect("capture written")
}

#[test]
fn a_child_forked_into_another_partition_sees_its_parent_at_the_fork() {
    let engines = engines(PARENT_CHILD_RULES);
    let parent = 700;
    let child = pid_elsewhere(parent + 1, partition_of(parent, 2));
    for child_first in [false, true] {
        let capture = fork_capture(parent, child, child_first);
        let want = [
            "shadow pname=bash a2=sshd a3=init ppid=700 cwd=/srv/".to_string(),
            format!("write fd=5 name=/var/log/app.log pname=bash tid={child}"),
            format!("write fd=6 name= pname=bash tid={child}"),
            format!("write fd=5 name=/var/log/app.log pname=python3 tid={child}"),
        ];
        let single = single(&engines[0], &capture);
        assert_eq!(
            messages(&single),
            want,
            "one worker (child first: {child_first})"
        );
        same_alerts("fork capture", &engines, &capture);
    }
}

#[test]
fn many_forks_across_partitions_give_the_single_worker_lines() {
    // A shell forking 40 children and grandchildren with pids spread over the partitions,
    // each acting at once, the parents exiting in between (reparenting).
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    w.threads(&[
        proc_info(1, 0, "/sbin/init", vec![]),
        proc_info(400, 1, "/usr/sbin/sshd", vec![file(3, "/var/log/auth.log")]),
    ])
    .expect("process list");
    let mut ts = T0;
    let mut ev = |tid: i64, code: u16, params: &[Param<'_>]| {
        ts += 1_000;
        w.event(ts, tid, code, params).expect("event");
    };
    for i in 0..40i64 {
        let (child, grandchild) = (1000 + 7 * i, 5000 + 13 * i);
        ev(400, CLONE_X, &clone_x(child, 400, 1, "sshd", 0));
        ev(child, CLONE_X, &clone_x(0, child, 400, "sshd", 0));
        ev(
            child,
            EXECVE_X,
            &execve_x(child, 400, "/usr/bin/bash", "bash"),
        );
        ev(child, WRITE_X, &write_x(3));
        ev(child, CLONE_X, &clone_x(grandchild, child, 400, "bash", 0));
        ev(
            grandchild,
            CLONE_X,
            &clone_x(0, grandchild, child, "bash", 0),
        );
        ev(grandchild, OPENAT_X, &openat_x(4, "/etc/shadow"));
        if i % 3 == 0 {
            ev(child, PROCEXIT_E, &procexit_e());
        }
        ev(grandchild, WRITE_X, &write_x(3));
    }
    let capture = w.finish().expect("capture written");
    for rules in [every_event_and_fd_count(), every_event("")] {
        same_alerts("many forks", &engines(&rules), &capture);
    }
}

const INHERITED_FD_RULES: &str = r#"
- rule: Open
  desc: where a child's relative open lands
  condition: evt.type=openat and evt.dir=<
  output: "open fd=%fd.num name=%fd.name cwd=%proc.cwd tid=%thread.tid"
  priority: WARNING
- rule: Write
  desc: writes through own and inherited fds
  condition: evt.type=write and evt.dir=<
  output: "write fd=%fd.num name=%fd.name tid=%thread.tid"
  priority: NOTICE
"#;

/// [`INHERITED_FD_RULES`] and a field of the whole fd table.
const FD_COUNT_RULE: &str = r#"
- rule: Write count
  desc: how many fds the writer has
  condition: evt.type=write and evt.dir=<
  output: "count fd=%fd.num open=%proc.fdopencount tid=%thread.tid"
  priority: NOTICE
"#;

const DUP2_X: u16 = 363;
const FCHDIR_X: u16 = 97;
const CLOEXEC: u32 = 1 << 12;

/// bash `parent` (fds 0–2 a terminal, 4 the directory /var/lib, 5 a log, 7 a
/// close-on-exec database) forks three children into the other partition:
/// - `c1` opens a file onto fd 3, moves it onto fd 1 and closes 3, closes the inherited fd
///   2, execs cat, then (after its parent closed fd 5) writes to fds 0, 1, 2, 5 and 7;
/// - `c2` opens, closes and exits, never needing what it inherited;
/// - `c3` is forked after the parent's `fchdir` to /var/lib and opens a relative path.
fn inherited_fds_capture(parent: i64, kids: [i64; 3]) -> Vec<u8> {
    let [c1, c2, c3] = kids;
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    let tty = |fd| file(fd, "/dev/pts/0");
    let mut db = file(7, "/srv/app.db");
    if let FdKind::File { open_flags, .. } = &mut db.kind {
        *open_flags |= CLOEXEC;
    }
    w.threads(&[
        proc_info(1, 0, "/sbin/init", vec![]),
        proc_info(
            parent,
            1,
            "/usr/bin/bash",
            vec![
                tty(0),
                tty(1),
                tty(2),
                file(4, "/var/lib"),
                file(5, "/var/log/app.log"),
                db,
            ],
        ),
    ])
    .expect("process list");
    let mut ts = T0;
    let mut ev = |tid: i64, code: u16, params: &[Param<'_>]| {
        ts += 1_000;
        w.event(ts, tid, code, params).expect("event");
    };
    let close = |fd| [Param::res(0), Param::fd(fd)];
    let fork = |ev: &mut dyn FnMut(i64, u16, &[Param<'_>]), child| {
        ev(parent, CLONE_X, &clone_x(child, parent, 1, "bash", 0));
        ev(child, CLONE_X, &clone_x(0, child, parent, "bash", 0));
    };
    fork(&mut ev, c1);
    ev(c1, OPENAT_X, &openat_x(3, "/tmp/out.txt"));
    ev(c1, DUP2_X, &[Param::fd(1), Param::fd(3), Param::fd(1)]);
    ev(c1, CLOSE_X, &close(3));
    ev(c1, CLOSE_X, &close(2));
    ev(c1, EXECVE_X, &execve_x(c1, parent, "/usr/bin/cat", "cat"));
    ev(parent, CLOSE_X, &close(5));
    for fd in [0, 1, 2, 5, 7] {
        ev(c1, WRITE_X, &write_x(fd));
    }
    fork(&mut ev, c2);
    ev(c2, OPENAT_X, &openat_x(3, "/etc/hosts"));
    ev(c2, CLOSE_X, &close(3));
    ev(c2, PROCEXIT_E, &procexit_e());
    ev(parent, FCHDIR_X, &close(4));
    fork(&mut ev, c3);
    ev(c3, OPENAT_X, &openat_x(3, "data.db"));
    w.finish().expect("capture written")
}

#[test]
fn a_child_in_another_partition_takes_its_inherited_fds_when_it_needs_them() {
    let parent = 700;
    let other = 1 - partition_of(parent, 2);
    let c1 = pid_elsewhere(parent + 1, 1 - other);
    let c2 = pid_elsewhere(c1 + 1, 1 - other);
    let c3 = pid_elsewhere(c2 + 1, 1 - other);
    let capture = inherited_fds_capture(parent, [c1, c2, c3]);
    let lazy_engines = engines(INHERITED_FD_RULES);
    let want = [
        format!("open fd=3 name=/tmp/out.txt cwd=/srv/ tid={c1}"),
        format!("write fd=0 name=/dev/pts/0 tid={c1}"),
        format!("write fd=1 name=/tmp/out.txt tid={c1}"),
        format!("write fd=2 name= tid={c1}"),
        format!("write fd=5 name=/var/log/app.log tid={c1}"),
        format!("write fd=7 name= tid={c1}"),
        format!("open fd=3 name=/etc/hosts cwd=/srv/ tid={c2}"),
        format!("open fd=3 name=/var/lib/data.db cwd=/var/lib/ tid={c3}"),
    ];
    let one = single(&lazy_engines[0], &capture);
    assert_eq!(messages(&one), want, "one worker");
    same_alerts("inherited fds", &lazy_engines, &capture);
    for (engine, lazy) in lazy_engines.iter().flat_map(|e| [(e, true), (e, false)]) {
        let opts = ParallelOptions {
            lazy_inheritance: lazy,
            ..ParallelOptions::new(2)
        };
        let (got, _, forks) = partitioned_counted(engine, &capture, &opts);
        assert_eq!(got, one, "lazy: {lazy}");
        // c1 and c2 are created at once, c1 takes its fds at its first write; c3's parent
        // changed its cwd by fd, which the child's partition cannot follow.
        let expected = match lazy {
            true => InheritanceCounts {
                at_fork: 1,
                deferred: 2,
                merged: 1,
            },
            false => InheritanceCounts {
                at_fork: 3,
                deferred: 0,
                merged: 0,
            },
        };
        assert_eq!(forks, expected, "lazy: {lazy}");
    }
    // A rule reading the whole fd table: every child waits at the fork.
    let counting = engines(&format!("{INHERITED_FD_RULES}{FD_COUNT_RULE}"));
    same_alerts("inherited fds, counted", &counting, &capture);
    let (_, _, forks) = partitioned_counted(&counting[0], &capture, &ParallelOptions::new(2));
    assert_eq!(
        forks,
        InheritanceCounts {
            at_fork: 3,
            deferred: 0,
            merged: 0
        }
    );
}

/// The three upstream rules files as one engine (every matching rule alerts).
fn upstream_engine(files: &[(String, String)]) -> Engine {
    let mut sources = falcoc_compiler::source::Sources::new();
    for (name, text) in files {
        sources.add(name.clone(), text.clone());
    }
    let (rules, diagnostics) = falcoc_compiler::load::load(&sources).into_ruleset();
    let rules = rules.unwrap_or_else(|| panic!("upstream rules compile: {diagnostics:?}"));
    let options = EngineOptions {
        rule_matching: RuleMatching::All,
        ..EngineOptions::default()
    };
    Engine::new(rules, options)
}

/// init → sshd → node `parent`, which forks `child` (in another partition under 2, 3 and 8
/// workers); the child reads /etc/shadow as its first act, execs python3 and reads it again;
/// then the parent execs perl and the child reads it a third time.
fn upstream_fork_capture(parent: i64, child: i64, child_first: bool) -> Vec<u8> {
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    w.threads(&[
        proc_info(1, 0, "/sbin/init", vec![]),
        proc_info(400, 1, "/usr/sbin/sshd", vec![]),
        proc_info(parent, 400, "/usr/bin/node", vec![]),
    ])
    .expect("process list");
    let mut ts = T0;
    let mut ev = |tid: i64, code: u16, params: &[Param<'_>]| {
        ts += 1_000;
        w.event(ts, tid, code, params).expect("event");
    };
    let parent_side = clone_x(child, parent, 400, "node", 0);
    let child_side = clone_x(0, child, parent, "node", 0);
    if child_first {
        ev(child, CLONE_X, &child_side);
        ev(parent, CLONE_X, &parent_side);
    } else {
        ev(parent, CLONE_X, &parent_side);
        ev(child, CLONE_X, &child_side);
    }
    ev(child, OPENAT_X, &openat_x(3, "/etc/shadow"));
    ev(
        child,
        EXECVE_X,
        &execve_x(child, parent, "/usr/bin/python3", "python3"),
    );
    ev(child, OPENAT_X, &openat_x(4, "/etc/shadow"));
    ev(
        parent,
        EXECVE_X,
        &execve_x(parent, 400, "/usr/bin/perl", "perl"),
    );
    ev(child, OPENAT_X, &openat_x(5, "/etc/shadow"));
    w.finish().expect("capture written")
}

/// `key=value` of an alert line, the value up to the next space.
fn output_value<'a>(line: &'a str, key: &str) -> &'a str {
    let at = line
        .find(&format!(" {key}="))
        .unwrap_or_else(|| panic!("{key}= in {line}"));
    let rest = &line[at + key.len() + 2..];
    rest.split(' ').next().unwrap_or("")
}

#[test]
fn an_upstream_alert_of_a_child_in_another_partition_names_its_parent_and_grandparent() {
    let Some(files) = falcoc_testkit::upstream_rules() else {
        return;
    };
    let engine = upstream_engine(&files);
    // No upstream rule reads a whole fd table: their children need not wait at forks.
    assert!(!engine.reads_fd_tables());
    let parent = 700;
    let child = (parent + 1..)
        .find(|p| {
            [2, 3, 8]
                .iter()
                .all(|&n| partition_of(*p, n) != partition_of(parent, n))
        })
        .expect("a pid in other partitions");
    for child_first in [false, true] {
        let capture = upstream_fork_capture(parent, child, child_first);
        let lines = single(&engine, &capture);
        let sensitive: Vec<(&str, &str, &str, &str)> = lines
            .iter()
            .filter(|l| l.contains("Sensitive file opened for reading by non-trusted program"))
            .map(|l| {
                let v = |k| output_value(l, k);
                (v("process"), v("parent"), v("gparent"), v("ggparent"))
            })
            .collect();
        assert_eq!(
            sensitive,
            [
                ("node", "node", "sshd", "init"),
                ("python3", "node", "sshd", "init"),
                ("python3", "perl", "sshd", "init"),
            ],
            "Read sensitive file untrusted, one worker (child first: {child_first}): {lines:#?}"
        );
        same_alerts(
            "upstream fork capture",
            std::slice::from_ref(&engine),
            &capture,
        );
    }
}

const USER_ADDED_E: u16 = 354;

fn user_added(uid: u32, name: &str) -> Vec<Param<'_>> {
    vec![
        Param::id(uid),
        Param::id(uid),
        Param::str(name),
        Param::str("/home"),
        Param::str("/bin/sh"),
        Param::str(""),
    ]
}

#[test]
fn the_section_opening_records_are_consumed_once_over_all_partitions() {
    // Two users are dumped before the first syscall event (consumed, not counted), one is
    // added later (counted); the writes come from processes of both partitions.
    let a = pid_elsewhere(500, 1);
    let b = pid_elsewhere(a + 1, partition_of(a, 2));
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    let mut pa = proc_info(a, 1, "/usr/bin/a", vec![file(5, "/var/log/a.log")]);
    let mut pb = proc_info(b, 1, "/usr/bin/b", vec![file(5, "/var/log/b.log")]);
    pa.uid = 1000;
    pb.uid = 1001;
    w.threads(&[proc_info(1, 0, "/sbin/init", vec![]), pa, pb])
        .expect("process list");
    w.event(T0, -1, USER_ADDED_E, &user_added(0, "root"))
        .expect("user");
    w.event(T0, -1, USER_ADDED_E, &user_added(1000, "alice"))
        .expect("user");
    w.event(T0 + 1_000, b, WRITE_X, &write_x(5)).expect("event");
    w.event(T0 + 2_000, a, WRITE_X, &write_x(5)).expect("event");
    w.event(T0 + 3_000, -1, USER_ADDED_E, &user_added(1001, "bob"))
        .expect("user");
    w.event(T0 + 4_000, b, WRITE_X, &write_x(5)).expect("event");
    let capture = w.finish().expect("capture written");
    let engines = engines(&every_event_and_fd_count());
    let want = single(&engines[0], &capture);
    assert_eq!(want.len(), 3, "{want:#?}");
    assert!(want[1].contains("user=alice"), "{}", want[1]);
    assert!(
        want[2].contains("n=6 ") && want[2].contains("user=bob"),
        "{}",
        want[2]
    );
    for (i, opts) in configurations().into_iter().enumerate() {
        let engine = &engines[i % engines.len()];
        let (got, captured, _) = partitioned_counted(engine, &capture, &opts);
        assert_eq!(got, want, "under {opts:?}");
        assert_eq!(captured, 4, "under {opts:?}");
    }
}
