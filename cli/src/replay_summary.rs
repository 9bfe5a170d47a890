//! The one-line summary `replay` and `run` end with on stderr: events as Falco counts them
//! (`SessionStats::captured`), alerts by priority, events per second.

use falcoc_compiler::priority::Priority;
use falcoc_runtime::session::AlertCounts;
use std::time::Instant;

/// When one replay started.
pub struct Summary {
    started: Instant,
}

impl Summary {
    pub fn start() -> Summary {
        Summary {
            started: Instant::now(),
        }
    }

    /// `events: 1234, alerts: 2 (Critical 1, Warning 1), 0.012 s, 102833 events/s`.
    pub fn line(&self, events: u64, alerts: &AlertCounts) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        let total = alerts.total();
        let by: Vec<String> = Priority::ALL
            .iter()
            .filter(|p| alerts.of(**p) > 0)
            .map(|p| format!("{} {}", p.as_str(), alerts.of(*p)))
            .collect();
        let rate = if secs > 0.0 {
            events as f64 / secs
        } else {
            0.0
        };
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(" ({})", by.join(", "))
        };
        format!("events: {events}, alerts: {total}{by}, {secs:.3} s, {rate:.0} events/s")
    }
}
