//! Replay with rules files of our own using exceptions, overrides, appends, `enabled`,
//! minimum priority and `rule_matching`, on the shared `synthetic-tiny.scap` (nginx → bash →
//! `cat /etc/shadow`): each variant alerts exactly when Falco's semantics say it should.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn capture() -> Option<PathBuf> {
    falcoc_testkit::capture("synthetic-tiny.scap")
}

const BASE: &str = r#"
- list: readers
  items: [cat]
- macro: opened_shadow
  condition: evt.type in (open, openat) and fd.name = /etc/shadow
- rule: Shadow read
  desc: a reader opened the shadow file
  condition: opened_shadow and proc.name in (readers)
  output: "shadow read by %proc.name (parent=%proc.pname file=%fd.name)"
  priority: WARNING
- rule: Shell from web server
  desc: nginx started a shell
  condition: evt.type = execve and proc.name = bash and proc.pname = nginx
  output: "shell %proc.cmdline from %proc.pname"
  priority: CRITICAL
- rule: Any shadow access
  desc: second rule on the same event as Shadow read
  condition: evt.type = openat and fd.name startswith /etc/sha
  output: "shadow access %fd.name"
  priority: NOTICE
"#;

/// Rule names alerted, in output order, for BASE plus `extra` (a second file).
fn alerts(extra: &str, options: &[&str]) -> Option<Vec<String>> {
    let cap = capture()?;
    let dir = std::env::temp_dir().join(format!(
        "falcoc-replay-rules-{}-{}",
        std::process::id(),
        extra.len() + options.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let base = dir.join("base.yaml");
    let over = dir.join("override.yaml");
    std::fs::write(&base, BASE).unwrap();
    std::fs::write(&over, if extra.is_empty() { "[]\n" } else { extra }).unwrap();
    let mut args: Vec<std::ffi::OsString> = vec![
        cap.into(),
        "-r".into(),
        base.into(),
        "-r".into(),
        over.into(),
    ];
    for o in options {
        args.push("-o".into());
        args.push(o.into());
    }
    Some(
        common::replay_alerts(&args)
            .iter()
            .map(|v| v["rule"].as_str().unwrap().to_string())
            .collect(),
    )
}

fn check(extra: &str, options: &[&str], expected: &[&str]) {
    let Some(got) = alerts(extra, options) else {
        return;
    };
    assert_eq!(got, expected, "variant:\n{extra}\noptions: {options:?}");
}

#[test]
fn base_rules_alert_with_first_match() {
    check("", &[], &["Shell from web server", "Shadow read"]);
}

#[test]
fn rule_matching_all_reports_every_rule() {
    check(
        "",
        &["rule_matching=all"],
        &["Shell from web server", "Shadow read", "Any shadow access"],
    );
}

#[test]
fn minimum_priority_drops_less_severe_rules() {
    check("", &["priority=error"], &["Shell from web server"]);
}

#[test]
fn exception_suppresses_the_alert() {
    let extra = "- rule: Shadow read\n  exceptions:\n    - name: from_bash\n      fields: [proc.pname, fd.name]\n      values: [[bash, /etc/shadow]]\n  override:\n    exceptions: append\n";
    check(extra, &[], &["Shell from web server", "Any shadow access"]);
}

#[test]
fn exception_that_does_not_match_keeps_the_alert() {
    let extra = "- rule: Shadow read\n  exceptions:\n    - name: from_sshd\n      fields: proc.pname\n      comps: in\n      values: [sshd, sudo]\n  override:\n    exceptions: append\n";
    check(extra, &[], &["Shell from web server", "Shadow read"]);
}

#[test]
fn list_replaced_by_override_stops_the_rule() {
    let extra = "- list: readers\n  items: [less, more]\n  override:\n    items: replace\n";
    check(extra, &[], &["Shell from web server", "Any shadow access"]);
}

#[test]
fn list_append_keeps_the_rule() {
    let extra = "- list: readers\n  items: [less]\n  override:\n    items: append\n";
    check(extra, &[], &["Shell from web server", "Shadow read"]);
}

#[test]
fn condition_append_narrows_the_rule() {
    let extra = "- rule: Shell from web server\n  condition: and user.uid = 0\n  override:\n    condition: append\n";
    check(extra, &[], &["Shadow read"]);
}

#[test]
fn legacy_append_of_macro_widens_nothing_here() {
    let extra = "- macro: opened_shadow\n  condition: or fd.name = /etc/gshadow\n  append: true\n";
    check(extra, &[], &["Shell from web server", "Shadow read"]);
}

#[test]
fn enabled_false_by_override_disables() {
    let extra =
        "- rule: Shell from web server\n  enabled: false\n  override:\n    enabled: replace\n";
    check(extra, &[], &["Shadow read"]);
}

#[test]
fn replaced_condition_applies() {
    let extra = "- rule: Shadow read\n  condition: evt.type = execve and proc.name = cat\n  override:\n    condition: replace\n";
    check(
        extra,
        &["rule_matching=all"],
        &["Shell from web server", "Shadow read", "Any shadow access"],
    );
}

#[test]
fn falcos_replay_options_select_the_capture() {
    let Some(cap) = capture() else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .args(["replay", "-o", "engine.kind=replay", "-o"])
        .arg(format!("engine.replay.capture_file={}", cap.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("events: 8, alerts: 2 (Critical 1, Warning 1)"),
        "{stderr}"
    );
}
