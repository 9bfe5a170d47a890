//! `falcoc capture -w FILE`: record live events into a `.scap` capture that `falcoc replay`
//! reads. The machine, user, process and fd lists from the `/proc` startup scan come
//! first, then the probe's records as they arrive (plain, or gzip with `.gz` or `-z`).
//! `--filter` keeps only matching events, plus every event that changes process or fd
//! state, so the capture still replays with full context.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use falcoc_compiler::catalog::events::ef;
use falcoc_runtime::event::record::RecordDecoder;
use falcoc_runtime::scap::CaptureWriter;
use falcoc_runtime::{procfs, Inspector};

use crate::live;
use crate::replay_print::{compile, CompiledFilter};

#[derive(Args, Debug)]
pub struct CaptureArgs {
    /// The capture file to write.
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    write: String,
    /// Stop after this many seconds (otherwise at SIGINT/SIGTERM).
    #[arg(long, value_name = "SECONDS")]
    duration: Option<f64>,
    /// Keep only events matching this condition (and those that change state).
    #[arg(long, value_name = "CONDITION")]
    filter: Option<String>,
    /// Capture every syscall, not only those with a dedicated event.
    #[arg(long = "all-events")]
    all_events: bool,
    /// Compress with gzip (also chosen by a `.gz` name).
    #[arg(short = 'z', long)]
    gzip: bool,
    /// Falco's `engine.modern_ebpf.*` options.
    #[arg(short = 'o', value_name = "KEY=VALUE")]
    options: Vec<String>,
}

const POLL: Duration = Duration::from_millis(20);

pub fn run(args: &CaptureArgs) -> ExitCode {
    let (engine_cfg, rest) = match live::split_engine_options(&args.options) {
        Ok(v) => v,
        Err(e) => return usage(&e),
    };
    for key in &rest {
        eprintln!("falcoc: ignoring unsupported option `{key}`");
    }
    let filter = match args
        .filter
        .as_deref()
        .map(|f| compile(f, crate::engines::default_backend()))
    {
        Some(Ok(f)) => Some(f),
        Some(Err(code)) => return code,
        None => None,
    };
    let names = falcoc_probe::SYSCALLS.iter().map(|s| s.name).collect();
    let cfg = live::probe_config(&names, args.all_events, &engine_cfg, 1);
    let file = match std::fs::File::create(&args.write) {
        Ok(f) => std::io::BufWriter::new(f),
        Err(e) => {
            eprintln!("falcoc: cannot create `{}`: {e}", args.write);
            return ExitCode::from(1);
        }
    };
    let gzip = args.gzip || args.write.ends_with(".gz");
    let writer = if gzip {
        CaptureWriter::gzip(file)
    } else {
        CaptureWriter::new(file)
    };
    let mut writer = match writer {
        Ok(w) => w,
        Err(e) => return fail(&args.write, &e),
    };
    live::install_stop_handlers();
    let (probe, mut buffers) = match live::start_probe(&cfg) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("falcoc: {e}");
            let _ = std::fs::remove_file(&args.write);
            return ExitCode::from(1);
        }
    };
    let tables = procfs::scan();
    let meta = (|| {
        if let Some(m) = &tables.machine {
            writer.machine(m)?;
        }
        writer.users(&tables.users, &tables.groups)?;
        writer.threads(&tables.threads)
    })();
    if let Err(e) = meta {
        return fail(&args.write, &e);
    }
    let mut inspector = filter.as_ref().map(|_| Inspector::new(&tables));
    drop(tables);
    eprintln!("falcoc: recording to `{}`", args.write);
    let deadline = args
        .duration
        .map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    let mut decoder = RecordDecoder::new();
    let (mut written, mut error) = (0u64, None);
    // What the buffers can hold at most (records are at least 32 bytes with framing).
    let backlog = cfg.buffer_bytes as usize / 32;
    loop {
        let stop = live::stop_requested() || deadline.is_some_and(|d| Instant::now() >= d);
        let mut on_record = |rec: &[u8]| {
            if error.is_some() {
                return;
            }
            if let (Some(f), Some(insp)) = (&filter, inspector.as_mut()) {
                if !keep(f, insp, &mut decoder, rec) {
                    return;
                }
            }
            match writer.event_record(rec) {
                Ok(()) => written += 1,
                Err(e) => error = Some(e),
            }
        };
        let polled = if stop {
            Ok(buffers.drain_backlog(backlog, &mut on_record))
        } else {
            buffers.poll(POLL, &mut on_record)
        };
        if let Err(e) = polled {
            eprintln!("falcoc: reading the ring buffer: {e}");
            break;
        }
        if stop || error.is_some() {
            break;
        }
    }
    let stats = probe.stats().unwrap_or_default();
    drop(buffers);
    drop(probe);
    if let Some(e) = error {
        return fail(&args.write, &e);
    }
    if let Err(e) = writer.finish() {
        return fail(&args.write, &e);
    }
    eprintln!(
        "falcoc: {written} events written to `{}`; probe: {} events sent, {} dropped",
        args.write,
        stats.events,
        stats.drops()
    );
    ExitCode::SUCCESS
}

/// Whether a record passes the filter (state-changing events always do).
fn keep(f: &CompiledFilter, insp: &mut Inspector, dec: &mut RecordDecoder, rec: &[u8]) -> bool {
    let Ok(ev) = dec.decode(rec, 0) else {
        return false;
    };
    insp.process(&ev);
    let flags = ev.info().flags;
    let state = [ef::MODIFIES_STATE, ef::CREATES_FD, ef::DESTROYS_FD]
        .iter()
        .any(|b| flags.has(*b))
        || ev.name() == "procexit";
    let (program, codes) = f;
    state || (codes.contains(ev.code()) && program.eval(&mut insp.source(&ev)))
}

fn fail(path: &str, e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("falcoc: writing `{path}`: {e}");
    ExitCode::from(1)
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("falcoc: {msg}");
    ExitCode::from(2)
}
