//! What `run` and `capture` share: the interest set from the loaded rules, starting the
//! probe with Falco's `engine.*` options, the `/proc` startup scan, and SIGINT/SIGTERM as a
//! stop request.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use falcoc_compiler::catalog::events::{event_info, syscall_id};
use falcoc_compiler::ir::RuleSet;
use falcoc_probe::sizing::{
    buffer_bytes_for_preset, falco_buffers, online_cpus, partition_buffer_bytes, wakeup_bytes_for,
    DEFAULT_CPUS_FOR_EACH_BUFFER,
};
use falcoc_probe::syscalls::native_name;
use falcoc_probe::{EventBuffers, Probe, ProbeConfig, STATE_SYSCALLS, SYSCALLS};

/// Set by SIGINT/SIGTERM.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Installs the SIGINT/SIGTERM handlers.
pub fn install_stop_handlers() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(sig, on_signal as *const () as libc::sighandler_t);
        }
    }
}

/// Whether a stop was requested.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Options of the live engine, from Falco's `-o engine.*` keys and plain flags.
#[derive(Clone, Debug, Default)]
pub struct EngineConfig {
    pub buf_size_preset: Option<u32>,
    pub cpus_for_each_buffer: Option<u32>,
}

impl EngineConfig {
    /// Bytes of each of `n` ring buffers: the ring-buffer memory Falco would allocate with
    /// these options on this machine, shared by the `n` buffers (`falcoc_probe::sizing`).
    pub fn buffer_bytes(&self, n: u32) -> u32 {
        let each = u64::from(buffer_bytes_for_preset(self.buf_size_preset.unwrap_or(4)));
        let cpus = self
            .cpus_for_each_buffer
            .unwrap_or(DEFAULT_CPUS_FOR_EACH_BUFFER);
        let total = each * u64::from(falco_buffers(online_cpus(), cpus));
        partition_buffer_bytes(total, n)
    }
}

/// Splits the `engine.kind` / `engine.modern_ebpf.*` options off the rest; an engine other
/// than `modern_ebpf` is a usage error.
pub fn split_engine_options(options: &[String]) -> Result<(EngineConfig, Vec<String>), String> {
    let mut cfg = EngineConfig::default();
    let mut rest = Vec::new();
    for opt in options {
        let (key, value) = opt.split_once('=').unwrap_or((opt, ""));
        match key.trim() {
            "engine.kind" if value.trim() == "modern_ebpf" => {}
            "engine.kind" => {
                return Err(format!(
                    "engine.kind `{}` is not live; `run` uses `modern_ebpf`",
                    value.trim()
                ))
            }
            "engine.modern_ebpf.buf_size_preset" => {
                let n: u32 = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=10).contains(n))
                    .ok_or_else(|| {
                        format!("engine.modern_ebpf.buf_size_preset must be 1 to 10, not `{value}`")
                    })?;
                cfg.buf_size_preset = Some(n);
            }
            "engine.modern_ebpf.cpus_for_each_buffer" => {
                let n: u32 = value.trim().parse().map_err(|_| {
                    format!("engine.modern_ebpf.cpus_for_each_buffer must be a number of cpus, not `{value}`")
                })?;
                cfg.cpus_for_each_buffer = Some(n);
            }
            "engine.modern_ebpf.drop_failed_exit" => {}
            _ => rest.push(opt.clone()),
        }
    }
    Ok((cfg, rest))
}

/// The event names the enabled rules select.
pub fn rule_event_names(rules: &RuleSet) -> HashSet<&'static str> {
    rules
        .rules
        .iter()
        .filter(|r| r.enabled)
        .flat_map(|r| r.event_codes.iter())
        .filter_map(|c| event_info(c).map(|i| i.name))
        .collect()
}

/// The probe configuration: the syscalls of `names` plus those state tracking needs, into
/// `n_buffers` ring buffers.
pub fn probe_config(
    names: &HashSet<&str>,
    all_events: bool,
    engine: &EngineConfig,
    n_buffers: u32,
) -> ProbeConfig {
    let interest = SYSCALLS
        .iter()
        .filter(|s| names.contains(s.name) || STATE_SYSCALLS.contains(&s.name))
        .map(|s| s.nr)
        .collect();
    let generic_ids: HashMap<u32, u16> = (0..falcoc_probe::maps::SYSCALL_TABLE_SIZE)
        .filter_map(|nr| Some((nr, syscall_id(native_name(nr)?)?)))
        .collect();
    ProbeConfig {
        interest,
        all_events,
        generic_ids,
        buffer_bytes: engine.buffer_bytes(n_buffers),
        wakeup_bytes: wakeup_bytes_for(engine.buffer_bytes(n_buffers)),
        n_buffers,
        ..ProbeConfig::default()
    }
}

/// Starts the probe and opens its ring buffers, or says in one line why not.
pub fn start_probe(cfg: &ProbeConfig) -> Result<(Probe, EventBuffers), String> {
    let mut probe = Probe::start(cfg).map_err(|e| format!("cannot start the probe: {e}"))?;
    let buffers = probe.buffers().map_err(|e| e.to_string())?;
    Ok((probe, buffers))
}
