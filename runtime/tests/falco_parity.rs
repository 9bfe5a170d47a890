//! Facts of modern Falco's (0.44) behaviour beyond the field oracle, each on a capture
//! written with the capture writer in Falco 0.44's layout (exit events only, with every
//! parameter of the current event table) or on a shared capture.

mod common;
mod eval_support;

use std::collections::BTreeMap;

use falcoc_compiler::catalog::fields::resolve_field;
use falcoc_compiler::load::load;
use falcoc_compiler::source::Sources;
use falcoc_runtime::engine::{EngineOptions, RuleMatching};
use falcoc_runtime::field_value::{FieldSource, FieldValue};
use falcoc_runtime::output::{AlertFormatter, OutputOptions, TimeZone};
use falcoc_runtime::predicate::backend::Backend;
use falcoc_runtime::scap::{CaptureWriter, Param, ThreadInfo};
use falcoc_runtime::{CaptureReader, Inspector};
use serde_json::Value;

const PTRACE_X: u16 = 169;
const PTRACE_ATTACH: i64 = 11;
const T0: u64 = 1_700_000_000_000_000_000;

fn thread(tid: i64, ptid: i64, comm: &str, exe: &str) -> ThreadInfo {
    ThreadInfo {
        tid,
        pid: tid,
        ptid,
        sid: Some(tid),
        vpgid: Some(tid),
        comm: comm.into(),
        exe: exe.into(),
        exepath: Some(exe.into()),
        args: vec!["-p".into(), "100".into()],
        cwd: "/root/".into(),
        fdlimit: 1024,
        loginuid: Some(u32::MAX),
        vtid: Some(tid),
        vpid: Some(tid),
        ..ThreadInfo::default()
    }
}

/// A capture: init (1), a shell (100) and `tracer` (200, child of the shell) whose only
/// event is a successful `ptrace(PTRACE_ATTACH, 100)` exit; and `orphan` (300), whose
/// parent 999 is not in the process list, calling ptrace too.
fn ptrace_capture() -> Vec<u8> {
    let mut w = CaptureWriter::new(Vec::new()).expect("header");
    w.threads(&[
        thread(1, 0, "systemd", "/usr/lib/systemd/systemd"),
        thread(100, 1, "bash", "/usr/bin/bash"),
        thread(200, 100, "tracer", "/usr/local/bin/tracer"),
        thread(300, 999, "orphan", "/usr/local/bin/orphan"),
    ])
    .expect("process list");
    for (i, tid) in [200i64, 300].into_iter().enumerate() {
        let dyn_u64 = [0u8, 0, 0, 0, 0, 0, 0, 0, 0];
        w.event(
            T0 + i as u64,
            tid,
            PTRACE_X,
            &[
                Param::res(0),
                Param::Raw(&dyn_u64),
                Param::Raw(&dyn_u64),
                Param::Int(PTRACE_ATTACH),
                Param::pid(100),
            ],
        )
        .expect("ptrace exit");
    }
    w.finish().expect("finish")
}

/// The values of the fields `names` (name, argument) on every event of `bytes`.
fn extract(bytes: &[u8], names: &[(&str, Option<&str>)]) -> Vec<Vec<Option<FieldValue>>> {
    let fields: Vec<_> = names
        .iter()
        .map(|(name, arg)| resolve_field(name, *arg).expect("field"))
        .collect();
    let mut r = CaptureReader::open(bytes).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut rows = Vec::new();
    while let Some(ev) = r.next_event().expect("event") {
        insp.process(&ev);
        let mut src = insp.source(&ev);
        rows.push(fields.iter().map(|f| src.extract(f)).collect());
    }
    rows
}

/// The alerts (rule name, `output_fields`) of `rules` on `bytes`, every matching rule, the
/// same under every back end.
fn alerts(bytes: &[u8], rules: &str) -> Vec<(String, BTreeMap<String, Value>)> {
    eval_support::same_under_every_backend(|backend| alerts_on(backend, bytes, rules))
}

/// [`alerts`] under one back end.
fn alerts_on(
    backend: &dyn Backend,
    bytes: &[u8],
    rules: &str,
) -> Vec<(String, BTreeMap<String, Value>)> {
    let mut sources = Sources::new();
    sources.add("rules.yaml", rules);
    let loaded = load(&sources);
    let engine = eval_support::engine_with(
        backend,
        loaded.into_ruleset().0.expect("rules compile"),
        EngineOptions {
            rule_matching: RuleMatching::All,
            ..EngineOptions::default()
        },
    );
    let formatter = AlertFormatter::new(OutputOptions {
        time_zone: TimeZone::Utc,
        ..OutputOptions::default()
    });
    let mut r = CaptureReader::open(bytes).expect("capture opens");
    let mut insp = Inspector::new(r.tables());
    let mut out = Vec::new();
    while let Some(ev) = r.next_event().expect("event") {
        insp.process(&ev);
        if !ev.reaches_rules() {
            continue;
        }
        let mut src = insp.source(&ev);
        for idx in engine.matches(ev.code(), &mut src) {
            let rule = engine.rule(idx).expect("rule");
            let alert = formatter.alert(rule, &mut src);
            out.push((alert.rule, alert.output_fields));
        }
    }
    out
}

