//! The machine info block (MI): cpu count, memory, hostname, boot time.

use crate::scap::cursor::Cursor;
use crate::scap::error::ScapError;

/// The machine the capture was taken on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MachineInfo {
    pub num_cpus: u32,
    pub memory_size_bytes: u64,
    pub max_pid: u64,
    pub hostname: String,
    /// Boot time in ns since the epoch (0 when unknown; reserved in 2022 captures).
    pub boot_ts_epoch: u64,
    pub flags: u64,
}

/// Parses an MI body (a packed 180-byte struct).
pub(crate) fn parse_machine(c: &mut Cursor<'_>) -> Result<MachineInfo, ScapError> {
    let num_cpus = c.u32("num_cpus")?;
    let memory_size_bytes = c.u64("memory_size_bytes")?;
    let max_pid = c.u64("max_pid")?;
    let host = c.bytes(128, "hostname")?;
    let end = host.iter().position(|b| *b == 0).unwrap_or(host.len());
    let hostname = String::from_utf8_lossy(host.get(..end).unwrap_or_default()).into_owned();
    let boot_ts_epoch = c.u64("boot_ts_epoch")?;
    let flags = c.u64("flags")?;
    Ok(MachineInfo {
        num_cpus,
        memory_size_bytes,
        max_pid,
        hostname,
        boot_ts_epoch,
        flags,
    })
}
