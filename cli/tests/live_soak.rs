//! Live soak: the agent survives a burst of concurrent processes (a fork bomb bounded in
//! count and time) and thousands of short-lived processes, and its thread table is purged
//! as they exit (it ends near its start size, not thousands larger). Drops, if any, are
//! counted in the final stats and alerted; SIGTERM detaches cleanly with the stats.
//! Privileged.

mod common;
mod live;

use std::process::{Command, Stdio};

use live::Agent;

/// The number after `label` in `text` (`"... 123 label"` or `"label 123"` forms).
fn number_before(text: &str, label: &str) -> Option<u64> {
    let at = text.find(label)?;
    text[..at].split_whitespace().last()?.parse().ok()
}

#[test]
fn thread_table_is_purged_under_process_churn_one_worker() {
    thread_table_is_purged_under_process_churn(1);
}

#[test]
fn thread_table_is_purged_under_process_churn_two_workers() {
    thread_table_is_purged_under_process_churn(2);
}

fn thread_table_is_purged_under_process_churn(workers: usize) {
    if !live::privileged() {
        return;
    }
    let _turn = live::one_at_a_time();
    let mut args = live::run_args(workers);
    args.push("--json".to_string());
    let agent = Agent::start(&args);
    let start_line = agent.stderr_so_far();
    let before = number_before(&start_line, "threads known").expect("start line counts threads");
    // A fork bomb bounded in count and time: 300 concurrent sleepers.
    let bomb = Command::new("bash")
        .args(["-c", "for i in $(seq 300); do sleep 0.3 & done; wait"])
        .status()
        .expect("bash");
    assert!(bomb.success());
    // Thousands of short-lived processes.
    let churn = Command::new("bash")
        .args(["-c", "for i in $(seq 3000); do /bin/true; done"])
        .stdout(Stdio::null())
        .status()
        .expect("bash");
    assert!(churn.success());
    let (out, err) = agent.stop_with(libc::SIGTERM);
    let after = number_before(&err, "threads in the table").expect("final stats count threads");
    assert!(
        after < before + 1000,
        "thread table grew from {before} to {after} after 3300 exited processes"
    );
    let drops = number_before(&err, "dropped").expect("final stats count drops");
    if drops > 0 {
        assert!(
            out.contains("Falco internal: syscall event drop"),
            "{drops} drops but no drop alert"
        );
    }
}
