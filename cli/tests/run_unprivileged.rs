//! Without CAP_BPF and CAP_PERFMON, `falcoc run` and `falcoc capture` fail with one line
//! that names what is missing, print nothing on stdout and never a verifier dump. As root
//! the test drops to `nobody` with no capabilities (`setpriv`); otherwise it already runs
//! unprivileged. An unknown `--engine` is refused before the probe is tried.

use std::process::Command;

fn unprivileged(args: &[&str]) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_falcoc");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--",
            bin,
        ]);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .current_dir("/")
        .output()
        .expect("falcoc runs")
}

#[test]
fn missing_capabilities_are_one_clear_line() {
    for args in [
        &["run"][..],
        &["capture", "-w", "/tmp/falcoc-unpriv.scap"][..],
    ] {
        let out = unprivileged(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        assert!(
            lines[0].contains("missing capabilities: CAP_BPF, CAP_PERFMON"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn an_unknown_engine_is_a_usage_error_before_the_probe() {
    let out = unprivileged(&["run", "--engine", "bogus"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("unknown engine `bogus` (expected one of: jit, interp)"),
        "{err}"
    );
    assert!(!err.contains("missing capabilities"), "{err}");
}
