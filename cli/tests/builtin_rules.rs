//! Every built-in rule (rules/falcoc_rules.yaml) fires on a real capture: the shared
//! `synthetic-tiny.scap` holds nginx starting `bash -c "cat /etc/shadow"`.

mod common;

#[test]
fn every_builtin_rule_triggers_on_a_real_capture() {
    let Some(shared) = common::shared() else {
        return;
    };
    let cap = shared.join("corpus/captures/synthetic-tiny.scap");
    let alerts =
        common::replay_alerts(&[cap.as_os_str(), "-o".as_ref(), "rule_matching=all".as_ref()]);
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
