//! The one output queue. Every worker's [`QueueSink`] renders its alerts (Falco's text line
//! or JSON, exactly as [`crate::session::AlertWriter`] does), tags each with its event's
//! position in the stream and sends them, with the position up to which the worker is
//! done, over one bounded channel. [`write_ordered`] writes them in stream order: the
//! output is the single worker's, line for line. What it holds back is bounded by the
//! events in flight in the workers' bounded queues.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError};

use super::worker::Ordered;
use crate::output::{Alert, AlertFormatter};
use crate::session::{AlertSink, Matcher, Rules};

/// Alert lines a sink gathers before sending them without waiting for its batch's end.
const LINES_PER_SEND: usize = 256;
/// Stream positions a worker's "done before" mark may lag behind before it is sent, when
/// no one asks for it sooner: marks after every batch would wake the output thread about
/// every thousand events. Held lines wait at most about this many events longer.
const MARK_STRIDE: u64 = 32_768;

/// What a worker sends: alert lines by stream position, then (when given) the position
/// from which on it can still raise alerts (`u64::MAX`: the worker is finished).
#[derive(Debug)]
pub struct Output {
    worker: usize,
    lines: Vec<(u64, String)>,
    next: Option<u64>,
}

impl Output {
    /// A line that no worker raised (the live agent's drop alert), placed at stream
    /// position `at`: it is written once every worker is past `at`.
    pub fn external(at: u64, line: String) -> Output {
        Output {
            worker: usize::MAX,
            lines: vec![(at, line)],
            next: None,
        }
    }
}

/// `alert` as one output line: Falco's JSON when `json`, else its text line (exactly as
/// [`crate::session::AlertWriter`] writes it).
pub fn render(formatter: &AlertFormatter, json: bool, alert: &Alert) -> String {
    if json {
        formatter.json(alert)
    } else {
        formatter.text(alert)
    }
}

/// The queue's two ends: `capacity` messages in flight at most.
pub fn alert_queue(capacity: usize) -> (SyncSender<Output>, Receiver<Output>) {
    sync_channel(capacity.max(1))
}

/// Worker `worker`'s alert sink onto the output queue.
#[derive(Debug)]
pub struct QueueSink {
    queue: SyncSender<Output>,
    worker: usize,
    formatter: AlertFormatter,
    json: bool,
    seq: u64,
    lines: Vec<(u64, String)>,
    /// The last mark sent.
    marked: u64,
}

impl QueueSink {
    /// `formatter` supplies the JSON options; `json` selects JSON lines over text.
    pub fn new(
        queue: SyncSender<Output>,
        worker: usize,
        formatter: AlertFormatter,
        json: bool,
    ) -> Self {
        QueueSink {
            queue,
            worker,
            formatter,
            json,
            seq: 0,
            lines: Vec::new(),
            marked: 0,
        }
    }

    fn send(&mut self, next: Option<u64>) -> io::Result<()> {
        if self.lines.is_empty() && next.is_none() {
            return Ok(());
        }
        if let Some(n) = next {
            self.marked = n;
        }
        let out = Output {
            worker: self.worker,
            lines: std::mem::take(&mut self.lines),
            next,
        };
        self.queue
            .send(out)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the alert output stopped"))
    }
}

impl AlertSink for QueueSink {
    fn alert(&mut self, alert: &Alert) -> io::Result<()> {
        let line = render(&self.formatter, self.json, alert);
        self.lines.push((self.seq, line));
        if self.lines.len() >= LINES_PER_SEND {
            self.send(None)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send(None)
    }
}

impl<M: Matcher> Ordered for Rules<M, QueueSink> {
    fn at(&mut self, seq: u64) {
        self.sink_mut().seq = seq;
    }

    fn done_before(&mut self, next: u64, urgent: bool) -> io::Result<()> {
        let sink = self.sink_mut();
        if urgent || next.saturating_sub(sink.marked) >= MARK_STRIDE {
            sink.send(Some(next))?;
        }
        Ok(())
    }

    fn reads_fd_tables(&self) -> bool {
        self.matcher().reads_fd_tables() || self.formatter().reads_fd_tables()
    }

    fn may_match(&self, code: u16) -> bool {
        self.matcher().may_match(code)
    }
}

/// Writes the alerts of `workers` workers in stream order until every sender is gone;
/// flushes and returns the writer. On a write error it stops at once (the workers' sends
/// then fail and the run stops).
pub fn write_ordered<W: Write>(queue: Receiver<Output>, workers: usize, out: W) -> io::Result<W> {
    write_in_order(queue, workers, out, false)
}

/// [`write_ordered`] for a live run: the writer is also flushed whenever the queue is
/// empty, so an alert is out as soon as every worker is past its event.
pub fn write_ordered_live<W: Write>(
    queue: Receiver<Output>,
    workers: usize,
    out: W,
) -> io::Result<W> {
    write_in_order(queue, workers, out, true)
}

fn write_in_order<W: Write>(
    queue: Receiver<Output>,
    workers: usize,
    mut out: W,
    flush_when_idle: bool,
) -> io::Result<W> {
    let mut next = vec![0u64; workers.max(1)];
    let mut held: BTreeMap<(u64, u64), String> = BTreeMap::new();
    let mut arrival = 0u64;
    let mut unflushed = false;
    while let Some(msg) = next_message(&queue, flush_when_idle && unflushed) {
        let msg = match msg {
            Some(m) => m,
            None => {
                out.flush()?;
                unflushed = false;
                continue;
            }
        };
        for (seq, line) in msg.lines {
            held.insert((seq, arrival), line);
            arrival += 1;
        }
        if let (Some(n), Some(slot)) = (msg.next, next.get_mut(msg.worker)) {
            *slot = (*slot).max(n);
        }
        let safe = next.iter().copied().min().unwrap_or(u64::MAX);
        while let Some(entry) = held.first_entry() {
            if entry.key().0 >= safe {
                break;
            }
            writeln!(out, "{}", entry.remove())?;
            unflushed = true;
        }
    }
    for line in held.into_values() {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(out)
}

/// The next message (`Some(None)`: none waiting right now, when `poll` asks to know);
/// `None` once every sender is gone.
fn next_message(queue: &Receiver<Output>, poll: bool) -> Option<Option<Output>> {
    if poll {
        return match queue.try_recv() {
            Ok(m) => Some(Some(m)),
            Err(TryRecvError::Empty) => Some(None),
            Err(TryRecvError::Disconnected) => None,
        };
    }
    queue.recv().ok().map(Some)
}
