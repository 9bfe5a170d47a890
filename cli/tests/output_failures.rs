//! Output failures are never silent and never panic: a closed pipe ends every subcommand
//! quietly with 141 (128 + SIGPIPE), a full disk (`/dev/full`) is an error with exit 1.

use std::process::{Command, Output, Stdio};

fn demo_capture() -> String {
    format!("{}/../rules/demo.scap", env!("CARGO_MANIFEST_DIR"))
}

/// Every subcommand that prints, with enough output to write.
fn commands() -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["fields"]),
        s(&["fields", "--json"]),
        s(&["check", "--format", "json"]),
        s(&["check", "--format", "falco-text"]),
        s(&[
            "-V",
            &format!("{}/../rules/falcoc_rules.yaml", env!("CARGO_MANIFEST_DIR")),
        ]),
        s(&["replay", &demo_capture()]),
        s(&["replay", &demo_capture(), "--print", "%evt.num %proc.name"]),
    ]
}

fn run_with_stdout(args: &[String], stdout: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("runs")
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly() {
    for args in commands() {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = run_with_stdout(&args, Stdio::from(writer));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("cannot write"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_full_disk_is_an_error_in_every_subcommand() {
    for args in commands() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = run_with_stdout(&args, Stdio::from(full));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write output: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
