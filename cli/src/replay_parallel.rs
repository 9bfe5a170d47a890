//! `falcoc replay --cpus N` (N > 1): the capture's events partitioned by thread group over
//! N workers (`falcoc_runtime::parallel`), alerts written in stream order by one output
//! thread, so the output is the single worker's line for line.

use std::io::{BufWriter, Read};
use std::process::ExitCode;

use falcoc_runtime::engine::Engine;
use falcoc_runtime::output::AlertFormatter;
use falcoc_runtime::parallel::output::{alert_queue, write_ordered, QueueSink};
use falcoc_runtime::parallel::{run_partitioned, ParallelOptions};
use falcoc_runtime::session::{AlertCounts, Rules, RunError};
use falcoc_runtime::CaptureReader;

use crate::replay_summary::Summary;

/// What the rules run over the capture needs.
pub(crate) struct ParallelReplay<'a> {
    pub workers: usize,
    pub engine: &'a Engine,
    pub formatter: AlertFormatter,
    pub json: bool,
    pub name: &'a str,
}

/// Why feeding stopped.
enum Fed {
    Done,
    Damaged(String),
    Stopped,
}

impl ParallelReplay<'_> {
    /// Runs the rules over every event `reader` delivers (every `--loop` pass: the reader
    /// repeats the capture itself).
    pub fn run(&self, reader: &mut CaptureReader<impl Read>) -> ExitCode {
        let summary = Summary::start();
        let opts = ParallelOptions::new(self.workers);
        let (queue, alerts) = alert_queue(opts.workers * 4);
        let workers = opts.workers;
        let (written, run) = std::thread::scope(|scope| {
            let writer = scope
                .spawn(move || write_ordered(alerts, workers, BufWriter::new(std::io::stdout())));
            let run = run_partitioned(
                &opts,
                |w| {
                    let sink = QueueSink::new(queue.clone(), w, self.formatter.clone(), self.json);
                    Rules::new(self.engine, self.formatter.clone(), sink)
                },
                |d| feed(d.feed(reader)),
            );
            // The sessions hold the last senders: counting them ends the writer.
            let mut counts = AlertCounts::default();
            let mut events = 0;
            for s in run.sessions {
                events += s.stats().captured;
                counts.merge(&s.handler().counts());
            }
            let run = (run.driven, events, counts, run.failure);
            drop(queue);
            let written = writer.join().expect("the output thread ends");
            (written, run)
        });
        // A write error is the cause of any worker's failure to send.
        if let Err(e) = written {
            return crate::output::write_failed(&e);
        }
        let (fed, events, counts, failure) = run;
        if let Some(e) = failure {
            return crate::output::write_failed(&e);
        }
        eprintln!("{}", summary.line(events, &counts));
        match fed {
            Fed::Done => ExitCode::SUCCESS,
            Fed::Damaged(e) => {
                eprintln!("Error: {}: {e}", self.name);
                ExitCode::from(1)
            }
            // A worker stopped: its error was returned above.
            Fed::Stopped => ExitCode::from(1),
        }
    }
}

fn feed<E: std::fmt::Display>(
    r: Result<(), RunError<E, falcoc_runtime::parallel::Stopped>>,
) -> Fed {
    match r {
        Ok(()) => Fed::Done,
        Err(RunError::Source(e)) => Fed::Damaged(e.to_string()),
        Err(RunError::Handler(_)) => Fed::Stopped,
    }
}
