//! Repeated capture sections: a section whose metadata blocks repeat the previous
//! section's gets the same tables (shared, not parsed again) and a reseed that reuses the
//! threads the previous tables gave; what events changed in the previous section must not
//! leak through the shared state (fd tables and threads are copied on write).

mod eval_support;
mod written;

use std::sync::Arc;

use falcoc_runtime::scap::CaptureWriter;
use falcoc_runtime::CaptureReader;
use written::{openat_x, read_x, thread, OPENAT_X, READ_X, T0};

/// A section where nginx (100) reads fd 7 before and after opening /etc/shadow on it, and
/// reads /etc/passwd on its seeded fd 5.
fn section(comm: &str) -> Vec<u8> {
    let threads = [
        thread(100, comm, &[(5, "/etc/passwd")]),
        thread(1, "init", &[]),
    ];
    let mut w = CaptureWriter::new(Vec::new()).expect("section header");
    w.threads(&threads).expect("process list");
    let events = [
        (READ_X, read_x(7)),
        (OPENAT_X, openat_x(7, "/etc/shadow")),
        (READ_X, read_x(7)),
        (READ_X, read_x(5)),
    ];
    for (i, (code, params)) in events.iter().enumerate() {
        w.event(T0 + i as u64, 100, *code, params).expect("event");
    }
    w.finish().expect("capture written")
}

const RULES: &str = r#"
- rule: shadow opened
  desc: an open of /etc/shadow
  condition: evt.type = openat and fd.name = /etc/shadow
  output: "opened %fd.name by %proc.name"
  priority: WARNING
- rule: file read
  desc: a read of a known file
  condition: evt.type = read and fd.name startswith /etc/
  output: "read %fd.name by %proc.name num=%evt.num"
  priority: WARNING
"#;

fn replay(bytes: &[u8]) -> (Vec<String>, falcoc_runtime::session::SessionStats) {
    written::replay(RULES, bytes)
}

/// The tables delivered with each section's first event.
fn section_tables(bytes: &[u8]) -> Vec<Arc<falcoc_runtime::scap::CaptureTables>> {
    let mut reader = CaptureReader::open(bytes).expect("capture opens");
    let mut out = Vec::new();
    while let Some((_, tables)) = reader.next_with_tables().expect("reads") {
        out.extend(tables);
    }
    out
}

#[test]
fn a_repeated_section_shares_the_previous_tables() {
    let one = section("nginx");
    let bytes = [one.as_slice(), &one, &one].concat();
    let tables = section_tables(&bytes);
    assert_eq!(tables.len(), 3);
    assert!(Arc::ptr_eq(&tables[0], &tables[1]));
    assert!(Arc::ptr_eq(&tables[1], &tables[2]));
    assert_eq!(
        tables[2].thread(100).map(|t| t.comm.as_str()),
        Some("nginx")
    );
}

#[test]
fn a_changed_section_gets_its_own_tables() {
    let bytes = [section("nginx"), section("redis"), section("nginx")].concat();
    let tables = section_tables(&bytes);
    assert_eq!(tables.len(), 3);
    assert!(!Arc::ptr_eq(&tables[0], &tables[1]));
    assert!(!Arc::ptr_eq(&tables[1], &tables[2]));
    let comm = |i: usize| tables[i].thread(100).map(|t| t.comm.clone());
    assert_eq!(comm(1).as_deref(), Some("redis"));
    assert_eq!(comm(2).as_deref(), Some("nginx"));
}

#[test]
fn events_of_a_section_do_not_leak_into_a_repeated_one() {
    // Each section starts without fd 7: its first read matches nothing, although the
    // previous section opened /etc/shadow on fd 7 in the state seeded from the same tables.
    let one = section("nginx");
    let (alerts, stats) = replay(&[one.as_slice(), &one].concat());
    let pass = |n: u64| {
        [
            "opened /etc/shadow by nginx".to_string(),
            format!("read /etc/shadow by nginx num={}", n + 3),
            format!("read /etc/passwd by nginx num={}", n + 4),
        ]
    };
    assert_eq!(alerts, [pass(0), pass(4)].concat());
    assert_eq!(stats.seeded, 2);
}

#[test]
fn a_changed_section_reseeds_what_changed() {
    let (alerts, _) = replay(&[section("nginx"), section("redis"), section("nginx")].concat());
    let names: Vec<&str> = alerts
        .iter()
        .filter(|a| a.starts_with("opened"))
        .map(|a| a.rsplit(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["nginx", "redis", "nginx"]);
}
