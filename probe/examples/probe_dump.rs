//! Loads the probe with every syscall of its table and prints a line per record for a
//! few seconds: `cargo run -p falcoc-probe --example probe_dump -- SECONDS`.

use std::time::{Duration, Instant};

use falcoc_probe::{Probe, ProbeConfig, SYSCALLS};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let cfg = ProbeConfig {
        interest: SYSCALLS.iter().map(|s| s.nr).collect(),
        ..ProbeConfig::default()
    };
    let mut probe = Probe::start(&cfg)?;
    let mut buffers = probe.buffers()?;
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        buffers.poll(Duration::from_millis(50), |r| {
            let code = u16::from_le_bytes([r[20], r[21]]);
            let tid = u64::from_le_bytes(r[8..16].try_into().unwrap_or_default());
            println!("code={code} tid={tid} len={}", r.len());
        })?;
    }
    println!("{:?}", probe.stats()?);
    Ok(())
}
