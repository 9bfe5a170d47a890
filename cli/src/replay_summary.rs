//! The one-line summary `replay` ends with on stderr: events read, alerts by priority,
//! events per second.

use falcoc_compiler::priority::Priority;
use std::time::Instant;

/// Counters of one replay.
pub struct Summary {
    pub events: u64,
    alerts: [u64; 8],
    started: Instant,
}

impl Summary {
    pub fn start() -> Summary {
        Summary {
            events: 0,
            alerts: [0; 8],
            started: Instant::now(),
        }
    }

    pub fn alert(&mut self, p: Priority) {
        self.alerts[p as usize] += 1;
    }

    /// `events: 1234, alerts: 2 (Critical 1, Warning 1), 0.012 s, 102833 events/s`.
    pub fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        let total: u64 = self.alerts.iter().sum();
        let by: Vec<String> = Priority::ALL
            .iter()
            .filter(|p| self.alerts[**p as usize] > 0)
            .map(|p| format!("{} {}", p.as_str(), self.alerts[*p as usize]))
            .collect();
        let rate = if secs > 0.0 {
            self.events as f64 / secs
        } else {
            0.0
        };
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(" ({})", by.join(", "))
        };
        format!(
            "events: {}, alerts: {total}{by}, {secs:.3} s, {rate:.0} events/s",
            self.events
        )
    }
}
