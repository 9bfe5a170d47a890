//! [`AlertSink`]: where alerts go — Falco's text or JSON lines on a writer, or a collector.
//! A write error is returned to the session, which stops: alerts are never lost silently.

use std::io::{self, Write};

use crate::output::{Alert, AlertFormatter};

/// Receives every alert, in order.
pub trait AlertSink {
    fn alert(&mut self, alert: &Alert) -> io::Result<()>;

    /// Pushes out what is buffered.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes each alert as one line: Falco's text line, or Falco's JSON.
#[derive(Debug)]
pub struct AlertWriter<W> {
    out: W,
    formatter: AlertFormatter,
    json: bool,
}

impl<W: Write> AlertWriter<W> {
    /// `formatter` supplies the JSON options; `json` selects JSON lines over text.
    pub fn new(out: W, formatter: AlertFormatter, json: bool) -> AlertWriter<W> {
        AlertWriter {
            out,
            formatter,
            json,
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> AlertSink for AlertWriter<W> {
    fn alert(&mut self, alert: &Alert) -> io::Result<()> {
        let line = if self.json {
            self.formatter.json(alert)
        } else {
            self.formatter.text(alert)
        };
        writeln!(self.out, "{line}")
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Keeps every alert (tests, embedding).
#[derive(Debug, Default)]
pub struct AlertCollector {
    pub alerts: Vec<Alert>,
}

impl AlertSink for AlertCollector {
    fn alert(&mut self, alert: &Alert) -> io::Result<()> {
        self.alerts.push(alert.clone());
        Ok(())
    }
}

impl<S: AlertSink + ?Sized> AlertSink for &mut S {
    fn alert(&mut self, alert: &Alert) -> io::Result<()> {
        (**self).alert(alert)
    }

    fn flush(&mut self) -> io::Result<()> {
        (**self).flush()
    }
}
