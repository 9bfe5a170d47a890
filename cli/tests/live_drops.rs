//! Drops are counted and alerted: with the smallest ring buffer and the agent's reader
//! stopped (SIGSTOP) while this test opens and closes a file in a loop, the buffer
//! overflows; after SIGCONT the agent raises Falco's "syscall event drop" alert with
//! `n_drops` and `n_evts`, and its final stats count the drops (with two workers, by ring
//! buffer too, the buffers' counts summing to the total). Privileged.

mod common;
mod live;

use std::time::{Duration, Instant};

use live::Agent;

#[test]
fn a_stalled_reader_drops_and_says_so_one_worker() {
    a_stalled_reader_drops_and_says_so(1);
}

#[test]
fn a_stalled_reader_drops_and_says_so_two_workers() {
    a_stalled_reader_drops_and_says_so(2);
}

fn a_stalled_reader_drops_and_says_so(workers: usize) {
    if !live::privileged() {
        return;
    }
    let _turn = live::one_at_a_time();
    let mut args = live::run_args(workers);
    args.extend([
        "--json".to_string(),
        "-o".to_string(),
        "engine.modern_ebpf.buf_size_preset=1".to_string(),
    ]);
    let agent = Agent::start(&args);
    // SAFETY: signalling our own child.
    unsafe { libc::kill(agent.pid() as i32, libc::SIGSTOP) };
    // 1 MiB holds about 10k open/close events: make far more.
    let start = Instant::now();
    let mut n = 0u64;
    while n < 200_000 || start.elapsed() < Duration::from_millis(300) {
        drop(std::fs::File::open("/etc/hostname").expect("open"));
        n += 1;
    }
    // SAFETY: as above.
    unsafe { libc::kill(agent.pid() as i32, libc::SIGCONT) };
    // Give the agent a drop check (once a second) before stopping it.
    std::thread::sleep(Duration::from_millis(1500));
    let (out, err) = agent.stop();
    let alerts = live::alerts(&out);
    let drop = alerts
        .iter()
        .find(|a| a["rule"] == "Falco internal: syscall event drop")
        .unwrap_or_else(|| panic!("no drop alert; stderr: {err}"));
    assert_eq!(drop["priority"], "Debug");
    let n_drops = drop["output_fields"]["n_drops"].as_u64().expect("n_drops");
    let n_evts = drop["output_fields"]["n_evts"].as_u64().expect("n_evts");
    assert!(n_drops > 0 && n_evts >= n_drops, "{drop:#}");
    let dropped: u64 = err
        .split(" dropped")
        .next()
        .and_then(|s| s.split_whitespace().last())
        .and_then(|s| s.parse().ok())
        .expect("final stats count drops");
    assert!(dropped >= n_drops, "final stats {err}");
    if workers > 1 {
        // `buffer full N, by buffer A + B`: every buffer's drops, summing to the total.
        let full: u64 = number_after(&err, "buffer full ").expect("buffer-full drops");
        let by = err
            .split("by buffer ")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .expect("drops by buffer");
        let each: Vec<u64> = by
            .split(" + ")
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        assert_eq!(each.len(), workers, "final stats {err}");
        assert_eq!(each.iter().sum::<u64>(), full, "final stats {err}");
    }
}

/// The number right after `label` in `text`.
fn number_after(text: &str, label: &str) -> Option<u64> {
    let rest = &text[text.find(label)? + label.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}
