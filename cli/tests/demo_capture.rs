//! The bundled demo capture (`rules/demo.scap`, written by `xtask gen-demo-capture`) raises
//! exactly the two built-in alerts, and sysdig 0.29.3 sees the same two events.

mod common;

use std::path::{Path, PathBuf};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/demo.scap")
}

#[test]
fn demo_capture_raises_the_builtin_alerts() {
    let demo = demo();
    let alerts = common::replay_alerts(&[
        demo.as_os_str(),
        "-o".as_ref(),
        "rule_matching=all".as_ref(),
    ]);
    let got: Vec<(String, String, String)> = alerts
        .iter()
        .map(|a| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (s(&a["rule"]), s(&a["priority"]), s(&a["output"]))
        })
        .collect();
    let want = [
        (
            "Shell spawned by a network service",
            "Critical",
            "00:00:00.160237570: Critical shell spawned by a network service (shell=sh \
             parent=nginx command=sh -c cat /etc/shadow user=www-data container=host)",
        ),
        (
            "Credential file opened for reading",
            "Warning",
            "00:00:00.160293003: Warning credential file opened for reading \
             (file=/etc/shadow process=cat command=cat /etc/shadow parent=sh user=www-data \
             container=host)",
        ),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(r, p, o)| (r.to_string(), p.to_string(), o.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn sysdig_sees_the_same_events_in_the_demo_capture() {
    if !falcoc_testkit::sysdig::available() {
        return;
    }
    let cond = "evt.dir=< and ((evt.type=execve and evt.rawres=0 and proc.name=sh \
                and proc.pname=nginx) or (evt.type=openat and fd.name=/etc/shadow \
                and evt.rawres>=0 and not proc.name=unix_chkpwd))";
    let out = falcoc_testkit::sysdig::command(&demo())
        .args([
            "-p",
            "*%evt.rawtime %evt.type %proc.name %proc.pname %fd.name",
            cond,
        ])
        .output()
        .expect("sysdig runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "1767225600160237570 execve sh nginx <NA>",
            "1767225600160293003 openat cat sh /etc/shadow",
        ]
    );
}
