//! Live events are correct, seen through the runtime's own decoder: `falcoc capture`
//! records real execve, openat, close, socket, connect, clone and procexit events, and
//! `falcoc replay --print` shows their parameters and the state they build (exe path,
//! command line, parent, fd names and types, socket tuples, exit status). Privileged.

mod common;
mod live;

use std::net::TcpListener;
use std::process::Command;

use live::actions::{python, run};
use live::Agent;

fn print(scap: &str, format: &str, filter: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .args(["replay", scap, "--print", format, "--filter", filter])
        .output()
        .expect("falcoc replay runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The major number of a `st_dev` (glibc's encoding).
fn libc_major(d: u64) -> u64 {
    ((d >> 32) & 0xffff_f000) | ((d >> 8) & 0xfff)
}

/// The minor number of a `st_dev` (glibc's encoding).
fn libc_minor(d: u64) -> u64 {
    ((d >> 12) & 0xffff_ff00) | (d & 0xff)
}

#[test]
fn live_events_carry_their_parameters_and_state() {
    if !live::privileged() {
        return;
    }
    let dir = live::scratch("events");
    let marker = dir.join("marker");
    std::fs::write(&marker, b"x").expect("marker");
    let scap = dir.join("events.scap").to_string_lossy().to_string();
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("addr").port();
    let rec = Agent::start(&["capture".into(), "-w".into(), scap.clone()]);
    let m = marker.to_string_lossy().to_string();
    run("cat", &[&m]);
    // The same file opened at fd 64 and up (a table grown past its embedded 64 slots).
    python(&format!(
        "import os\nfds=[os.open('/dev/null', os.O_RDONLY) for _ in range(70)]\nos.close(os.open('{m}', os.O_RDONLY))"
    ));
    python(&format!(
        "import socket\ns=socket.socket()\ns.connect(('127.0.0.1', {port}))\ns.close()"
    ));
    run("sh", &["-c", "exit 3"]);
    let _ = rec.stop();
    let me = std::process::id();

    let cat = print(
        &scap,
        "%evt.type|%proc.exepath|%proc.cmdline|%proc.ppid|%fd.name|%fd.typechar|%evt.arg.flags|%evt.res",
        &format!("proc.name=cat and proc.cmdline=\"cat {m}\""),
    );
    let me_s = me.to_string();
    assert!(
        cat.iter()
            .any(|l| l.starts_with("execve|/usr/bin/cat|cat ") && l.contains(&format!("|{me_s}|"))),
        "execve of cat with its exe path and parent: {cat:#?}"
    );
    assert!(
        cat.iter()
            .any(|l| *l == format!("openat|/usr/bin/cat|cat {m}|{me}|{m}|f|O_RDONLY|SUCCESS")),
        "openat of the marker: {cat:#?}"
    );
    assert!(
        cat.iter()
            .any(|l| l.starts_with("close|") && l.contains(&format!("|{m}|f|"))),
        "close of the marker fd: {cat:#?}"
    );

    // dev and ino of the opened file, at a small fd and at a large one (two kernel paths).
    let meta = std::fs::metadata(&marker).expect("marker metadata");
    let dev = {
        use std::os::unix::fs::MetadataExt;
        let (d, ino) = (meta.dev(), meta.ino());
        let (major, minor) = (libc_major(d), libc_minor(d));
        ((minor & 0xff) | (major << 8) | ((minor & !0xff) << 12), ino)
    };
    let opens = print(
        &scap,
        "%proc.name|%fd.num|%evt.arg.dev|%evt.arg.ino",
        &format!("evt.type=openat and fd.name={m}"),
    );
    for small in [true, false] {
        assert!(
            opens.iter().any(|l| {
                let f: Vec<&str> = l.split('|').collect();
                f.len() == 4
                    && f[1].parse::<u32>().is_ok_and(|n| (n < 64) == small)
                    && u64::from_str_radix(f[2].trim_start_matches("0x"), 16) == Ok(dev.0)
                    && f[3] == dev.1.to_string()
            }),
            "openat with dev {:#x} ino {} at a {} fd: {opens:#?}",
            dev.0,
            dev.1,
            if small { "small" } else { "large" }
        );
    }

    let net = print(
        &scap,
        "%evt.type|%fd.name|%fd.typechar|%fd.l4proto|%evt.res",
        &format!("proc.name startswith python and evt.type in (socket, connect) and fd.sport={port} or (proc.name startswith python and evt.type=connect)"),
    );
    let connected = format!("->127.0.0.1:{port}|4|tcp|SUCCESS");
    assert!(
        net.iter()
            .any(|l| l.starts_with("connect|127.0.0.1:") && l.ends_with(&connected)),
        "connect with its socket tuple: {net:#?}"
    );

    let clone = print(
        &scap,
        "%evt.type|%evt.rawres",
        &format!("proc.pid={me} and evt.type in (clone, clone3, fork, vfork)"),
    );
    assert!(
        clone.iter().any(|l| l
            .split('|')
            .nth(1)
            .and_then(|r| r.parse::<i64>().ok())
            .is_some_and(|r| r > 0)),
        "the test's clone of a child, parent side: {clone:#?}"
    );
    let exit = print(
        &scap,
        "%evt.type|%evt.arg.status|%evt.arg.ret|%proc.cmdline",
        "evt.type=procexit and proc.cmdline=\"sh -c exit 3\"",
    );
    assert!(
        exit.iter().any(|l| l == "procexit|768|3|sh -c exit 3"),
        "procexit with the exit status: {exit:#?}"
    );
    drop(listener);
    let _ = std::fs::remove_dir_all(&dir);
}
