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

/// The kernel's name (comm, 15 bytes) of this test process: the parent of every action.
fn test_comm() -> String {
    let name = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_default();
    name.chars().take(15).collect()
}

/// The key output fields every action's alert has filled: who did it (`proc.name`,
/// `proc.cmdline`), its parent (`proc.pname`, `parent` unless given) and the user.
fn assert_actor(alert: &serde_json::Value, name: &str, parent: &str) {
    assert_eq!(field(alert, "proc.name"), name, "proc.name: {alert:#}");
    assert_eq!(field(alert, "proc.pname"), parent, "proc.pname: {alert:#}");
    assert_eq!(field(alert, "user.name"), "root", "user.name: {alert:#}");
    assert!(
        field(alert, "proc.cmdline").starts_with(name),
        "proc.cmdline: {alert:#}"
    );
}

#[test]
fn upstream_rules_alert_on_real_actions_one_worker() {
    upstream_rules_alert_on_real_actions(1);
}

#[test]
fn upstream_rules_alert_on_real_actions_two_workers() {
    upstream_rules_alert_on_real_actions(2);
}

fn upstream_rules_alert_on_real_actions(workers: usize) {
    if !live::privileged() {
        return;
    }
    let Some(rules) = live::upstream_rules() else {
        return;
    };
    let _turn = live::one_at_a_time();
    let dir = live::scratch(&format!("agent-{workers}"));
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
    // A large buffer: on a loaded machine the agent may be starved of cpu for a while.
    let mut args = live::run_args(workers);
    args.extend([
        "--json".to_string(),
        "-o".to_string(),
        live::BIG_BUFFER.to_string(),
    ]);
    args.extend(rules);
    let agent = Agent::start(&args);
    actions(&dir);
    std::fs::write(&fifo, b"go\n").expect("wake the early shell");
    let _ = early.wait();
    let (out, err) = agent.stop();
    // Shown when an expected alert is missing: were events dropped?
    println!("agent stderr: {err}");
    let alerts = live::alerts(&out);
    let d = dir.to_string_lossy().to_string();
    let me = test_comm();

    let shadow = expect(&alerts, "Read sensitive file untrusted", |a| {
        field(a, "proc.cmdline") == "cat /etc/shadow" && field(a, "proc.pname") != "sh"
    });
    assert_eq!(field(shadow, "fd.name"), "/etc/shadow");
    assert_actor(shadow, "cat", &me);

    let early_alert = expect(&alerts, "Read sensitive file untrusted", |a| {
        field(a, "proc.pname") == "sh" && field(a, "proc.name") == "cat"
    });
    assert_actor(early_alert, "cat", "sh");
    assert_eq!(field(early_alert, "fd.name"), "/etc/shadow");
    assert_eq!(
        field(early_alert, "proc.aname[2]"),
        me,
        "ancestry of a process started before the agent"
    );

    let shell = expect(&alerts, "Run shell untrusted", |a| {
        field(a, "proc.pname") == "nginx"
    });
    assert_actor(shell, "sh", "nginx");
    assert_eq!(field(shell, "proc.cmdline"), "sh -c echo spawned");

    let link = expect(&alerts, "Create Symlink Over Sensitive Files", |a| {
        field(a, "evt.arg.linkpath").starts_with(&d)
    });
    assert_eq!(field(link, "evt.arg.target"), "/etc/shadow");
    assert_actor(link, "ln", &me);
    assert_eq!(
        field(link, "proc.cmdline"),
        format!("ln -s /etc/shadow {d}/shadow-link")
    );

    let shm = expect(&alerts, "Execution from /dev/shm", |a| {
        field(a, "proc.cmdline").starts_with("/dev/shm/falcoc-e2e")
            || field(a, "proc.name").starts_with("falcoc-e2e")
    });
    let shm_name = field(shm, "proc.name");
    assert!(shm_name.starts_with("falcoc-e2e"), "{shm:#}");
    assert_actor(shm, &shm_name, &me);
    assert!(
        field(shm, "proc.exepath").starts_with("/dev/shm/falcoc-e2e"),
        "{shm:#}"
    );

    let memfd = expect(&alerts, "Fileless execution via memfd_create", |_| true);
    // The kernel names a process executed from a memfd after the memfd: `memfd:NAME`.
    assert_actor(memfd, "memfd:falcoc-pa", &me);
    // Falco's probe gives the memfd's own dentry name as the executable path (it has no
    // path in any mount tree).
    assert_eq!(
        field(memfd, "proc.exepath"),
        "memfd:falcoc-payload",
        "{memfd:#}"
    );

    let ptrace = expect(&alerts, "PTRACE attached to process", |a| {
        field(a, "proc.name").starts_with("python")
    });
    let python_name = field(ptrace, "proc.name");
    assert_actor(ptrace, &python_name, &me);
    assert!(field(ptrace, "proc.cmdline").contains("libc.ptrace(16"));

    let find = expect(&alerts, "Search Private Keys or Passwords", |a| {
        field(a, "proc.cmdline").contains("id_rsa")
    });
    assert_actor(find, "find", &me);
    assert_eq!(
        field(find, "proc.cmdline"),
        format!("find {d} -name id_rsa")
    );

    let log = expect(&alerts, "Clear Log Activities", |a| {
        field(a, "fd.name").starts_with("/var/log/falcoc-e2e") && field(a, "proc.name") == "sh"
    });
    assert_actor(log, "sh", &me);
    assert_eq!(
        field(log, "proc.cmdline"),
        format!("sh -c : > {}", field(log, "fd.name"))
    );

    let shred = expect(&alerts, "Remove Bulk Data from Disk", |a| {
        field(a, "proc.name") == "shred"
    });
    assert_actor(shred, "shred", &me);
    assert_eq!(field(shred, "proc.cmdline"), format!("shred -u {d}/victim"));

    let trav = expect(&alerts, "Directory traversal monitored file read", |a| {
        field(a, "fd.nameraw").starts_with(&d)
    });
    assert_eq!(field(trav, "fd.name"), "/etc/passwd");
    assert_actor(trav, "cat", &me);
    assert_eq!(
        field(trav, "proc.cmdline"),
        format!("cat {d}/../../etc/passwd")
    );

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