#[test]
fn ptrace_exit_request_is_the_flag_name() {
    let rows = extract(
        &ptrace_capture(),
        &[("evt.arg.request", None), ("evt.rawarg.request", None)],
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], Some(FieldValue::Str("PTRACE_ATTACH".into())));
    assert_eq!(rows[0][1], Some(FieldValue::Uint(PTRACE_ATTACH as u64)));
}

#[test]
fn upstream_ptrace_attached_rule_fires_on_a_falco_044_exit() {
    let Some(dir) = common::shared_dir() else {
        return;
    };
    let rules =
        std::fs::read_to_string(dir.join("corpus/rules/falco_rules.yaml")).expect("rules file");
    let fired = alerts(&ptrace_capture(), &rules);
    let names: Vec<&str> = fired.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        names,
        ["PTRACE attached to process", "PTRACE attached to process"]
    );
    assert_eq!(fired[0].1["proc.name"], Value::from("tracer"));
    assert_eq!(fired[0].1["proc.pcmdline"], Value::from("bash -p 100"));
}

#[test]
fn ppid_is_missing_when_the_parent_is_unknown() {
    let rows = extract(
        &ptrace_capture(),
        &[
            ("proc.ppid", None),
            ("proc.pname", None),
            ("proc.pid", None),
        ],
    );
    assert_eq!(rows[0][0], Some(FieldValue::Int(100)));
    assert_eq!(rows[1][0], None, "parent 999 is not in the process list");
    assert_eq!(rows[1][1], None);
    assert_eq!(rows[1][2], Some(FieldValue::Int(300)));
    // Every comparison on a missing field is false, so its negation is true.
    let fired = alerts(
        &ptrace_capture(),
        "- rule: ppid\n  desc: d\n  condition: evt.type=ptrace and not (proc.ppid <= -1) and not proc.ppid exists\n  output: \"%proc.name\"\n  priority: WARNING\n",
    );
    let names: Vec<&Value> = fired.iter().map(|(_, f)| &f["proc.name"]).collect();
    assert_eq!(names, [&Value::from("orphan")]);
}

#[test]
fn ppid_is_missing_for_orphans_of_shared_captures() {
    for name in [
        "syscall.scap",
        "connect_localhost.scap",
        "ping_sendto.scap",
        "single_ipv6_conn.scap",
    ] {
        let Some(path) = common::capture(name) else {
            return;
        };
        let bytes = std::fs::read(&path).expect("capture");
        let rows = extract(&bytes, &[("proc.ppid", None), ("proc.pid", None)]);
        let missing = rows
            .iter()
            .filter(|r| r[1].is_some() && r[0].is_none())
            .count();
        let minus_one = rows
            .iter()
            .filter(|r| r[0] == Some(FieldValue::Int(-1)))
            .count();
        assert!(missing > 0, "{name}: some thread has an unknown parent");
        assert_eq!(minus_one, 0, "{name}: proc.ppid is never -1");
    }
}

/// The values of `names` on the events of shared capture `name` whose type is `ty`.
fn on_type(
    name: &str,
    ty: &str,
    names: &[(&str, Option<&str>)],
) -> Option<Vec<Vec<Option<FieldValue>>>> {
    let bytes = std::fs::read(common::capture(name)?).expect("capture");
    let mut all = vec![("evt.type", None)];
    all.extend_from_slice(names);
    let rows = extract(&bytes, &all);
    Some(
        rows.into_iter()
            .filter(|r| r[0] == Some(FieldValue::Str(ty.into())))
            .map(|r| r[1..].to_vec())
            .collect(),
    )
}

#[test]
fn sendmsg_exits_carry_the_socket_context() {
    let Some(rows) = on_type(
        "ping_sendto.scap",
        "sendmsg",
        &[
            ("fd.l4proto", None),
            ("fd.typechar", None),
            ("fd.is_server", None),
            ("fd.cip", None),
            ("fd.sip", None),
            ("fd.sport", None),
            ("fd.name", None),
        ],
    ) else {
        return;
    };
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r[0], Some(FieldValue::Str("udp".into())));
        assert_eq!(r[1], Some(FieldValue::Str("4".into())));
        assert_eq!(r[2], Some(FieldValue::Bool(false)));
        assert!(r[3].is_some() && r[4].is_some() && r[5].is_some());
        assert_eq!(
            r[6],
            Some(FieldValue::Str("10.0.2.15:1->128.32.41.1:0".into()))
        );
    }
}

#[test]
fn connect_exits_name_the_connected_tuple() {
    let Some(rows) = on_type("connect_localhost.scap", "connect", &[("fd.name", None)]) else {
        return;
    };
    assert!(rows
        .iter()
        .any(|r| r[0] == Some(FieldValue::Str("127.0.0.1:47192->127.0.0.1:80".into()))));
    let Some(rows) = on_type("single_ipv6_conn.scap", "connect", &[("fd.name", None)]) else {
        return;
    };
    assert!(rows.iter().any(|r| matches!(
        &r[0],
        Some(FieldValue::Str(n)) if n.starts_with("2001:db8::4:54405")
    )));
}
