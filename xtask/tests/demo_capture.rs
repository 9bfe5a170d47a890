//! The committed `rules/demo.scap` is exactly what `xtask gen-demo-capture` writes.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_demo_capture_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("falcoc-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("demo.scap");
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("gen-demo-capture")
        .arg(&out)
        .output()
        .expect("xtask runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let fresh = std::fs::read(&out).expect("generated capture");
    let _ = std::fs::remove_dir_all(&dir);
    let committed = std::fs::read(root.join("rules/demo.scap")).expect("rules/demo.scap");
    assert!(
        fresh == committed,
        "rules/demo.scap is stale: run `cargo run -p xtask -- gen-demo-capture`"
    );
    assert!(
        committed.len() < 20 * 1024,
        "demo capture grew to {} bytes",
        committed.len()
    );
}
