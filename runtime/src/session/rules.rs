//! [`Rules`]: the handler that runs rules on each event and sends alerts to a sink, and
//! [`Matcher`], what it needs of a rule engine (any evaluation back end).

use std::io;

use falcoc_catalog::ir::Rule;
use falcoc_catalog::priority::Priority;

use super::handler::EventHandler;
use super::sink::AlertSink;
use crate::engine::Engine;
use crate::event::Event;
use crate::extract::Source;
use crate::output::{Alert, AlertFormatter};

/// A rule engine as the session uses it: which rules match an event, and the rules.
/// Implemented by [`Engine`] (whatever back end evaluates its conditions) and by
/// references to one, so workers can share an engine.
pub trait Matcher {
    /// The indexes of the rules that match `ev` (whose fields `src` extracts), in load
    /// order, into `out` (cleared first).
    fn matches(&mut self, ev: &Event<'_>, src: &mut Source<'_, '_>, out: &mut Vec<usize>);

    /// The rule with index `idx`.
    fn rule(&self, idx: usize) -> Option<&Rule>;

    /// Whether a rule reads a field of a process's whole fd table (see
    /// [`Engine::reads_fd_tables`]); `true` when unknown.
    fn reads_fd_tables(&self) -> bool {
        true
    }

    /// Whether any rule is evaluated on events of `code`; `true` when unknown.
    fn may_match(&self, _code: u16) -> bool {
        true
    }
}

impl Matcher for Engine {
    fn matches(&mut self, _ev: &Event<'_>, src: &mut Source<'_, '_>, out: &mut Vec<usize>) {
        self.matches_source(*src, out);
    }

    fn rule(&self, idx: usize) -> Option<&Rule> {
        Engine::rule(self, idx)
    }

    fn reads_fd_tables(&self) -> bool {
        Engine::reads_fd_tables(self)
    }

    fn may_match(&self, code: u16) -> bool {
        Engine::may_match(self, code)
    }
}

impl Matcher for &Engine {
    fn matches(&mut self, _ev: &Event<'_>, src: &mut Source<'_, '_>, out: &mut Vec<usize>) {
        self.matches_source(*src, out);
    }

    fn rule(&self, idx: usize) -> Option<&Rule> {
        Engine::rule(self, idx)
    }

    fn reads_fd_tables(&self) -> bool {
        Engine::reads_fd_tables(self)
    }

    fn may_match(&self, code: u16) -> bool {
        Engine::may_match(self, code)
    }
}

/// Alerts raised, by priority.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlertCounts([u64; 8]);

impl AlertCounts {
    pub fn add(&mut self, p: Priority) {
        self.0[p as usize] += 1;
    }

    pub fn of(&self, p: Priority) -> u64 {
        self.0[p as usize]
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// Adds another tally (the partitions of a multi-core run).
    pub fn merge(&mut self, other: &AlertCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }
}

/// Runs the rules of a [`Matcher`] on each event; each match becomes an [`Alert`] built by
/// the formatter and written to the sink.
#[derive(Debug)]
pub struct Rules<M, S> {
    matcher: M,
    formatter: AlertFormatter,
    sink: S,
    matched: Vec<usize>,
    counts: AlertCounts,
}

impl<M: Matcher, S: AlertSink> Rules<M, S> {
    pub fn new(matcher: M, formatter: AlertFormatter, sink: S) -> Rules<M, S> {
        Rules {
            matcher,
            formatter,
            sink,
            matched: Vec::new(),
            counts: AlertCounts::default(),
        }
    }

    /// Sends an alert that no rule raised (the live agent's drop alerts) through the same
    /// sink and counts.
    pub fn emit(&mut self, alert: &Alert) -> io::Result<()> {
        self.counts.add(alert.priority);
        self.sink.alert(alert)
    }

    /// Alerts sent so far, by priority.
    pub fn counts(&self) -> AlertCounts {
        self.counts
    }

    pub fn matcher(&self) -> &M {
        &self.matcher
    }

    pub fn formatter(&self) -> &AlertFormatter {
        &self.formatter
    }

    pub fn sink(&self) -> &S {
        &self.sink
    }

    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    pub fn into_sink(self) -> S {
        self.sink
    }
}

impl<M: Matcher, S: AlertSink> EventHandler for Rules<M, S> {
    type Error = io::Error;

    fn event(&mut self, ev: &Event<'_>, src: &mut Source<'_, '_>) -> io::Result<()> {
        self.matcher.matches(ev, src, &mut self.matched);
        for &idx in &self.matched {
            let Some(rule) = self.matcher.rule(idx) else {
                continue;
            };
            let alert = self.formatter.alert(rule, src);
            self.counts.add(alert.priority);
            self.sink.alert(&alert)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sink.flush()
    }
}
