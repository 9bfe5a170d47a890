//! `falcoc run --cpus N` (N > 1): the live agent on the partitioned runtime
//! (`falcoc_runtime::parallel`), the same machinery as `replay --cpus N`. The probe fills
//! N ring buffers, one per partition (the kernel routes each event by its thread group,
//! `buffer_of` = `partition_of`); this thread reads them in timestamp order, in place
//! (`EventBuffers::poll_merged`), and feeds the [`Dispatcher`], which numbers the stream
//! and hands each partition's events (and the shared process-tree events, and the parent
//! state at cross-partition forks) to that partition's worker. One output thread writes
//! the alerts in stream order; the drop alert goes through the same ordered queue.

use std::io::BufWriter;
use std::sync::mpsc::SyncSender;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use falcoc_probe::{EventBuffers, Probe};
use falcoc_runtime::engine::Engine;
use falcoc_runtime::event::record::RecordDecoder;
use falcoc_runtime::parallel::output::{
    alert_queue, render, write_ordered_live, Output, QueueSink,
};
use falcoc_runtime::parallel::partition::group_of;
use falcoc_runtime::parallel::{partition_of, run_partitioned, Dispatcher, ParallelOptions};
use falcoc_runtime::scap::CaptureTables;
use falcoc_runtime::session::{AlertCounts, Rules};
use falcoc_runtime::Session;

use crate::run::{Finished, LiveRun, POLL};
use crate::run_drops::DropWatch;

/// How far behind the present the merge cuts: a record stamped before the cut is taken to
/// be in its buffer already (the probe stamps an event just before it writes it).
const IN_FLIGHT: Duration = Duration::from_millis(2);

/// Events per batch to a worker: half a replay's. Live events come in rounds of a few
/// thousand (a wake-up or a poll interval), so a worker is woken about once a round either
/// way, and the batches in flight and in the spare pool (each keeps the capacity of its
/// largest fill) take half the memory (at 300k events/s: 33 MiB RSS instead of 36). Not
/// smaller: an idle worker is told how far the stream is every `batch_events × workers`
/// events, each time a wake-up.
const LIVE_BATCH_EVENTS: usize = 1024;

/// What the reader loop saw besides the events it fed.
#[derive(Default)]
struct Read {
    bad_records: u64,
    /// Drop alerts written (they count among the alerts).
    drop_alerts: AlertCounts,
}

/// Runs the partitioned live agent until a stop; `tables` is the `/proc` scan.
pub(crate) fn run(
    live: &LiveRun<'_>,
    workers: usize,
    probe: &Probe,
    buffers: &mut EventBuffers,
    tables: CaptureTables,
) -> Finished {
    let opts = ParallelOptions {
        batch_events: LIVE_BATCH_EVENTS,
        ..ParallelOptions::new(workers)
    };
    let (queue, alerts) = alert_queue(workers * 4);
    std::thread::scope(|scope| {
        let writer = scope
            .spawn(move || write_ordered_live(alerts, workers, BufWriter::new(std::io::stdout())));
        let run = run_partitioned(
            &opts,
            |w| {
                live.rules(QueueSink::new(
                    queue.clone(),
                    w,
                    live.formatter.clone(),
                    live.json,
                ))
            },
            |d| read_buffers(live, probe, buffers, d, Arc::new(tables), &queue),
        );
        // The sessions hold the last senders: summing them up ends the writer.
        let mut finished = summed(run.driven, run.sessions, workers);
        finished.write_error = run.failure;
        drop(queue);
        // A write error is the cause of any worker's failure to send.
        if let Err(e) = writer.join().expect("the output thread ends") {
            finished.write_error = Some(e);
        }
        finished
    })
}

/// The counts of every partition's session, and what the reader saw.
fn summed<H>(read: Read, sessions: Vec<Session<Rules<&Engine, H>>>, workers: usize) -> Finished
where
    H: falcoc_runtime::session::AlertSink,
{
    let mut finished = Finished {
        events: 0,
        counts: read.drop_alerts,
        threads: 0,
        bad_records: read.bad_records,
        write_error: None,
    };
    for (me, s) in sessions.iter().enumerate() {
        finished.events += s.stats().captured;
        finished.counts.merge(&s.handler().counts());
        // Other partitions keep copies of a process's tree data: count its owner's.
        finished.threads += s
            .inspector()
            .threads()
            .iter()
            .filter(|t| partition_of(group_of(t.tid, t.pid), workers) == me)
            .count();
    }
    finished
}

/// The reader loop: drains the buffers, feeds the merged records to `d`, checks the drop
/// counters every second, until a stop (then drains the backlog) or a stopped worker.
fn read_buffers(
    live: &LiveRun<'_>,
    probe: &Probe,
    buffers: &mut EventBuffers,
    d: &mut Dispatcher,
    tables: Arc<CaptureTables>,
    queue: &SyncSender<Output>,
) -> Read {
    let mut read = Read::default();
    // The first event seeds every partition's state from the scan.
    let mut tables = Some(tables);
    let mut decoder = RecordDecoder::new();
    let mut drops = DropWatch::new();
    let mut last_check = Instant::now();
    loop {
        let stop = live.stop_due();
        let mut worker_stopped = false;
        let mut feed = |rec: &[u8]| match decoder.decode(rec, 0) {
            Ok(ev) if !worker_stopped => worker_stopped = d.push(&ev, tables.take()).is_err(),
            Ok(_) => {}
            Err(_) => read.bad_records += 1,
        };
        // The cut is read once the wait is over: what was stamped before it is in the
        // buffers by the time the merge looks at them.
        let polled = if stop {
            Ok(buffers.drain_merged_backlog(live.backlog, &mut feed))
        } else {
            let cut = || now_ns().saturating_sub(IN_FLIGHT.as_nanos() as u64);
            buffers.poll_merged(POLL, cut, &mut feed)
        };
        let fed = match polled {
            Ok(n) => n,
            Err(e) => {
                eprintln!("falcoc: reading the ring buffers: {e}");
                break;
            }
        };
        // Every worker learns how far the stream is, so the alerts before it go out now.
        if worker_stopped || (fed > 0 && d.tick().is_err()) {
            break;
        }
        if last_check.elapsed() >= Duration::from_secs(1) || stop {
            last_check = Instant::now();
            if let Some(a) = probe
                .stats()
                .ok()
                .and_then(|s| drops.check(s, &live.host, falcoc_probe::boot_time_ns()))
            {
                read.drop_alerts.add(a.priority);
                let line = render(&live.formatter, live.json, &a);
                // A closed queue: the output stopped, and says why.
                if queue.send(Output::external(d.position(), line)).is_err() {
                    break;
                }
            }
        }
        if stop {
            break;
        }
    }
    read
}

/// Now, on the clock of the probe's timestamps (epoch nanoseconds).
fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}
