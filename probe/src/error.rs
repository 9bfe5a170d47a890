//! Why the probe could not start, said in one line: a missing capability, missing BTF, an
//! object built without clang, or the kernel refusing a program (its verifier log goes to a
//! file, never to stdout).

use std::path::PathBuf;

/// A probe start-up failure.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("missing capabilities: {0} (run as root or grant CAP_BPF and CAP_PERFMON)")]
    Capabilities(String),
    #[error("the kernel has no BTF at `/sys/kernel/btf/vmlinux` (CO-RE needs a kernel built with CONFIG_DEBUG_INFO_BTF)")]
    NoBtf,
    #[error("this falcoc was built without its eBPF object: {0}")]
    NotBuilt(String),
    #[error("the kernel refused the eBPF program `{program}`: {reason}{}", log_hint(.log))]
    Rejected {
        program: String,
        reason: String,
        log: Option<PathBuf>,
    },
    #[error("cannot load the eBPF object: {0}")]
    Load(String),
    #[error("cannot attach `{program}` to `{target}`: {reason}")]
    Attach {
        program: String,
        target: String,
        reason: String,
    },
    #[error("eBPF map `{map}`: {reason}")]
    Map { map: String, reason: String },
    #[error("ring buffer: {0}")]
    Io(#[from] std::io::Error),
}

fn log_hint(log: &Option<PathBuf>) -> String {
    match log {
        Some(p) => format!(" (verifier log in `{}`)", p.display()),
        None => String::new(),
    }
}
