//! An alert is written while the agent runs, not held until it stops: with one worker and
//! with two (where the ordered output writes a line once every worker is past it, which a
//! quiet machine only tells it through the reader's ticks). An untrusted program reads
//! `/etc/shadow` every 300 ms until the upstream "Read sensitive file untrusted" alert is
//! on stdout, at most 20 s — far fewer events than a worker's periodic mark needs, so a
//! lost tick fails the test. Privileged.

mod common;
mod live;

use std::time::Duration;

use live::Agent;

#[test]
fn an_alert_is_out_while_the_agent_runs_one_worker() {
    an_alert_is_out_while_the_agent_runs(1);
}

#[test]
fn an_alert_is_out_while_the_agent_runs_two_workers() {
    an_alert_is_out_while_the_agent_runs(2);
}

fn an_alert_is_out_while_the_agent_runs(workers: usize) {
    if !live::privileged() {
        return;
    }
    let Some(rules) = live::upstream_rules() else {
        return;
    };
    let _turn = live::one_at_a_time();
    let mut args = live::run_args(workers);
    args.extend(rules);
    args.extend([
        "--json".to_string(),
        "-o".to_string(),
        live::BIG_BUFFER.to_string(),
    ]);
    let mut agent = Agent::start(&args);
    let line = agent.await_line(
        Duration::from_secs(20),
        || live::actions::run("cat", &["/etc/shadow"]),
        |l| l.contains("Read sensitive file untrusted") && l.contains("/etc/shadow"),
    );
    let (out, err) = agent.stop();
    let line = line.unwrap_or_else(|| panic!("no alert while running: {out}\n{err}"));
    let alert: serde_json::Value = serde_json::from_str(&line).expect("JSON alert");
    assert_eq!(live::field(&alert, "proc.name"), "cat", "{line}");
    assert!(out.contains(&line), "stop returns what was read: {out}");
}
