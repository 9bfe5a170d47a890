//! falcoc's system-call probe: eBPF programs written in C (`bpf/*.bpf.c`, compiled by
//! clang for the BPF target with CO-RE), loaded and attached with aya. This is the only
//! crate that links aya; the runtime never does, and only binaries wire the probe to it.
//!
//! Each record the probe sends is one event in the scap v2 event layout the runtime reads
//! from captures (timestamp, tid, length, code, parameter count, u16 lengths, values), exit
//! events with their enter parameters merged as modern Falco emits them, so live events,
//! captures and replays share one decoder and one state engine.
//!
//! ```no_run
//! use falcoc_probe::{Probe, ProbeConfig};
//! let mut probe = Probe::start(&ProbeConfig { all_events: true, ..ProbeConfig::default() })?;
//! let mut buffers = probe.buffers()?;
//! buffers.poll(std::time::Duration::from_millis(10), |record| println!("{} bytes", record.len()))?;
//! # Ok::<(), falcoc_probe::ProbeError>(())
//! ```

pub mod buffers;
pub mod error;
pub mod maps;
pub mod merge;
pub mod privileges;
pub mod probe;
pub mod sizing;
/// The x86_64 system-call names (the table the catalogue uses too).
pub use falcoc_syscall_table as syscall_names;
pub mod syscalls;

pub use buffers::EventBuffers;
pub use error::ProbeError;
pub use probe::{boot_time_ns, buffer_of, Probe, ProbeConfig, ProbeStats, MAX_BUFFERS};
pub use sizing::buffer_bytes_for_preset;
pub use syscalls::{Syscall, STATE_SYSCALLS, SYSCALLS};
