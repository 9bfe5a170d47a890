//! `falcoc check` end to end: exit codes, formats, `-V`, `--emit ir`, built-in rules.

use std::io::Write;
use std::process::{Command, Output};

fn falcoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_falcoc"))
        .args(args)
        .output()
        .expect("runs")
}

fn temp_rules(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("falcoc-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

const GOOD: &str = "- rule: r\n  desc: d\n  condition: evt.type = open and proc.name = cat\n  output: \"cat opened %fd.name\"\n  priority: INFO\n";
const BROKEN: &str = "- rule: r\n  desc: d\n  condition: evt.type = open and proc.nosuch = x\n  output: o\n  priority: INFO\n";
const WARNS: &str = "- macro: unused\n  condition: proc.name = x\n- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n";

#[test]
fn exit_codes() {
    let good = temp_rules("good.yaml", GOOD);
    let broken = temp_rules("broken.yaml", BROKEN);
    let warns = temp_rules("warns.yaml", WARNS);
    assert_eq!(
        falcoc(&["check", "-r", good.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        falcoc(&["check", "-r", broken.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        falcoc(&["check", "-r", warns.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        falcoc(&["check", "--strict", "-r", warns.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        falcoc(&[
            "check",
            "--format",
            "nonsense",
            "-r",
            good.to_str().unwrap()
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        falcoc(&["check", "-r", "/nonexistent/rules.yaml"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn human_output_points_at_the_field() {
    let broken = temp_rules("broken-human.yaml", BROKEN);
    let out = falcoc(&["check", "-r", broken.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[LOAD_ERR_COMPILE_CONDITION]: filter_check called with nonexistent field proc.nosuch"), "{text}");
    assert!(text.contains("broken-human.yaml:3:34"), "{text}");
    assert!(text.contains("1 file: 1 error, 0 warnings"), "{text}");
}

#[test]
fn json_output_is_falcos_shape_and_v_flag_works() {
    let broken = temp_rules("broken-json.yaml", BROKEN);
    for args in [
        vec!["check", "--format", "json", "-r", broken.to_str().unwrap()],
        vec!["-V", broken.to_str().unwrap(), "-o", "json_output=true"],
    ] {
        let out = falcoc(&args);
        assert_eq!(out.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let r = &v["falco_load_results"][0];
        assert_eq!(r["successful"], false);
        assert_eq!(r["errors"][0]["code"], "LOAD_ERR_COMPILE_CONDITION");
        assert_eq!(
            r["errors"][0]["context"]["locations"][1]["item_type"],
            "rule"
        );
    }
}

#[test]
fn github_annotations() {
    let broken = temp_rules("broken-gh.yaml", BROKEN);
    let out = falcoc(&[
        "check",
        "--format",
        "github",
        "-r",
        broken.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("::error file="), "{text}");
    assert!(text.contains(",line=3,col=34,"), "{text}");
}

#[test]
fn emit_ir_and_builtin_rules() {
    let good = temp_rules("good-ir.yaml", GOOD);
    let out = falcoc(&["check", "-r", good.to_str().unwrap(), "--emit", "ir", "r"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("event types (2 codes): open"), "{text}");
    assert!(text.contains("proc.name:CHARBUF = \"cat\""), "{text}");
    let builtin = falcoc(&["check"]);
    assert_eq!(builtin.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&builtin.stdout).contains("1 file: 0 errors, 0 warnings"));
}
