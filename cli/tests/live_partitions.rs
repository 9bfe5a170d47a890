//! Live forks across partitions: a parent (a copy of bash named `falcoc-forker`) forks
//! sixteen children that read `/etc/shadow` at once. With two workers most forks put the
//! child in the other partition than its parent (the partition of a pid is known:
//! `partition_of`); every child's "Read sensitive file untrusted" alert must still name its
//! parent (`proc.pname`, `proc.ppid`) and grandparent (`proc.aname[2]`, this test), which
//! its worker only knows from the parent's worker at the fork. One worker is the control.
//! Privileged.

mod common;
mod live;

use std::process::{Command, Stdio};

use falcoc_runtime::parallel::partition_of;
use live::{field, Agent};

#[test]
fn children_forked_across_partitions_name_their_ancestors_one_worker() {
    children_forked_across_partitions_name_their_ancestors(1);
}

#[test]
fn children_forked_across_partitions_name_their_ancestors_two_workers() {
    children_forked_across_partitions_name_their_ancestors(2);
}

fn children_forked_across_partitions_name_their_ancestors(workers: usize) {
    if !live::privileged() {
        return;
    }
    let Some(rules) = live::upstream_rules() else {
        return;
    };
    let _turn = live::one_at_a_time();
    let dir = live::scratch(&format!("partitions-{workers}"));
    let forker = dir.join("falcoc-forker");
    std::fs::copy("/bin/bash", &forker).expect("copy bash");
    let mut args = live::run_args(workers);
    args.extend(
        [
            "--json",
            "-o",
            live::BIG_BUFFER,
            "--extra-field",
            "proc.pid",
            "--extra-field",
            "proc.ppid",
        ]
        .map(String::from),
    );
    args.extend(rules);
    let agent = Agent::start(&args);
    let mut parent = Command::new(&forker)
        .args(["-c", "for i in $(seq 16); do cat /etc/shadow; done"])
        .stdout(Stdio::null())
        .spawn()
        .expect("the forker starts");
    let forker_pid = i64::from(parent.id());
    let _ = parent.wait();
    let (out, err) = agent.stop();
    println!("agent stderr: {err}");
    let me: String = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_default()
        .chars()
        .take(15)
        .collect();
    let children: Vec<serde_json::Value> = live::alerts(&out)
        .into_iter()
        .filter(|a| {
            a["rule"] == "Read sensitive file untrusted"
                && field(a, "proc.ppid") == forker_pid.to_string()
        })
        .collect();
    assert_eq!(children.len(), 16, "one alert per child: {children:#?}");
    let mut crossed = 0;
    for a in &children {
        assert_eq!(field(a, "proc.cmdline"), "cat /etc/shadow", "{a:#}");
        assert_eq!(field(a, "proc.pname"), "falcoc-forker", "{a:#}");
        assert_eq!(field(a, "proc.aname[2]"), me, "{a:#}");
        let pid: i64 = field(a, "proc.pid").parse().expect("proc.pid");
        if partition_of(pid, workers) != partition_of(forker_pid, workers) {
            crossed += 1;
        }
    }
    if workers > 1 {
        // Each child lands in the parent's partition with odds 1/2: all sixteen, 1 in 65536.
        assert!(crossed > 0, "no child crossed partitions");
    }
    println!("{crossed} of 16 children in another partition than their parent");
    let _ = std::fs::remove_dir_all(&dir);
}
