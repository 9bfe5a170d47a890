//! The probe's in-kernel cost per syscall, from the kernel's per-program run-time
//! accounting (`kernel.bpf_stats_enabled`, read with `bpftool prog show`). Other agents may
//! be attached on a shared machine: the agent's own programs are those that appeared after
//! it started. The accounting itself reads the clock twice per program run, so it is
//! switched on only while this cost is measured, never while loops are timed.

use std::collections::HashMap;
use std::process::Command;

/// `id → (run_time_ns, run_cnt)` of every loaded `falcoc_sys_exit` program.
pub type Snapshot = HashMap<u32, (u64, u64)>;

/// Switches the kernel's per-program run-time accounting on or off.
pub fn set_accounting(on: bool) {
    let _ = std::fs::write(
        "/proc/sys/kernel/bpf_stats_enabled",
        if on { "1" } else { "0" },
    );
}

/// The `falcoc_sys_exit` programs loaded now.
pub fn snapshot() -> Snapshot {
    let out = Command::new("bpftool").args(["prog", "show"]).output();
    let text = out
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    text.lines()
        .filter(|l| l.contains("name falcoc_sys_exit "))
        .filter_map(parse_line)
        .collect()
}

/// `101: tracing  name falcoc_sys_exit  tag … run_time_ns 5 run_cnt 2`.
fn parse_line(line: &str) -> Option<(u32, (u64, u64))> {
    let id = line.split(':').next()?.trim().parse().ok()?;
    let num = |key: &str| -> Option<u64> {
        let at = line.find(key)? + key.len();
        line[at..].split_whitespace().next()?.parse().ok()
    };
    Some((
        id,
        (
            num("run_time_ns ").unwrap_or(0),
            num("run_cnt ").unwrap_or(0),
        ),
    ))
}

/// Nanoseconds per run of the programs in `start` that were not in `before_agent`, between
/// `start` and `end`; `None` when they did not run.
pub fn ns_per_run(before_agent: &Snapshot, start: &Snapshot, end: &Snapshot) -> Option<f64> {
    let (mut ns, mut runs) = (0u64, 0u64);
    for (id, (t0, c0)) in start
        .iter()
        .filter(|(id, _)| !before_agent.contains_key(id))
    {
        let (t1, c1) = end.get(id)?;
        ns += t1.saturating_sub(*t0);
        runs += c1.saturating_sub(*c0);
    }
    (runs > 0).then(|| ns as f64 / runs as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bpftool_lines_with_and_without_accounting() {
        let on = "101: tracing  name falcoc_sys_exit  tag 5376a476043bc9e8  gpl run_time_ns 11951588559 run_cnt 67363734";
        assert_eq!(parse_line(on), Some((101, (11_951_588_559, 67_363_734))));
        let off = "7: raw_tracepoint  name falcoc_sys_exit  tag 5376a476043bc9e8  gpl";
        assert_eq!(parse_line(off), Some((7, (0, 0))));
    }

    #[test]
    fn only_the_new_programs_count() {
        let before: Snapshot = [(1, (100, 10))].into();
        let start: Snapshot = [(1, (100, 10)), (2, (0, 0))].into();
        let end: Snapshot = [(1, (9_000, 20)), (2, (1_500, 10))].into();
        assert_eq!(ns_per_run(&before, &start, &end), Some(150.0));
        assert_eq!(ns_per_run(&start, &start, &end), None);
    }
}
