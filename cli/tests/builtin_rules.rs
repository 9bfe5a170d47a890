//! Every built-in rule (rules/falcoc_rules.yaml) fires on a real capture: the shared
//! `synthetic-tiny.scap` holds nginx starting `bash -c "cat /etc/shadow"`.

mod common;

use std::process::Command;

#[test]
fn every_builtin_rule_triggers_on_a_real_capture() {
    let Some(shared) = common::shared() else {
        println!("skipped: ../shared not found");
        return;
    };
    let cap = shared.join("corpus/captures/synthetic-tiny.scap");
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .arg("replay")
        .arg(&cap)
        .args(["--json", "-o", "rule_matching=all"])
        .output()
        .expect("falcoc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let alerts: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("alert json"))
        .collect();
    let fired: Vec<(&str, &str)> = alerts
        .iter()
        .map(|a| (a["rule"].as_str().unwrap(), a["priority"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fired,
        vec![
            ("Shell spawned by a network service", "Critical"),
            ("Credential file opened for reading", "Warning"),
        ]
    );
    assert_eq!(alerts[0]["output_fields"]["proc.pname"], "nginx");
    assert_eq!(alerts[1]["output_fields"]["fd.name"], "/etc/shadow");
    let builtin = include_str!("../../rules/falcoc_rules.yaml");
    let rules = builtin.lines().filter(|l| l.starts_with("- rule:")).count();
    assert_eq!(
        rules,
        fired.len(),
        "every built-in rule has a triggering case here"
    );
}
