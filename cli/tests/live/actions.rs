//! Real actions a user (or an attacker) does, for the live tests: each is meant to raise
//! one upstream rule, and a few benign controls raise none.

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `cmd ARGS` to completion, output discarded.
pub fn run(cmd: &str, args: &[&str]) {
    let _ = Command::new(cmd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
}

pub fn python(code: &str) {
    run("python3", &["-c", code]);
}

/// Every action, with scratch files under `dir`.
pub fn actions(dir: &Path) {
    let d = dir.to_string_lossy().to_string();
    // Read /etc/shadow with an untrusted program.
    run("cat", &["/etc/shadow"]);
    // A shell spawned by a process named like a web server.
    let nginx = dir.join("nginx");
    std::fs::copy("/bin/bash", &nginx).expect("copy bash");
    run(
        nginx.to_str().unwrap_or_default(),
        &["-c", "sh -c 'echo spawned'; true"],
    );
    // A symlink over a sensitive file.
    run("ln", &["-s", "/etc/shadow", &format!("{d}/shadow-link")]);
    // A binary executed from /dev/shm.
    let shm = format!("/dev/shm/falcoc-e2e-{}", std::process::id());
    std::fs::copy("/bin/true", &shm).expect("copy to /dev/shm");
    run(&shm, &[]);
    let _ = std::fs::remove_file(&shm);
    // Fileless execution through memfd_create.
    python(
        "import os\nfd=os.memfd_create('falcoc-payload')\nos.write(fd, open('/bin/true','rb').read())\nos.execve(fd, ['falcoc-payload'], {})",
    );
    // ptrace-attach to a process.
    python(
        "import ctypes, subprocess, time\np=subprocess.Popen(['sleep','5'])\nlibc=ctypes.CDLL(None)\nlibc.ptrace(16, p.pid, 0, 0)\ntime.sleep(0.1)\nlibc.ptrace(17, p.pid, 0, 0)\np.kill()",
    );
    // Search for private keys with find.
    run("find", &[&d, "-name", "id_rsa"]);
    // Clear a log file.
    let log = format!("/var/log/falcoc-e2e-{}.log", std::process::id());
    std::fs::write(&log, b"evidence\n").expect("log file");
    run("sh", &["-c", &format!(": > {log}")]);
    let _ = std::fs::remove_file(&log);
    // Shred a file.
    let victim = dir.join("victim");
    std::fs::write(&victim, b"data").expect("victim");
    run("shred", &["-u", victim.to_str().unwrap_or_default()]);
    // Read through a `../` path (the parent is this test, not a shell).
    run("cat", &[&format!("{d}/../../etc/passwd")]);
    // Benign controls.
    run("cat", &["/etc/hostname"]);
    run("ln", &["-s", "/tmp/nothing", &format!("{d}/benign-link")]);
    run("find", &[&d, "-name", "benign-file"]);
}
