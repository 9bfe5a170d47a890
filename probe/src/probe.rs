//! Loading and attaching: the embedded eBPF object is loaded with aya (CO-RE relocations
//! against the running kernel's BTF), the syscall table (the interest set) and settings are
//! written, and the programs are attached as BTF tracepoints (`tp_btf`) to `sys_exit` and
//! `sched_process_exit`. Dropping the [`Probe`] detaches everything.

use std::collections::HashMap;
use std::path::PathBuf;

use aya::maps::{Array, MapData, PerCpuArray, RingBuf};
use aya::programs::{BtfTracePoint, ProgramError};
use aya::{Btf, Ebpf, EbpfLoader, VerifierLogLevel};

use crate::buffers::EventBuffers;
use crate::error::ProbeError;
use crate::maps::{counter, Filler, Settings, SyscallEntry, SYSCALL_TABLE_SIZE};
use crate::privileges;
use crate::sizing::buffer_bytes_for_preset;
use crate::syscalls::SYSCALLS;

/// The compiled eBPF object (empty when the build had no clang, bpftool or BTF).
static OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/falcoc.bpf.o"));
/// Why the object is empty, or "" when it was built.
static NOT_BUILT: &str = include_str!(concat!(env!("OUT_DIR"), "/falcoc.bpf.missing"));

/// Attach points: (program name in the object, tracepoint).
const PROGRAMS: &[(&str, &str)] = &[
    ("falcoc_sys_exit", "sys_exit"),
    ("falcoc_sched_process_exit", "sched_process_exit"),
];

/// What to capture and how.
#[derive(Clone, Debug)]
pub struct ProbeConfig {
    /// Native syscall numbers to capture (the interest set).
    pub interest: Vec<u32>,
    /// Capture every syscall (generic events for those without a dedicated event).
    pub all_events: bool,
    /// PPM_SC ids of syscalls by native number, for generic events.
    pub generic_ids: HashMap<u32, u16>,
    /// Bytes of each ring buffer (a power of two, at least a page; see [`crate::sizing`]
    /// for how the agent shares Falco's preset among its buffers).
    pub buffer_bytes: u32,
    /// Each cpu asks for a reader wake-up every time it has sent this many bytes (the
    /// reader also drains on its own poll timer).
    pub wakeup_bytes: u32,
    /// Where to write the verifier log if the kernel refuses a program.
    pub verifier_log: Option<PathBuf>,
    /// Ring buffers (1..=[`MAX_BUFFERS`]): an event goes to buffer
    /// [`buffer_of`]`(tgid, n_buffers)`, so one thread group stays in order in one buffer.
    pub n_buffers: u32,
    /// Whether open-family events carry the new file's device and inode (`fd.dev`,
    /// `fd.ino`). Finding them costs several kernel reads per open when the process's fd
    /// table outgrew its embedded array (any process a shell started); without them both
    /// parameters are 0.
    pub open_dev_ino: bool,
}

/// Ring buffers the eBPF object declares (`events_0` .. `events_15`).
pub const MAX_BUFFERS: u32 = 16;

/// The buffer the probe sends thread group `tgid`'s events to, among `n` (the same hash as
/// `buffer_of` in `bpf/record.h`).
pub fn buffer_of(tgid: u32, n: u32) -> u32 {
    if n <= 1 {
        return 0;
    }
    (tgid.wrapping_mul(2_654_435_761) >> 16) % n
}

impl Default for ProbeConfig {
    fn default() -> ProbeConfig {
        ProbeConfig {
            interest: Vec::new(),
            all_events: false,
            generic_ids: HashMap::new(),
            buffer_bytes: buffer_bytes_for_preset(4),
            wakeup_bytes: 256 * 1024,
            verifier_log: None,
            n_buffers: 1,
            open_dev_ino: true,
        }
    }
}

/// Counters kept in the kernel, summed over cpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProbeStats {
    /// Events the probe tried to send.
    pub events: u64,
    /// Events lost because a ring buffer was full.
    pub drops_buffer: u64,
    /// Events lost because they did not fit the scratch buffer.
    pub drops_size: u64,
    /// Syscalls seen outside the interest set.
    pub skipped: u64,
    /// `drops_buffer` by ring buffer (those the probe fills; the others stay 0).
    pub drops_by_buffer: [u64; MAX_BUFFERS as usize],
}

impl ProbeStats {
    /// All dropped events.
    pub fn drops(&self) -> u64 {
        self.drops_buffer + self.drops_size
    }
}

