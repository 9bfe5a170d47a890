//! Repeated capture sections: a section whose metadata blocks repeat the previous
//! section's gets the same tables (shared, not parsed again) and a reseed that reuses the
//! threads the previous tables gave; what events changed in the previous section must not
//! leak through the shared state (fd tables and threads are copied on write).

mod eval_support;
mod written;

use std::sync::Arc;

use falcoc_runtime::CaptureReader;
use written::{shadow_section, SHADOW_RULES};

fn replay(bytes: &[u8]) -> (Vec<String>, falcoc_runtime::session::SessionStats) {
    written::replay(SHADOW_RULES, bytes)
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
    let one = shadow_section("nginx");
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
    let bytes = [
        shadow_section("nginx"),
        shadow_section("redis"),
        shadow_section("nginx"),
    ]
    .concat();
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
    let one = shadow_section("nginx");
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
    let (alerts, _) = replay(
        &[
            shadow_section("nginx"),
            shadow_section("redis"),
            shadow_section("nginx"),
        ]
        .concat(),
    );
    let names: Vec<&str> = alerts
        .iter()
        .filter(|a| a.starts_with("opened"))
        .map(|a| a.rsplit(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["nginx", "redis", "nginx"]);
}
