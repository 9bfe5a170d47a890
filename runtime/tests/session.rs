//! `Session`, the one owner of the event loop, on captures written with the capture writer:
//! state-only events update state but reach neither rules nor the per-event hook; a new
//! capture section seeds state again from its own tables; a sink's write error stops the
//! loop and is returned.

mod eval_support;
mod written;

use std::io;

use falcoc_runtime::engine::Engine;
use falcoc_runtime::event::DF_STATE_ONLY;
use falcoc_runtime::output::Alert;
use falcoc_runtime::scap::{CaptureWriter, Param, ThreadInfo};
use falcoc_runtime::session::{AlertCollector, AlertSink, Rules, RunError, SessionStats};
use falcoc_runtime::{CaptureReader, Event, Session, Source};
use written::{formatter, openat_x, read_x, thread, OPENAT_X, READ_X, T0};

/// One capture section: its process list, then its events as (ts offset, tid, code,
/// dump flags, params).
fn section(threads: &[ThreadInfo], events: &[(u64, i64, u16, u32, Vec<Param<'_>>)]) -> Vec<u8> {
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    w.threads(threads).expect("process list");
    for (dt, tid, code, flags, params) in events {
        w.set_flags(*flags);
        w.event(T0 + dt, *tid, *code, params).expect("event");
    }
    w.finish().expect("capture written")
}

const RULES: &str = r#"
- rule: shadow opened
  desc: an open of /etc/shadow
  condition: evt.type = openat and fd.name = /etc/shadow
  output: "opened %fd.name by %proc.name"
  priority: WARNING
- rule: shadow read
  desc: a read of /etc/shadow
  condition: evt.type = read and fd.name = /etc/shadow
  output: "read %fd.name by %proc.name num=%evt.num"
  priority: WARNING
- rule: passwd read
  desc: a read of /etc/passwd
  condition: evt.type = read and fd.name = /etc/passwd
  output: "read %fd.name by %proc.name num=%evt.num"
  priority: NOTICE
"#;

fn engine() -> Engine {
    written::engine(RULES)
}

/// The alerts of replaying `bytes` through a session, and its counters.
fn replay(bytes: &[u8]) -> (Vec<String>, SessionStats) {
    written::replay(RULES, bytes)
}

/// nginx opens /etc/shadow in a state-only event, then reads it in a normal one.
fn state_only_capture() -> Vec<u8> {
    section(
        &[thread(100, "nginx", &[])],
        &[
            (1, 100, OPENAT_X, DF_STATE_ONLY, openat_x(5, "/etc/shadow")),
            (2, 100, READ_X, 0, read_x(5)),
        ],
    )
}

#[test]
fn state_only_events_update_state_but_reach_no_rule() {
    let (alerts, stats) = replay(&state_only_capture());
    // The open is hidden from rules; the read sees the fd the hidden open created.
    assert_eq!(alerts, ["read /etc/shadow by nginx num=2"]);
    assert_eq!(stats.events, 2);
    assert_eq!(stats.hidden, 1);
}

#[test]
fn state_only_events_reach_no_per_event_hook() {
    let mut seen = Vec::new();
    let hook = |ev: &Event<'_>, _: &mut Source<'_, '_>| -> Result<(), io::Error> {
        seen.push((ev.name().to_string(), ev.ts() - T0));
        Ok(())
    };
    let bytes = state_only_capture();
    let mut reader = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    let stats = Session::new(hook).run(&mut reader).expect("replays");
    assert_eq!(seen, [("read".to_string(), 2)]);
    assert_eq!(stats.hidden, 1);
}

#[test]
fn the_same_event_without_the_flag_reaches_rules() {
    let bytes = section(
        &[thread(100, "nginx", &[])],
        &[(1, 100, OPENAT_X, 0, openat_x(5, "/etc/shadow"))],
    );
    let (alerts, stats) = replay(&bytes);
    assert_eq!(alerts, ["opened /etc/shadow by nginx"]);
    assert_eq!(stats.hidden, 0);
}

#[test]
fn a_new_section_seeds_state_from_its_own_tables() {
    // The same tid is nginx with /etc/shadow on fd 5 in the first section, and redis with
    // /etc/passwd on fd 5 in the second: only the second section's tables may answer.
    let mut bytes = section(
        &[thread(100, "nginx", &[(5, "/etc/shadow")])],
        &[(1, 100, READ_X, 0, read_x(5))],
    );
    bytes.extend(section(
        &[thread(100, "redis", &[(5, "/etc/passwd")])],
        &[(2, 100, READ_X, 0, read_x(5))],
    ));
    let (alerts, stats) = replay(&bytes);
    assert_eq!(
        alerts,
        [
            "read /etc/shadow by nginx num=1",
            "read /etc/passwd by redis num=2"
        ]
    );
    assert_eq!(stats.seeded, 2);
    assert_eq!(stats.events, 2);
}

#[test]
fn a_thread_of_an_earlier_section_is_gone_after_a_new_one() {
    // nginx (100) is only in the first section: in the second its read is by an unknown
    // thread, whose fd 5 is unknown too.
    let mut bytes = section(
        &[thread(100, "nginx", &[(5, "/etc/shadow")])],
        &[(1, 100, READ_X, 0, read_x(5))],
    );
    bytes.extend(section(
        &[thread(300, "redis", &[])],
        &[(2, 100, READ_X, 0, read_x(5))],
    ));
    let (alerts, _) = replay(&bytes);
    assert_eq!(alerts, ["read /etc/shadow by nginx num=1"]);
}

/// A sink whose writes fail after `ok` alerts.
struct Failing {
    ok: usize,
    written: Vec<Alert>,
}

impl AlertSink for Failing {
    fn alert(&mut self, alert: &Alert) -> io::Result<()> {
        if self.written.len() == self.ok {
            return Err(io::Error::other("disk full"));
        }
        self.written.push(alert.clone());
        Ok(())
    }
}

#[test]
fn a_write_error_stops_the_session_and_is_returned() {
    let bytes = section(
        &[thread(100, "nginx", &[(5, "/etc/shadow")])],
        &[
            (1, 100, READ_X, 0, read_x(5)),
            (2, 100, READ_X, 0, read_x(5)),
            (3, 100, READ_X, 0, read_x(5)),
        ],
    );
    let engine = engine();
    let sink = Failing {
        ok: 1,
        written: Vec::new(),
    };
    let mut session = Session::new(Rules::new(&engine, formatter(), sink));
    let mut reader = CaptureReader::open(bytes.as_slice()).expect("capture opens");
    match session.run(&mut reader) {
        Err(RunError::Handler(e)) => assert_eq!(e.to_string(), "disk full"),
        other => panic!("expected the sink's error, got {other:?}"),
    }
    // The loop stopped at the event whose alert could not be written.
    assert_eq!(session.stats().events, 2);
    assert_eq!(session.handler().sink().written.len(), 1);
}

#[test]
fn pushed_events_go_through_the_same_invariants() {
    // The live agent's way: seed from tables, then push events one by one.
    let bytes = state_only_capture();
    for backend in eval_support::backends() {
        let mut reader = CaptureReader::open(bytes.as_slice()).expect("capture opens");
        let tables = reader.take_tables();
        let engine = written::engine_on(backend, RULES);
        let rules = Rules::new(&engine, formatter(), AlertCollector::default());
        let mut session = Session::with_tables(tables, rules);
        while let Some(ev) = reader.next_event().expect("reads") {
            session.process(&ev).expect("no write error");
        }
        let alerts: Vec<String> = session
            .handler()
            .sink()
            .alerts
            .iter()
            .map(|a| a.message.clone())
            .collect();
        assert_eq!(
            alerts,
            ["read /etc/shadow by nginx num=2"],
            "{}",
            backend.name()
        );
        assert_eq!(session.handler().counts().total(), 1);
    }
}