/// A loaded and attached probe.
pub struct Probe {
    ebpf: Ebpf,
    n_buffers: u32,
}

impl Probe {
    /// Loads, configures and attaches the probe.
    pub fn start(cfg: &ProbeConfig) -> Result<Probe, ProbeError> {
        privileges::check()?;
        if !NOT_BUILT.is_empty() || OBJECT.is_empty() {
            return Err(ProbeError::NotBuilt(NOT_BUILT.trim().to_string()));
        }
        if !std::path::Path::new("/sys/kernel/btf/vmlinux").exists() {
            return Err(ProbeError::NoBtf);
        }
        let cpus =
            aya::util::nr_cpus().map_err(|(what, e)| ProbeError::Load(format!("{what}: {e}")))?;
        let n = cfg.n_buffers.clamp(1, MAX_BUFFERS);
        let names: Vec<String> = (0..MAX_BUFFERS).map(|i| format!("events_{i}")).collect();
        // Parsed once: the loader's CO-RE relocations and the tp_btf attach points share it
        // (a second parse would keep ~13 MiB of the agent's heap).
        let btf = Btf::from_sys_fs().map_err(|e| ProbeError::Load(error_chain(&e)))?;
        let mut loader = EbpfLoader::new();
        loader.btf(Some(&btf));
        for (i, name) in names.iter().enumerate() {
            // Unused buffers shrink to one page.
            let bytes = if (i as u32) < n {
                cfg.buffer_bytes
            } else {
                4096
            };
            loader.map_max_entries(name, bytes);
        }
        let mut ebpf = loader
            .map_max_entries("aux_maps", cpus as u32)
            .verifier_log_level(VerifierLogLevel::DISABLE)
            .load(OBJECT)
            .map_err(|e| ProbeError::Load(error_chain(&e)))?;
        write_settings(&mut ebpf, cfg)?;
        write_syscall_table(&mut ebpf, cfg)?;
        for (name, target) in PROGRAMS {
            attach(&mut ebpf, name, target, &btf, cfg)?;
        }
        drop(btf);
        release_freed_heap();
        Ok(Probe { ebpf, n_buffers: n })
    }

    /// How many ring buffers the probe fills.
    pub fn n_buffers(&self) -> u32 {
        self.n_buffers
    }

    /// Takes all the ring buffers as one set, for a single reader (once; later calls fail).
    pub fn buffers(&mut self) -> Result<EventBuffers, ProbeError> {
        Ok(EventBuffers::new(self.take_rings()?)?)
    }

    /// Takes the ring buffers one set per buffer, in buffer order ([`buffer_of`]), for one
    /// reader thread each (once; later calls fail).
    pub fn partitions(&mut self) -> Result<Vec<EventBuffers>, ProbeError> {
        self.take_rings()?
            .into_iter()
            .map(|r| Ok(EventBuffers::new(vec![r])?))
            .collect()
    }

    fn take_rings(&mut self) -> Result<Vec<RingBuf<MapData>>, ProbeError> {
        (0..self.n_buffers)
            .map(|i| {
                let name = format!("events_{i}");
                let map = self.ebpf.take_map(&name).ok_or_else(|| ProbeError::Map {
                    map: name.clone(),
                    reason: "already taken".into(),
                })?;
                RingBuf::try_from(map).map_err(|e| map_err(&name, e))
            })
            .collect()
    }

    /// The kernel counters now.
    pub fn stats(&self) -> Result<ProbeStats, ProbeError> {
        let map = self
            .ebpf
            .map("counters")
            .ok_or_else(|| missing("counters"))?;
        let arr: PerCpuArray<&MapData, u64> =
            PerCpuArray::try_from(map).map_err(|e| map_err("counters", e))?;
        let sum = |i: u32| -> Result<u64, ProbeError> {
            let v = arr.get(&i, 0).map_err(|e| map_err("counters", e))?;
            Ok(v.iter().sum())
        };
        Ok(ProbeStats {
            events: sum(counter::EVENTS)?,
            drops_buffer: sum(counter::DROPS_BUFFER)?,
            drops_size: sum(counter::DROPS_SIZE)?,
            skipped: sum(counter::SKIPPED)?,
            drops_by_buffer: {
                let mut by = [0; MAX_BUFFERS as usize];
                for (i, slot) in by.iter_mut().enumerate().take(self.n_buffers as usize) {
                    *slot = sum(counter::DROPS_BUFFER_OF + i as u32)?;
                }
                by
            },
        })
    }
}

