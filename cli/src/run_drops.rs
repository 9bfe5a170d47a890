//! Falco's `syscall_event_drops` behaviour: the kernel's drop counters are checked every
//! second; when events were lost, a "Falco internal: syscall event drop" alert (rate
//! limited to one per 30 s, as Falco's default `rate: .03333`, `max_burst: 1`) carries the
//! counts.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use falcoc_compiler::priority::Priority;
use falcoc_probe::ProbeStats;
use falcoc_runtime::output::Alert;
use serde_json::Value;

/// Minimum time between two drop alerts.
const ALERT_EVERY: Duration = Duration::from_secs(30);

/// Tracks drop counters between checks.
pub struct DropWatch {
    last: ProbeStats,
    last_alert: Option<Instant>,
}

impl DropWatch {
    pub fn new() -> DropWatch {
        DropWatch {
            last: ProbeStats::default(),
            last_alert: None,
        }
    }

    /// The drop alert due for the counters `now`, if any.
    pub fn check(&mut self, now: ProbeStats, hostname: &str, time_ns: u64) -> Option<Alert> {
        let drops = now.drops().saturating_sub(self.last.drops());
        let evts = now.events.saturating_sub(self.last.events);
        let buffer = now.drops_buffer.saturating_sub(self.last.drops_buffer);
        let size = now.drops_size.saturating_sub(self.last.drops_size);
        self.last = now;
        if drops == 0 || self.last_alert.is_some_and(|t| t.elapsed() < ALERT_EVERY) {
            return None;
        }
        self.last_alert = Some(Instant::now());
        let message = format!(
            "Falco internal: syscall event drop. {drops} system calls dropped in last second."
        );
        let mut fields = BTreeMap::new();
        let n = |v: u64| Value::from(v);
        fields.insert("ebpf_enabled".into(), n(1));
        fields.insert("n_drops".into(), n(drops));
        fields.insert("n_drops_buffer_total".into(), n(buffer));
        fields.insert("n_drops_bug".into(), n(0));
        fields.insert("n_drops_page_faults".into(), n(0));
        fields.insert("n_drops_scratch_map".into(), n(size));
        fields.insert("n_evts".into(), n(evts));
        fields.insert(
            "n_drops_perc".into(),
            Value::from(if evts > 0 {
                drops as f64 * 100.0 / evts as f64
            } else {
                0.0
            }),
        );
        Some(Alert {
            hostname: hostname.to_string(),
            rule: "Falco internal: syscall event drop".into(),
            priority: Priority::Debug,
            source: "syscall".into(),
            tags: Vec::new(),
            time_ns,
            output: message.clone(),
            message,
            output_fields: fields,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_alert_once_then_rate_limited() {
        let mut w = DropWatch::new();
        let s = |events, drops_buffer| ProbeStats {
            events,
            drops_buffer,
            ..ProbeStats::default()
        };
        assert!(w.check(s(100, 0), "h", 1).is_none());
        let a = w.check(s(300, 5), "h", 2).expect("drop alert");
        assert_eq!(a.output_fields["n_drops"], Value::from(5u64));
        assert_eq!(a.output_fields["n_evts"], Value::from(200u64));
        assert!(w.check(s(400, 9), "h", 3).is_none(), "rate limited");
    }
}
