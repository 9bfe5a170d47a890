//! Live end-to-end: `falcoc run` with the three upstream rules files watches real actions
//! done as a user would and raises Falco's alerts with their key fields; benign controls
//! raise none; a process started before the agent alerts with its ancestry known (from the
//! `/proc` startup scan). Privileged: "skipped: needs CAP_BPF" when not root.

mod common;
mod live;

use std::process::{Command, Stdio};

use live::actions::{actions, run};
use live::{field, Agent};

/// The alert of `rule` for which `pred` holds; panics listing the alerts of that rule.
fn expect<'a>(
    alerts: &'a [serde_json::Value],
    rule: &str,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> &'a serde_json::Value {
    let of_rule: Vec<&serde_json::Value> = alerts.iter().filter(|a| a["rule"] == rule).collect();
    of_rule
        .iter()
        .copied()
        .find(|a| pred(a))
        .unwrap_or_else(|| {
            panic!(
                "no matching `{rule}` alert; alerts of that rule: {:#?}\nall rules: {:?}",
                of_rule,
                alerts
                    .iter()
                    .map(|a| a["rule"].to_string())
                    .collect::<Vec<_>>()
            )
        })
}

#[test]
fn upstream_rules_alert_on_real_actions() {
    if !live::privileged() {
        return;
    }
    let Some(rules) = live::upstream_rules() else {
        return;
    };
    let dir = live::scratch("agent");
    // Started before the agent: waits for a line on a fifo, then reads /etc/shadow.
    let fifo = dir.join("go");
    run("mkfifo", &[fifo.to_str().unwrap_or_default()]);
    let mut early = Command::new("sh")
        .args([
            "-c",
            &format!("read x < {}; cat /etc/shadow", fifo.display()),
        ])
        .stdout(Stdio::null())
        .spawn()
        .expect("early shell");
    let mut args = vec!["run".to_string(), "--json".to_string()];
    args.extend(rules);
    let agent = Agent::start(&args);
    actions(&dir);
    std::fs::write(&fifo, b"go\n").expect("wake the early shell");
    let _ = early.wait();
    let (out, err) = agent.stop();
    let alerts = live::alerts(&out);
    let d = dir.to_string_lossy().to_string();

    let shadow = expect(&alerts, "Read sensitive file untrusted", |a| {
        field(a, "proc.name") == "cat" && field(a, "proc.cmdline") == "cat /etc/shadow"
    });
    assert_eq!(field(shadow, "fd.name"), "/etc/shadow");
    assert_eq!(field(shadow, "user.name"), "root");
    assert!(!field(shadow, "proc.pname").is_empty());

    let test_name = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_default();
    let early_alert = expect(&alerts, "Read sensitive file untrusted", |a| {
        field(a, "proc.pname") == "sh" && field(a, "proc.name") == "cat"
    });
    let gparent = field(early_alert, "proc.aname[2]");
    assert!(
        test_name.starts_with(&gparent) && !gparent.is_empty(),
        "ancestry of a process started before the agent: gparent `{gparent}`, test `{test_name}`"
    );

    let shell = expect(&alerts, "Run shell untrusted", |a| {
        field(a, "proc.pname") == "nginx"
    });
    assert_eq!(field(shell, "proc.name"), "sh");
    assert_eq!(field(shell, "proc.cmdline"), "sh -c echo spawned");

    let link = expect(&alerts, "Create Symlink Over Sensitive Files", |a| {
        field(a, "evt.arg.linkpath").starts_with(&d)
    });
    assert_eq!(field(link, "evt.arg.target"), "/etc/shadow");
    assert_eq!(field(link, "proc.name"), "ln");

    let shm = expect(&alerts, "Execution from /dev/shm", |a| {
        field(a, "proc.cmdline").starts_with("/dev/shm/falcoc-e2e")
            || field(a, "proc.name").starts_with("falcoc-e2e")
    });
    assert_eq!(field(shm, "user.name"), "root");

    let memfd = expect(&alerts, "Fileless execution via memfd_create", |_| true);
    assert!(!field(memfd, "proc.pname").is_empty());

    let ptrace = expect(&alerts, "PTRACE attached to process", |a| {
        field(a, "proc.name").starts_with("python")
    });
    assert!(!field(ptrace, "proc.cmdline").is_empty());

    let find = expect(&alerts, "Search Private Keys or Passwords", |a| {
        field(a, "proc.cmdline").contains("id_rsa")
    });
    assert_eq!(field(find, "proc.name"), "find");

    let log = expect(&alerts, "Clear Log Activities", |a| {
        field(a, "fd.name").starts_with("/var/log/falcoc-e2e") && field(a, "proc.name") == "sh"
    });
    assert_eq!(
        field(log, "proc.cmdline"),
        format!("sh -c : > {}", field(log, "fd.name"))
    );

    let shred = expect(&alerts, "Remove Bulk Data from Disk", |a| {
        field(a, "proc.name") == "shred"
    });
    assert!(field(shred, "proc.cmdline").contains("victim"));

    let trav = expect(&alerts, "Directory traversal monitored file read", |a| {
        field(a, "fd.nameraw").starts_with(&d)
    });
    assert_eq!(field(trav, "fd.name"), "/etc/passwd");
    assert_eq!(field(trav, "proc.name"), "cat");

    for a in &alerts {
        let cmd = field(a, "proc.cmdline");
        assert!(
            !cmd.contains("/etc/hostname") && !cmd.contains("benign"),
            "benign action alerted: {a:#}"
        );
    }
    assert!(err.contains("events: "), "final stats: {err}");
    assert!(
        err.contains("dropped"),
        "drop counts in the final stats: {err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