fn missing(map: &str) -> ProbeError {
    ProbeError::Map {
        map: map.into(),
        reason: "not in the object".into(),
    }
}

fn map_err(map: &str, e: impl std::fmt::Display) -> ProbeError {
    ProbeError::Map {
        map: map.into(),
        reason: e.to_string(),
    }
}

fn write_settings(ebpf: &mut Ebpf, cfg: &ProbeConfig) -> Result<(), ProbeError> {
    let map = ebpf
        .map_mut("settings_map")
        .ok_or_else(|| missing("settings_map"))?;
    let mut arr: Array<&mut MapData, Settings> =
        Array::try_from(map).map_err(|e| map_err("settings_map", e))?;
    let s = Settings {
        boot_time_ns: boot_time_ns(),
        agent_tgid: std::process::id(),
        wakeup_bytes: cfg.wakeup_bytes,
        n_buffers: cfg.n_buffers.clamp(1, MAX_BUFFERS),
        skip_dev_ino: u32::from(!cfg.open_dev_ino),
    };
    arr.set(0, s, 0).map_err(|e| map_err("settings_map", e))
}

fn write_syscall_table(ebpf: &mut Ebpf, cfg: &ProbeConfig) -> Result<(), ProbeError> {
    let map = ebpf
        .map_mut("syscall_table")
        .ok_or_else(|| missing("syscall_table"))?;
    let mut arr: Array<&mut MapData, SyscallEntry> =
        Array::try_from(map).map_err(|e| map_err("syscall_table", e))?;
    for nr in 0..SYSCALL_TABLE_SIZE {
        let known = SYSCALLS.iter().find(|s| s.nr == nr);
        let interesting = cfg.all_events || cfg.interest.contains(&nr);
        let entry = SyscallEntry {
            code: known.map_or(1, |s| s.code),
            ppm_sc: cfg.generic_ids.get(&nr).copied().unwrap_or(0),
            interesting: u8::from(interesting),
            filler: known.map_or(Filler::Generic, |s| s.filler) as u8,
            pad: 0,
        };
        arr.set(nr, entry, 0)
            .map_err(|e| map_err("syscall_table", e))?;
    }
    Ok(())
}

fn attach(
    ebpf: &mut Ebpf,
    name: &str,
    target: &str,
    btf: &Btf,
    cfg: &ProbeConfig,
) -> Result<(), ProbeError> {
    let prog: &mut BtfTracePoint = ebpf
        .program_mut(name)
        .ok_or_else(|| ProbeError::Load(format!("program `{name}` not in the object")))?
        .try_into()
        .map_err(|e: ProgramError| ProbeError::Load(e.to_string()))?;
    if let Err(e) = prog.load(target, btf) {
        return Err(rejected(name, e, cfg));
    }
    prog.attach().map_err(|e| ProbeError::Attach {
        program: name.into(),
        target: target.into(),
        reason: e.to_string(),
    })?;
    Ok(())
}

/// The load error, with the verifier log written to the configured file.
fn rejected(name: &str, e: ProgramError, cfg: &ProbeConfig) -> ProbeError {
    match e {
        ProgramError::LoadError {
            io_error,
            verifier_log,
        } => {
            let path = cfg
                .verifier_log
                .clone()
                .unwrap_or_else(|| std::env::temp_dir().join("falcoc-verifier.log"));
            let written = std::fs::write(&path, verifier_log.to_string()).is_ok();
            ProbeError::Rejected {
                program: name.into(),
                reason: io_error.to_string(),
                log: written.then_some(path),
            }
        }
        other => ProbeError::Rejected {
            program: name.into(),
            reason: other.to_string(),
            log: None,
        },
    }
}

/// Hands the heap pages freed since start-up back to the kernel: the kernel BTF parsed for
/// loading takes ~13 MiB that the allocator would otherwise keep resident for the agent's
/// whole life.
fn release_freed_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's own heap.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Epoch nanoseconds at boot: event timestamps are this plus `bpf_ktime_get_boot_ns`.
pub fn boot_time_ns() -> u64 {
    let now = |clock| {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid out pointer.
        unsafe { libc::clock_gettime(clock, &mut ts) };
        ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
    };
    now(libc::CLOCK_REALTIME).saturating_sub(now(libc::CLOCK_BOOTTIME))
}

/// An error and its sources, joined.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
