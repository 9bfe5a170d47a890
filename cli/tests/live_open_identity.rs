//! The probe finds an opened file's device and inode only when something loaded reads
//! them: a rule printing `%fd.ino` and `%fd.dev` gets the file's real ones, at a small fd
//! of an embedded fd table (`cat`) and at a large fd of a grown one (python holding 70
//! fds), while the upstream rules (which read neither) still raise their alerts on the
//! same opens. Privileged.

mod common;
mod live;

use std::os::unix::fs::MetadataExt;

use live::actions::{python, run};
use live::Agent;

/// glibc's `major()` and `minor()` of an `st_dev`, packed the kernel's new way (what the
/// probe reports).
fn kernel_dev(d: u64) -> u64 {
    let major = ((d >> 32) & 0xffff_f000) | ((d >> 8) & 0xfff);
    let minor = ((d >> 12) & 0xffff_ff00) | (d & 0xff);
    (minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)
}

#[test]
fn a_rule_reading_fd_ino_gets_the_opened_files_identity() {
    if !live::privileged() {
        return;
    }
    let _turn = live::one_at_a_time();
    let dir = live::scratch("open-identity");
    let marker = dir.join("marker");
    std::fs::write(&marker, b"x").expect("marker");
    let m = marker.to_string_lossy().to_string();
    let rules = dir.join("identity.yaml");
    std::fs::write(
        &rules,
        format!(
            "- rule: marker opened\n  desc: d\n  condition: evt.type=openat and fd.name=\"{m}\"\n  output: \"ino=%fd.ino dev=%fd.dev fd=%fd.num\"\n  priority: WARNING\n"
        ),
    )
    .expect("rules");
    let mut args = live::run_args(1);
    args.extend(["--json".into(), "-r".into(), rules.to_string_lossy().into()]);
    let agent = Agent::start(&args);
    run("cat", &[&m]);
    python(&format!(
        "import os\nfds=[os.open('/dev/null', os.O_RDONLY) for _ in range(70)]\nos.close(os.open('{m}', os.O_RDONLY))"
    ));
    let (out, err) = agent.stop();
    let alerts = live::alerts(&out);
    let meta = std::fs::metadata(&marker).expect("marker metadata");
    let (ino, dev) = (meta.ino().to_string(), kernel_dev(meta.dev()));
    for small in [true, false] {
        assert!(
            alerts.iter().any(|a| {
                let fd: u32 = live::field(a, "fd.num").parse().unwrap_or(u32::MAX);
                let alert_dev = live::field(a, "fd.dev");
                (fd < 64) == small
                    && live::field(a, "fd.ino") == ino
                    && u64::from_str_radix(alert_dev.trim_start_matches("0x"), 16) == Ok(dev)
            }),
            "an alert with ino {ino} dev {dev:#x} at a {} fd: {alerts:#?}\n{err}",
            if small { "small" } else { "large" }
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
